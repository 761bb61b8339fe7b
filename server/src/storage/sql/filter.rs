//! The spam filter's counts: what a site's filter has seen of a new comment's features,
//! learning from (and taking back) a moderator's decision inside its transaction, and
//! relearning a site from every decided comment.

use super::Store;
use super::{Conn, Pool};
use crate::filter::{Seen, Totals, features};
use crate::rules::Facts;
use crate::storage::{Learned, SpamFilter, StorageError};
use async_trait::async_trait;
use confab_api::{Block, CommentId};
use std::collections::BTreeMap;

fn label(learned: Learned) -> &'static str {
    match learned {
        Learned::Spam => "spam",
        Learned::Good => "good",
    }
}

/// A comment as the filter reads it: its text and its author's fields.
#[derive(sqlx::FromRow)]
struct Written {
    body_tree: String,
    author_name: String,
    author_email: Option<String>,
    author_website: Option<String>,
}

impl Written {
    fn features(&self) -> Vec<String> {
        let body: Vec<Block> = serde_json::from_str(&self.body_tree).unwrap_or_default();
        features(&Facts {
            email: self.author_email.as_deref(),
            name: &self.author_name,
            identity: None,
            address: None,
            website: self.author_website.as_deref(),
            body: &body,
        })
    }
}

/// A comment about to be learned, with what it was learned as before.
#[derive(sqlx::FromRow)]
struct Learning {
    #[sqlx(flatten)]
    written: Written,
    learned_as: Option<String>,
    learned_features: Option<String>,
    key: String,
}

/// A decided comment, as retraining reads it.
#[derive(sqlx::FromRow)]
struct Decided {
    id: i64,
    status: String,
    #[sqlx(flatten)]
    written: Written,
}

/// The site's totals, and how often it saw each of `wanted`.
pub async fn seen(
    pool: &Pool,
    site: &str,
    wanted: &[String],
) -> Result<(Totals, Vec<Seen>), StorageError> {
    let totals: Option<(i64, i64)> =
        sqlx::query_as("SELECT spam, good FROM filter_totals WHERE site = $1")
            .bind(site)
            .fetch_optional(pool)
            .await?;
    let totals = totals.map_or_else(Totals::default, |(spam, good)| Totals {
        spam: spam.max(0).unsigned_abs(),
        good: good.max(0).unsigned_abs(),
    });
    let mut seen = Vec::with_capacity(wanted.len());
    for chunk in wanted.chunks(100) {
        let marks: Vec<String> = (0..chunk.len()).map(|at| format!("${}", at + 2)).collect();
        let sql = format!(
            "SELECT feature, spam, good FROM filter_features WHERE site = $1 AND feature IN ({})",
            marks.join(", ")
        );
        let mut query = sqlx::query_as::<_, (String, i64, i64)>(&sql).bind(site);
        for feature in chunk {
            query = query.bind(feature);
        }
        for (feature, spam, good) in query.fetch_all(pool).await? {
            seen.push(Seen {
                feature,
                spam: spam.max(0).unsigned_abs(),
                good: good.max(0).unsigned_abs(),
            });
        }
    }
    Ok((totals, seen))
}

