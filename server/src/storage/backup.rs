//! A consistent copy of a live SQLite database (`confab-server backup --to FILE`): SQLite's
//! `VACUUM INTO` writes one snapshot of the file while the server goes on serving and
//! writing, and the copy is checked before it is called done. PostgreSQL has `pg_dump`.

use super::{Database, StorageError};
use sqlx::ConnectOptions;
use sqlx::sqlite::SqliteConnectOptions;
use std::path::Path;
use std::time::Duration;

/// What a backup holds, once checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackedUp {
    pub threads: i64,
    pub comments: i64,
}

/// Copies `database` into the new file `to` and checks the copy (`PRAGMA integrity_check`).
pub async fn backup(database: &Database, to: &Path) -> Result<BackedUp, StorageError> {
    let Database::Sqlite(path) = database else {
        return Err(StorageError::Missing(
            "backup copies a SQLite file; back a PostgreSQL database up with pg_dump".into(),
        ));
    };
    if !path.is_file() {
        return Err(StorageError::Missing(format!(
            "there is no database file {}",
            path.display()
        )));
    }
    if to.exists() {
        return Err(StorageError::Missing(format!(
            "{} exists already: back up into a new file",
            to.display()
        )));
    }
    let mut source = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .busy_timeout(Duration::from_secs(30))
        .connect()
        .await?;
    sqlx::query("VACUUM INTO $1")
        .bind(to.to_string_lossy().into_owned())
        .execute(&mut source)
        .await?;
    let mut copy = SqliteConnectOptions::new()
        .filename(to)
        .read_only(true)
        .connect()
        .await?;
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut copy)
        .await?;
    if check != "ok" {
        return Err(StorageError::Corrupt(format!(
            "the copy in {} fails its integrity check: {check}",
            to.display()
        )));
    }
    let (threads, comments): (i64, i64) =
        sqlx::query_as("SELECT (SELECT COUNT(*) FROM threads), (SELECT COUNT(*) FROM comments)")
            .fetch_one(&mut copy)
            .await?;
    Ok(BackedUp { threads, comments })
}
