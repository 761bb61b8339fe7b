//! Copying a whole Confab database into another (`confab-server migrate`): SQLite to
//! PostgreSQL and back, every table row by row with its ids, checked by counts and by a
//! hash of every value. Rows already in the target are kept, so a copy can be run again;
//! a row the target holds differently stops the copy before anything of that batch is
//! written.

use super::StorageError;
use async_trait::async_trait;
use sha2::{Digest, Sha256};

/// One stored value, as both databases hold it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Text(String),
    Boolean(bool),
}

pub use super::tables::{Kind, TABLES, Table};

/// Rows read or written in one statement.
const BATCH: usize = 500;

/// Reading and writing whole tables, for copies between databases.
#[async_trait]
pub trait TableCopy: Send + Sync {
    /// Up to `limit` rows of `table` whose key comes after `after`, in key order.
    async fn read_rows(
        &self,
        table: &Table,
        after: Option<&Value>,
        limit: usize,
    ) -> Result<Vec<Vec<Value>>, StorageError>;

    /// The rows of `table` whose keys are among `keys`.
    async fn rows_with_keys(
        &self,
        table: &Table,
        keys: &[Value],
    ) -> Result<Vec<Vec<Value>>, StorageError>;

    /// Writes `rows` into `table`, keeping rows whose key is already there; returns how
    /// many were new.
    async fn write_rows(&self, table: &Table, rows: &[Vec<Value>]) -> Result<u64, StorageError>;

    /// The highest id `table` has handed out (0 for none), counting rows since deleted
    /// where the database remembers them.
    async fn id_high_water(&self, table: &Table) -> Result<i64, StorageError>;

    /// Makes the ids handed out next come after `high_water` (a table's name and the
    /// highest id it had in the source) and after every row now stored.
    async fn copy_finished(&self, high_water: &[(&'static str, i64)]) -> Result<(), StorageError>;
}

/// What a copy did to one table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopiedTable {
    pub table: &'static str,
    /// Rows in the source.
    pub rows: u64,
    /// Rows the target lacked and got.
    pub new: u64,
}

/// Why a copy stopped.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// The target holds another row under a key of the source (it was not empty, or it
    /// took writes after an earlier copy).
    #[error(
        "table {table}: the target already holds a different row under {key}; nothing was \
         overwritten (copy into an empty database, or into an earlier copy nobody wrote to)"
    )]
    Conflict { table: &'static str, key: String },
    /// The target holds a different row under a key of the source (it was not empty, or
    /// it was changed after an earlier copy).
    #[error(
        "table {table}: the target holds {target_rows} rows whose content differs from the \
         source's {source_rows} rows; nothing was overwritten"
    )]
    Differs {
        table: &'static str,
        source_rows: u64,
        target_rows: u64,
    },
}

/// Copies every table of `from` into `to`, then reads both back and compares row counts
/// and a hash of every value.
pub async fn copy(from: &dyn TableCopy, to: &dyn TableCopy) -> Result<Vec<CopiedTable>, CopyError> {
    let mut copied = Vec::with_capacity(TABLES.len());
    for table in TABLES {
        let mut batches = Batches::of(from, table);
        let (mut rows, mut new) = (0, 0);
        while let Some(batch) = batches.next().await? {
            rows += batch.len() as u64;
            refuse_conflicts(to, table, &batch).await?;
            new += to.write_rows(table, &batch).await?;
        }
        copied.push(CopiedTable {
            table: table.name,
            rows,
            new,
        });
    }
    let mut high_water = Vec::new();
    for table in TABLES.iter().filter(|table| table.has_ids()) {
        high_water.push((table.name, from.id_high_water(table).await?));
    }
    to.copy_finished(&high_water).await?;
    for table in TABLES {
        let (source_rows, source_hash) = digest(from, table).await?;
        let (target_rows, target_hash) = digest(to, table).await?;
        if (source_rows, source_hash) != (target_rows, target_hash) {
            return Err(CopyError::Differs {
                table: table.name,
                source_rows,
                target_rows,
            });
        }
    }
    Ok(copied)
}

/// Fails when the target holds a row under one of `batch`'s keys that is not the same.
async fn refuse_conflicts(
    to: &dyn TableCopy,
    table: &'static Table,
    batch: &[Vec<Value>],
) -> Result<(), CopyError> {
    let keys: Vec<Value> = batch.iter().map(|row| row[0].clone()).collect();
    for present in to.rows_with_keys(table, &keys).await? {
        if !batch.contains(&present) {
            return Err(CopyError::Conflict {
                table: table.name,
                key: format!("{:?}", present[0]),
            });
        }
    }
    Ok(())
}

/// A table's rows in key order, [`BATCH`] at a time.
struct Batches<'a> {
    store: &'a dyn TableCopy,
    table: &'a Table,
    after: Option<Value>,
}

impl<'a> Batches<'a> {
    fn of(store: &'a dyn TableCopy, table: &'a Table) -> Self {
        Self {
            store,
            table,
            after: None,
        }
    }

    /// The next rows; `None` after the last.
    async fn next(&mut self) -> Result<Option<Vec<Vec<Value>>>, StorageError> {
        let batch = self
            .store
            .read_rows(self.table, self.after.as_ref(), BATCH)
            .await?;
        let Some(last) = batch.last() else {
            return Ok(None);
        };
        self.after = Some(last[0].clone());
        Ok(Some(batch))
    }
}

/// The number of rows of `table` and a hash of all their values, in key order.
async fn digest(store: &dyn TableCopy, table: &Table) -> Result<(u64, [u8; 32]), StorageError> {
    let mut hash = Sha256::new();
    let mut batches = Batches::of(store, table);
    let mut rows = 0;
    while let Some(batch) = batches.next().await? {
        rows += batch.len() as u64;
        for row in &batch {
            for value in row {
                match value {
                    Value::Null => hash.update([0]),
                    Value::Integer(number) => {
                        hash.update([1]);
                        hash.update(number.to_le_bytes());
                    }
                    Value::Text(text) => {
                        hash.update([2]);
                        hash.update((text.len() as u64).to_le_bytes());
                        hash.update(text.as_bytes());
                    }
                    Value::Boolean(flag) => hash.update([3, u8::from(*flag)]),
                }
            }
        }
    }
    Ok((rows, hash.finalize().into()))
}
