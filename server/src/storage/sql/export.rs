//! Whole threads out of the database, every stored field, for `confab-server export`.

use super::Pool;
use super::rows::{ThreadRow, from_label, reaction_totals};
use crate::storage::{ExportedComment, ExportedThread, StorageError};
use sqlx::FromRow;

#[derive(FromRow)]
struct ExportRow {
    id: i64,
    parent_id: Option<i64>,
    kind: String,
    status: String,
    author_name: String,
    author_email: Option<String>,
    author_website: Option<String>,
    client_address: Option<String>,
    author_identity: Option<String>,
    badge: Option<String>,
    body_markdown: String,
    body_tree: String,
    created_at: i64,
    edited_at: Option<i64>,
    up_votes: i64,
    down_votes: i64,
    reactions: String,
    pinned_at: Option<i64>,
}

/// Every thread (or the one stored as `key`) with all its comments, oldest first.
pub async fn threads(pool: &Pool, key: Option<&str>) -> Result<Vec<ExportedThread>, StorageError> {
    let threads: Vec<ThreadRow> = sqlx::query_as(
        "SELECT id, key, title, url, locked, reactions FROM threads WHERE $1 IS NULL OR key = $1 \
         ORDER BY id",
    )
    .bind(key)
    .fetch_all(pool)
    .await?;
    let mut exported = Vec::with_capacity(threads.len());
    for thread in threads {
        let rows: Vec<ExportRow> = sqlx::query_as(
            "SELECT id, parent_id, kind, status, author_name, author_email, author_website, \
             client_address, author_identity, badge, body_markdown, body_tree, created_at, edited_at, \
             up_votes, down_votes, reactions, pinned_at FROM comments WHERE thread_id = $1 \
             ORDER BY id",
        )
        .bind(thread.id)
        .fetch_all(pool)
        .await?;
        let comments = rows
            .into_iter()
            .map(|row| {
                let corrupt = |what: &str, error: serde_json::Error| {
                    StorageError::Corrupt(format!("comment {}: {what}: {error}", row.id))
                };
                Ok(ExportedComment {
                    id: row.id,
                    parent_id: row.parent_id,
                    kind: from_label(&row.kind).map_err(|e| corrupt("kind", e))?,
                    badge: row
                        .badge
                        .as_deref()
                        .map(from_label)
                        .transpose()
                        .map_err(|e| corrupt("badge", e))?,
                    body: serde_json::from_str(&row.body_tree).map_err(|e| corrupt("body", e))?,
                    status: row.status,
                    author_name: row.author_name,
                    author_email: row.author_email,
                    author_website: row.author_website,
                    client_address: row.client_address,
                    author_identity: row.author_identity,
                    body_markdown: row.body_markdown,
                    created_at: row.created_at,
                    edited_at: row.edited_at,
                    up_votes: u32::try_from(row.up_votes).unwrap_or(0),
                    down_votes: u32::try_from(row.down_votes).unwrap_or(0),
                    reactions: reaction_totals(&row.reactions)?,
                    pinned_at: row.pinned_at,
                })
            })
            .collect::<Result<_, StorageError>>()?;
        exported.push(ExportedThread {
            key: thread.key,
            title: thread.title,
            url: thread.url,
            locked: thread.locked,
            reactions: reaction_totals(&thread.reactions)?,
            comments,
        });
    }
    Ok(exported)
}
