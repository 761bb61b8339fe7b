//! The SQL both backends share: every [`Storage`] operation written once, in the SQL that
//! SQLite and PostgreSQL both speak (`$n` parameters, `ON CONFLICT`, `RETURNING`).
//!
//! This directory is mounted as a module by each backend (`storage::sqlite` and
//! `storage::postgres`), which supplies the names the code here is written against:
//! - `Db`, `Pool` and `Conn`: the sqlx database, pool and connection;
//! - the few words the two dialects spell differently: `indexed_by`, `FIND_FUNCTION`,
//!   `SKIP_LOCKED`, `BYTEWISE`;
//! - how transactions start: `begin_recording` (one that writes outbox events) and
//!   `begin_snapshot` (reads that must agree);
//! - what only several servers need: `SHARED_RATE_LIMITS`, `announce` (after a write),
//!   `announce_on_commit` (inside a writing transaction) and `hear_other_writers`;
//! - what copies need: `id_high_water` and `follow_copied_ids`.
//!
//! New comments are committed in groups ([`group_commit`]).

mod changes;
mod copy;
mod export;
mod feed;
mod group_commit;
mod import;
mod lifecycle;
mod moderation;
mod outbox;
mod pages;
mod rates;
mod rows;
mod sessions;
mod whole;

use super::{
    BYTEWISE, Conn, Db, FIND_FUNCTION, Pool, SHARED_RATE_LIMITS, SKIP_LOCKED, announce,
    announce_on_commit, begin_recording, begin_snapshot, follow_copied_ids, hear_other_writers,
    id_high_water, indexed_by,
};
use crate::storage::copy::{Table, TableCopy, Value};
use crate::storage::outbox::{
    AddressState, AttemptOutcome, ChangesPage, DueDelivery, Expansion, OutboxEvent, Purpose,
};
use crate::storage::{
    CommentToStore, ExportedThread, FeedEntry, FeedScope, IdempotencyClaim, ImportCounts, Inserted,
    Outbox, Ownership, PagePosition, PageRequest, SeedComment, SharedToken, Storage, StorageError,
    ThreadImport, now_millis,
};
use async_trait::async_trait;
use confab_api::{self as wire, Block, CommentId, CommentStatus};
use rows::{COMMENT_COLUMNS, CommentRow, ThreadRow, from_label, insert_into, thread_id_creating};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Comments stored in one database, read through `reader` and written through `writer`
/// (the backend decides whether those are one pool or two).
pub struct Store {
    reader: Pool,
    writer: Pool,
    posts: group_commit::GroupCommit,
    /// Counts the writes made through this handle (see [`Storage::generation`]).
    writes: Arc<AtomicU64>,
}

impl Store {
    /// A store over pools the backend opened and migrated.
    pub fn new(reader: Pool, writer: Pool) -> Self {
        let writes = Arc::new(AtomicU64::new(0));
        hear_other_writers(&writer, Arc::clone(&writes));
        Self {
            reader,
            posts: group_commit::GroupCommit::start(writer.clone(), Arc::clone(&writes)),
            writer,
            writes,
        }
    }

    /// Marks that stored comments or threads changed, here and for other servers.
    async fn changed(&self) {
        self.writes.fetch_add(1, Ordering::Release);
        announce(&self.writer).await;
    }
}

