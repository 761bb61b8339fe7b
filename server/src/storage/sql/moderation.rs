//! Moderation: the actions on one comment, locks and titles, and the log of who did
//! what (the comment list itself is in `comment_list`).

use super::moderation_log::{log, record};
use super::outbox::record_event;
use super::{Conn, Pool};
use super::{Store, lifecycle};
use crate::storage::Moderators;
use crate::storage::listing::{CommentFilter, ListPosition};
use crate::storage::outbox::EventKind;
use crate::storage::{Learned, ModeratorChange, StorageError, now_millis};
use async_trait::async_trait;
use confab_api::{self as wire, CommentId, ModerationAction};

/// Takes what is left of a deleted comment's author off it (the client address, the
/// identity, the voter key and the avatar), and the copies of it in mails: those not yet
/// sent never will be, and those sent keep only who they went to.
async fn erase(conn: &mut Conn, id: CommentId) -> Result<(), StorageError> {
    // What it taught the spam filter goes too (its features name its author's domains).
    super::filter::learn(conn, id, None).await?;
    sqlx::query(
        "UPDATE comments SET client_address = NULL, author_identity = NULL, author_voter = NULL, \
         avatar_seed = '', author_name = '', author_email = NULL, author_website = NULL, \
         body_markdown = '', body_tree = '[]', lang = NULL, rule_note = NULL WHERE id = $1",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE deliveries SET payload = '', \
         gave_up_at = CASE WHEN sent_at IS NULL THEN COALESCE(gave_up_at, $2) ELSE gave_up_at END, \
         last_error = CASE WHEN sent_at IS NULL THEN 'erased' ELSE last_error END \
         WHERE comment_id = $1",
    )
    .bind(id)
    .bind(now_millis())
    .execute(&mut *conn)
    .await?;
    super::versions::forget(conn, id).await
}

/// Erases what is left of one commenter (by lower-cased `email` or `identity`) on the
/// threads whose key starts with `site` in comments no list shows: rejected, deleted and
/// removed ones (a deleted one keeps its address, identity and avatar until erased).
/// Returns how many were erased.
pub async fn erase_remains(
    writer: &Pool,
    email: Option<&str>,
    identity: Option<&str>,
    site: &str,
) -> Result<u64, StorageError> {
    let mut tx = writer.begin().await?;
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT comments.id FROM comments JOIN threads ON threads.id = comments.thread_id \
         WHERE comments.status IN ('rejected', 'deleted', 'removed') \
         AND (lower(comments.author_email) = $1 OR comments.author_identity = $2) \
         AND substr(threads.key, 1, length($3)) = $3",
    )
    .bind(email)
    .bind(identity)
    .bind(site)
    .fetch_all(&mut *tx)
    .await?;
    for &id in &ids {
        erase(&mut tx, id).await?;
    }
    tx.commit().await?;
    Ok(ids.len() as u64)
}

