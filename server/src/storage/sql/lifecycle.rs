//! One comment's life after it is posted: edits and deletions, each in one transaction
//! with the outbox event that tells readers, mail and webhooks.

use super::Store;
use super::outbox::record_event;
use super::rows::stored_comment;
use super::rows::{COMMENT_COLUMNS, CommentRow, comment_columns_of, from_label, has_duplicate};
use super::{Conn, Pool};
use crate::storage::outbox::EventKind;
use crate::storage::{
    AuthoredComment, CommentEdit, CommentToStore, Comments, DUPLICATE_WINDOW_MILLIS,
    IdempotencyClaim, Inserted, Ownership,
};
use crate::storage::{StorageError, now_millis};
use async_trait::async_trait;
use confab_api::{self as wire, CommentId};

/// Replaces the body of comment `id` and marks it edited, refusing the text of another
/// comment of the same thread posted or changed a moment ago; a comment whose new text
/// a moderator must see goes back to the queue (readers stop seeing it, the owners hear
/// of it). Records the change.
pub async fn edit_body(
    writer: &Pool,
    id: CommentId,
    edit: &CommentEdit<'_>,
) -> Result<wire::Comment, StorageError> {
    let tree = serde_json::to_string(edit.body)
        .map_err(|error| StorageError::Corrupt(format!("body does not serialise: {error}")))?;
    let mut tx = super::begin_recording(writer).await?;
    let (thread_id, before): (i64, String) =
        sqlx::query_as("SELECT thread_id, status FROM comments WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StorageError::UnknownComment)?;
    let since = edit.edited_at - DUPLICATE_WINDOW_MILLIS;
    if has_duplicate(&mut tx, thread_id, edit.markdown, since, Some(id)).await? {
        return Err(StorageError::Duplicate);
    }
    let held_again = edit.hold && before == "published";
    super::versions::keep_current(&mut tx, id, edit.edited_at).await?;
    sqlx::query(
        "UPDATE comments SET body_markdown = $1, body_tree = $2, edited_at = $3, edited_by = NULL, \
         status = CASE WHEN $4 THEN 'pending' ELSE status END WHERE id = $5",
    )
    .bind(edit.markdown)
    .bind(tree)
    .bind(edit.edited_at)
    .bind(held_again)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let edited = stored_comment(&mut tx, id, false).await?;
    if held_again {
        record_event(
            &mut tx,
            EventKind::Held,
            id,
            Some("published"),
            edit.edited_at,
        )
        .await?;
    } else {
        record_event(&mut tx, EventKind::Edited, id, None, edit.edited_at).await?;
    }
    tx.commit().await?;
    Ok(edited.comment)
}

/// Deletes comment `id`: its text and author are erased; it stays as a placeholder only
/// while visible replies hang under it (and so, in turn, may its deleted parent).
pub async fn delete(writer: &Pool, id: CommentId) -> Result<(), StorageError> {
    let mut tx = super::begin_recording(writer).await?;
    let before: Option<String> = sqlx::query_scalar("SELECT status FROM comments WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE comments SET status = 'deleted', body_markdown = '', body_tree = '[]', \
         author_name = '', author_email = NULL, author_website = NULL, badge = NULL, \
         edit_token_hash = NULL, rule_note = NULL WHERE id = $1",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    super::versions::forget(&mut tx, id).await?;
    record_removal(&mut tx, id, before.as_deref()).await?;
    // A deleted comment with nothing visible under it is removed from view, and so,
    // in turn, may be its deleted parent.
    let mut current = Some(id);
    while let Some(id) = current {
        let removed = sqlx::query(
            "UPDATE comments SET status = 'removed' WHERE id = $1 AND status = 'deleted' \
             AND NOT EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = comments.id \
             AND r.status IN ('published', 'deleted'))",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        current = if removed == 0 {
            None
        } else {
            sqlx::query_scalar("SELECT parent_id FROM comments WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?
        };
    }
    tx.commit().await?;
    Ok(())
}

/// Records that comment `id`, which had status `before`, left the readers' view.
pub(super) async fn record_removal(
    conn: &mut Conn,
    id: CommentId,
    before: Option<&str>,
) -> Result<(), StorageError> {
    record_event(conn, EventKind::Deleted, id, before, now_millis()).await
}

/// Whether this author (by avatar seed) has a published comment in a thread whose key
/// starts with `thread_prefix` (site names hold no `LIKE` wildcards).
pub async fn has_approved_comment(
    pool: &Pool,
    avatar_seed: &str,
    thread_prefix: &str,
) -> Result<bool, StorageError> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT c.id FROM comments c JOIN threads t ON t.id = c.thread_id \
         WHERE c.avatar_seed = $1 AND c.status = 'published' AND t.key LIKE $2 LIMIT 1",
    )
    .bind(avatar_seed)
    .bind(format!("{thread_prefix}%"))
    .fetch_optional(pool)
    .await?;
    Ok(found.is_some())
}

#[async_trait]
impl Comments for Store {
    async fn forget_client_addresses(&self, before: i64) -> Result<u64, StorageError> {
        let done = sqlx::query(
            "UPDATE comments SET client_address = NULL \
             WHERE client_address IS NOT NULL AND created_at < $1",
        )
        .bind(before)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected())
    }

    async fn insert_comment(
        &self,
        comment: CommentToStore,
        claim: Option<IdempotencyClaim>,
    ) -> Result<Inserted, StorageError> {
        // The committing task counts the write, even if this caller is gone by then.
        self.posts.insert(comment, claim).await
    }

    async fn ownership(&self, id: CommentId) -> Result<Option<Ownership>, StorageError> {
        type Row = (
            Option<String>,
            i64,
            String,
            String,
            String,
            Option<String>,
            bool,
            Option<String>,
        );
        let row: Option<Row> = sqlx::query_as(
            "SELECT c.edit_token_hash, c.created_at, c.status, t.key, c.avatar_seed, c.badge, \
             c.author_email IS NOT NULL, c.author_identity FROM comments c JOIN threads t ON t.id = c.thread_id \
             WHERE c.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.writer)
        .await?;
        row.map(
            |(
                edit_token_hash,
                created_at,
                status,
                thread_key,
                avatar_seed,
                badge,
                has_email,
                author_identity,
            )| {
                // A comment removed from view, or rejected by a moderator, is to its author
                // simply deleted.
                // A shadow-banned one looks published to them.
                let shadow = status == "shadow";
                let status = match status.as_str() {
                    "removed" | "rejected" => "deleted",
                    "shadow" => "published",
                    status => status,
                };
                let status = from_label(status).map_err(|error| {
                    StorageError::Corrupt(format!("comment {id}: status: {error}"))
                })?;
                Ok(Ownership {
                    edit_token_hash,
                    created_at,
                    status,
                    thread_key,
                    avatar_seed,
                    has_email,
                    has_badge: badge.is_some(),
                    author_identity,
                    shadow,
                })
            },
        )
        .transpose()
    }

    async fn edit_body(
        &self,
        id: CommentId,
        edit: &CommentEdit<'_>,
    ) -> Result<wire::Comment, StorageError> {
        let edited = edit_body(&self.writer, id, edit).await?;
        self.changed().await;
        Ok(edited)
    }

    async fn delete_comment(&self, id: CommentId) -> Result<(), StorageError> {
        delete(&self.writer, id).await?;
        self.changed().await;
        Ok(())
    }

    async fn comments_with_token_hashes(
        &self,
        ids: &[CommentId],
    ) -> Result<Vec<(wire::Comment, Option<String>)>, StorageError> {
        let mut found = Vec::with_capacity(ids.len());
        for &id in ids {
            let row: Option<CommentRow> = sqlx::query_as(&format!(
                "SELECT {COMMENT_COLUMNS}, edit_token_hash FROM comments \
                 WHERE id = $1 AND status IN ('published', 'pending', 'spam', 'shadow')"
            ))
            .bind(id)
            .fetch_optional(&self.reader)
            .await?;
            if let Some(row) = row {
                let hash = row.edit_token_hash.clone();
                found.push((row.into_wire(0)?, hash));
            }
        }
        Ok(found)
    }

    async fn comments_by_identity(
        &self,
        thread_key: &str,
        identity: &str,
        limit: usize,
    ) -> Result<Vec<AuthoredComment>, StorageError> {
        let columns = comment_columns_of("c");
        let rows: Vec<CommentRow> = sqlx::query_as(&format!(
            "SELECT {columns}, c.body_markdown FROM comments c \
             JOIN threads t ON t.id = c.thread_id \
             WHERE t.key = $1 AND c.author_identity = $2 \
             AND c.status IN ('published', 'pending', 'spam', 'shadow') \
             ORDER BY c.created_at DESC, c.id DESC LIMIT $3"
        ))
        .bind(thread_key)
        .bind(identity)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&self.reader)
        .await?;
        rows.into_iter()
            .map(|mut row| {
                let (markdown, created_at) = (row.body_markdown.take(), row.created_at);
                Ok(AuthoredComment {
                    comment: row.into_wire(0)?,
                    markdown: markdown.unwrap_or_default(),
                    created_at,
                })
            })
            .collect()
    }

    async fn has_approved_comment(
        &self,
        avatar_seed: &str,
        thread_prefix: &str,
    ) -> Result<bool, StorageError> {
        has_approved_comment(&self.reader, avatar_seed, thread_prefix).await
    }
}
