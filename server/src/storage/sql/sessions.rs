//! Moderators' login sessions, kept by the hash of the cookie's token, and the login
//! attempts that throttle password guessing; [`Sessions`] also for commenters' sign-ins
//! (`commenters`) and their “Manage my comments” links (`manage_links`).

use super::Pool;
use super::Store;
use super::commenters;
use crate::storage::Sessions;
use crate::storage::outbox::NewDelivery;
use crate::storage::{
    CommenterSession, LoginAttempt, ManageLink, ManageLinkState, StorageError, now_millis,
};
use async_trait::async_trait;

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

/// Counts an attempt against each of `keys` (in a window that starts with the first
/// attempt after the last window closed) and returns the start of the latest window in
/// which one of them has now made more than `allowed` attempts.
pub async fn count_attempt(
    pool: &Pool,
    keys: &[String],
    allowed: u32,
    window: i64,
    now: i64,
) -> Result<Option<i64>, StorageError> {
    if keys.is_empty() {
        return Ok(None);
    }
    // Now and then, forget the windows that closed.
    if rand::random::<u8>() < 4 {
        sqlx::query("DELETE FROM login_failures WHERE since <= $1")
            .bind(now - window)
            .execute(pool)
            .await?;
    }
    let mut query =
        sqlx::QueryBuilder::<super::Db>::new("INSERT INTO login_failures (key, failures, since) ");
    query.push_values(keys, |mut row, key| {
        row.push_bind(key.clone()).push("1").push_bind(now);
    });
    query
        .push(
            " ON CONFLICT (key) DO UPDATE SET \
             failures = CASE WHEN login_failures.since <= ",
        )
        .push_bind(now - window)
        .push(
            " THEN 1 ELSE login_failures.failures + 1 END, \
             since = CASE WHEN login_failures.since <= ",
        )
        .push_bind(now - window)
        .push(" THEN excluded.since ELSE login_failures.since END RETURNING failures, since");
    let counted: Vec<(i64, i64)> = query.build_query_as().fetch_all(pool).await?;
    Ok(counted
        .into_iter()
        .filter(|(failures, _)| *failures > i64::from(allowed))
        .map(|(_, since)| since)
        .max())
}

/// Takes back the attempt of a login that succeeded.
pub async fn take_back_attempt(pool: &Pool, keys: &[String]) -> Result<(), StorageError> {
    if keys.is_empty() {
        return Ok(());
    }
    let mut query = sqlx::QueryBuilder::<super::Db>::new(
        "UPDATE login_failures SET failures = failures - 1 WHERE failures > 0 AND key IN (",
    );
    let mut list = query.separated(", ");
    for key in keys {
        list.push_bind(key.clone());
    }
    query.push(")");
    query.build().execute(pool).await?;
    Ok(())
}

#[async_trait]
impl Sessions for Store {
    async fn create_session(
        &self,
        token_hash: &str,
        moderator: &str,
        expires_at: i64,
    ) -> Result<(), StorageError> {
        create(&self.writer, token_hash, moderator, expires_at).await
    }

    async fn session_moderator(&self, token_hash: &str) -> Result<Option<String>, StorageError> {
        moderator(&self.reader, token_hash).await
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), StorageError> {
        delete(&self.writer, token_hash).await
    }

    async fn begin_login(
        &self,
        state_hash: &str,
        attempt: &LoginAttempt,
    ) -> Result<(), StorageError> {
        commenters::begin(&self.writer, state_hash, attempt).await
    }

    async fn take_login(&self, state_hash: &str) -> Result<Option<LoginAttempt>, StorageError> {
        commenters::take(&self.writer, state_hash).await
    }

    async fn create_commenter_session(
        &self,
        token_hash: &str,
        session: &CommenterSession,
    ) -> Result<(), StorageError> {
        commenters::create_session(&self.writer, token_hash, session).await
    }

    async fn commenter_session(
        &self,
        token_hash: &str,
    ) -> Result<Option<CommenterSession>, StorageError> {
        commenters::session(&self.reader, token_hash).await
    }

    async fn end_commenter_session(&self, token_hash: &str) -> Result<(), StorageError> {
        commenters::end_session(&self.writer, token_hash).await
    }

    async fn issue_manage_link(
        &self,
        token_hash: &str,
        link: &ManageLink,
        mail: Option<&NewDelivery>,
        quiet_since: i64,
    ) -> Result<bool, StorageError> {
        let issued =
            super::manage_links::issue(&self.writer, token_hash, link, mail, quiet_since).await?;
        if issued && mail.is_some() {
            self.changed().await;
        }
        Ok(issued)
    }

    async fn manage_link(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<ManageLinkState>, StorageError> {
        super::manage_links::state(&self.writer, token_hash, now).await
    }

    async fn spend_manage_link(&self, token_hash: &str, now: i64) -> Result<(), StorageError> {
        super::manage_links::spend(&self.writer, token_hash, now).await
    }
}
