//! The moderators' comment list: the comments a filter matches, a page at a time newest
//! first (keyset on when posted and id), and how many of them there are in each status.

use super::Pool;
use super::rows::{CommentRow, comment_columns_of};
use crate::storage::listing::{CommentFilter, LISTED_STATUSES, ListPosition};
use crate::storage::{StorageError, rfc3339};
use confab_api as wire;
use sqlx::FromRow;

#[derive(FromRow)]
struct QueuedRow {
    #[sqlx(flatten)]
    comment: CommentRow,
    thread_key: String,
    author_email: Option<String>,
    client_address: Option<String>,
    author_identity: Option<String>,
    rule_note: Option<String>,
}

/// A value bound to one of the list's placeholders.
enum Bound {
    Text(String),
    Number(i64),
}

/// The SQL conditions of `filter` (to join with `AND`) after `after`, and the values of
/// their placeholders, in order.
fn conditions_of(filter: &CommentFilter, after: Option<ListPosition>) -> (Vec<String>, Vec<Bound>) {
    let find = super::FIND_FUNCTION;
    let mut conditions = Vec::new();
    let mut bound = Vec::new();
    let mut bind = |value: Bound| {
        bound.push(value);
        format!("${}", bound.len())
    };
    match filter.status {
        Some(status) => conditions.push(format!(
            "comments.status = {}",
            bind(Bound::Text(status.to_owned()))
        )),
        None => conditions.push(format!(
            "comments.status IN ('{}')",
            LISTED_STATUSES.join("', '")
        )),
    }
    if let Some(text) = &filter.text {
        let n = bind(Bound::Text(text.clone()));
        conditions.push(format!(
            "({find}(lower(comments.author_name), {n}) > 0 \
             OR {find}(lower(comments.author_email), {n}) > 0 \
             OR {find}(lower(comments.body_markdown), {n}) > 0)"
        ));
    }
    if let Some(thread) = &filter.thread {
        conditions.push(format!(
            "threads.key = {}",
            bind(Bound::Text(thread.clone()))
        ));
    }
    if let Some(comment) = filter.comment {
        conditions.push(format!("comments.id = {}", bind(Bound::Number(comment))));
    }
    if let Some(author) = &filter.author {
        let n = bind(Bound::Text(author.clone()));
        conditions.push(format!("{find}(lower(comments.author_name), {n}) > 0"));
    }
    if let Some(email) = &filter.email {
        let n = bind(Bound::Text(email.clone()));
        conditions.push(format!("lower(comments.author_email) = {n}"));
    }
    if let Some(identity) = &filter.identity {
        conditions.push(format!(
            "comments.author_identity = {}",
            bind(Bound::Text(identity.clone()))
        ));
    }
    if let Some(client) = &filter.client {
        conditions.push(format!(
            "comments.client_address = {}",
            bind(Bound::Text(client.clone()))
        ));
    }
    if let Some(address) = &filter.address {
        let n = bind(Bound::Text(address.clone()));
        conditions.push(format!(
            "substr(comments.client_address, 1, length({n})) = {n}"
        ));
    }
    if let Some(since) = filter.since {
        conditions.push(format!(
            "comments.created_at >= {}",
            bind(Bound::Number(since))
        ));
    }
    if let Some(until) = filter.until {
        conditions.push(format!(
            "comments.created_at < {}",
            bind(Bound::Number(until))
        ));
    }
    if let Some(prefixes) = &filter.thread_prefixes {
        let placeholders: Vec<String> = prefixes
            .iter()
            .map(|prefix| bind(Bound::Text(prefix.clone())))
            .collect();
        conditions.push(super::rows::key_starts_with_any(&placeholders));
    }
    if let Some(after) = after {
        let (at, id) = (
            bind(Bound::Number(after.created_at)),
            bind(Bound::Number(after.id)),
        );
        conditions.push(format!(
            "(comments.created_at < {at} OR (comments.created_at = {at} AND comments.id < {id}))"
        ));
    }
    (conditions, bound)
}

