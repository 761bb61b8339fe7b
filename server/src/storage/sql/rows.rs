//! Rows of the tables, their conversion to wire types, and the queries that
//! several storage operations share.

use super::Conn;
use crate::storage::{CommentToStore, Inserted, StorageError, ThreadToStore, now_millis, rfc3339};
use confab_api::{self as wire, CommentId, limits::MAX_DEPTH};
use sqlx::FromRow;

#[derive(FromRow)]
pub struct ThreadRow {
    pub id: i64,
    pub key: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub locked: bool,
    /// Readers' reactions to the page, as stored ([`reaction_totals`]).
    #[sqlx(default)]
    pub reactions: String,
}

#[derive(FromRow)]
pub struct CommentRow {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub kind: String,
    pub status: String,
    pub author_name: String,
    pub author_website: Option<String>,
    pub avatar_seed: String,
    pub badge: Option<String>,
    pub body_tree: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    #[sqlx(default)]
    pub reply_count: i64,
    #[sqlx(default)]
    pub edit_token_hash: Option<String>,
    #[sqlx(default)]
    pub body_markdown: Option<String>,
    #[sqlx(default)]
    pub up_votes: i64,
    #[sqlx(default)]
    pub down_votes: i64,
    /// The votes' rank `sort=best` orders by, as stored.
    #[sqlx(default)]
    pub score_rank: i64,
    #[sqlx(default)]
    pub pinned_at: Option<i64>,
    /// The moderator who wrote the current version, if one did.
    #[sqlx(default)]
    pub edited_by: Option<String>,
    /// Readers' reactions, as stored ([`reaction_totals`]).
    #[sqlx(default)]
    pub reactions: String,
}

pub const COMMENT_COLUMNS: &str = "id, parent_id, kind, status, author_name, author_website, \
     avatar_seed, badge, body_tree, created_at, edited_at, up_votes, down_votes, score_rank, pinned_at, \
     reactions, edited_by";

/// [`COMMENT_COLUMNS`] of the table called `table` in a query that joins others.
pub fn comment_columns_of(table: &str) -> String {
    COMMENT_COLUMNS
        .split(", ")
        .map(|column| format!("{table}.{}", column.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

impl CommentRow {
    pub fn into_wire(self, reply_count: u32) -> Result<wire::Comment, StorageError> {
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
            // Shadow-banned: shown only to its author, as published.
            status: match self.status.as_str() {
                "shadow" => wire::CommentStatus::Published,
                status => from_label(status).map_err(|e| corrupt("status", e))?,
            },
            reply_count,
            up: u32::try_from(self.up_votes).unwrap_or(0),
            down: u32::try_from(self.down_votes).unwrap_or(0),
            pinned: self.pinned_at.is_some(),
            edited_by_moderator: self.edited_by.is_some(),
            reactions: reaction_totals(&self.reactions)?,
        })
    }

    /// The comment as a deleted one is shown: where it stood, nothing of what it said or
    /// who wrote it (also for one hidden as spam).
    pub fn into_erased(self) -> Result<wire::Comment, StorageError> {
        let kind = from_label(&self.kind).map_err(|error| {
            StorageError::Corrupt(format!("comment {}: kind: {error}", self.id))
        })?;
        Ok(wire::Comment {
            id: self.id,
            parent_id: self.parent_id,
            kind,
            author: wire::Author {
                name: String::new(),
                website: None,
                avatar_seed: String::new(),
                badge: None,
            },
            body: Vec::new(),
            created_at: rfc3339(self.created_at),
            edited_at: None,
            status: wire::CommentStatus::Deleted,
            reply_count: 0,
            up: 0,
            down: 0,
            pinned: false,
            edited_by_moderator: false,
            reactions: wire::Reactions::default(),
        })
    }
}

/// Reaction totals as stored: JSON (`{"👍":3}`), or nothing for none.
pub fn reaction_totals(stored: &str) -> Result<wire::Reactions, StorageError> {
    if stored.is_empty() {
        return Ok(wire::Reactions::default());
    }
    serde_json::from_str(stored)
        .map_err(|error| StorageError::Corrupt(format!("reaction totals {stored:?}: {error}")))
}

/// How reaction totals are stored.
pub fn stored_reaction_totals(totals: &wire::Reactions) -> String {
    if totals.is_empty() {
        String::new()
    } else {
        serde_json::to_string(totals).unwrap_or_default()
    }
}

/// Reads a snake_case enum label stored as plain text.
pub fn from_label<T: serde::de::DeserializeOwned>(label: &str) -> Result<T, serde_json::Error> {
    serde_json::from_value(serde_json::Value::String(label.to_owned()))
}

/// The plain-text label of a snake_case enum, for storage.
pub fn label<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(label)) => label,
        _ => unreachable!("wire enums serialise to strings"),
    }
}

