//! Whole tables read and written for `confab-server migrate`, value by value.

use super::{Db, Pool};
use crate::storage::StorageError;
use crate::storage::copy::{Kind, Table, Value};
use sqlx::{QueryBuilder, Row};

/// Up to `limit` rows of `table` after key `after`, in key order.
pub async fn read_rows(
    pool: &Pool,
    table: &Table,
    after: Option<&Value>,
    limit: usize,
) -> Result<Vec<Vec<Value>>, StorageError> {
    let columns: Vec<&str> = table.columns.iter().map(|(name, _)| *name).collect();
    let mut query = QueryBuilder::<Db>::new(format!(
        "SELECT {} FROM {} ",
        columns.join(", "),
        table.name
    ));
    if let Some(after) = after {
        query.push(format!("WHERE {} > ", table.key()));
        push_value(&mut query, after);
    }
    query.push(format!(" ORDER BY {} LIMIT ", table.key()));
    query.push_bind(i64::try_from(limit).unwrap_or(i64::MAX));
    let rows = query.build().fetch_all(pool).await?;
    rows.iter()
        .map(|row| {
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
    let columns: Vec<&str> = table.columns.iter().map(|(name, _)| *name).collect();
    let mut query = QueryBuilder::<Db>::new(format!(
        "INSERT INTO {} ({}) ",
        table.name,
        columns.join(", ")
    ));
    query.push_values(rows, |mut values, row| {
        for value in row {
            match value {
                Value::Null => values.push("NULL"),
                Value::Integer(number) => values.push_bind(*number),
                Value::Text(text) => values.push_bind(text.clone()),
                Value::Boolean(flag) => values.push_bind(*flag),
            };
        }
    });
    query.push(format!(" ON CONFLICT ({}) DO NOTHING", table.key()));
    Ok(query.build().execute(writer).await?.rows_affected())
}

fn push_value(query: &mut QueryBuilder<'_, Db>, value: &Value) {
    match value {
        Value::Null => query.push("NULL"),
        Value::Integer(number) => query.push_bind(*number),
        Value::Text(text) => query.push_bind(text.clone()),
        Value::Boolean(flag) => query.push_bind(*flag),
    };
}
