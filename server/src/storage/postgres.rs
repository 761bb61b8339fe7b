//! The PostgreSQL backend of [`Storage`](super::Storage), for sites that run several
//! server replicas on one database.
//!
//! Reads and writes share one pool. Transactions that record outbox events take one
//! transaction-scoped advisory lock first, so events become visible in the order of their
//! ids: a live reader that has seen event `n` has seen every event before it. The same
//! lock makes the group commits of all servers take turns, so the idempotency and
//! duplicate checks of a post see every post committed before it, whichever server took
//! it. After each write a server sends `NOTIFY`; every server `LISTEN`s, so what waits
//! for writes (cached pages, live updates, the notifier) hears of all servers' writes.
//! The SQL itself is shared with SQLite (`storage/sql/`).

#[allow(
    clippy::duplicate_mod,
    reason = "the shared SQL is mounted once per backend"
)]
#[path = "sql/mod.rs"]
mod sql;

use super::StorageError;
use sqlx::migrate::MigrateDatabase;
use sqlx::postgres::{PgConnectOptions, PgListener, PgPoolOptions};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

type Db = sqlx::Postgres;
type Pool = sqlx::PgPool;
type Conn = sqlx::PgConnection;

/// The function that finds text inside text (`FIND(haystack, needle)`, 0 when absent).
const FIND_FUNCTION: &str = "strpos";

/// Whether rate limits live in the database: yes, so that they hold across servers.
const SHARED_RATE_LIMITS: bool = true;

/// How a claiming subquery passes over rows another server is claiming.
const SKIP_LOCKED: &str = "FOR UPDATE SKIP LOCKED";

/// How a read inside a writing transaction keeps the row it read until the commit (a
/// vote reads a comment's totals, then writes them).
const FOR_UPDATE: &str = "FOR UPDATE";

/// The advisory lock that orders the writers of outbox events.
const EVENT_ORDER_LOCK: i64 = 0x636f_6e66_6162;

/// The channel on which servers tell each other that they wrote.
const CHANGES_CHANNEL: &str = "confab_changes";

/// Connections one server keeps to the database at most.
const MAX_CONNECTIONS: u32 = 16;

/// Comments stored in a PostgreSQL database.
pub type PostgresStorage = sql::Store;

impl PostgresStorage {
    /// Connects to the database at `url` (`postgres://…`), creating it (when `create`)
    /// if the server has none of that name, and applies pending migrations.
    pub async fn connect(url: &str, create: bool) -> Result<Self, StorageError> {
        let options = PgConnectOptions::from_str(url)?;
        let pool = match open_pool(&options).await {
            Err(error) if create && sql_state(&error).as_deref() == Some(UNDEFINED_DATABASE) => {
                // Several servers starting at once may race to create it: whichever wins,
                // the database is there for all of them.
                let created = sqlx::Postgres::create_database(url).await;
                match (open_pool(&options).await, created) {
                    (Ok(pool), _) => pool,
                    (Err(_), Err(error)) | (Err(error), Ok(())) => return Err(error.into()),
                }
            }
            opened => opened?,
        };
        sqlx::migrate!("./migrations/postgres")
            .run(&pool)
            .await
            .map_err(|error| StorageError::Database(error.into()))?;
        Ok(Self::new(pool.clone(), pool))
    }
}

/// Counts every write any server announces into `writes`, for as long as the process
/// runs; a lost connection is made again, and counted as a write (some may have been
/// missed meanwhile).
fn hear_other_writers(pool: &Pool, writes: Arc<AtomicU64>) {
    tokio::spawn(listen_for_writes(pool.clone(), writes));
}

async fn listen_for_writes(pool: Pool, writes: Arc<AtomicU64>) {
    loop {
        match PgListener::connect_with(&pool).await {
            Ok(mut listener) => {
                if let Err(error) = listener.listen(CHANGES_CHANNEL).await {
                    tracing::warn!("listening for other servers' writes: {error}");
                } else {
                    writes.fetch_add(1, Ordering::Release);
                    // `Ok(None)`: the connection was lost and is being made again.
                    while let Ok(_notification) = listener.try_recv().await {
                        writes.fetch_add(1, Ordering::Release);
                    }
                }
            }
            Err(error) => tracing::warn!("listening for other servers' writes: {error}"),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// Tells every server (this one included), when `conn`'s transaction commits, that this
/// one wrote: PostgreSQL holds the notice until then, and drops it on a rollback.
async fn announce_on_commit(conn: &mut Conn) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT pg_notify($1, '')")
        .bind(CHANGES_CHANNEL)
        .execute(conn)
        .await?;
    Ok(())
}

/// Tells every server (this one included) that this one wrote, after the commit. Other
/// servers look at the database every second anyway, so a notice that fails is only
/// logged.
async fn announce(pool: &Pool) {
    let sent = sqlx::query("SELECT pg_notify($1, '')")
        .bind(CHANGES_CHANNEL)
        .execute(pool)
        .await;
    if let Err(error) = sent {
        tracing::warn!("telling other servers of a write: {error}");
    }
}

/// How a text column sorts bytewise, whatever the database's locale.
const BYTEWISE: &str = "COLLATE \"C\"";

/// The sequence that numbers `table`'s rows.
async fn id_sequence(pool: &Pool, table: &str) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT pg_get_serial_sequence($1, 'id')")
        .bind(table)
        .fetch_one(pool)
        .await
}

/// The highest id `table` has handed out (its sequence remembers deleted rows too).
async fn id_high_water(pool: &Pool, table: &str) -> Result<i64, sqlx::Error> {
    let sequence = id_sequence(pool, table).await?;
    sqlx::query_scalar(&format!(
        "SELECT GREATEST(CASE WHEN is_called THEN last_value ELSE 0 END, \
         COALESCE((SELECT MAX(id) FROM {table}), 0)) FROM {sequence}"
    ))
    .fetch_one(pool)
    .await
}

/// Moves each id sequence past the source's highest id and every id now stored (never
/// back, so running a copy again cannot make ids repeat).
async fn follow_copied_ids(
    pool: &Pool,
    high_water: &[(&'static str, i64)],
) -> Result<(), sqlx::Error> {
    for (table, source_highest) in high_water {
        let highest = id_high_water(pool, table).await?.max(*source_highest);
        if highest > 0 {
            let sequence = id_sequence(pool, table).await?;
            sqlx::query("SELECT setval($1::regclass, $2, true)")
                .bind(sequence)
                .bind(highest)
                .execute(pool)
                .await?;
        }
    }
    Ok(())
}

/// The pool every query of this server goes through (checked by opening one connection).
async fn open_pool(options: &PgConnectOptions) -> Result<Pool, sqlx::Error> {
    PgPoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options.clone())
        .await
}

/// The SQLSTATE of a database's refusal.
fn sql_state(error: &sqlx::Error) -> Option<String> {
    error
        .as_database_error()
        .and_then(|error| error.code())
        .map(|code| code.into_owned())
}

/// PostgreSQL's error code for "no such database".
const UNDEFINED_DATABASE: &str = "3D000";

/// PostgreSQL's planner needs no hints.
fn indexed_by(_index: &str) -> String {
    String::new()
}

/// A transaction that may record outbox events, holding the lock that orders them.
async fn begin_recording(pool: &Pool) -> Result<sqlx::Transaction<'static, Db>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(EVENT_ORDER_LOCK)
        .execute(&mut *tx)
        .await?;
    Ok(tx)
}

/// A reading transaction whose statements all see one snapshot.
async fn begin_snapshot(pool: &Pool) -> Result<sqlx::Transaction<'static, Db>, sqlx::Error> {
    pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .await
}
