//! The SQLite implementation of [`Storage`]: one file, WAL, `synchronous=FULL`, foreign keys.
//!
//! Writes go through a pool of one connection, so they are serialised in-process and never
//! fight over SQLite's write lock; reads use their own pool and never wait for writes.

use super::{
    CommentToStore, IDEMPOTENCY_KEY_LIFETIME_MILLIS, IdempotencyClaim, Inserted, SeedComment,
    Storage, StorageError, ThreadToStore, rfc3339,
};
use async_trait::async_trait;
use confab_api::{self as wire, CommentId, limits::MAX_DEPTH};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{FromRow, SqliteConnection, SqlitePool};
use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

/// Comments stored in one SQLite database file.
pub struct SqliteStorage {
    reader: SqlitePool,
    writer: SqlitePool,
}

impl SqliteStorage {
    /// Opens (creating if missing) the database at `path` and applies pending migrations.
    pub async fn open(path: &Path) -> Result<Self, StorageError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        sqlx::migrate!("./migrations")
            .run(&writer)
            .await
            .map_err(|error| StorageError::Database(error.into()))?;
        let reader = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.read_only(true))
            .await?;
        Ok(Self { reader, writer })
    }
}

#[derive(FromRow)]
struct ThreadRow {
    id: i64,
    key: String,
    title: Option<String>,
    url: Option<String>,
    locked: bool,
}

#[derive(FromRow)]
struct CommentRow {
    id: i64,
    parent_id: Option<i64>,
    kind: String,
    status: String,
    author_name: String,
    author_website: Option<String>,
    avatar_seed: String,
    badge: Option<String>,
    body_tree: String,
    created_at: i64,
    edited_at: Option<i64>,
    #[sqlx(default)]
    reply_count: i64,
}

const COMMENT_COLUMNS: &str = "id, parent_id, kind, status, author_name, author_website, \
     avatar_seed, badge, body_tree, created_at, edited_at";

impl CommentRow {
    fn into_wire(self, reply_count: u32) -> Result<wire::Comment, StorageError> {
        let corrupt = |what: &str, error: serde_json::Error| {
            StorageError::Corrupt(format!("comment {}: {what}: {error}", self.id))
        };
        Ok(wire::Comment {
            id: self.id,
            parent_id: self.parent_id,
            kind: from_label(&self.kind).map_err(|e| corrupt("kind", e))?,
            author: wire::Author {
                name: self.author_name.clone(),
                website: self.author_website.clone(),
                avatar_seed: self.avatar_seed.clone(),
                badge: self
                    .badge
                    .as_deref()
                    .map(from_label)
                    .transpose()
                    .map_err(|e| corrupt("badge", e))?,
            },
            body: serde_json::from_str(&self.body_tree).map_err(|e| corrupt("body", e))?,
            created_at: rfc3339(self.created_at),
            edited_at: self.edited_at.map(rfc3339),
            status: from_label(&self.status).map_err(|e| corrupt("status", e))?,
            reply_count,
        })
    }
}

/// Reads a snake_case enum label stored as plain text.
fn from_label<T: serde::de::DeserializeOwned>(label: &str) -> Result<T, serde_json::Error> {
    serde_json::from_value(serde_json::Value::String(label.to_owned()))
}

/// The plain-text label of a snake_case enum, for storage.
fn label<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(label)) => label,
        _ => unreachable!("wire enums serialise to strings"),
    }
}