/// Comment `id` as readers see it, with its reply count and when it was stored.
pub async fn stored_comment(
    conn: &mut Conn,
    id: CommentId,
    replayed: bool,
) -> Result<Inserted, StorageError> {
    let row: CommentRow = sqlx::query_as(&format!(
        "SELECT {COMMENT_COLUMNS}, \
         (SELECT COUNT(*) FROM comments AS replies WHERE replies.parent_id = comments.id \
          AND replies.status = 'published') AS reply_count \
         FROM comments WHERE id = $1"
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

/// Comment `id`, just stored from `comment`, as readers see it (it has no replies yet).
pub fn fresh_comment(id: CommentId, comment: &CommentToStore) -> wire::Comment {
    wire::Comment {
        id,
        parent_id: comment.parent_id,
        kind: comment.kind,
        author: wire::Author {
            name: comment.author_name.clone(),
            website: comment.author_website.clone(),
            avatar_seed: comment.avatar_seed.clone(),
            badge: comment.badge,
        },
        body: comment.body.clone(),
        created_at: rfc3339(comment.created_at),
        edited_at: None,
        status: comment.status,
        reply_count: 0,
        up: comment.up_votes,
        down: comment.down_votes,
        pinned: false,
        edited_by_moderator: false,
        reactions: Default::default(),
    }
}

/// The id of the thread `thread.key`, creating the thread with its title and URL if needed.
pub async fn thread_id_creating(
    conn: &mut Conn,
    thread: &ThreadToStore,
) -> Result<i64, StorageError> {
    sqlx::query(
        "INSERT INTO threads (key, title, url, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (key) DO NOTHING",
    )
    .bind(&thread.key)
    .bind(&thread.title)
    .bind(&thread.url)
    .bind(now_millis())
    .execute(&mut *conn)
    .await?;
    let id = sqlx::query_scalar("SELECT id FROM threads WHERE key = $1")
        .bind(&thread.key)
        .fetch_one(&mut *conn)
        .await?;
    Ok(id)
}

/// The duplicate rule: whether another comment of thread `thread_id`, published or held,
/// has the text `markdown` and was posted after `since` (or, for the edit of comment
/// `edited`, posted or changed after it; a comment is no duplicate of itself). Looked up
/// through the index on the text's first 64 characters.
pub async fn has_duplicate(
    conn: &mut Conn,
    thread_id: i64,
    markdown: &str,
    since: i64,
    edited: Option<CommentId>,
) -> Result<bool, StorageError> {
    let (recent, other) = match edited {
        None => ("created_at > $3", ""),
        Some(_) => ("COALESCE(edited_at, created_at) > $3", " AND id <> $4"),
    };
    let query = format!(
        "SELECT id FROM comments {} WHERE thread_id = $1 \
         AND substr(body_markdown, 1, 64) = substr($2, 1, 64) AND body_markdown = $2 \
         AND {recent}{other} AND status IN ('published', 'pending') LIMIT 1",
        super::indexed_by("comments_duplicates")
    );
    let mut select = sqlx::query_scalar::<_, i64>(&query)
        .bind(thread_id)
        .bind(markdown)
        .bind(since);
    if let Some(id) = edited {
        select = select.bind(id);
    }
    Ok(select.fetch_optional(&mut *conn).await?.is_some())
}

/// Which parents a new comment may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parents {
    /// Only those readers see (published, or a deleted one's placeholder): a reader's post.
    Visible,
    /// Any comment of the thread: an import keeps its source's conversations.
    Any,
}

/// Inserts `comment` into thread `thread_id` after checking its parent; returns its id. A
/// parent that is missing, in another thread or not allowed is "unknown" alike, so the
/// answer tells nothing of other threads' comments.
pub async fn insert_into(
    conn: &mut Conn,
    thread_id: i64,
    comment: &CommentToStore,
    parents: Parents,
) -> Result<CommentId, StorageError> {
    let depth = match comment.parent_id {
        None => 0,
        Some(parent_id) => {
            let parent: Option<(i64, i64, String)> =
                sqlx::query_as("SELECT thread_id, depth, status FROM comments WHERE id = $1")
                    .bind(parent_id)
                    .fetch_optional(&mut *conn)
                    .await?;
            let (parent_thread, parent_depth, status) =
                parent.ok_or(StorageError::UnknownParent)?;
            // A reply to a shadow-banned comment is stored as spam, then set apart with it.
            let visible = matches!(status.as_str(), "published" | "deleted")
                || (status == "shadow" && comment.status == wire::CommentStatus::Spam);
            if parent_thread != thread_id || (parents == Parents::Visible && !visible) {
                return Err(StorageError::UnknownParent);
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
         author_website, avatar_seed, badge, body_markdown, body_tree, edit_token_hash, created_at, \
         status, client_address, notify_replies, lang, author_identity, author_voter, up_votes, \
         down_votes, score_rank, reactions) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
         $19, $20, $21, $22, $23) \
         RETURNING id",
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
    .bind(label(&comment.status))
    .bind(&comment.client_address)
    .bind(comment.notify_replies)
    .bind(&comment.lang)
    .bind(&comment.author_identity)
    .bind(&comment.author_voter)
    .bind(i64::from(comment.up_votes))
    .bind(i64::from(comment.down_votes))
    .bind(wire::votes::wilson_rank(comment.up_votes, comment.down_votes))
    .bind(stored_reaction_totals(&comment.reactions))
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// The condition that a thread's key starts with one of `prefixes` (a moderator's sites;
/// none: every thread), bound from placeholder `$first` on, in their order.
pub fn among_sites(prefixes: Option<&[String]>, first: usize) -> String {
    prefixes.map_or_else(
        || "TRUE".to_owned(),
        |prefixes| {
            let placeholders: Vec<String> = (first..first + prefixes.len())
                .map(|n| format!("${n}"))
                .collect();
            key_starts_with_any(&placeholders)
        },
    )
}

/// The condition that a thread's key starts with the text bound to one of `placeholders`
/// (`$4`); none can hold when there are none.
pub fn key_starts_with_any(placeholders: &[String]) -> String {
    if placeholders.is_empty() {
        return "FALSE".to_owned();
    }
    let each: Vec<String> = placeholders
        .iter()
        .map(|n| format!("substr(threads.key, 1, length({n})) = {n}"))
        .collect();
    format!("({})", each.join(" OR "))
}