/// Learns comment `id` as `learned` (none: forgets it), taking back what it was learned
/// as before; nothing changes when that was the same.
pub async fn learn(
    conn: &mut Conn,
    id: CommentId,
    learned: Option<Learned>,
) -> Result<(), StorageError> {
    let row: Option<Learning> = sqlx::query_as(
        "SELECT c.body_tree, c.author_name, c.author_email, c.author_website, c.learned_as, \
         c.learned_features, t.key FROM comments c JOIN threads t ON t.id = c.thread_id \
         WHERE c.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(());
    };
    let (before, before_features, key) = (&row.learned_as, &row.learned_features, &row.key);
    let new = learned.map(label);
    if before.as_deref() == new {
        return Ok(());
    }
    let site = crate::storage::filter_site(key);
    if let (Some(before), Some(features)) = (before.as_deref(), before_features.as_deref()) {
        let features: Vec<String> = features.lines().map(str::to_owned).collect();
        count(conn, site, before, &features, -1).await?;
    }
    let features = match new {
        Some(new) => {
            let features = row.written.features();
            count(conn, site, new, &features, 1).await?;
            Some(features.join("\n"))
        }
        None => None,
    };
    sqlx::query("UPDATE comments SET learned_as = $1, learned_features = $2 WHERE id = $3")
        .bind(new)
        .bind(features)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Adds `by` (one or minus one) to `site`'s count of `label` and of each feature.
async fn count(
    conn: &mut Conn,
    site: &str,
    label: &str,
    features: &[String],
    by: i64,
) -> Result<(), StorageError> {
    // `label` is one of two words this module wrote; counts never go below zero.
    let column = if label == "spam" { "spam" } else { "good" };
    let added = |table: &str| {
        format!("CASE WHEN {table}.{column} + $3 < 0 THEN 0 ELSE {table}.{column} + $3 END")
    };
    sqlx::query(&format!(
        "INSERT INTO filter_totals (site, {column}) VALUES ($1, $2) \
         ON CONFLICT (site) DO UPDATE SET {column} = {}",
        added("filter_totals")
    ))
    .bind(site)
    .bind(by.max(0))
    .bind(by)
    .execute(&mut *conn)
    .await?;
    for feature in features {
        sqlx::query(&format!(
            "INSERT INTO filter_features (site, feature, {column}) VALUES ($1, $4, $2) \
             ON CONFLICT (site, feature) DO UPDATE SET {column} = {}",
            added("filter_features")
        ))
        .bind(site)
        .bind(by.max(0))
        .bind(by)
        .bind(feature)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Forgets what `site`'s filter learned and learns again from every decided comment of
/// the site: published and rejected ones as good, spam and shadow-banned ones as spam
/// (not pingbacks, nor erased comments, which have no text left).
pub async fn retrain(writer: &Pool, site: &str) -> Result<Totals, StorageError> {
    let mut tx = writer.begin().await?;
    // Site names are letters, digits and '-': nothing LIKE would read as a wildcard.
    let pattern = format!("{site}/%");
    // Writing first takes the database's write lock at once (on SQLite, a transaction
    // that read first could not write after another server's commit).
    sqlx::query("DELETE FROM filter_features WHERE site = $1")
        .bind(site)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE comments SET learned_as = NULL, learned_features = NULL WHERE thread_id IN \
         (SELECT id FROM threads WHERE key LIKE $1)",
    )
    .bind(&pattern)
    .execute(&mut *tx)
    .await?;
    let rows: Vec<Decided> = sqlx::query_as(
        "SELECT c.id, c.status, c.body_tree, c.author_name, c.author_email, \
             c.author_website FROM comments c JOIN threads t ON t.id = c.thread_id \
             WHERE t.key LIKE $1 AND c.status IN ('published', 'rejected', 'spam', 'shadow') \
             AND c.kind = 'comment' AND c.body_tree <> '[]'",
    )
    .bind(&pattern)
    .fetch_all(&mut *tx)
    .await?;
    let mut totals = Totals::default();
    let mut counts: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for row in rows {
        let spam = matches!(row.status.as_str(), "spam" | "shadow");
        let found = row.written.features();
        for feature in &found {
            let entry = counts.entry(feature.clone()).or_default();
            if spam {
                entry.0 += 1;
            } else {
                entry.1 += 1;
            }
        }
        if spam {
            totals.spam += 1;
        } else {
            totals.good += 1;
        }
        sqlx::query("UPDATE comments SET learned_as = $1, learned_features = $2 WHERE id = $3")
            .bind(if spam { "spam" } else { "good" })
            .bind(found.join("\n"))
            .bind(row.id)
            .execute(&mut *tx)
            .await?;
    }
    for (feature, (spam, good)) in counts {
        sqlx::query(
            "INSERT INTO filter_features (site, feature, spam, good) VALUES ($1, $2, $3, $4)",
        )
        .bind(site)
        .bind(feature)
        .bind(spam)
        .bind(good)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query(
        "INSERT INTO filter_totals (site, spam, good) VALUES ($1, $2, $3) \
         ON CONFLICT (site) DO UPDATE SET spam = excluded.spam, good = excluded.good",
    )
    .bind(site)
    .bind(i64::try_from(totals.spam).unwrap_or(i64::MAX))
    .bind(i64::try_from(totals.good).unwrap_or(i64::MAX))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(totals)
}

#[async_trait]
impl SpamFilter for Store {
    async fn filter_seen(
        &self,
        site: &str,
        features: &[String],
    ) -> Result<(Totals, Vec<Seen>), StorageError> {
        seen(&self.reader, site, features).await
    }

    async fn retrain_filter(&self, site: &str) -> Result<Totals, StorageError> {
        retrain(&self.writer, site).await
    }
}
