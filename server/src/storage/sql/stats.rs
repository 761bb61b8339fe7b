//! The moderators' numbers: comments per day by their status now (published, held,
//! spam, shadow-banned ones with spam), and the busiest threads, over the last days,
//! within a moderator's sites.

use super::Pool;
use crate::storage::StorageError;
use confab_api::{BusyThread, DayCounts, Stats};
use sqlx::FromRow;

/// A day in milliseconds.
const DAY: i64 = 86_400_000;

/// How many busiest threads the numbers name.
const BUSIEST: i64 = 10;

#[derive(FromRow)]
struct DayRow {
    day: i64,
    status: String,
    count: i64,
}

#[derive(FromRow)]
struct BusyRow {
    key: String,
    title: Option<String>,
    comments: i64,
}

/// The `days` days up to `now` (milliseconds), each with its counts (zeros included),
/// oldest first, and the busiest threads of those days; only threads whose key starts
/// with one of `prefixes` when given.
pub async fn stats(
    pool: &Pool,
    days: u32,
    now: i64,
    prefixes: Option<&[String]>,
) -> Result<Stats, StorageError> {
    let today = now.div_euclid(DAY);
    let first = today - i64::from(days) + 1;
    let among_sites = super::rows::among_sites(prefixes, 2);
    let per_day = format!(
        "SELECT comments.created_at / {DAY} AS day, comments.status, COUNT(*) AS count \
         FROM comments JOIN threads ON threads.id = comments.thread_id \
         WHERE comments.created_at >= $1 AND comments.status IN ('published', 'pending', 'spam', 'shadow') \
         AND {among_sites} GROUP BY 1, 2"
    );
    let busiest = format!(
        "SELECT threads.key, threads.title, COUNT(*) AS comments \
         FROM comments JOIN threads ON threads.id = comments.thread_id \
         WHERE comments.created_at >= $1 AND comments.status = 'published' AND {among_sites} \
         GROUP BY threads.id, threads.key, threads.title \
         ORDER BY 3 DESC, threads.id DESC LIMIT {BUSIEST}"
    );
    let mut day_query = sqlx::query_as::<_, DayRow>(&per_day).bind(first * DAY);
    let mut busy_query = sqlx::query_as::<_, BusyRow>(&busiest).bind(first * DAY);
    for prefix in prefixes.unwrap_or_default() {
        day_query = day_query.bind(prefix.clone());
        busy_query = busy_query.bind(prefix.clone());
    }
    let count = |count: i64| u32::try_from(count).unwrap_or(u32::MAX);
    let mut counts: Vec<DayCounts> = (first..=today)
        .map(|day| DayCounts {
            day: day_name(day),
            published: 0,
            held: 0,
            spam: 0,
        })
        .collect();
    for row in day_query.fetch_all(pool).await? {
        let Some(day) = usize::try_from(row.day - first)
            .ok()
            .and_then(|index| counts.get_mut(index))
        else {
            continue; // posted "in the future" by a clock that was ahead
        };
        match row.status.as_str() {
            "published" => day.published = count(row.count),
            "pending" => day.held = count(row.count),
            // Shadow-banned comments count as spam (their own row of the day's counts).
            _ => day.spam = day.spam.saturating_add(count(row.count)),
        }
    }
    let busiest = busy_query
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|row| BusyThread {
            thread: row.key,
            title: row.title,
            comments: count(row.comments),
        })
        .collect();
    Ok(Stats {
        days: counts,
        busiest,
    })
}

/// Day `day` since 1970 as `YYYY-MM-DD`.
fn day_name(day: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(day * 86_400)
        .map(|moment| moment.date().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn days_are_named_as_dates() {
        assert_eq!(super::day_name(0), "1970-01-01");
        assert_eq!(super::day_name(20_794), "2026-12-07");
    }
}
