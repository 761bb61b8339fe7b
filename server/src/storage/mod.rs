//! Where comments live: what the server asks of a database, one trait per concern
//! ([`concerns`]), the records it passes ([`records`]), and the two backends that share
//! their SQL (`sql/`, mounted by [`sqlite`] and [`postgres`]).
//!
//! SQL stays behind [`Storage`]; callers see wire types and the few errors they can act
//! on.

pub mod backup;
pub mod concerns;
pub mod copy;
pub mod cursor;
pub mod database;
pub mod error;
pub mod listing;
pub mod outbox;
pub mod postgres;
pub mod records;
pub mod sqlite;
pub mod tables;
pub mod write_watch;

use async_trait::async_trait;
pub use concerns::{
    Archives, Comments, Community, Moderators, Sessions, SpamFilter, Threads, Throttles,
};
pub use database::Database;
pub use error::StorageError;
pub use outbox::Outbox;
pub use records::*;

/// Everything a server needs from a database: every concern, the outbox and copies.
#[async_trait]
pub trait Storage:
    Threads
    + Comments
    + Moderators
    + Sessions
    + Throttles
    + SpamFilter
    + Archives
    + Community
    + Outbox
    + copy::TableCopy
    + Send
    + Sync
    + 'static
{
    /// The server's secret key (avatar seeds, derived edit tokens), created on first use.
    async fn server_key(&self) -> Result<String, StorageError>;
}

/// Most pinned comments a thread shows.
pub const MAX_PINNED: usize = 3;

/// The site of a thread key as the spam filter keys it: what comes before the path (''
/// for the first site's threads, `name:` for another's).
pub fn filter_site(thread_key: &str) -> &str {
    if thread_key.starts_with('/') {
        return "";
    }
    thread_key.find(':').map_or("", |at| &thread_key[..=at])
}

/// Formats milliseconds since the epoch as RFC 3339 in UTC, as the wire carries times.
pub fn rfc3339(millis: i64) -> String {
    let nanos = i128::from(millis) * 1_000_000;
    time::OffsetDateTime::from_unix_timestamp_nanos(nanos)
        .ok()
        .and_then(|at| {
            at.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// The current time in milliseconds since the epoch.
pub fn now_millis() -> i64 {
    let nanos = time::OffsetDateTime::now_utc().unix_timestamp_nanos();
    i64::try_from(nanos / 1_000_000).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests;
