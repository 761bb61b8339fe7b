//! Moderators' login sessions, kept by the hash of the cookie's token, and the failed
//! logins that throttle password guessing.

use super::Pool;
use crate::storage::{StorageError, now_millis};

/// Stores a session; expired ones are swept out on the way.
pub async fn create(
    pool: &Pool,
    token_hash: &str,
    moderator: &str,
    expires_at: i64,
) -> Result<(), StorageError> {
    let now = now_millis();
    sqlx::query("DELETE FROM admin_sessions WHERE expires_at < $1")
        .bind(now)
        .execute(pool)
        .await?;
    sqlx::query(
        "INSERT INTO admin_sessions (token_hash, moderator, created_at, expires_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(moderator)
    .bind(now)
    .bind(expires_at)
    .execute(pool)
    .await?;
    Ok(())
}

/// The moderator of an unexpired session.
pub async fn moderator(pool: &Pool, token_hash: &str) -> Result<Option<String>, StorageError> {
    Ok(sqlx::query_scalar(
        "SELECT moderator FROM admin_sessions WHERE token_hash = $1 AND expires_at >= $2",
    )
    .bind(token_hash)
    .bind(now_millis())
    .fetch_optional(pool)
    .await?)
}

/// Ends a session.
pub async fn delete(pool: &Pool, token_hash: &str) -> Result<(), StorageError> {
    sqlx::query("DELETE FROM admin_sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(pool)
        .await?;
    Ok(())
}

/// The latest start of a window in which one of `keys` failed `max_failures` times or
/// more, among windows still open at `now` (a window lasts `window` milliseconds).
pub async fn failures_since(
    pool: &Pool,
    keys: &[String],
    max_failures: u32,
    window: i64,
    now: i64,
) -> Result<Option<i64>, StorageError> {
    let mut query = sqlx::QueryBuilder::<super::Db>::new(
        "SELECT MAX(since) FROM login_failures WHERE failures >= ",
    );
    query
        .push_bind(i64::from(max_failures))
        .push(" AND since > ")
        .push_bind(now - window)
        .push(" AND key IN (");
    let mut list = query.separated(", ");
    for key in keys {
        list.push_bind(key.clone());
    }
    query.push(")");
    Ok(query.build_query_scalar().fetch_one(pool).await?)
}

/// Counts a failed login against each of `keys`, in a window that starts with the first
/// failure after the last window closed.
pub async fn failed(
    pool: &Pool,
    keys: &[String],
    window: i64,
    now: i64,
) -> Result<(), StorageError> {
    for key in keys {
        sqlx::query(
            "INSERT INTO login_failures (key, failures, since) VALUES ($1, 1, $2) \
             ON CONFLICT (key) DO UPDATE SET \
             failures = CASE WHEN login_failures.since <= $3 THEN 1 \
                        ELSE login_failures.failures + 1 END, \
             since = CASE WHEN login_failures.since <= $3 THEN $2 \
                     ELSE login_failures.since END",
        )
        .bind(key)
        .bind(now)
        .bind(now - window)
        .execute(pool)
        .await?;
    }
    sqlx::query("DELETE FROM login_failures WHERE since <= $1")
        .bind(now - window)
        .execute(pool)
        .await?;
    Ok(())
}
