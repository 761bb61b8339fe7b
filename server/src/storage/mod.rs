//! Where comments live: the storage trait the HTTP layer talks to, and its rows.
//!
//! SQL stays behind [`Storage`]; handlers see wire types and the few errors a caller
//! can act on.

pub mod copy;
pub mod cursor;
pub mod outbox;
pub mod postgres;
pub mod sqlite;
pub mod write_watch;

use async_trait::async_trait;
use confab_api::{self as wire, Badge, Block, CommentId, CommentKind, CommentStatus, Sort};
use cursor::Cursor;
pub use outbox::Outbox;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Where comments are stored: a SQLite file, or a PostgreSQL database named by its URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Database {
    /// Reads `--database`: a `postgres://` (or `postgresql://`) URL, else a file path.
    pub fn parse(text: &str) -> Self {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Self::Postgres(text.to_owned())
        } else {
            Self::Sqlite(PathBuf::from(text))
        }
    }

    /// Opens the database, creating and migrating what is missing.
    pub async fn open(&self) -> Result<Arc<dyn Storage>, StorageError> {
        self.connect(true).await
    }

    /// Opens a database that must exist already (the source of a copy), bringing its
    /// tables up to date.
    pub async fn open_existing(&self) -> Result<Arc<dyn Storage>, StorageError> {
        if let Self::Sqlite(path) = self
            && !path.is_file()
        {
            return Err(StorageError::Missing(format!(
                "there is no database file {}",
                path.display()
            )));
        }
        self.connect(false).await
    }

    /// Opens the database, creating a missing PostgreSQL database only when `create`
    /// (a missing SQLite file is created either way: `open_existing` looks first).
    async fn connect(&self, create: bool) -> Result<Arc<dyn Storage>, StorageError> {
        Ok(match self {
            Self::Sqlite(path) => Arc::new(sqlite::SqliteStorage::open(path).await?),
            Self::Postgres(url) => Arc::new(postgres::PostgresStorage::connect(url, create).await?),
        })
    }

    /// How to name the database to a person: the file's full path, or the URL without
    /// its password.
    pub fn describe(&self) -> String {
        match self {
            Self::Sqlite(path) => std::path::absolute(path)
                .unwrap_or_else(|_| path.clone())
                .display()
                .to_string(),
            Self::Postgres(url) => match url::Url::parse(url) {
                Ok(mut parsed) => {
                    if parsed.password().is_some() {
                        let _ = parsed.set_password(Some("***"));
                    }
                    parsed.to_string()
                }
                Err(_) => "a PostgreSQL database (the URL does not parse)".to_owned(),
            },
        }
    }
}

/// A comment ready to be stored: validated, rendered to its tree, with derived fields set.
#[derive(Debug, Clone)]
pub struct CommentToStore {
    pub thread: ThreadToStore,
    pub parent_id: Option<CommentId>,
    pub kind: CommentKind,
    /// Published at once, or pending until a moderator approves it.
    pub status: CommentStatus,
    pub author_name: String,
    pub author_email: Option<String>,
    pub author_website: Option<String>,
    pub avatar_seed: String,
    pub badge: Option<Badge>,
    pub body_markdown: String,
    pub body: Vec<Block>,
    pub edit_token_hash: Option<String>,
    /// Milliseconds since the Unix epoch.
    pub created_at: i64,
    /// The address it was posted from, shown to moderators.
    pub client_address: Option<String>,
    /// Whether its author asked to hear of replies by email.
    pub notify_replies: bool,
    /// The language of the author's widget (a BCP 47 tag), for the mails they get.
    pub lang: Option<String>,
}

/// The thread a comment belongs to; title and URL are kept when the thread is created.
#[derive(Debug, Clone)]
pub struct ThreadToStore {
    pub key: String,
    pub title: Option<String>,
    pub url: Option<String>,
}

/// A thread with every comment and every stored field, for exports.
#[derive(Debug, Clone)]
pub struct ExportedThread {
    pub key: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub locked: bool,
    /// Oldest first, so a parent always comes before its replies.
    pub comments: Vec<ExportedComment>,
}

