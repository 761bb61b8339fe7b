//! Throttles in the database, for servers that share it: rate-limit buckets (one row per
//! bucket, refilled and taken from in one statement, so concurrent servers never both
//! spend the last token), failed logins, and the clients moderators logged in from.

use super::Pool;
use super::SHARED_RATE_LIMITS;
use super::Store;
use crate::storage::{SharedToken, StorageError};
use crate::storage::{Throttles, now_millis};
use async_trait::async_trait;
use std::time::Duration;

/// Buckets untouched this long are full again, and forgotten.
const FORGET_AFTER_MILLIS: i64 = 10 * 60 * 1000;

/// Takes a token from bucket `key` at `now` (milliseconds).
pub async fn take(
    writer: &Pool,
    key: &str,
    capacity: f64,
    per_second: f64,
    now: i64,
) -> Result<SharedToken, StorageError> {
    // Every thousandth take sweeps out the forgotten buckets.
    if rand::random::<u16>().is_multiple_of(1000) {
        sqlx::query("DELETE FROM rate_buckets WHERE updated_at < $1")
            .bind(now - FORGET_AFTER_MILLIS)
            .execute(writer)
            .await?;
    }
    // The refilled level, from the row as it was (a clock behind another server's adds
    // nothing rather than taking away).
    let refilled = "LEAST($2, rate_buckets.tokens \
                    + GREATEST($3 - rate_buckets.updated_at, 0) * $4 / 1000.0)";
    let (granted, tokens): (bool, f64) = sqlx::query_as(&format!(
        "INSERT INTO rate_buckets (key, tokens, updated_at, granted) \
         VALUES ($1, $2 - 1, $3, TRUE) \
         ON CONFLICT (key) DO UPDATE SET \
         granted = {refilled} >= 1, \
         tokens = {refilled} - CASE WHEN {refilled} >= 1 THEN 1 ELSE 0 END, \
         updated_at = GREATEST($3, rate_buckets.updated_at) \
         RETURNING granted, tokens"
    ))
    .bind(key)
    .bind(capacity.max(1.0))
    .bind(now)
    .bind(per_second)
    .fetch_one(writer)
    .await?;
    Ok(if granted {
        SharedToken::Granted
    } else {
        SharedToken::Refused(Duration::from_secs_f64(
            ((1.0 - tokens) / per_second.max(f64::EPSILON)).max(0.0),
        ))
    })
}

#[async_trait]
impl Throttles for Store {
    async fn count_login_attempt(
        &self,
        keys: &[String],
        allowed: u32,
        window: i64,
        now: i64,
    ) -> Result<Option<i64>, StorageError> {
        super::sessions::count_attempt(&self.writer, keys, allowed, window, now).await
    }

    async fn login_succeeded(&self, keys: &[String]) -> Result<(), StorageError> {
        super::sessions::take_back_attempt(&self.writer, keys).await
    }

    async fn take_shared_token(
        &self,
        key: &str,
        capacity: f64,
        per_second: f64,
    ) -> Result<SharedToken, StorageError> {
        if !SHARED_RATE_LIMITS {
            return Ok(SharedToken::NotShared);
        }
        take(&self.writer, key, capacity, per_second, now_millis()).await
    }

    async fn known_login(&self, key: &str, since: i64) -> Result<bool, StorageError> {
        let found: Option<i64> =
            sqlx::query_scalar("SELECT last_at FROM known_logins WHERE key = $1 AND last_at > $2")
                .bind(key)
                .bind(since)
                .fetch_optional(&self.writer)
                .await?;
        Ok(found.is_some())
    }

    async fn remember_login(&self, key: &str, at: i64) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO known_logins (key, last_at) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET last_at = excluded.last_at",
        )
        .bind(key)
        .bind(at)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn spend_proof(
        &self,
        challenge_hash: &str,
        request_key: Option<&str>,
        expires_at: i64,
    ) -> Result<bool, StorageError> {
        super::proofs::spend(
            &self.writer,
            challenge_hash,
            request_key,
            expires_at,
            now_millis(),
        )
        .await
    }

    async fn stored_post(&self, key: &str, request_hash: &str) -> Result<bool, StorageError> {
        super::proofs::stored_post(&self.writer, key, request_hash).await
    }

    async fn recent_posters(
        &self,
        thread_prefix: &str,
        since: i64,
        limit: i64,
    ) -> Result<Vec<Option<String>>, StorageError> {
        super::proofs::recent_posters(&self.reader, thread_prefix, since, limit).await
    }

    async fn posts_since(&self, thread_prefix: &str, since: i64) -> Result<u64, StorageError> {
        super::proofs::posts_since(&self.reader, thread_prefix, since).await
    }
}
