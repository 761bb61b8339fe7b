//! The outbox: events written with the changes they describe, turned into deliveries,
//! and the addresses that asked for reply notifications.

use super::rows::from_label;
use super::{Conn, Pool};
use crate::storage::StorageError;
use crate::storage::outbox::{
    AddressChange, AddressState, CONFIRMATION_RESEND_MILLIS, CONFIRMATIONS_PER_CLIENT_PER_HOUR,
    ConfirmationRequest, EventComment, EventKind, Expansion, NewDelivery, OutboxEvent,
    ParentAuthor,
};
use confab_api::{CommentId, CommentStatus};
use sqlx::FromRow;

/// Records that `kind` happened to comment `comment_id`, inside the caller's transaction,
/// with the status it had (a new comment's, or a deleted one's before the deletion).
pub async fn record_event(
    conn: &mut Conn,
    kind: EventKind,
    comment_id: CommentId,
    status: Option<&str>,
    at: i64,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO outbox_events (kind, comment_id, status, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(kind.as_str())
    .bind(comment_id)
    .bind(status)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(FromRow)]
struct EventRow {
    event_id: i64,
    kind: String,
    created_status: Option<String>,
    id: i64,
    thread_key: String,
    thread_title: Option<String>,
    thread_url: Option<String>,
    parent_id: Option<i64>,
    status: String,
    author_name: String,
    author_email: Option<String>,
    author_website: Option<String>,
    client_address: Option<String>,
    notify_replies: bool,
    lang: Option<String>,
    body_tree: String,
    created_at: i64,
    edited_at: Option<i64>,
    parent_name: Option<String>,
    parent_email: Option<String>,
    parent_notify: Option<bool>,
    parent_status: Option<String>,
    parent_lang: Option<String>,
}

impl EventRow {
    fn into_event(self) -> Result<OutboxEvent, StorageError> {
        let corrupt =
            |what: &str| StorageError::Corrupt(format!("outbox event {}: {what}", self.event_id));
        let kind = EventKind::from_label(&self.kind).ok_or_else(|| corrupt("kind"))?;
        let parent = match (self.parent_name, self.parent_status) {
            (Some(name), Some(status)) => Some(ParentAuthor {
                name,
                email: self.parent_email,
                notify_replies: self.parent_notify.unwrap_or(false),
                status: event_status(&status).ok_or_else(|| corrupt("parent status"))?,
                lang: self.parent_lang,
            }),
            _ => None,
        };
        let created_status = self
            .created_status
            .as_deref()
            .map(|status| event_status(status).ok_or_else(|| corrupt("created status")))
            .transpose()?;
        Ok(OutboxEvent {
            id: self.event_id,
            kind,
            created_status,
            comment: EventComment {
                id: self.id,
                thread_key: self.thread_key,
                thread_title: self.thread_title,
                thread_url: self.thread_url,
                parent_id: self.parent_id,
                status: event_status(&self.status).ok_or_else(|| corrupt("status"))?,
                author_name: self.author_name,
                author_email: self.author_email,
                author_website: self.author_website,
                client_address: self.client_address,
                notify_replies: self.notify_replies,
                lang: self.lang,
                body: serde_json::from_str(&self.body_tree).map_err(|_| corrupt("body"))?,
                created_at: self.created_at,
                edited_at: self.edited_at,
                parent,
            },
        })
    }
}

/// A stored status as events tell it: comments removed from view or rejected are gone,
/// like deleted ones.
fn event_status(label: &str) -> Option<CommentStatus> {
    match label {
        "removed" | "rejected" => Some(CommentStatus::Deleted),
        // Shadow-banned: news to nobody, as spam.
        "shadow" => Some(CommentStatus::Spam),
        label => from_label(label).ok(),
    }
}

/// The oldest events not yet turned into deliveries, with their comments as they are now;
/// an event that cannot be read is named by its id, to be set aside rather than block the
/// others.
pub async fn waiting_events(
    pool: &Pool,
    limit: usize,
) -> Result<Vec<Result<OutboxEvent, i64>>, StorageError> {
    let rows: Vec<EventRow> = sqlx::query_as(&format!(
        "SELECT e.id AS event_id, e.kind, e.status AS created_status, c.id, t.key AS thread_key, t.title AS thread_title, \
         t.url AS thread_url, c.parent_id, c.status, c.author_name, c.author_email, \
         c.author_website, c.client_address, c.notify_replies, c.lang, c.body_tree, c.created_at, c.edited_at, \
         p.author_name AS parent_name, p.author_email AS parent_email, \
         p.notify_replies AS parent_notify, p.status AS parent_status, p.lang AS parent_lang \
         FROM outbox_events e {} \
         JOIN comments c ON c.id = e.comment_id JOIN threads t ON t.id = c.thread_id \
         LEFT JOIN comments p ON p.id = c.parent_id \
         WHERE e.expanded_at IS NULL ORDER BY e.id LIMIT $1",
        super::indexed_by("outbox_events_waiting")
    ))
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let id = row.event_id;
            row.into_event().map_err(|error| {
                tracing::warn!("outbox event {id} cannot be read, set aside: {error}");
                id
            })
        })
        .collect())
}

