//! The moderation log: one line per action, who did what to which comment or thread and
//! when, written inside the action's own transaction.

use super::{Conn, Pool};
use crate::storage::{StorageError, now_millis, rfc3339};
use confab_api::{self as wire, CommentId};
use sqlx::FromRow;

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