/// One comment as stored.
#[derive(Debug, Clone)]
pub struct ExportedComment {
    pub id: CommentId,
    pub parent_id: Option<CommentId>,
    pub kind: CommentKind,
    /// As stored: published, pending, spam, deleted, removed or rejected.
    pub status: String,
    pub author_name: String,
    pub author_email: Option<String>,
    pub author_website: Option<String>,
    pub client_address: Option<String>,
    pub badge: Option<Badge>,
    pub body_markdown: String,
    pub body: Vec<Block>,
    /// Milliseconds since the Unix epoch.
    pub created_at: i64,
    pub edited_at: Option<i64>,
}

/// One comment of a thread stored in a single step with its siblings (demo data, imports).
#[derive(Debug, Clone)]
pub struct SeedComment {
    pub comment: CommentToStore,
    /// The position, in the same list, of the comment this one answers.
    pub parent_index: Option<usize>,
}

/// One thread of an import, its comments parents first.
#[derive(Debug, Clone)]
pub struct ThreadImport {
    pub thread: ThreadToStore,
    /// Whether the source had closed the thread; an import never reopens one.
    pub locked: bool,
    pub comments: Vec<CommentImport>,
}

/// One imported comment.
#[derive(Debug, Clone)]
pub struct CommentImport {
    /// Names the comment in its source; a comment with a stored reference is not stored again.
    pub import_ref: String,
    /// The position, in the same thread's list, of the comment this one answers.
    pub parent_index: Option<usize>,
    /// As storage records it: published, pending, spam, deleted, removed or rejected.
    pub status: &'static str,
    pub edited_at: Option<i64>,
    pub comment: CommentToStore,
}

/// What an import stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub new_threads: usize,
    pub comments: usize,
    pub already_present: usize,
}

/// Which comments a feed shows.
#[derive(Debug, Clone, Copy)]
pub enum FeedScope<'a> {
    /// The thread stored as this key.
    Thread(&'a str),
    /// Every thread whose stored key starts with this (one site's threads).
    Threads(&'a str),
}

/// A published comment for a feed, with the thread it belongs to.
#[derive(Debug, Clone)]
pub struct FeedEntry {
    pub thread_key: String,
    pub thread_title: Option<String>,
    pub thread_url: Option<String>,
    pub comment: wire::Comment,
}

/// Which page of a thread to read.
#[derive(Debug, Clone)]
pub struct PageRequest {
    pub sort: Sort,
    /// Top-level comments per page.
    pub limit: usize,
    pub position: PagePosition,
}

/// Where a page of top-level comments is.
#[derive(Debug, Clone, Copy)]
pub enum PagePosition {
    /// The first page.
    First,
    /// The page after a cursor.
    After(Cursor),
    /// The page before a cursor.
    Before(Cursor),
    /// The page holding a comment (pages counted from the start), with the replies on the
    /// way down to it.
    Around(CommentId),
    /// Every visible comment (`limit=all`), for threads of up to
    /// [`confab_api::limits::MAX_WHOLE_THREAD`] comments.
    Whole,
}

/// What proves an author's right to change their comment, and whether it still can be.
#[derive(Debug, Clone)]
pub struct Ownership {
    /// The hash of the comment's edit token (none for imported or seeded comments).
    pub edit_token_hash: Option<String>,
    /// When it was posted, in milliseconds since the epoch.
    pub created_at: i64,
    pub status: CommentStatus,
}

/// An `Idempotency-Key` and a hash of the request it came with.
#[derive(Debug, Clone)]
pub struct IdempotencyClaim {
    pub key: String,
    pub request_hash: String,
}

/// A stored comment, and whether it was stored by an earlier request with the same key.
#[derive(Debug, Clone)]
pub struct Inserted {
    pub comment: wire::Comment,
    pub replayed: bool,
    /// When the comment was first stored, in milliseconds since the epoch.
    pub created_at: i64,
}

/// The answer of a rate-limit bucket that several servers share.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SharedToken {
    /// This storage serves one server, which keeps its buckets itself.
    NotShared,
    /// A token was taken.
    Granted,
    /// The bucket is empty; one token is back after this long.
    Refused(std::time::Duration),
}

/// How long the same body in the same thread counts as a duplicate.
pub const DUPLICATE_WINDOW_MILLIS: i64 = 10 * 60 * 1000;

