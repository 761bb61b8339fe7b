//! Moderators' login sessions, kept by the hash of the cookie's token.

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
