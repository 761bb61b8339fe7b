//! Whole tables read and written for `confab-server migrate`, value by value.

use super::{Db, Pool};
use crate::storage::StorageError;
use crate::storage::copy::{Kind, Table, Value};
use sqlx::query_builder::Separated;
use sqlx::{QueryBuilder, Row};

/// The key column as it sorts and compares: text bytewise on both databases (PostgreSQL
/// would otherwise follow its locale, and the two copies would list rows in different
/// orders).
fn sort_key(table: &Table) -> String {
    match table.columns[0].1 {
        Kind::Text => format!("{} {}", table.key(), super::BYTEWISE),
        Kind::Integer | Kind::Boolean => table.key().to_owned(),
    }
}

fn select(table: &Table) -> QueryBuilder<'static, Db> {
    QueryBuilder::new(format!(
        "SELECT {} FROM {} ",
        table.column_list(),
        table.name
    ))
}

/// Adds `value` to a statement: a bound parameter, or `NULL`.
fn bind<Sep: std::fmt::Display>(list: &mut Separated<'_, '_, Db, Sep>, value: &Value) {
    match value {
        Value::Null => list.push("NULL"),
        Value::Integer(number) => list.push_bind(*number),
        Value::Text(text) => list.push_bind(text.clone()),
        Value::Boolean(flag) => list.push_bind(*flag),
    };
}

/// Up to `limit` rows of `table` after key `after`, in key order.
pub async fn read_rows(
    pool: &Pool,
    table: &Table,
    after: Option<&Value>,
    limit: usize,
) -> Result<Vec<Vec<Value>>, StorageError> {
    let key = sort_key(table);
    let mut query = select(table);
    if let Some(after) = after {
        query.push(format!("WHERE {key} > "));
        bind(&mut query.separated(""), after);
    }
    query.push(format!(" ORDER BY {key} LIMIT "));
    query.push_bind(i64::try_from(limit).unwrap_or(i64::MAX));
    let rows = query.build().fetch_all(pool).await?;
    rows.iter().map(|row| values(table, row)).collect()
}

/// The rows of `table` whose keys are among `keys`.
pub async fn rows_with_keys(
    pool: &Pool,
    table: &Table,
    keys: &[Value],
) -> Result<Vec<Vec<Value>>, StorageError> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let mut query = select(table);
    query.push(format!("WHERE {} IN (", table.key()));
    let mut list = query.separated(", ");
    for key in keys {
        bind(&mut list, key);
    }
    query.push(")");
    let rows = query.build().fetch_all(pool).await?;
    rows.iter().map(|row| values(table, row)).collect()
}

/// One row's values, by the kinds of `table`'s columns.
fn values(table: &Table, row: &<Db as sqlx::Database>::Row) -> Result<Vec<Value>, StorageError> {
    table
        .columns
        .iter()
        .enumerate()
        .map(|(index, (_, kind))| {
            Ok(match kind {
                Kind::Integer => row
                    .try_get::<Option<i64>, _>(index)?
                    .map_or(Value::Null, Value::Integer),
                Kind::Text => row
                    .try_get::<Option<String>, _>(index)?
                    .map_or(Value::Null, Value::Text),
                Kind::Boolean => row
                    .try_get::<Option<bool>, _>(index)?
                    .map_or(Value::Null, Value::Boolean),
            })
        })
        .collect()
}

/// Inserts `rows` into `table`, keeping rows whose key is there already.
pub async fn write_rows(
    writer: &Pool,
    table: &Table,
    rows: &[Vec<Value>],
) -> Result<u64, StorageError> {
    if rows.is_empty() {
        return Ok(0);
    }
    let mut query = QueryBuilder::<Db>::new(format!(
        "INSERT INTO {} ({}) ",
        table.name,
        table.column_list()
    ));
    query.push_values(rows, |mut values, row| {
        for value in row {
            bind(&mut values, value);
        }
    });
    query.push(format!(" ON CONFLICT ({}) DO NOTHING", table.key()));
    Ok(query.build().execute(writer).await?.rows_affected())
}