/// How long an idempotency key is remembered.
pub const IDEMPOTENCY_KEY_LIFETIME_MILLIS: i64 = 24 * 60 * 60 * 1000;

/// What can go wrong in storage that the caller can explain to the reader.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The parent comment does not exist.
    #[error("the comment you are replying to does not exist")]
    UnknownParent,
    /// The parent comment belongs to another thread.
    #[error("the comment you are replying to belongs to another page")]
    ParentInOtherThread,
    /// The reply would nest deeper than allowed.
    #[error(
        "replies cannot nest deeper than {} levels",
        confab_api::limits::MAX_DEPTH
    )]
    TooDeep,
    /// No comment the requested action applies to.
    #[error("there is no such comment to act on")]
    UnknownComment,
    /// The thread is locked: it takes no new comments.
    #[error("comments are closed on this page")]
    Locked,
    /// The same comment was posted in the same thread a moment ago.
    #[error("you already posted this comment here")]
    Duplicate,
    /// The idempotency key was used before with a different request.
    #[error("this Idempotency-Key was already used for a different comment")]
    IdempotencyMismatch,
    /// The thread is too big to be read whole.
    #[error(
        "this thread has {0} comments; threads of more than {max} are read in pages",
        max = confab_api::limits::MAX_WHOLE_THREAD
    )]
    TooBigToReadWhole(u64),
    /// A group commit failed; every comment in it is lost and its poster told so.
    #[error("the comment could not be stored: {0}")]
    CommitFailed(String),
    /// The database failed; never the reader's fault.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    /// The database to read from does not exist.
    #[error("{0}")]
    Missing(String),
    /// Stored data could not be read back (a bug or a damaged database).
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
}