#[async_trait]
impl Storage for Store {
    async fn thread_page(
        &self,
        key: &str,
        request: &PageRequest,
    ) -> Result<wire::ThreadPage, StorageError> {
        // One read transaction: the count and the page come from the same snapshot.
        let mut tx = begin_snapshot(&self.reader).await?;
        // Where live updates of this page start: the same snapshot as the page.
        let last_event_id: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM outbox_events")
                .fetch_one(&mut *tx)
                .await?;
        let thread: Option<ThreadRow> =
            sqlx::query_as("SELECT id, key, title, url, locked FROM threads WHERE key = $1")
                .bind(key)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(thread) = thread else {
            return Ok(wire::ThreadPage {
                thread: wire::ThreadInfo {
                    key: key.to_owned(),
                    title: None,
                    url: None,
                    count: 0,
                    locked: false,
                    reply_notifications: false,
                    last_event_id,
                },
                comments: Vec::new(),
                next_cursor: None,
                prev_cursor: None,
            });
        };
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM comments WHERE thread_id = $1 AND status = 'published'",
        )
        .bind(thread.id)
        .fetch_one(&mut *tx)
        .await?;
        if matches!(request.position, PagePosition::Whole) {
            let visible: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM comments WHERE thread_id = $1 \
                 AND status IN ('published', 'deleted')",
            )
            .bind(thread.id)
            .fetch_one(&mut *tx)
            .await?;
            let visible = u64::try_from(visible).unwrap_or_default();
            if visible > confab_api::limits::MAX_WHOLE_THREAD as u64 {
                return Err(StorageError::TooBigToReadWhole(visible));
            }
        }
        let (comments, next_cursor, prev_cursor) = pages::page(&mut tx, thread.id, request).await?;
        tx.commit().await?;
        Ok(wire::ThreadPage {
            thread: wire::ThreadInfo {
                key: thread.key,
                title: thread.title,
                url: thread.url,
                count: u32::try_from(count).unwrap_or(u32::MAX),
                locked: thread.locked,
                reply_notifications: false,
                last_event_id,
            },
            comments,
            next_cursor,
            prev_cursor,
        })
    }

    async fn replies(
        &self,
        parent: CommentId,
        after: Option<CommentId>,
        limit: usize,
    ) -> Result<Option<wire::RepliesPage>, StorageError> {
        let mut tx = begin_snapshot(&self.reader).await?;
        let page = pages::replies(&mut tx, parent, after, limit).await?;
        tx.commit().await?;
        Ok(page)
    }

    async fn counts(&self, keys: &[String]) -> Result<BTreeMap<String, u32>, StorageError> {
        let mut counts: BTreeMap<String, u32> = keys.iter().map(|key| (key.clone(), 0)).collect();
        if keys.is_empty() {
            return Ok(counts);
        }
        let placeholders = (1..=keys.len())
            .map(|n| format!("${n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let query = format!(
            "SELECT key, (SELECT COUNT(*) FROM comments \
             WHERE comments.thread_id = threads.id AND status = 'published') \
             FROM threads WHERE key IN ({placeholders})"
        );
        let mut select = sqlx::query_as::<_, (String, i64)>(&query);
        for key in keys {
            select = select.bind(key);
        }
        for (key, count) in select.fetch_all(&self.reader).await? {
            counts.insert(key, u32::try_from(count).unwrap_or(u32::MAX));
        }
        Ok(counts)
    }

    async fn insert_comment(
        &self,
        comment: CommentToStore,
        claim: Option<IdempotencyClaim>,
    ) -> Result<Inserted, StorageError> {
        // The committing task counts the write, even if this caller is gone by then.
        self.posts.insert(comment, claim).await
    }

    async fn seed_once(
        &self,
        marker: &str,
        comments: Vec<SeedComment>,
    ) -> Result<bool, StorageError> {
        let mut tx = self.writer.begin().await?;
        let claimed = sqlx::query(
            "INSERT INTO settings (name, value) VALUES ($1, 'done') ON CONFLICT DO NOTHING",
        )
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
        self.changed().await;
        Ok(true)
    }

    async fn feed(
        &self,
        scope: FeedScope<'_>,
        limit: usize,
    ) -> Result<Vec<FeedEntry>, StorageError> {
        feed::entries(&self.reader, scope, limit).await
    }

    async fn import(&self, threads: Vec<ThreadImport>) -> Result<ImportCounts, StorageError> {
        let counts = import::import(&self.writer, threads).await?;
        self.changed().await;
        Ok(counts)
    }

    async fn ownership(&self, id: CommentId) -> Result<Option<Ownership>, StorageError> {
        let row: Option<(Option<String>, i64, String)> = sqlx::query_as(
            "SELECT edit_token_hash, created_at, status FROM comments WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.writer)
        .await?;
        row.map(|(edit_token_hash, created_at, status)| {
            // A comment removed from view, or rejected by a moderator, is to its author
            // simply deleted.
            let status = if status == "removed" || status == "rejected" {
                "deleted"
            } else {
                status.as_str()
            };
            let status = from_label(status)
                .map_err(|error| StorageError::Corrupt(format!("comment {id}: status: {error}")))?;
            Ok(Ownership {
                edit_token_hash,
                created_at,
                status,
            })
        })
        .transpose()
    }

    async fn edit_body(
        &self,
        id: CommentId,
        markdown: &str,
        body: &[Block],
        edited_at: i64,
    ) -> Result<wire::Comment, StorageError> {
        let edited = lifecycle::edit_body(&self.writer, id, markdown, body, edited_at).await?;
        self.changed().await;
        Ok(edited)
    }

    async fn delete_comment(&self, id: CommentId) -> Result<(), StorageError> {
        lifecycle::delete(&self.writer, id).await?;
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
                 WHERE id = $1 AND status IN ('published', 'pending')"
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

    async fn queue(
        &self,
        status: CommentStatus,
        search: Option<&str>,
        limit: usize,
    ) -> Result<Vec<wire::ModeratedComment>, StorageError> {
        moderation::queue(&self.reader, status, search, limit).await
    }

    async fn export(&self, key: Option<&str>) -> Result<Vec<ExportedThread>, StorageError> {
        export::threads(&self.reader, key).await
    }

    async fn has_approved_comment(&self, avatar_seed: &str) -> Result<bool, StorageError> {
        moderation::has_approved_comment(&self.reader, avatar_seed).await
    }

    async fn create_session(
        &self,
        token_hash: &str,
        moderator: &str,
        expires_at: i64,
    ) -> Result<(), StorageError> {
        sessions::create(&self.writer, token_hash, moderator, expires_at).await
    }

    async fn session_moderator(&self, token_hash: &str) -> Result<Option<String>, StorageError> {
        sessions::moderator(&self.reader, token_hash).await
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), StorageError> {
        sessions::delete(&self.writer, token_hash).await
    }

    async fn count_login_attempt(
        &self,
        keys: &[String],
        allowed: u32,
        window: i64,
        now: i64,
    ) -> Result<Option<i64>, StorageError> {
        sessions::count_attempt(&self.writer, keys, allowed, window, now).await
    }

    async fn login_succeeded(&self, keys: &[String]) -> Result<(), StorageError> {
        sessions::take_back_attempt(&self.writer, keys).await
    }

    async fn moderate(
        &self,
        id: CommentId,
        action: wire::ModerationAction,
        actor: &str,
    ) -> Result<(), StorageError> {
        lifecycle::moderate(&self.writer, id, action, actor).await?;
        self.changed().await;
        Ok(())
    }

    async fn record(&self, actor: &str, action: &str, thread: &str) -> Result<(), StorageError> {
        let mut conn = self.writer.acquire().await?;
        moderation::record(&mut conn, actor, action, None, Some(thread)).await
    }

    async fn moderation_log(&self, limit: usize) -> Result<Vec<wire::LogEntry>, StorageError> {
        moderation::log(&self.writer, limit).await
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

    async fn take_shared_token(
        &self,
        key: &str,
        capacity: f64,
        per_second: f64,
    ) -> Result<SharedToken, StorageError> {
        if !SHARED_RATE_LIMITS {
            return Ok(SharedToken::NotShared);
        }
        rates::take(&self.writer, key, capacity, per_second, now_millis()).await
    }

    fn generation(&self) -> u64 {
        self.writes.load(Ordering::Acquire)
    }

    async fn server_key(&self) -> Result<String, StorageError> {
        let fresh: String = (0..32)
            .map(|_| format!("{:02x}", rand::random::<u8>()))
            .collect();
        sqlx::query(
            "INSERT INTO settings (name, value) VALUES ('server_key', $1) ON CONFLICT DO NOTHING",
        )
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

#[async_trait]
impl Outbox for Store {
    async fn waiting_events(
        &self,
        limit: usize,
    ) -> Result<Vec<Result<OutboxEvent, i64>>, StorageError> {
        outbox::waiting_events(&self.reader, limit).await
    }

    async fn expand_events(&self, expansions: Vec<Expansion>) -> Result<(), StorageError> {
        outbox::expand(&self.writer, expansions, now_millis()).await
    }

    async fn finish_waiting_events(&self) -> Result<(), StorageError> {
        outbox::finish_waiting(&self.writer, now_millis()).await
    }

    async fn prune_outbox(&self, before: i64) -> Result<(), StorageError> {
        outbox::prune(&self.writer, before).await
    }

    async fn claim_due_deliveries(
        &self,
        now: i64,
        limit: usize,
        claimed_until: i64,
    ) -> Result<Vec<DueDelivery>, StorageError> {
        outbox::claim_due(&self.writer, now, limit, claimed_until).await
    }

    async fn delivery_attempted(
        &self,
        id: i64,
        outcome: &AttemptOutcome,
    ) -> Result<(), StorageError> {
        outbox::attempted(&self.writer, id, outcome, now_millis()).await
    }

    async fn deliveries(
        &self,
        purpose: Option<Purpose>,
        limit: usize,
    ) -> Result<Vec<wire::Delivery>, StorageError> {
        outbox::history(&self.reader, purpose, limit).await
    }

    async fn address_state(&self, address: &str) -> Result<Option<AddressState>, StorageError> {
        outbox::address_state(&self.reader, address).await
    }

    async fn set_address_state(
        &self,
        address: &str,
        state: AddressState,
    ) -> Result<bool, StorageError> {
        outbox::set_address_state(&self.writer, address, state, now_millis()).await
    }

    async fn thread_changes(
        &self,
        thread: Option<&str>,
        after: i64,
        limit: usize,
    ) -> Result<ChangesPage, StorageError> {
        changes::changes(&self.reader, thread, after, limit).await
    }

    async fn latest_event_id(&self) -> Result<i64, StorageError> {
        changes::latest_event_id(&self.reader).await
    }
}

#[async_trait]
impl TableCopy for Store {
    async fn read_rows(
        &self,
        table: &Table,
        after: Option<&Value>,
        limit: usize,
    ) -> Result<Vec<Vec<Value>>, StorageError> {
        copy::read_rows(&self.reader, table, after, limit).await
    }

    async fn rows_with_keys(
        &self,
        table: &Table,
        keys: &[Value],
    ) -> Result<Vec<Vec<Value>>, StorageError> {
        copy::rows_with_keys(&self.writer, table, keys).await
    }

    async fn write_rows(&self, table: &Table, rows: &[Vec<Value>]) -> Result<u64, StorageError> {
        let written = copy::write_rows(&self.writer, table, rows).await?;
        self.changed().await;
        Ok(written)
    }

    async fn id_high_water(&self, table: &Table) -> Result<i64, StorageError> {
        Ok(id_high_water(&self.reader, table.name).await?)
    }

    async fn copy_finished(&self, high_water: &[(&'static str, i64)]) -> Result<(), StorageError> {
        follow_copied_ids(&self.writer, high_water).await?;
        Ok(())
    }
}
