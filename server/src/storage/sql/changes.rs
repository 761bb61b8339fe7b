//! Live changes: the outbox's events read back as what readers of a thread see
//! change (comments added, edited and deleted).

use super::Pool;
use super::rows::{CommentRow, comment_columns_of};
use crate::storage::StorageError;
use crate::storage::outbox::{ChangesPage, EventKind, StoredChange};
use confab_api as wire;
use sqlx::FromRow;

#[derive(FromRow)]
struct ChangeRow {
    event_id: i64,
    event_kind: String,
    /// For a deletion, the status the comment had before.
    event_status: Option<String>,
    thread_key: String,
    #[sqlx(flatten)]
    comment: CommentRow,
}

/// Changes readers can see among the `limit` events after `after` (of one thread or all),
/// oldest first, and the id of the last event read.
pub async fn changes(
    pool: &Pool,
    thread: Option<&str>,
    after: i64,
    limit: usize,
) -> Result<ChangesPage, StorageError> {
    let columns = comment_columns_of("c");
    // One thread's events are found through its comments (however old `after` is, only
    // that thread is read); every thread's, in the order of the events.
    let (from, only_thread) = match thread {
        Some(_) => (
            "threads t JOIN comments c ON c.thread_id = t.id \
             JOIN outbox_events e ON e.comment_id = c.id WHERE t.key = $2 AND",
            true,
        ),
        None => (
            "outbox_events e JOIN comments c ON c.id = e.comment_id \
             JOIN threads t ON t.id = c.thread_id WHERE",
            false,
        ),
    };
    let query = format!(
        "SELECT e.id AS event_id, e.kind AS event_kind, e.status AS event_status, \
         t.key AS thread_key, {columns}, \
         (SELECT COUNT(*) FROM comments r WHERE r.parent_id = c.id \
          AND r.status = 'published') AS reply_count \
         FROM {from} e.id > $1 ORDER BY e.id LIMIT $3"
    );
    let rows: Vec<ChangeRow> = sqlx::query_as(&query)
        .bind(after)
        .bind(thread.filter(|_| only_thread))
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(pool)
        .await?;
    let read = rows.len();
    let last_read = rows.last().map_or(after, |row| row.event_id);
    let mut changes = Vec::with_capacity(rows.len());
    for row in rows {
        let event_id = row.event_id;
        let was_visible = row.event_status.as_deref() == Some("published");
        let change = match change_of(row.event_kind.as_str(), was_visible, row.comment) {
            Ok(Some(change)) => change,
            Ok(None) => continue,
            Err(error) => {
                // One unreadable event must not stop every reader's updates.
                tracing::warn!("outbox event {event_id} cannot be read, skipped: {error}");
                continue;
            }
        };
        changes.push(StoredChange {
            id: event_id,
            thread_key: row.thread_key,
            change,
        });
    }
    Ok(ChangesPage {
        changes,
        last_read,
        complete: read < limit,
    })
}

/// What readers see of event `kind` on `comment` as it is now; `None` when nothing (a
/// held comment, an edit of one hidden since, or the deletion of one they never saw).
///
/// A comment that readers could see when the event happened but cannot any more is still
/// announced, erased: its deletion follows, and a reader must have been told of what it
/// is told is gone, or its count would fall below the truth.
fn change_of(
    kind: &str,
    was_visible: bool,
    comment: CommentRow,
) -> Result<Option<wire::ThreadChange>, StorageError> {
    let kind = EventKind::from_label(kind)
        .ok_or_else(|| StorageError::Corrupt(format!("unknown event kind {kind:?}")))?;
    let visible = comment.status == "published";
    let reply_count = u32::try_from(comment.reply_count).unwrap_or(0);
    // A creation records the status the comment was created with; approving publishes.
    let became_visible = kind == EventKind::Approved || (kind == EventKind::Created && was_visible);
    Ok(match kind {
        EventKind::Created | EventKind::Approved if visible => Some(wire::ThreadChange::Added {
            comment: comment.into_wire(reply_count)?,
        }),
        _ if became_visible => Some(wire::ThreadChange::Added {
            comment: comment.into_erased()?,
        }),
        EventKind::Edited if visible => Some(wire::ThreadChange::Edited {
            comment: comment.into_wire(reply_count)?,
        }),
        EventKind::Deleted if was_visible => Some(wire::ThreadChange::Deleted {
            id: comment.id,
            placeholder: comment.status == "deleted",
        }),
        // Back in the queue: for readers it is gone until a moderator approves it again.
        EventKind::Held if was_visible => Some(wire::ThreadChange::Deleted {
            id: comment.id,
            placeholder: false,
        }),
        _ => None,
    })
}

/// The id of the latest outbox event, 0 before the first.
pub async fn latest_event_id(pool: &Pool) -> Result<i64, StorageError> {
    let latest: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM outbox_events")
        .fetch_one(pool)
        .await?;
    Ok(latest.unwrap_or(0))
}