#[async_trait]
impl Storage for SqliteStorage {
    async fn thread_page(&self, key: &str) -> Result<wire::ThreadPage, StorageError> {
        let thread: Option<ThreadRow> =
            sqlx::query_as("SELECT id, key, title, url, locked FROM threads WHERE key = ?")
                .bind(key)
                .fetch_optional(&self.reader)
                .await?;
        let Some(thread) = thread else {
            return Ok(wire::ThreadPage {
                thread: wire::ThreadInfo {
                    key: key.to_owned(),
                    title: None,
                    url: None,
                    count: 0,
                    locked: false,
                },
                comments: Vec::new(),
                next_cursor: None,
            });
        };
        let rows: Vec<CommentRow> = sqlx::query_as(&format!(
            "SELECT {COMMENT_COLUMNS} FROM comments \
             WHERE thread_id = ? AND status = 'published' ORDER BY created_at, id"
        ))
        .bind(thread.id)
        .fetch_all(&self.reader)
        .await?;
        let mut reply_counts: HashMap<CommentId, u32> = HashMap::new();
        for parent in rows.iter().filter_map(|row| row.parent_id) {
            *reply_counts.entry(parent).or_default() += 1;
        }
        let comments = rows
            .into_iter()
            .map(|row| {
                let replies = reply_counts.get(&row.id).copied().unwrap_or(0);
                row.into_wire(replies)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(wire::ThreadPage {
            thread: wire::ThreadInfo {
                key: thread.key,
                title: thread.title,
                url: thread.url,
                count: u32::try_from(comments.len()).unwrap_or(u32::MAX),
                locked: thread.locked,
            },
            comments,
            next_cursor: None,
        })
    }

    async fn insert_comment(
        &self,
        comment: CommentToStore,
        claim: Option<IdempotencyClaim>,
    ) -> Result<Inserted, StorageError> {
        let mut tx = self.writer.begin().await?;
        if let Some(claim) = &claim {
            sqlx::query("DELETE FROM idempotency_keys WHERE created_at < ?")
                .bind(comment.created_at - IDEMPOTENCY_KEY_LIFETIME_MILLIS)
                .execute(&mut *tx)
                .await?;
            let earlier: Option<(String, i64)> = sqlx::query_as(
                "SELECT request_hash, comment_id FROM idempotency_keys WHERE key = ?",
            )
            .bind(&claim.key)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((request_hash, comment_id)) = earlier {
                if request_hash != claim.request_hash {
                    return Err(StorageError::IdempotencyMismatch);
                }
                return stored_comment(&mut tx, comment_id, true).await;
            }
        }
        let thread_id = thread_id_creating(&mut tx, &comment.thread).await?;
        let id = insert_into(&mut tx, thread_id, &comment).await?;
        if let Some(claim) = &claim {
            sqlx::query(
                "INSERT INTO idempotency_keys (key, request_hash, comment_id, created_at) \
                 VALUES (?, ?, ?, ?)",
            )
            .bind(&claim.key)
            .bind(&claim.request_hash)
            .bind(id)
            .bind(comment.created_at)
            .execute(&mut *tx)
            .await?;
        }
        let inserted = stored_comment(&mut tx, id, false).await?;
        tx.commit().await?;
        Ok(inserted)
    }

    async fn seed_once(
        &self,
        marker: &str,
        comments: Vec<SeedComment>,
    ) -> Result<bool, StorageError> {
        let mut tx = self.writer.begin().await?;
        let claimed =
            sqlx::query("INSERT OR IGNORE INTO settings (name, value) VALUES (?, 'done')")
                .bind(marker)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if claimed == 0 {
            return Ok(false);
        }
        let mut ids: Vec<CommentId> = Vec::with_capacity(comments.len());
        for SeedComment {
            mut comment,
            parent_index,
        } in comments
        {
            comment.parent_id = match parent_index {
                Some(index) => Some(*ids.get(index).ok_or(StorageError::UnknownParent)?),
                None => None,
            };
            let thread_id = thread_id_creating(&mut tx, &comment.thread).await?;
            ids.push(insert_into(&mut tx, thread_id, &comment).await?);
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn server_key(&self) -> Result<String, StorageError> {
        let fresh: String = (0..32)
            .map(|_| format!("{:02x}", rand::random::<u8>()))
            .collect();
        sqlx::query("INSERT OR IGNORE INTO settings (name, value) VALUES ('server_key', ?)")
            .bind(fresh)
            .execute(&self.writer)
            .await?;
        let key: String =
            sqlx::query_scalar("SELECT value FROM settings WHERE name = 'server_key'")
                .fetch_one(&self.writer)
                .await?;
        Ok(key)
    }
}

/// Comment `id` as readers see it, with its reply count and when it was stored.
async fn stored_comment(
    conn: &mut SqliteConnection,
    id: CommentId,
    replayed: bool,
) -> Result<Inserted, StorageError> {
    let row: CommentRow = sqlx::query_as(&format!(
        "SELECT {COMMENT_COLUMNS}, \
         (SELECT COUNT(*) FROM comments AS replies WHERE replies.parent_id = comments.id \
          AND replies.status = 'published') AS reply_count \
         FROM comments WHERE id = ?"
    ))
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    let created_at = row.created_at;
    let reply_count = u32::try_from(row.reply_count).unwrap_or(0);
    Ok(Inserted {
        comment: row.into_wire(reply_count)?,
        replayed,
        created_at,
    })
}

/// The id of the thread `thread.key`, creating the thread with its title and URL if needed.
async fn thread_id_creating(
    conn: &mut SqliteConnection,
    thread: &ThreadToStore,
) -> Result<i64, StorageError> {
    sqlx::query(
        "INSERT INTO threads (key, title, url, created_at) VALUES (?, ?, ?, ?) \
         ON CONFLICT (key) DO NOTHING",
    )
    .bind(&thread.key)
    .bind(&thread.title)
    .bind(&thread.url)
    .bind(super::now_millis())
    .execute(&mut *conn)
    .await?;
    let id = sqlx::query_scalar("SELECT id FROM threads WHERE key = ?")
        .bind(&thread.key)
        .fetch_one(&mut *conn)
        .await?;
    Ok(id)
}

/// Inserts `comment` into thread `thread_id` after checking its parent; returns its id.
async fn insert_into(
    conn: &mut SqliteConnection,
    thread_id: i64,
    comment: &CommentToStore,
) -> Result<CommentId, StorageError> {
    let depth = match comment.parent_id {
        None => 0,
        Some(parent_id) => {
            let parent: Option<(i64, i64)> =
                sqlx::query_as("SELECT thread_id, depth FROM comments WHERE id = ?")
                    .bind(parent_id)
                    .fetch_optional(&mut *conn)
                    .await?;
            let (parent_thread, parent_depth) = parent.ok_or(StorageError::UnknownParent)?;
            if parent_thread != thread_id {
                return Err(StorageError::ParentInOtherThread);
            }
            if parent_depth + 1 > i64::from(MAX_DEPTH) {
                return Err(StorageError::TooDeep);
            }
            parent_depth + 1
        }
    };
    let body_tree = serde_json::to_string(&comment.body)
        .map_err(|error| StorageError::Corrupt(format!("body does not serialise: {error}")))?;
    let id = sqlx::query_scalar(
        "INSERT INTO comments (thread_id, parent_id, depth, kind, author_name, author_email, \
         author_website, avatar_seed, badge, body_markdown, body_tree, edit_token_hash, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(thread_id)
    .bind(comment.parent_id)
    .bind(depth)
    .bind(label(&comment.kind))
    .bind(&comment.author_name)
    .bind(&comment.author_email)
    .bind(&comment.author_website)
    .bind(&comment.avatar_seed)
    .bind(comment.badge.as_ref().map(label))
    .bind(&comment.body_markdown)
    .bind(body_tree)
    .bind(&comment.edit_token_hash)
    .bind(comment.created_at)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}
