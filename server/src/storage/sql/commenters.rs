//! Commenters' sign-ins with an identity provider: the attempts under way (taken once,
//! by their state's hash) and the sessions they end in (kept by their token's hash).

use super::Pool;
use crate::storage::{CommenterSession, LoginAttempt, StorageError, now_millis};

/// Keeps an attempt; expired ones are swept out on the way.
pub async fn begin(
    pool: &Pool,
    state_hash: &str,
    attempt: &LoginAttempt,
) -> Result<(), StorageError> {
    sqlx::query("DELETE FROM login_attempts WHERE expires_at < $1")
        .bind(now_millis())
        .execute(pool)
        .await?;
    sqlx::query(
        "INSERT INTO login_attempts \
         (state_hash, site, login_id, origin, callback, nonce, verifier, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(state_hash)
    .bind(&attempt.site)
    .bind(&attempt.login_id)
    .bind(&attempt.origin)
    .bind(&attempt.callback)
    .bind(&attempt.nonce)
    .bind(&attempt.verifier)
    .bind(attempt.expires_at)
    .execute(pool)
    .await?;
    Ok(())
}

/// Deletes the attempt with this state and returns it, if it had not expired: one
/// statement, so two callbacks with the same state cannot both have it.
pub async fn take(pool: &Pool, state_hash: &str) -> Result<Option<LoginAttempt>, StorageError> {
    let row: Option<(String, String, String, String, String, String, i64)> = sqlx::query_as(
        "DELETE FROM login_attempts WHERE state_hash = $1 \
         RETURNING site, login_id, origin, callback, nonce, verifier, expires_at",
    )
    .bind(state_hash)
    .fetch_optional(pool)
    .await?;
    Ok(row.filter(|row| row.6 >= now_millis()).map(
        |(site, login_id, origin, callback, nonce, verifier, expires_at)| LoginAttempt {
            site,
            login_id,
            origin,
            callback,
            nonce,
            verifier,
            expires_at,
        },
    ))
}

/// Stores a session; expired ones are swept out on the way.
pub async fn create_session(
    pool: &Pool,
    token_hash: &str,
    session: &CommenterSession,
) -> Result<(), StorageError> {
    let now = now_millis();
    sqlx::query("DELETE FROM commenter_sessions WHERE expires_at < $1")
        .bind(now)
        .execute(pool)
        .await?;
    sqlx::query(
        "INSERT INTO commenter_sessions \
         (token_hash, site, identity, name, email, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(token_hash)
    .bind(&session.site)
    .bind(&session.identity)
    .bind(&session.name)
    .bind(&session.email)
    .bind(now)
    .bind(session.expires_at)
    .execute(pool)
    .await?;
    Ok(())
}

/// The unexpired session with this token hash.
pub async fn session(
    pool: &Pool,
    token_hash: &str,
) -> Result<Option<CommenterSession>, StorageError> {
    let row: Option<(String, String, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT site, identity, name, email, expires_at FROM commenter_sessions \
         WHERE token_hash = $1 AND expires_at >= $2",
    )
    .bind(token_hash)
    .bind(now_millis())
    .fetch_optional(pool)
    .await?;
    Ok(row.map(
        |(site, identity, name, email, expires_at)| CommenterSession {
            site,
            identity,
            name,
            email,
            expires_at,
        },
    ))
}

/// Ends a session.
pub async fn end_session(pool: &Pool, token_hash: &str) -> Result<(), StorageError> {
    sqlx::query("DELETE FROM commenter_sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(pool)
        .await?;
    Ok(())
}
