//! Proofs of work: spending a challenge once, and how fast a site's posts come (which
//! decides how hard the next challenge is).

use super::Pool;
use crate::storage::StorageError;

/// Records the challenge with `challenge_hash` as spent by the post with `request_key`.
/// `false` when it was spent before by another post (a retry of the same post, with
/// the same idempotency key, may spend it again).
pub async fn spend(
    writer: &Pool,
    challenge_hash: &str,
    request_key: Option<&str>,
    expires_at: i64,
    now: i64,
) -> Result<bool, StorageError> {
    // Every hundredth spend sweeps out the challenges that expired.
    if rand::random::<u8>() < 3 {
        sqlx::query("DELETE FROM spent_proofs WHERE expires_at < $1")
            .bind(now)
            .execute(writer)
            .await?;
    }
    let inserted = sqlx::query(
        "INSERT INTO spent_proofs (challenge_hash, request_key, expires_at) \
         VALUES ($1, $2, $3) ON CONFLICT (challenge_hash) DO NOTHING",
    )
    .bind(challenge_hash)
    .bind(request_key)
    .bind(expires_at)
    .execute(writer)
    .await?
    .rows_affected();
    if inserted == 1 {
        return Ok(true);
    }
    let Some(request_key) = request_key else {
        return Ok(false);
    };
    let spent_by: Option<Option<String>> =
        sqlx::query_scalar("SELECT request_key FROM spent_proofs WHERE challenge_hash = $1")
            .bind(challenge_hash)
            .fetch_optional(writer)
            .await?;
    Ok(spent_by.flatten().as_deref() == Some(request_key))
}

/// The client addresses of the newest posts (at most `limit`) on the threads under
/// `thread_prefix` since `since`, whatever became of them.
pub async fn recent_posters(
    pool: &Pool,
    thread_prefix: &str,
    since: i64,
    limit: i64,
) -> Result<Vec<Option<String>>, StorageError> {
    Ok(sqlx::query_scalar(
        "SELECT c.client_address FROM comments c JOIN threads t ON t.id = c.thread_id \
         WHERE c.created_at > $1 AND t.key LIKE $2 ORDER BY c.created_at DESC LIMIT $3",
    )
    .bind(since)
    .bind(format!("{thread_prefix}%"))
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// How many posts the threads under `thread_prefix` had since `since`.
pub async fn posts_since(
    pool: &Pool,
    thread_prefix: &str,
    since: i64,
) -> Result<u64, StorageError> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM comments c JOIN threads t ON t.id = c.thread_id \
         WHERE c.created_at > $1 AND t.key LIKE $2",
    )
    .bind(since)
    .bind(format!("{thread_prefix}%"))
    .fetch_one(pool)
    .await?;
    Ok(u64::try_from(count).unwrap_or(0))
}

/// Whether the post with idempotency key `key` and `request_hash` was stored before.
pub async fn stored_post(pool: &Pool, key: &str, request_hash: &str) -> Result<bool, StorageError> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT comment_id FROM idempotency_keys WHERE key = $1 AND request_hash = $2",
    )
    .bind(key)
    .bind(request_hash)
    .fetch_optional(pool)
    .await?;
    Ok(found.is_some())
}