/// The comments `filter` matches, newest first, after `after`: at most `limit`, and where
/// the next page starts if more match.
pub async fn queue(
    pool: &Pool,
    filter: &CommentFilter,
    after: Option<ListPosition>,
    limit: usize,
) -> Result<(Vec<wire::ModeratedComment>, Option<ListPosition>), StorageError> {
    let columns = comment_columns_of("comments");
    let (conditions, mut bound) = conditions_of(filter, after);
    bound.push(Bound::Number(i64::try_from(limit + 1).unwrap_or(i64::MAX)));
    let page = format!("${}", bound.len());
    let sql = format!(
        "SELECT {columns}, threads.key AS thread_key, comments.author_email, \
         comments.client_address, comments.author_identity, comments.rule_note \
         FROM comments JOIN threads ON threads.id = comments.thread_id \
         WHERE {} ORDER BY comments.created_at DESC, comments.id DESC LIMIT {page}",
        conditions.join(" AND ")
    );
    let mut query = sqlx::query_as::<_, QueuedRow>(&sql);
    for value in bound {
        query = match value {
            Bound::Text(text) => query.bind(text),
            Bound::Number(number) => query.bind(number),
        };
    }
    let mut rows = query.fetch_all(pool).await?;
    let next = (rows.len() > limit).then(|| {
        rows.truncate(limit);
        rows.last().map(|row| ListPosition {
            created_at: row.comment.created_at,
            id: row.comment.id,
        })
    });
    let comments = rows
        .into_iter()
        .map(|row| {
            Ok(wire::ModeratedComment {
                shadow: row.comment.status == "shadow",
                comment: row.comment.into_wire(0)?,
                thread: row.thread_key,
                author_email: row.author_email,
                client_address: row.client_address,
                author_identity: row.author_identity,
                rule_note: row.rule_note,
            })
        })
        .collect::<Result<_, StorageError>>()?;
    Ok((comments, next.flatten()))
}

#[derive(FromRow)]
struct Tally {
    published: i64,
    held: i64,
    spam: i64,
    deleted: i64,
    threads: i64,
    first_at: Option<i64>,
    last_at: Option<i64>,
}

/// How many comments `filter` matches in each status, in how many threads, and when the
/// first and the last were posted.
pub async fn tally(
    pool: &Pool,
    filter: &CommentFilter,
) -> Result<wire::CommentTally, StorageError> {
    let (conditions, bound) = conditions_of(filter, None);
    let of_status = |status: &str| {
        format!("COALESCE(SUM(CASE WHEN comments.status IN ({status}) THEN 1 ELSE 0 END), 0)")
    };
    let sql = format!(
        "SELECT {} AS published, {} AS held, {} AS spam, {} AS deleted, \
         COUNT(DISTINCT comments.thread_id) AS threads, MIN(comments.created_at) AS first_at, \
         MAX(comments.created_at) AS last_at \
         FROM comments JOIN threads ON threads.id = comments.thread_id WHERE {}",
        of_status("'published'"),
        of_status("'pending'"),
        // Shadow-banned ones count with spam.
        of_status("'spam', 'shadow'"),
        of_status("'deleted'"),
        conditions.join(" AND ")
    );
    let mut query = sqlx::query_as::<_, Tally>(&sql);
    for value in bound {
        query = match value {
            Bound::Text(text) => query.bind(text),
            Bound::Number(number) => query.bind(number),
        };
    }
    let tally = query.fetch_one(pool).await?;
    let count = |number: i64| u32::try_from(number).unwrap_or(u32::MAX);
    Ok(wire::CommentTally {
        published: count(tally.published),
        held: count(tally.held),
        spam: count(tally.spam),
        deleted: count(tally.deleted),
        threads: count(tally.threads),
        first_at: tally.first_at.map(rfc3339),
        last_at: tally.last_at.map(rfc3339),
    })
}
