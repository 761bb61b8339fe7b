//! The SQL both backends share: every storage operation written once, in the SQL that
//! SQLite and PostgreSQL both speak (`$n` parameters, `ON CONFLICT`, `RETURNING`).
//!
//! This directory is mounted as a module by each backend (`storage::sqlite` and
//! `storage::postgres`), which supplies the names the code here is written against:
//! - `Db`, `Pool` and `Conn`: the sqlx database, pool and connection;
//! - the few words the two dialects spell differently: `indexed_by`, `FIND_FUNCTION`,
//!   `SKIP_LOCKED`, `FOR_UPDATE`, `BYTEWISE`;
//! - how transactions start: `begin_recording` (one that writes outbox events) and
//!   `begin_snapshot` (reads that must agree);
//! - what only several servers need: `SHARED_RATE_LIMITS`, `announce` (after a write),
//!   `announce_on_commit` (inside a writing transaction) and `hear_other_writers`;
//! - what copies need: `id_high_water` and `follow_copied_ids`.
//!
//! Each concern's trait is implemented in the file that holds its SQL: [`Threads`] in
//! `threads`, [`Comments`] in `lifecycle`, [`Moderators`] in `moderation`, [`Sessions`] in
//! `sessions`, [`Throttles`] in `rates`, [`Archives`] in `import`; the outbox (whose SQL
//! spans `outbox`, `deliveries` and `changes`), copies and the server key are here. New
//! comments are committed in groups ([`group_commit`]).
//!
//! [`Threads`]: crate::storage::Threads
//! [`Comments`]: crate::storage::Comments
//! [`Moderators`]: crate::storage::Moderators
//! [`Sessions`]: crate::storage::Sessions
//! [`Throttles`]: crate::storage::Throttles
//! [`Archives`]: crate::storage::Archives

mod around;
mod changes;
mod comment_list;
mod commenters;
mod copy;
mod deliveries;
mod export;
mod feed;
mod filter;
mod group_commit;
mod import;
mod lifecycle;
mod manage_links;
mod moderation;
mod moderation_log;
mod outbox;
mod pages;
mod proofs;
mod rates;
mod reactions;
mod rows;
mod rules;
mod sessions;
mod stats;
mod thread_list;
mod threads;
mod versions;
mod votes;
mod whole;

use super::{
    BYTEWISE, Conn, Db, FIND_FUNCTION, FOR_UPDATE, Pool, SHARED_RATE_LIMITS, SKIP_LOCKED, announce,
    announce_on_commit, begin_recording, begin_snapshot, follow_copied_ids, hear_other_writers,
    id_high_water, indexed_by,
};
use crate::storage::copy::{Table, TableCopy, Value};
use crate::storage::outbox::{
    AddressChange, AddressState, AttemptOutcome, ChangesPage, DueDelivery, Expansion, Operations,
    OutboxEvent, Purpose,
};
use crate::storage::{Outbox, Storage, StorageError, now_millis};
use async_trait::async_trait;
use confab_api as wire;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Comments stored in one database, read through `reader` and written through `writer`
/// (the backend decides whether those are one pool or two).
pub struct Store {
    reader: Pool,
    writer: Pool,
    posts: group_commit::GroupCommit,
    /// Counts the writes made through this handle (see [`Outbox::generation`]).
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
    fn generation(&self) -> u64 {
        self.writes.load(Ordering::Acquire)
    }

    async fn operations(&self) -> Result<Operations, StorageError> {
        let (held, spam, deliveries_waiting, deliveries_given_up): (i64, i64, i64, i64) =
            sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM comments WHERE status = 'pending'), \
                 (SELECT COUNT(*) FROM comments WHERE status = 'spam'), \
                 (SELECT COUNT(*) FROM deliveries WHERE sent_at IS NULL AND gave_up_at IS NULL), \
                 (SELECT COUNT(*) FROM deliveries WHERE gave_up_at IS NOT NULL)",
            )
            .fetch_one(&self.reader)
            .await?;
        let connections = |pool: &Pool| (pool.size(), u32::try_from(pool.num_idle()).unwrap_or(0));
        Ok(Operations {
            held,
            spam,
            deliveries_waiting,
            deliveries_given_up,
            reader_connections: connections(&self.reader),
            writer_connections: connections(&self.writer),
        })
    }

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
        deliveries::claim_due(&self.writer, now, limit, claimed_until).await
    }

    async fn delivery_attempted(
        &self,
        id: i64,
        outcome: &AttemptOutcome,
    ) -> Result<(), StorageError> {
        deliveries::attempted(&self.writer, id, outcome, now_millis()).await
    }

    async fn deliveries(
        &self,
        purpose: Option<Purpose>,
        limit: usize,
    ) -> Result<Vec<wire::Delivery>, StorageError> {
        deliveries::history(&self.reader, purpose, limit).await
    }

    async fn address_state(&self, address: &str) -> Result<Option<AddressState>, StorageError> {
        outbox::address_state(&self.reader, address).await
    }

    async fn change_address(
        &self,
        address: &str,
        change: AddressChange,
    ) -> Result<bool, StorageError> {
        outbox::change_address(&self.writer, address, change, now_millis()).await
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

    async fn mark_spam_for_service(
        &self,
        id: wire::CommentId,
        service: &str,
        note: &str,
    ) -> Result<bool, StorageError> {
        let marked = moderation::mark_spam_for_service(&self.writer, id, service, note).await?;
        if marked {
            self.changed().await;
        }
        Ok(marked)
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