/// Writes the events' deliveries and marks them done, in one transaction (one `fsync`
/// however many events). A confirmation mail is written only when its address may get
/// one (neither confirmed nor unsubscribed, none sent in the last week, its client under
/// the hourly limit); an address neither confirmed nor unsubscribed is marked pending
/// either way.
pub async fn expand(
    writer: &Pool,
    expansions: Vec<Expansion>,
    now: i64,
) -> Result<(), StorageError> {
    let mut tx = writer.begin().await?;
    for expansion in expansions {
        let confirmed = match &expansion.confirmation {
            Some(request) => confirm_if_allowed(&mut tx, request, now).await?,
            None => None,
        };
        for delivery in expansion.deliveries.iter().chain(confirmed.as_ref()) {
            sqlx::query(
                "INSERT INTO deliveries (event_id, comment_id, purpose, recipient, payload, \
                 created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(expansion.event_id)
            .bind(expansion.comment_id)
            .bind(delivery.purpose.as_str())
            .bind(&delivery.recipient)
            .bind(&delivery.payload)
            .bind(now)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("UPDATE outbox_events SET expanded_at = $1 WHERE id = $2")
            .bind(now)
            .bind(expansion.event_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Marks every waiting event done at `now`, with no deliveries, in one statement.
pub async fn finish_waiting(writer: &Pool, now: i64) -> Result<(), StorageError> {
    sqlx::query("UPDATE outbox_events SET expanded_at = $1 WHERE expanded_at IS NULL")
        .bind(now)
        .execute(writer)
        .await?;
    Ok(())
}

/// Forgets deliveries sent or given up before `before`, and done events older than that
/// with no delivery left.
pub async fn prune(writer: &Pool, before: i64) -> Result<(), StorageError> {
    let mut tx = writer.begin().await?;
    // “Manage my comments” links a day after they expire.
    sqlx::query("DELETE FROM manage_links WHERE expires_at < $1")
        .bind(crate::storage::now_millis() - super::manage_links::KEPT_AFTER_EXPIRY_MILLIS)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM deliveries WHERE sent_at < $1 OR gave_up_at < $1")
        .bind(before)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "DELETE FROM outbox_events WHERE expanded_at < $1 AND NOT EXISTS \
         (SELECT 1 FROM deliveries WHERE deliveries.event_id = outbox_events.id)",
    )
    .bind(before)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Marks the address pending (unless confirmed or unsubscribed) and returns its
/// confirmation mail when one may go out now.
async fn confirm_if_allowed(
    conn: &mut Conn,
    request: &ConfirmationRequest,
    now: i64,
) -> Result<Option<NewDelivery>, StorageError> {
    let known: Option<(String, Option<i64>)> =
        sqlx::query_as("SELECT state, confirm_sent_at FROM mail_addresses WHERE address = $1")
            .bind(&request.address)
            .fetch_optional(&mut *conn)
            .await?;
    let (state, last_sent) = match &known {
        Some((state, last_sent)) => (AddressState::from_label(state), *last_sent),
        None => (None, None),
    };
    // A confirmed address needs none; one that unsubscribed gets nothing, whoever asks,
    // until its owner asks again from a mail they got (see `AddressChange::Resubscribe`).
    if matches!(
        state,
        Some(AddressState::Confirmed | AddressState::Unsubscribed)
    ) {
        return Ok(None);
    }
    let recently_sent = last_sent.is_some_and(|at| at > now - CONFIRMATION_RESEND_MILLIS);
    let client_count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM mail_addresses WHERE requested_by = $1 AND confirm_sent_at > $2",
    )
    .bind(&request.client)
    .bind(now - 60 * 60 * 1000)
    .fetch_one(&mut *conn)
    .await?;
    let allowed = !recently_sent && client_count < CONFIRMATIONS_PER_CLIENT_PER_HOUR;
    let sent_at = if allowed { Some(now) } else { last_sent };
    sqlx::query(
        "INSERT INTO mail_addresses (address, state, confirm_sent_at, requested_by, updated_at) \
         VALUES ($1, 'pending', $2, $3, $4) ON CONFLICT (address) DO UPDATE SET \
         state = 'pending', confirm_sent_at = $2, \
         requested_by = CASE WHEN $5 THEN $3 ELSE mail_addresses.requested_by END, updated_at = $4",
    )
    .bind(&request.address)
    .bind(sent_at)
    .bind(&request.client)
    .bind(now)
    .bind(allowed)
    .execute(&mut *conn)
    .await?;
    Ok(allowed.then(|| request.delivery.clone()))
}

/// Where `address` (lower-cased) stands; `None` if it never asked.
pub async fn address_state(
    pool: &Pool,
    address: &str,
) -> Result<Option<AddressState>, StorageError> {
    let state: Option<String> =
        sqlx::query_scalar("SELECT state FROM mail_addresses WHERE address = $1")
            .bind(address)
            .fetch_optional(pool)
            .await?;
    state
        .map(|state| {
            AddressState::from_label(&state)
                .ok_or_else(|| StorageError::Corrupt(format!("address state {state:?}")))
        })
        .transpose()
}

/// Changes where `address` (lower-cased) stands: see [`AddressChange`].
pub async fn change_address(
    writer: &Pool,
    address: &str,
    change: AddressChange,
    now: i64,
) -> Result<bool, StorageError> {
    let query = match change {
        AddressChange::Confirm => sqlx::query(
            "UPDATE mail_addresses SET state = 'confirmed', updated_at = $2 \
             WHERE address = $1 AND state = 'pending'",
        ),
        AddressChange::Resubscribe => sqlx::query(
            "UPDATE mail_addresses SET state = 'confirmed', updated_at = $2 \
             WHERE address = $1 AND state IN ('pending', 'unsubscribed')",
        ),
        AddressChange::Unsubscribe => sqlx::query(
            "INSERT INTO mail_addresses (address, state, updated_at) \
             VALUES ($1, 'unsubscribed', $2) \
             ON CONFLICT (address) DO UPDATE SET state = 'unsubscribed', updated_at = $2",
        ),
    };
    let changed = query
        .bind(address)
        .bind(now)
        .execute(writer)
        .await?
        .rows_affected();
    Ok(changed > 0)
}
