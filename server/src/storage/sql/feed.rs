//! The latest published comments of a thread or of a site's threads, for Atom feeds.

use super::Pool;
use super::rows::{COMMENT_COLUMNS, CommentRow, ThreadRow};
use crate::storage::{FeedEntry, FeedScope, StorageError};
use sqlx::FromRow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

#[derive(FromRow)]
struct FeedRow {
    #[sqlx(flatten)]
    comment: CommentRow,
    thread_id: i64,
}

/// Newest first, at most `limit`.
pub async fn entries(
    pool: &Pool,
    scope: FeedScope<'_>,
    limit: usize,
) -> Result<Vec<FeedEntry>, StorageError> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let rows: Vec<FeedRow> = match scope {
        FeedScope::Thread(key) => {
            sqlx::query_as(&format!(
                "SELECT {COMMENT_COLUMNS}, thread_id FROM comments \
                 WHERE thread_id = (SELECT id FROM threads WHERE key = $1) \
                 AND status = 'published' ORDER BY created_at DESC, id DESC LIMIT $2"
            ))
            .bind(key)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }
        FeedScope::Threads(prefix) => {
            sqlx::query_as(&format!(
                "SELECT {COMMENT_COLUMNS}, thread_id FROM comments {} \
                 WHERE status = 'published' AND thread_id IN \
                 (SELECT id FROM threads WHERE substr(key, 1, length($1)) = $1) \
                 ORDER BY created_at DESC, id DESC LIMIT $2",
                super::indexed_by("comments_recent")
            ))
            .bind(prefix)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }
    };
    let mut threads: HashMap<i64, ThreadRow> = HashMap::new();
    let mut entries = Vec::with_capacity(rows.len());
    for row in rows {
        let thread = match threads.entry(row.thread_id) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(slot) => slot.insert(
                sqlx::query_as("SELECT id, key, title, url, locked FROM threads WHERE id = $1")
                    .bind(row.thread_id)
                    .fetch_one(pool)
                    .await?,
            ),
        };
        entries.push(FeedEntry {
            thread_key: thread.key.clone(),
            thread_title: thread.title.clone(),
            thread_url: thread.url.clone(),
            comment: row.comment.into_wire(0)?,
        });
    }
    Ok(entries)
}
