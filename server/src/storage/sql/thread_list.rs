//! The moderators' threads page: threads newest first (by id, a keyset), with their
//! counts and their latest comment, searched by key or title, within a moderator's sites.

use super::Pool;
use crate::storage::{StorageError, rfc3339};
use confab_api::ThreadSummary;
use sqlx::FromRow;

#[derive(FromRow)]
struct SummaryRow {
    id: i64,
    key: String,
    title: Option<String>,
    url: Option<String>,
    locked: bool,
    published: i64,
    held: i64,
    last_comment_at: Option<i64>,
}

/// At most `limit` threads whose key or title contains `search` (lower case), of those
/// whose key starts with one of `prefixes` (none: every thread), before thread `before`;
/// and the id the next page starts before, if more match.
pub async fn threads(
    pool: &Pool,
    search: Option<&str>,
    prefixes: Option<&[String]>,
    before: Option<i64>,
    limit: usize,
) -> Result<(Vec<ThreadSummary>, Option<i64>), StorageError> {
    let find = super::FIND_FUNCTION;
    let among_sites = super::rows::among_sites(prefixes, 4);
    let sql = format!(
        "SELECT threads.id, threads.key, threads.title, threads.url, threads.locked, \
         (SELECT COUNT(*) FROM comments WHERE comments.thread_id = threads.id \
          AND comments.status = 'published') AS published, \
         (SELECT COUNT(*) FROM comments WHERE comments.thread_id = threads.id \
          AND comments.status = 'pending') AS held, \
         (SELECT MAX(comments.created_at) FROM comments WHERE comments.thread_id = threads.id) \
          AS last_comment_at \
         FROM threads WHERE ($1 IS NULL OR {find}(lower(threads.key), $1) > 0 \
         OR {find}(lower(COALESCE(threads.title, '')), $1) > 0) \
         AND ($2 IS NULL OR threads.id < $2) AND {among_sites} \
         ORDER BY threads.id DESC LIMIT $3"
    );
    let mut query = sqlx::query_as::<_, SummaryRow>(&sql)
        .bind(search)
        .bind(before)
        .bind(i64::try_from(limit + 1).unwrap_or(i64::MAX));
    for prefix in prefixes.unwrap_or_default() {
        query = query.bind(prefix.clone());
    }
    let mut rows = query.fetch_all(pool).await?;
    let next = (rows.len() > limit).then(|| {
        rows.truncate(limit);
        rows.last().map(|row| row.id)
    });
    let count = |count: i64| u32::try_from(count).unwrap_or(u32::MAX);
    let threads = rows
        .into_iter()
        .map(|row| ThreadSummary {
            key: row.key,
            title: row.title,
            url: row.url,
            locked: row.locked,
            published: count(row.published),
            held: count(row.held),
            last_comment_at: row.last_comment_at.map(rfc3339),
        })
        .collect();
    Ok((threads, next.flatten()))
}
