//! Earlier versions of comments: each edit keeps the version it replaces, moderators read
//! them, a moderator's edit writes a new one, and deleting a comment forgets them all.

use super::outbox::record_event;
use super::{Conn, Pool};
use crate::storage::outbox::EventKind;
use crate::storage::{ModeratorChange, StorageError, rfc3339};
use confab_api::{self as wire, CommentId};
use sqlx::FromRow;

/// Keeps the current text and author fields of comment `id` as an earlier version,
/// replaced at `replaced_at` (milliseconds), before an edit changes them.
pub(super) async fn keep_current(
    conn: &mut Conn,
    id: CommentId,
    replaced_at: i64,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO comment_versions (comment_id, written_at, written_by, author_name, \
         author_email, author_website, body_markdown, replaced_at) \
         SELECT id, COALESCE(edited_at, created_at), edited_by, author_name, author_email, \
         author_website, body_markdown, $2 FROM comments WHERE id = $1",
    )
    .bind(id)
    .bind(replaced_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Forgets every earlier version of comment `id` (it was deleted or erased).
pub(super) async fn forget(conn: &mut Conn, id: CommentId) -> Result<(), StorageError> {
    sqlx::query("DELETE FROM comment_versions WHERE comment_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Writes a moderator's version of comment `id` (published, held or spam), keeping the one
/// it replaces, and logs it; readers of a published comment hear of the change.
pub async fn edit_as_moderator(
    writer: &Pool,
    id: CommentId,
    change: &ModeratorChange<'_>,
    actor: &str,
) -> Result<(), StorageError> {
    let tree = serde_json::to_string(change.body)
        .map_err(|error| StorageError::Corrupt(format!("body does not serialise: {error}")))?;
    let mut tx = super::begin_recording(writer).await?;
    let status: Option<String> = sqlx::query_scalar("SELECT status FROM comments WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(status) = status
        .filter(|status| matches!(status.as_str(), "published" | "pending" | "spam" | "shadow"))
    else {
        return Err(StorageError::UnknownComment);
    };
    keep_current(&mut tx, id, change.edited_at).await?;
    sqlx::query(
        "UPDATE comments SET body_markdown = $1, body_tree = $2, author_name = $3, \
         author_email = $4, author_website = $5, avatar_seed = $6, edited_at = $7, \
         edited_by = $8 WHERE id = $9",
    )
    .bind(change.markdown)
    .bind(tree)
    .bind(change.author_name)
    .bind(change.author_email)
    .bind(change.author_website)
    .bind(change.avatar_seed)
    .bind(change.edited_at)
    .bind(actor)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    super::moderation_log::record(&mut tx, actor, "edit", Some(id), None).await?;
    if status == "published" {
        record_event(&mut tx, EventKind::Edited, id, None, change.edited_at).await?;
    }
    tx.commit().await?;
    Ok(())
}

#[derive(FromRow)]
struct VersionRow {
    written_at: i64,
    written_by: Option<String>,
    author_name: String,
    author_email: Option<String>,
    author_website: Option<String>,
    body_markdown: String,
}

impl From<VersionRow> for wire::CommentVersion {
    fn from(row: VersionRow) -> Self {
        Self {
            written_at: rfc3339(row.written_at),
            written_by: row.written_by,
            author_name: row.author_name,
            author_email: row.author_email,
            author_website: row.author_website,
            body: row.body_markdown,
        }
    }
}

/// The version of comment `id` readers see now and the earlier ones, newest first.
pub async fn versions(
    pool: &Pool,
    id: CommentId,
) -> Result<Option<wire::CommentVersions>, StorageError> {
    let current: Option<VersionRow> = sqlx::query_as(
        "SELECT COALESCE(edited_at, created_at) AS written_at, edited_by AS written_by, \
         author_name, author_email, author_website, body_markdown FROM comments WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some(current) = current else {
        return Ok(None);
    };
    let earlier: Vec<VersionRow> = sqlx::query_as(
        "SELECT written_at, written_by, author_name, author_email, author_website, \
         body_markdown FROM comment_versions WHERE comment_id = $1 ORDER BY id DESC",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(Some(wire::CommentVersions {
        current: current.into(),
        earlier: earlier.into_iter().map(Into::into).collect(),
    }))
}