/// Everything the HTTP API needs from a database.
#[async_trait]
pub trait Storage: Outbox + copy::TableCopy + Send + Sync + 'static {
    /// A page of thread `key`: top-level comments with the first of their replies, parents
    /// before children. A thread nobody commented on yet comes back empty, not as an error.
    async fn thread_page(
        &self,
        key: &str,
        request: &PageRequest,
    ) -> Result<wire::ThreadPage, StorageError>;

    /// Direct replies of comment `parent` after reply `after`; `None` for an unknown parent.
    async fn replies(
        &self,
        parent: CommentId,
        after: Option<CommentId>,
        limit: usize,
    ) -> Result<Option<wire::RepliesPage>, StorageError>;

    /// Visible comments of each thread in `keys` (0 for threads nobody commented on).
    async fn counts(&self, keys: &[String]) -> Result<BTreeMap<String, u32>, StorageError>;

    /// Stores one comment (creating its thread if needed) and returns it as readers see it.
    /// With a claim, a second call with the same key returns the first comment instead
    /// (or [`StorageError::IdempotencyMismatch`] when the request differs).
    async fn insert_comment(
        &self,
        comment: CommentToStore,
        claim: Option<IdempotencyClaim>,
    ) -> Result<Inserted, StorageError>;

    /// Stores a whole thread at once, unless `marker` says this was done before.
    /// Returns whether anything was stored.
    async fn seed_once(
        &self,
        marker: &str,
        comments: Vec<SeedComment>,
    ) -> Result<bool, StorageError>;

    /// Stores imported threads in one transaction: all of them, or nothing on failure.
    /// Comments whose reference is already stored are skipped (and answered to by their
    /// replies); existing threads and comments are kept.
    async fn import(&self, threads: Vec<ThreadImport>) -> Result<ImportCounts, StorageError>;

    /// What is needed to check an edit or delete of comment `id`; `None` if it is unknown.
    async fn ownership(&self, id: CommentId) -> Result<Option<Ownership>, StorageError>;

    /// Replaces the body of comment `id` and marks it edited; returns it as readers see it.
    async fn edit_body(
        &self,
        id: CommentId,
        markdown: &str,
        body: &[Block],
        edited_at: i64,
    ) -> Result<wire::Comment, StorageError>;

    /// Deletes comment `id`: its text and author details are erased, and it stays as a
    /// placeholder only while replies hang under it.
    async fn delete_comment(&self, id: CommentId) -> Result<(), StorageError>;

    /// Comments `ids` in any state but deleted, each with the hash of its edit token.
    async fn comments_with_token_hashes(
        &self,
        ids: &[CommentId],
    ) -> Result<Vec<(wire::Comment, Option<String>)>, StorageError>;

    /// Held (`Pending`) or `Spam` comments across threads, newest first; with `search`,
    /// only those whose author name, email or text contains it.
    async fn queue(
        &self,
        status: CommentStatus,
        search: Option<&str>,
        limit: usize,
    ) -> Result<Vec<wire::ModeratedComment>, StorageError>;

    /// Whether the author with this avatar seed has a published comment (first-time
    /// moderation holds only those who have none).
    async fn has_approved_comment(&self, avatar_seed: &str) -> Result<bool, StorageError>;

    /// Stores a moderator's login session until `expires_at` (milliseconds).
    async fn create_session(
        &self,
        token_hash: &str,
        moderator: &str,
        expires_at: i64,
    ) -> Result<(), StorageError>;

    /// The moderator whose unexpired session this is.
    async fn session_moderator(&self, token_hash: &str) -> Result<Option<String>, StorageError>;

    /// Ends a session (logging out).
    async fn delete_session(&self, token_hash: &str) -> Result<(), StorageError>;

    /// Counts a login attempt at `now` against each of `keys` (a login name, a client),
    /// before its password is checked, so that attempts made at once all count. Returns
    /// when the latest window began in which one of them has now made more than `allowed`
    /// attempts (the attempt is then refused); a window lasts `window` milliseconds from
    /// its first attempt.
    async fn count_login_attempt(
        &self,
        keys: &[String],
        allowed: u32,
        window: i64,
        now: i64,
    ) -> Result<Option<i64>, StorageError>;

    /// Takes back the attempt of a login that succeeded: only failures count.
    async fn login_succeeded(&self, keys: &[String]) -> Result<(), StorageError>;

    /// Applies `action` to comment `id` and records who did it; `UnknownComment` if there
    /// is no comment the action applies to.
    async fn moderate(
        &self,
        id: CommentId,
        action: wire::ModerationAction,
        actor: &str,
    ) -> Result<(), StorageError>;

    /// Records a moderation action that is not about one comment (like a lock).
    async fn record(&self, actor: &str, action: &str, thread: &str) -> Result<(), StorageError>;

    /// The latest moderation actions, newest first.
    async fn moderation_log(&self, limit: usize) -> Result<Vec<wire::LogEntry>, StorageError>;

    /// Locks (or unlocks) thread `key`, creating it if nobody commented on it yet.
    async fn set_locked(&self, key: &str, locked: bool) -> Result<(), StorageError>;

    /// The latest published comments of `scope`, newest first, for feeds.
    async fn feed(
        &self,
        scope: FeedScope<'_>,
        limit: usize,
    ) -> Result<Vec<FeedEntry>, StorageError>;

    /// Every thread (or the one stored as `key`) with all its comments, for exports.
    async fn export(&self, key: Option<&str>) -> Result<Vec<ExportedThread>, StorageError>;

    /// A number that changes whenever a write through this handle may have changed what
    /// readers see (answers cached under an older number are stale).
    fn generation(&self) -> u64;

    /// Takes one token from bucket `key`, which holds at most `capacity` tokens and gains
    /// `per_second`, when several servers share this storage (and so must share their rate
    /// limits); [`SharedToken::NotShared`] when one server keeps its own buckets.
    async fn take_shared_token(
        &self,
        key: &str,
        capacity: f64,
        per_second: f64,
    ) -> Result<SharedToken, StorageError>;

    /// The server's secret key (avatar seeds, derived edit tokens), created on first use.
    async fn server_key(&self) -> Result<String, StorageError>;
}

/// Formats milliseconds since the epoch as RFC 3339 in UTC, as the wire carries times.
pub fn rfc3339(millis: i64) -> String {
    let nanos = i128::from(millis) * 1_000_000;
    time::OffsetDateTime::from_unix_timestamp_nanos(nanos)
        .ok()
        .and_then(|at| {
            at.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// The current time in milliseconds since the epoch.
pub fn now_millis() -> i64 {
    let nanos = time::OffsetDateTime::now_utc().unix_timestamp_nanos();
    i64::try_from(nanos / 1_000_000).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests;
