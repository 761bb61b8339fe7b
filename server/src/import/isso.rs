//! Isso's SQLite database: its `threads` (keyed by `uri`, which is the page's path) and
//! `comments` tables. Isso keeps comments as markdown; its modes are 1 accepted, 2 pending
//! and 4 deleted (kept, text erased, while replies hang under it).

use super::{ImportError, Skipped, Source, SourceBody, SourceComment, SourceThread, Status};
use confab_api::CommentKind;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, FromRow};
use std::collections::HashMap;

#[derive(FromRow)]
struct ThreadRow {
    id: i64,
    uri: Option<String>,
    title: Option<String>,
}

#[derive(FromRow)]
struct CommentRow {
    tid: Option<i64>,
    id: i64,
    parent: Option<i64>,
    created: Option<f64>,
    modified: Option<f64>,
    mode: Option<i64>,
    remote_addr: Option<String>,
    text: Option<String>,
    author: Option<String>,
    email: Option<String>,
    website: Option<String>,
    likes: Option<i64>,
    dislikes: Option<i64>,
}

/// Reads an Isso database given as bytes (SQLite opens files, so it is written to a
/// temporary file first and removed afterwards).
pub async fn read(bytes: &[u8]) -> Result<Source, ImportError> {
    if !bytes.starts_with(b"SQLite format 3\0") {
        return Err(ImportError::Unreadable(
            "not an Isso database: the file is not SQLite".to_owned(),
        ));
    }
    let copy = TemporaryCopy::write(bytes).map_err(|error| {
        ImportError::Unreadable(format!("cannot write a temporary copy: {error}"))
    })?;
    read_file(&copy.path).await
}

/// The database written where SQLite can open it, readable by this user only (it holds
/// emails and addresses), and removed when dropped — also when the import is abandoned.
struct TemporaryCopy {
    path: std::path::PathBuf,
}

impl TemporaryCopy {
    fn write(bytes: &[u8]) -> std::io::Result<Self> {
        use std::io::Write;
        let path = std::env::temp_dir().join(format!(
            "confab-isso-import-{:016x}.db",
            rand::random::<u64>()
        ));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let copy = Self { path };
        options.open(&copy.path)?.write_all(bytes)?;
        Ok(copy)
    }
}

impl Drop for TemporaryCopy {
    fn drop(&mut self) {
        std::fs::remove_file(&self.path).ok();
    }
}

async fn read_file(path: &std::path::Path) -> Result<Source, ImportError> {
    let broken =
        |error: sqlx::Error| ImportError::Unreadable(format!("the Isso database: {error}"));
    let mut connection = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .immutable(true)
        .connect()
        .await
        .map_err(broken)?;
    // Isso's tables, not views a hostile file could make endless.
    let tables: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('threads', 'comments')",
    )
    .fetch_one(&mut connection)
    .await
    .map_err(broken)?;
    if tables != 2 {
        return Err(ImportError::Unreadable(
            "not an Isso database: it has no threads and comments tables".to_owned(),
        ));
    }
    let threads: Vec<ThreadRow> = sqlx::query_as("SELECT id, uri, title FROM threads ORDER BY id")
        .fetch_all(&mut connection)
        .await
        .map_err(broken)?;
    let comments: Vec<CommentRow> = sqlx::query_as(
        "SELECT tid, id, parent, created, modified, mode, remote_addr, text, author, email, \
         website, likes, dislikes FROM comments ORDER BY id",
    )
    .fetch_all(&mut connection)
    .await
    .map_err(broken)?;
    let mut source = Source::default();
    let mut index_by_id = HashMap::new();
    for thread in threads {
        let key = thread
            .uri
            .as_deref()
            .and_then(|uri| crate::validate::thread_key(uri).ok());
        let Some(key) = key else {
            source.skipped.push(Skipped {
                record: format!("thread {}", thread.id),
                reason: format!(
                    "its uri {:?} is not a page path",
                    thread.uri.unwrap_or_default()
                ),
            });
            continue;
        };
        index_by_id.insert(thread.id, source.threads.len());
        source.threads.push(SourceThread {
            key,
            title: super::xml::title(thread.title),
            ..SourceThread::default()
        });
    }
    for row in comments {
        let record = format!("comment {}", row.id);
        let Some(&index) = row.tid.and_then(|tid| index_by_id.get(&tid)) else {
            source.skipped.push(Skipped {
                record,
                reason: format!(
                    "orphan: its thread {} is not in the database",
                    row.tid.unwrap_or_default()
                ),
            });
            continue;
        };
        let status = match row.mode {
            Some(1) => Status::Published,
            Some(2) => Status::Pending,
            Some(4) => Status::Deleted,
            other => {
                source.skipped.push(Skipped {
                    record,
                    reason: format!("unknown mode {}", other.unwrap_or_default()),
                });
                continue;
            }
        };
        let Some(created_at) = row.created.and_then(seconds_to_millis) else {
            source.skipped.push(Skipped {
                record,
                reason: "its creation time is missing or out of range".to_owned(),
            });
            continue;
        };
        source.threads[index].comments.push(SourceComment {
            id: row.id.to_string(),
            parent: row.parent.map(|parent| parent.to_string()),
            kind: CommentKind::Comment,
            status,
            author_name: row.author.unwrap_or_default(),
            author_email: row.email,
            author_website: row.website,
            client_address: row.remote_addr,
            author_identity: None,
            badge: None,
            identity_proven: false,
            body: SourceBody::Markdown(row.text.unwrap_or_default()),
            created_at,
            edited_at: row.modified.and_then(seconds_to_millis),
            up_votes: count(row.likes),
            down_votes: count(row.dislikes),
            reactions: Default::default(),
            pinned_at: None,
        });
    }
    source.threads.retain(|thread| !thread.comments.is_empty());
    Ok(source)
}

/// Isso's times: seconds since the epoch, as a float (up to the year 9999).
fn seconds_to_millis(seconds: f64) -> Option<i64> {
    let millis = (seconds * 1000.0).round();
    (millis.is_finite() && (0.0..=253_402_300_799_999.0).contains(&millis)).then_some(millis as i64)
}

/// Isso's like and dislike counts (a broken one counts none).
fn count(stored: Option<i64>) -> u32 {
    stored
        .and_then(|count| u32::try_from(count).ok())
        .unwrap_or(0)
}
