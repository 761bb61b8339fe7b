//! Moderators' rules as stored, and the note a rule leaves on a comment it touched.

use super::Pool;
use super::moderation_log::record;
use crate::storage::{StorageError, now_millis};
use confab_api::{CommentId, Rule, RuleAction, RuleKind};
use sqlx::FromRow;

#[derive(FromRow)]
struct RuleRow {
    id: i64,
    site: Option<String>,
    kind: String,
    pattern: String,
    action: String,
    message: Option<String>,
}

/// Every stored rule, oldest first (one whose kind or action this server does not know is
/// left out, and logged).
pub async fn rules(pool: &Pool) -> Result<Vec<Rule>, StorageError> {
    let rows: Vec<RuleRow> =
        sqlx::query_as("SELECT id, site, kind, pattern, action, message FROM rules ORDER BY id")
            .fetch_all(pool)
            .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let (Some(kind), Some(action)) = (
                RuleKind::from_name(&row.kind),
                RuleAction::from_name(&row.action),
            ) else {
                tracing::warn!(rule = row.id, "a stored rule of an unknown kind or action");
                return None;
            };
            Some(Rule {
                id: Some(row.id),
                site: row.site,
                kind,
                pattern: row.pattern,
                action,
                message: row.message,
            })
        })
        .collect())
}

/// Stores `rule` and logs that `actor` added it; its id.
pub async fn add(writer: &Pool, rule: &Rule, actor: &str) -> Result<i64, StorageError> {
    let mut tx = writer.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO rules (site, kind, pattern, action, message, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(&rule.site)
    .bind(rule.kind.as_str())
    .bind(&rule.pattern)
    .bind(rule.action.as_str())
    .bind(&rule.message)
    .bind(actor)
    .bind(now_millis())
    .fetch_one(&mut *tx)
    .await?;
    record(&mut tx, actor, &format!("add rule {id}"), None, None).await?;
    tx.commit().await?;
    Ok(id)
}

/// Removes rule `id` and logs that `actor` did; whether there was one.
pub async fn remove(writer: &Pool, id: i64, actor: &str) -> Result<bool, StorageError> {
    let mut tx = writer.begin().await?;
    let removed = sqlx::query("DELETE FROM rules WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if removed > 0 {
        record(&mut tx, actor, &format!("remove rule {id}"), None, None).await?;
    }
    tx.commit().await?;
    Ok(removed > 0)
}

/// Notes on comment `id` which rule touched it and why; with `shadow`, sets it apart as
/// shadow-banned (status `shadow`: no reader's query shows it; its author's own
/// comments do, as published).
pub async fn note(
    writer: &Pool,
    id: CommentId,
    note: &str,
    shadow: bool,
) -> Result<(), StorageError> {
    sqlx::query(
        "UPDATE comments SET rule_note = $2, \
         status = CASE WHEN $3 AND status = 'spam' THEN 'shadow' ELSE status END WHERE id = $1",
    )
    .bind(id)
    .bind(note)
    .bind(shadow)
    .execute(writer)
    .await?;
    Ok(())
}
