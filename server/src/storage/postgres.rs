//! The PostgreSQL backend of [`Storage`](super::Storage), for sites that run several
//! server replicas on one database.
//!
//! Reads and writes share one pool. Transactions that record outbox events take one
//! transaction-scoped advisory lock first, so events become visible in the order of their
//! ids: a live reader that has seen event `n` has seen every event before it. The SQL
//! itself is shared with SQLite (`storage/sql/`).

#[allow(
    clippy::duplicate_mod,
    reason = "the shared SQL is mounted once per backend"
)]
#[path = "sql/mod.rs"]
mod sql;

use super::StorageError;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use std::str::FromStr;
use std::time::Duration;

type Db = sqlx::Postgres;
type Pool = sqlx::PgPool;
type Conn = sqlx::PgConnection;

/// The function that finds text inside text (`FIND(haystack, needle)`, 0 when absent).
const FIND_FUNCTION: &str = "strpos";

/// The advisory lock that orders the writers of outbox events.
const EVENT_ORDER_LOCK: i64 = 0x636f_6e66_6162;

/// Connections one server keeps to the database at most.
const MAX_CONNECTIONS: u32 = 16;

/// Comments stored in a PostgreSQL database.
pub type PostgresStorage = sql::Store;

impl PostgresStorage {
    /// Connects to the database at `url` (`postgres://…`) and applies pending migrations.
    pub async fn connect(url: &str) -> Result<Self, StorageError> {
        let options = PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/postgres")
            .run(&pool)
            .await
            .map_err(|error| StorageError::Database(error.into()))?;
        Ok(Self::new(pool.clone(), pool))
    }
}

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
