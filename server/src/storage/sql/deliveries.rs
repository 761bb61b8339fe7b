//! Deliveries (mails and webhook calls): claimed when due by one server at a time, their
//! attempts recorded, and the history moderators read.

use super::Pool;
use crate::storage::outbox::{AttemptOutcome, DueDelivery, Purpose};
use crate::storage::{StorageError, rfc3339};
use confab_api as wire;
use sqlx::FromRow;

#[derive(FromRow)]
struct DueRow {
    id: i64,
    purpose: String,
    recipient: String,
    payload: String,
    attempts: i64,
}

/// Claims deliveries not yet sent nor given up whose next attempt is due at `now`, oldest
/// first, by moving their next attempt to `claimed_until`. Servers sharing the database
/// skip each other's rows while they are being claimed, so no two claim the same one.
pub async fn claim_due(
    writer: &Pool,
    now: i64,
    limit: usize,
    claimed_until: i64,
) -> Result<Vec<DueDelivery>, StorageError> {
    let mut rows: Vec<DueRow> = sqlx::query_as(&format!(
        "UPDATE deliveries SET next_attempt_at = $3 WHERE id IN \
         (SELECT id FROM deliveries {} \
          WHERE sent_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= $1 \
          ORDER BY next_attempt_at, id LIMIT $2 {}) \
         RETURNING id, purpose, recipient, payload, attempts",
        super::indexed_by("deliveries_due"),
        super::SKIP_LOCKED,
    ))
    .bind(now)
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .bind(claimed_until)
    .fetch_all(writer)
    .await?;
    rows.sort_by_key(|row| row.id);
    rows.into_iter()
        .map(|row| {
            Ok(DueDelivery {
                id: row.id,
                purpose: Purpose::from_label(&row.purpose).ok_or_else(|| {
                    StorageError::Corrupt(format!("delivery {}: purpose", row.id))
                })?,
                recipient: row.recipient,
                payload: row.payload,
                attempts: u32::try_from(row.attempts).unwrap_or(u32::MAX),
            })
        })
        .collect()
}

/// Records how an attempt at delivery `id` went.
pub async fn attempted(
    writer: &Pool,
    id: i64,
    outcome: &AttemptOutcome,
    now: i64,
) -> Result<(), StorageError> {
    let query = match outcome {
        AttemptOutcome::Sent => sqlx::query(
            // A “Manage my comments” mail holds a link nobody but its addressee may keep:
            // once sent, only that it was sent, and to whom, stays.
            "UPDATE deliveries SET attempts = attempts + 1, sent_at = $1, last_error = NULL, \
             payload = CASE WHEN purpose = 'manage' THEN '' ELSE payload END WHERE id = $2",
        )
        .bind(now)
        .bind(id),
        AttemptOutcome::Failed { error, retry_at } => sqlx::query(
            "UPDATE deliveries SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 \
             WHERE id = $3",
        )
        .bind(error)
        .bind(retry_at)
        .bind(id),
        AttemptOutcome::GaveUp { error } => sqlx::query(
            "UPDATE deliveries SET attempts = attempts + 1, last_error = $1, gave_up_at = $2, \
             payload = CASE WHEN purpose = 'manage' THEN '' ELSE payload END WHERE id = $3",
        )
        .bind(error)
        .bind(now)
        .bind(id),
    };
    query.execute(writer).await?;
    Ok(())
}

#[derive(FromRow)]
struct RecordRow {
    id: i64,
    kind: String,
    comment_id: i64,
    purpose: String,
    recipient: String,
    attempts: i64,
    created_at: i64,
    sent_at: Option<i64>,
    gave_up_at: Option<i64>,
    next_attempt_at: i64,
    last_error: Option<String>,
}

/// The latest deliveries of `purpose` (all when `None`), newest first.
pub async fn history(
    pool: &Pool,
    purpose: Option<Purpose>,
    limit: usize,
) -> Result<Vec<wire::Delivery>, StorageError> {
    let rows: Vec<RecordRow> = sqlx::query_as(
        "SELECT d.id, e.kind, e.comment_id, d.purpose, d.recipient, d.attempts, d.created_at, \
         d.sent_at, d.gave_up_at, d.next_attempt_at, d.last_error \
         FROM deliveries d JOIN outbox_events e ON e.id = d.event_id \
         WHERE $1 IS NULL OR d.purpose = $1 ORDER BY d.id DESC LIMIT $2",
    )
    .bind(purpose.map(Purpose::as_str))
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let waiting = row.sent_at.is_none() && row.gave_up_at.is_none();
            wire::Delivery {
                id: row.id,
                event: row.kind,
                comment_id: row.comment_id,
                purpose: row.purpose,
                recipient: row.recipient,
                attempts: u32::try_from(row.attempts).unwrap_or(u32::MAX),
                created_at: rfc3339(row.created_at),
                sent_at: row.sent_at.map(rfc3339),
                gave_up_at: row.gave_up_at.map(rfc3339),
                next_attempt_at: waiting.then(|| rfc3339(row.next_attempt_at)),
                last_error: row.last_error,
            }
        })
        .collect())
}
