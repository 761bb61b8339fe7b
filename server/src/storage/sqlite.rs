//! The SQLite backend of [`Storage`](super::Storage): one file, WAL, `synchronous=FULL`,
//! foreign keys — the embedded default.
//!
//! Writes go through a pool of one connection, so they are serialised in-process and never
//! fight over SQLite's write lock; reads use their own pool and never wait for writes. The
//! SQL itself is shared with PostgreSQL (`storage/sql/`).

#[allow(
    clippy::duplicate_mod,
    reason = "the shared SQL is mounted once per backend"
)]
#[path = "sql/mod.rs"]
mod sql;

use super::StorageError;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

type Db = sqlx::Sqlite;
type Pool = sqlx::SqlitePool;
type Conn = sqlx::SqliteConnection;

/// The function that finds text inside text (`FIND(haystack, needle)`, 0 when absent).
const FIND_FUNCTION: &str = "instr";

/// Whether rate limits live in the database: one server keeps them in memory.
const SHARED_RATE_LIMITS: bool = false;

/// How a claiming subquery passes over rows another transaction is claiming: with one
/// writer, there are none.
const SKIP_LOCKED: &str = "";

/// How a read inside a writing transaction keeps its row: the one writer already does.
const FOR_UPDATE: &str = "";

/// Comments stored in one SQLite database file.
pub type SqliteStorage = sql::Store;

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
        sqlx::migrate!("./migrations/sqlite")
            .run(&writer)
            .await
            .map_err(|error| StorageError::Database(error.into()))?;
        let reader = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.read_only(true))
            .await?;
        Ok(Self::new(reader, writer))
    }
}

/// Tells other servers that this one wrote: there are none.
async fn announce(_pool: &Pool) {}

/// Tells other servers, when `_conn`'s transaction commits, that this one wrote: none.
async fn announce_on_commit(_conn: &mut Conn) -> Result<(), sqlx::Error> {
    Ok(())
}

/// Hears of other servers' writes: there are none.
fn hear_other_writers(_pool: &Pool, _writes: Arc<AtomicU64>) {}

/// How a text column sorts bytewise: SQLite's own order.
const BYTEWISE: &str = "";

/// The tables whose ids SQLite never hands out twice (`AUTOINCREMENT`): their highest id
/// is kept in `sqlite_sequence`, also once those rows are deleted.
const NEVER_REUSED_IDS: [&str; 3] = ["outbox_events", "deliveries", "rules"];

/// The highest id `table` has handed out.
async fn id_high_water(pool: &Pool, table: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(&format!(
        "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = $1), 0), \
         COALESCE((SELECT MAX(id) FROM {table}), 0))"
    ))
    .bind(table)
    .fetch_one(pool)
    .await
}

/// Makes new ids follow copied ones: SQLite numbers rows after the largest id by itself;
/// the tables that never reuse an id also remember the source's highest.
async fn follow_copied_ids(
    pool: &Pool,
    high_water: &[(&'static str, i64)],
) -> Result<(), sqlx::Error> {
    for (table, highest) in high_water {
        if NEVER_REUSED_IDS.contains(table) {
            sqlx::query("DELETE FROM sqlite_sequence WHERE name = $1 AND seq < $2")
                .bind(table)
                .bind(highest)
                .execute(pool)
                .await?;
            sqlx::query(
                "INSERT INTO sqlite_sequence (name, seq) SELECT $1, $2 \
                 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = $1)",
            )
            .bind(table)
            .bind(highest)
            .execute(pool)
            .await?;
        }
    }
    Ok(())
}

/// Tells SQLite's planner which index to use where it would otherwise guess wrong.
fn indexed_by(index: &str) -> String {
    format!("INDEXED BY {index}")
}

/// A transaction that may record outbox events. The single writer connection already
/// orders them.
async fn begin_recording(pool: &Pool) -> Result<sqlx::Transaction<'static, Db>, sqlx::Error> {
    pool.begin().await
}

/// A reading transaction: in WAL mode every statement in it sees the same snapshot.
async fn begin_snapshot(pool: &Pool) -> Result<sqlx::Transaction<'static, Db>, sqlx::Error> {
    pool.begin().await
}
