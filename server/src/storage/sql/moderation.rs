//! Moderation: the queue of held comments, the actions on one comment, and the
//! log of who did what.

use super::rows::{COMMENT_COLUMNS, CommentRow, label};
use super::{Conn, Pool};
use crate::storage::{StorageError, now_millis, rfc3339};
use confab_api::{self as wire, CommentId, CommentStatus, ModerationAction};
use sqlx::FromRow;

#[derive(FromRow)]
struct QueuedRow {
    #[sqlx(flatten)]
    comment: CommentRow,
    thread_key: String,
    author_email: Option<String>,
    client_address: Option<String>,
}

/// Held or spam comments, newest first; with `search`, only those whose author name,
/// email or text contains it (case-insensitively for ASCII).
pub async fn queue(
    pool: &Pool,
    status: CommentStatus,
    search: Option<&str>,
    limit: usize,
) -> Result<Vec<wire::ModeratedComment>, StorageError> {
    let columns = COMMENT_COLUMNS
        .split(", ")
        .map(|column| format!("comments.{}", column.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    let find = super::FIND_FUNCTION;
    let rows: Vec<QueuedRow> = sqlx::query_as(&format!(
        "SELECT {columns}, threads.key AS thread_key, comments.author_email, \
         comments.client_address \
         FROM comments JOIN threads ON threads.id = comments.thread_id \
         WHERE comments.status = $1 AND ($2 IS NULL OR {find}(lower(comments.author_name), $2) > 0 \
         OR {find}(lower(comments.author_email), $2) > 0 \
         OR {find}(lower(comments.body_markdown), $2) > 0) \
         ORDER BY comments.created_at DESC, comments.id DESC LIMIT $3"
    ))
    .bind(label(&status))
    .bind(search.map(str::to_lowercase))
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(wire::ModeratedComment {
                comment: row.comment.into_wire(0)?,
                thread: row.thread_key,
                author_email: row.author_email,
                client_address: row.client_address,
            })
        })
        .collect()
}

/// Applies `action` to comment `id` inside the caller's transaction.
pub async fn moderate(
    conn: &mut Conn,
    id: CommentId,
    action: ModerationAction,
) -> Result<(), StorageError> {
    let (new_status, from) = match action {
        ModerationAction::Approve => ("published", "('pending', 'spam')"),
        ModerationAction::Reject => ("rejected", "('pending')"),
        ModerationAction::Spam => ("spam", "('pending', 'published')"),
        ModerationAction::Delete => unreachable!("deleting goes through delete_comment"),
    };
    let changed = sqlx::query(&format!(
        "UPDATE comments SET status = $1 WHERE id = $2 AND status IN {from}"
    ))
    .bind(new_status)
    .bind(id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(StorageError::UnknownComment);
    }
    if action == ModerationAction::Approve {
        // A deleted parent that was removed from view for want of visible replies has one
        // again: it comes back as a placeholder, and so do its removed ancestors.
        let mut current: Option<i64> =
            sqlx::query_scalar("SELECT parent_id FROM comments WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *conn)
                .await?;
        while let Some(parent) = current {
            let revived = sqlx::query(
                "UPDATE comments SET status = 'deleted' WHERE id = $1 AND status = 'removed'",
            )
            .bind(parent)
            .execute(&mut *conn)
            .await?
            .rows_affected();
            current = if revived == 0 {
                None
            } else {
                sqlx::query_scalar("SELECT parent_id FROM comments WHERE id = $1")
                    .bind(parent)
                    .fetch_one(&mut *conn)
                    .await?
            };
        }
    }
    Ok(())
}

/// Records one action in the moderation log.
pub async fn record(
    conn: &mut Conn,
    actor: &str,
    action: &str,
    comment: Option<CommentId>,
    thread: Option<&str>,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO moderation_log (actor, action, comment_id, thread_key, at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(actor)
    .bind(action)
    .bind(comment)
    .bind(thread)
    .bind(now_millis())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[derive(FromRow)]
struct LogRow {
    actor: String,
    action: String,
    comment_id: Option<i64>,
    thread_key: Option<String>,
    at: i64,
}

/// The latest entries of the moderation log.
pub async fn log(pool: &Pool, limit: usize) -> Result<Vec<wire::LogEntry>, StorageError> {
    let rows: Vec<LogRow> = sqlx::query_as(
        "SELECT actor, action, comment_id, thread_key, at FROM moderation_log \
         ORDER BY id DESC LIMIT $1",
    )
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| wire::LogEntry {
            actor: row.actor,
            action: row.action,
            comment_id: row.comment_id,
            thread: row.thread_key,
            at: rfc3339(row.at),
        })
        .collect())
}

/// Whether this author (by avatar seed) has a published comment.
pub async fn has_approved_comment(pool: &Pool, avatar_seed: &str) -> Result<bool, StorageError> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM comments WHERE avatar_seed = $1 AND status = 'published' LIMIT 1",
    )
    .bind(avatar_seed)
    .fetch_optional(pool)
    .await?;
    Ok(found.is_some())
}
