//! “Manage my comments” links: issued (with the mail that carries one, through the
//! outbox), looked up when opened, and spent once everything was erased with them.

use super::Pool;
use crate::storage::outbox::NewDelivery;
use crate::storage::{ManageLink, ManageLinkState, StorageError};
use sqlx::FromRow;

/// How long an expired link's row is kept (so that it answers “expired”, not “unknown”).
pub(super) const KEPT_AFTER_EXPIRY_MILLIS: i64 = 24 * 60 * 60 * 1000;

/// Stores a link under `token_hash`, and queues `mail` when given, unless the same
/// address had a link at or after `quiet_since`; says whether it was stored.
pub async fn issue(
    writer: &Pool,
    token_hash: &str,
    link: &ManageLink,
    mail: Option<&NewDelivery>,
    quiet_since: i64,
) -> Result<bool, StorageError> {
    let mut tx = super::begin_recording(writer).await?;
    sqlx::query("DELETE FROM manage_links WHERE expires_at < $1")
        .bind(link.created_at - KEPT_AFTER_EXPIRY_MILLIS)
        .execute(&mut *tx)
        .await?;
    if let Some(address) = &link.address {
        let recent: Option<i64> = sqlx::query_scalar(
            "SELECT created_at FROM manage_links WHERE site = $1 AND address = $2 \
             AND created_at >= $3 LIMIT 1",
        )
        .bind(&link.site)
        .bind(address)
        .bind(quiet_since)
        .fetch_optional(&mut *tx)
        .await?;
        if recent.is_some() {
            return Ok(false);
        }
    }
    sqlx::query(
        "INSERT INTO manage_links (token_hash, site, address, identity, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token_hash)
    .bind(&link.site)
    .bind(&link.address)
    .bind(&link.identity)
    .bind(link.created_at)
    .bind(link.expires_at)
    .execute(&mut *tx)
    .await?;
    if let Some(mail) = mail {
        // The mail is about no comment: its event is born expanded, with this delivery.
        let event_id: i64 = sqlx::query_scalar(
            "INSERT INTO outbox_events (kind, comment_id, status, created_at, expanded_at) \
             VALUES ('manage', 0, NULL, $1, $1) RETURNING id",
        )
        .bind(link.created_at)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO deliveries (event_id, comment_id, purpose, recipient, payload, \
             created_at, next_attempt_at) VALUES ($1, 0, $2, $3, $4, $5, $5)",
        )
        .bind(event_id)
        .bind(mail.purpose.as_str())
        .bind(&mail.recipient)
        .bind(&mail.payload)
        .bind(link.created_at)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}

#[derive(FromRow)]
struct LinkRow {
    site: String,
    address: Option<String>,
    identity: Option<String>,
    created_at: i64,
    expires_at: i64,
    spent_at: Option<i64>,
}

/// Where the link stored under `token_hash` stands at `now`; `None` if there is none.
pub async fn state(
    pool: &Pool,
    token_hash: &str,
    now: i64,
) -> Result<Option<ManageLinkState>, StorageError> {
    let row: Option<LinkRow> = sqlx::query_as(
        "SELECT site, address, identity, created_at, expires_at, spent_at FROM manage_links \
         WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    if row.spent_at.is_some() {
        return Ok(Some(ManageLinkState::Spent));
    }
    if now > row.expires_at {
        return Ok(Some(ManageLinkState::Expired));
    }
    let newer: Option<i64> = sqlx::query_scalar(
        "SELECT created_at FROM manage_links WHERE site = $1 \
         AND (address = $2 OR identity = $3) AND created_at > $4 LIMIT 1",
    )
    .bind(&row.site)
    .bind(&row.address)
    .bind(&row.identity)
    .bind(row.created_at)
    .fetch_optional(pool)
    .await?;
    if newer.is_some() {
        return Ok(Some(ManageLinkState::Replaced));
    }
    Ok(Some(ManageLinkState::Valid(ManageLink {
        site: row.site,
        address: row.address,
        identity: row.identity,
        created_at: row.created_at,
        expires_at: row.expires_at,
    })))
}

/// Marks the link stored under `token_hash` as used up, keeping nothing of whose it was.
pub async fn spend(writer: &Pool, token_hash: &str, now: i64) -> Result<(), StorageError> {
    sqlx::query(
        "UPDATE manage_links SET spent_at = $2, address = NULL, identity = NULL \
         WHERE token_hash = $1",
    )
    .bind(token_hash)
    .bind(now)
    .execute(writer)
    .await?;
    Ok(())
}
