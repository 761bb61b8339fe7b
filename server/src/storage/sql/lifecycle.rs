//! One comment's life after it is posted: edits, deletions and moderation, each
//! in one transaction with the outbox event that tells readers, mail and webhooks.

use super::moderation;
use super::outbox::record_event;
use super::rows::stored_comment;
use super::{Conn, Pool};
use crate::storage::outbox::EventKind;
use crate::storage::{StorageError, now_millis};
use confab_api::{self as wire, Block, CommentId};

/// Replaces the body of comment `id`, marks it edited, and records the change.
pub async fn edit_body(
    writer: &Pool,
    id: CommentId,
    markdown: &str,
    body: &[Block],
    edited_at: i64,
) -> Result<wire::Comment, StorageError> {
    let tree = serde_json::to_string(body)
        .map_err(|error| StorageError::Corrupt(format!("body does not serialise: {error}")))?;
    let mut tx = super::begin_recording(writer).await?;
    sqlx::query(
        "UPDATE comments SET body_markdown = $1, body_tree = $2, edited_at = $3 WHERE id = $4",
    )
    .bind(markdown)
    .bind(tree)
    .bind(edited_at)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let edited = stored_comment(&mut tx, id, false).await?;
    record_event(&mut tx, EventKind::Edited, id, None, edited_at).await?;
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
         edit_token_hash = NULL WHERE id = $1",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
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

/// Applies `action` to comment `id` and logs who did it; readers hear of an approval, and
/// of a published comment marked as spam (gone for them).
pub async fn moderate(
    writer: &Pool,
    id: CommentId,
    action: wire::ModerationAction,
    actor: &str,
) -> Result<(), StorageError> {
    if action == wire::ModerationAction::Delete {
        let exists: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM comments WHERE id = $1 AND status NOT IN ('deleted', 'removed')",
        )
        .bind(id)
        .fetch_optional(writer)
        .await?;
        if exists.is_none() {
            return Err(StorageError::UnknownComment);
        }
        delete(writer, id).await?;
        let mut conn = writer.acquire().await?;
        return moderation::record(&mut conn, actor, action.as_str(), Some(id), None).await;
    }
    let mut tx = super::begin_recording(writer).await?;
    let before: Option<String> = sqlx::query_scalar("SELECT status FROM comments WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    moderation::moderate(&mut tx, id, action).await?;
    if action == wire::ModerationAction::Spam && before.as_deref() == Some("published") {
        // Readers saw it: for them it is gone, as if deleted.
        record_removal(&mut tx, id, before.as_deref()).await?;
    }
    moderation::record(&mut tx, actor, action.as_str(), Some(id), None).await?;
    if action == wire::ModerationAction::Approve {
        record_event(&mut tx, EventKind::Approved, id, None, now_millis()).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Records that comment `id`, which had status `before`, left the readers' view.
async fn record_removal(
    conn: &mut Conn,
    id: CommentId,
    before: Option<&str>,
) -> Result<(), StorageError> {
    record_event(conn, EventKind::Deleted, id, before, now_millis()).await
}