/// Changes the status of comment `id` as `action` says, inside the caller's transaction.
async fn change_status(
    conn: &mut Conn,
    id: CommentId,
    action: ModerationAction,
) -> Result<(), StorageError> {
    let (new_status, from) = match action {
        ModerationAction::Approve => ("published", "('pending', 'spam', 'shadow')"),
        ModerationAction::Reject => ("rejected", "('pending', 'shadow')"),
        ModerationAction::Spam => ("spam", "('pending', 'published', 'shadow')"),
        ModerationAction::Delete | ModerationAction::Erase => {
            unreachable!("deleting and erasing go through lifecycle::delete")
        }
    };
    let changed = sqlx::query(&format!(
        "UPDATE comments SET status = $1 WHERE id = $2 AND status IN {from}"
    ))
    .bind(new_status)
    .bind(id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(StorageError::UnknownComment);
    }
    if action == ModerationAction::Approve {
        // A deleted parent that was removed from view for want of visible replies has one
        // again: it comes back as a placeholder, and so do its removed ancestors.
        let mut current: Option<i64> =
            sqlx::query_scalar("SELECT parent_id FROM comments WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *conn)
                .await?;
        while let Some(parent) = current {
            let revived = sqlx::query(
                "UPDATE comments SET status = 'deleted' WHERE id = $1 AND status = 'removed'",
            )
            .bind(parent)
            .execute(&mut *conn)
            .await?
            .rows_affected();
            current = if revived == 0 {
                None
            } else {
                sqlx::query_scalar("SELECT parent_id FROM comments WHERE id = $1")
                    .bind(parent)
                    .fetch_one(&mut *conn)
                    .await?
            };
        }
    }
    Ok(())
}

/// Applies `action` to comment `id` and logs who did it; readers hear of an approval, and
/// of a published comment marked as spam (gone for them).
pub async fn moderate(
    writer: &Pool,
    id: CommentId,
    action: wire::ModerationAction,
    actor: &str,
    seen: Option<i64>,
) -> Result<(), StorageError> {
    if matches!(
        action,
        wire::ModerationAction::Delete | wire::ModerationAction::Erase
    ) {
        let status: Option<String> =
            sqlx::query_scalar("SELECT status FROM comments WHERE id = $1")
                .bind(id)
                .fetch_optional(writer)
                .await?;
        let shown = status
            .as_deref()
            .is_some_and(|status| !matches!(status, "deleted" | "removed"));
        // A deleted comment can still be erased (its address and identity go too).
        if status.is_none() || (action == wire::ModerationAction::Delete && !shown) {
            return Err(StorageError::UnknownComment);
        }
        if shown {
            lifecycle::delete(writer, id).await?;
        }
        let mut conn = writer.acquire().await?;
        if action == wire::ModerationAction::Erase {
            erase(&mut conn, id).await?;
        }
        return record(&mut conn, actor, action.as_str(), Some(id), None).await;
    }
    let mut tx = super::begin_recording(writer).await?;
    let found: Option<(String, i64)> =
        sqlx::query_as("SELECT status, COALESCE(edited_at, 0) FROM comments WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let before = found.as_ref().map(|(status, _)| status.as_str());
    let version = found.as_ref().map(|(_, version)| *version);
    if action == wire::ModerationAction::Approve
        && let Some(seen) = seen
        && version.is_some_and(|version| version != seen)
    {
        return Err(StorageError::ChangedSince);
    }
    change_status(&mut tx, id, action).await?;
    // The site's spam filter learns from the decision (a spam comment approved after all
    // is taken back from spam).
    let learned = match action {
        ModerationAction::Spam => Learned::Spam,
        _ => Learned::Good,
    };
    super::filter::learn(&mut tx, id, Some(learned)).await?;
    if action == wire::ModerationAction::Spam && before == Some("published") {
        // Readers saw it: for them it is gone, as if deleted.
        lifecycle::record_removal(&mut tx, id, before).await?;
    }
    record(&mut tx, actor, action.as_str(), Some(id), None).await?;
    // With the status before, so that an outside spam check hears of a false verdict.
    let told = match action {
        ModerationAction::Approve => Some(EventKind::Approved),
        ModerationAction::Spam => Some(EventKind::Spam),
        _ => None,
    };
    if let Some(kind) = told {
        record_event(&mut tx, kind, id, before, now_millis()).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Marks comment `id` as spam because the outside `service` said so (see
/// [`crate::storage::Outbox::mark_spam_for_service`]); the spam filter learns nothing
/// from it, since no moderator decided.
pub async fn mark_spam_for_service(
    writer: &Pool,
    id: CommentId,
    service: &str,
    note: &str,
) -> Result<bool, StorageError> {
    let mut tx = super::begin_recording(writer).await?;
    let status: Option<String> = sqlx::query_scalar(
        "SELECT status FROM comments WHERE id = $1 AND NOT EXISTS \
         (SELECT 1 FROM moderation_log WHERE comment_id = $1)",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(before @ ("published" | "pending")) = status.as_deref() else {
        return Ok(false);
    };
    change_status(&mut tx, id, ModerationAction::Spam).await?;
    sqlx::query(
        "UPDATE comments SET rule_note = CASE WHEN rule_note IS NULL \
         THEN $2 ELSE rule_note || '; ' || $2 END WHERE id = $1",
    )
    .bind(id)
    .bind(note)
    .execute(&mut *tx)
    .await?;
    if before == "published" {
        lifecycle::record_removal(&mut tx, id, Some(before)).await?;
    }
    record(
        &mut tx,
        service,
        ModerationAction::Spam.as_str(),
        Some(id),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

#[async_trait]
impl Moderators for Store {
    async fn queue(
        &self,
        filter: &CommentFilter,
        after: Option<ListPosition>,
        limit: usize,
    ) -> Result<(Vec<wire::ModeratedComment>, Option<ListPosition>), StorageError> {
        super::comment_list::queue(&self.reader, filter, after, limit).await
    }

    async fn tally(&self, filter: &CommentFilter) -> Result<wire::CommentTally, StorageError> {
        super::comment_list::tally(&self.reader, filter).await
    }

    async fn threads(
        &self,
        search: Option<&str>,
        prefixes: Option<&[String]>,
        before: Option<i64>,
        limit: usize,
    ) -> Result<(Vec<wire::ThreadSummary>, Option<i64>), StorageError> {
        super::thread_list::threads(&self.reader, search, prefixes, before, limit).await
    }

    async fn stats(
        &self,
        days: u32,
        prefixes: Option<&[String]>,
    ) -> Result<wire::Stats, StorageError> {
        super::stats::stats(&self.reader, days, now_millis(), prefixes).await
    }

    async fn moderate(
        &self,
        id: CommentId,
        action: wire::ModerationAction,
        actor: &str,
        seen: Option<i64>,
    ) -> Result<(), StorageError> {
        moderate(&self.writer, id, action, actor, seen).await?;
        self.changed().await;
        Ok(())
    }

    async fn edit_as_moderator(
        &self,
        id: CommentId,
        change: &ModeratorChange<'_>,
        actor: &str,
    ) -> Result<(), StorageError> {
        super::versions::edit_as_moderator(&self.writer, id, change, actor).await?;
        self.changed().await;
        Ok(())
    }

    async fn comment_versions(
        &self,
        id: CommentId,
    ) -> Result<Option<wire::CommentVersions>, StorageError> {
        super::versions::versions(&self.reader, id).await
    }

    async fn erase_remains(
        &self,
        email: Option<&str>,
        identity: Option<&str>,
        site: &str,
    ) -> Result<u64, StorageError> {
        erase_remains(&self.writer, email, identity, site).await
    }

    async fn rules(&self) -> Result<Vec<wire::Rule>, StorageError> {
        super::rules::rules(&self.reader).await
    }

    async fn add_rule(&self, rule: &wire::Rule, actor: &str) -> Result<i64, StorageError> {
        super::rules::add(&self.writer, rule, actor).await
    }

    async fn remove_rule(&self, id: i64, actor: &str) -> Result<bool, StorageError> {
        super::rules::remove(&self.writer, id, actor).await
    }

    async fn note_rule(&self, id: CommentId, note: &str, shadow: bool) -> Result<(), StorageError> {
        super::rules::note(&self.writer, id, note, shadow).await
    }

    async fn record(&self, actor: &str, action: &str, thread: &str) -> Result<(), StorageError> {
        let mut conn = self.writer.acquire().await?;
        record(&mut conn, actor, action, None, Some(thread)).await
    }

    async fn moderation_log(&self, limit: usize) -> Result<Vec<wire::LogEntry>, StorageError> {
        log(&self.writer, limit).await
    }

    async fn set_locked(&self, key: &str, locked: bool) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO threads (key, locked, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (key) DO UPDATE SET locked = excluded.locked",
        )
        .bind(key)
        .bind(locked)
        .bind(now_millis())
        .execute(&self.writer)
        .await?;
        self.changed().await;
        Ok(())
    }

    async fn update_thread(
        &self,
        key: &str,
        title: Option<&str>,
        url: Option<&str>,
        actor: &str,
    ) -> Result<(), StorageError> {
        let mut tx = self.writer.begin().await?;
        let updated = sqlx::query("UPDATE threads SET title = $2, url = $3 WHERE key = $1")
            .bind(key)
            .bind(title)
            .bind(url)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if updated == 0 {
            return Err(StorageError::UnknownThread);
        }
        record(&mut tx, actor, "update thread", None, Some(key)).await?;
        tx.commit().await?;
        self.changed().await;
        Ok(())
    }
}
