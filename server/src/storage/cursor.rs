//! Cursors of top-level pages: where a page ends in the thread's sort order.
//!
//! A cursor names the last comment of a page by its sort key, not by a position, so
//! pages stay stable while new comments arrive. It travels as an opaque string.

use confab_api::{CommentId, Sort};

/// The sort key of one top-level comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    /// Its rank in orders that rank: visible direct replies for [`Sort::Replies`], the
    /// votes' [`wilson_rank`](confab_api::votes::wilson_rank) for [`Sort::Best`].
    pub rank: i64,
    /// When it was posted, in milliseconds since the epoch.
    pub created_at: i64,
    pub id: CommentId,
}

impl Cursor {
    /// The opaque form sent to clients.
    pub fn encode(&self) -> String {
        format!("{}.{}.{}", self.rank, self.created_at, self.id)
    }

    /// Reads a cursor a client sent back; `None` when it is not one.
    pub fn decode(text: &str) -> Option<Self> {
        let mut parts = text.split('.').map(str::parse::<i64>);
        let cursor = Self {
            rank: parts.next()?.ok()?,
            created_at: parts.next()?.ok()?,
            id: parts.next()?.ok()?,
        };
        parts.next().is_none().then_some(cursor)
    }
}

/// The SQL pieces of one sort order over the columns `reply_count` (or `score_rank`),
/// `created_at` and `id`.
pub struct SortSql {
    /// `ORDER BY` clause, in display order.
    pub order: &'static str,
    /// `ORDER BY` clause, in reverse display order.
    pub reverse_order: &'static str,
    /// Rows after the cursor `($1 rank, $2 created_at, $3 id)` in display order.
    pub after: &'static str,
    /// Rows before the cursor in display order.
    pub before: &'static str,
}

/// How `sort` is written in SQL.
pub fn sort_sql(sort: Sort) -> SortSql {
    match sort {
        Sort::Oldest => SortSql {
            order: "created_at, id",
            reverse_order: "created_at DESC, id DESC",
            after: "(created_at, id) > ($2, $3)",
            before: "(created_at, id) < ($2, $3)",
        },
        Sort::Newest => SortSql {
            order: "created_at DESC, id DESC",
            reverse_order: "created_at, id",
            after: "(created_at, id) < ($2, $3)",
            before: "(created_at, id) > ($2, $3)",
        },
        Sort::Replies => SortSql {
            order: "reply_count DESC, created_at, id",
            reverse_order: "reply_count, created_at DESC, id DESC",
            after: "(reply_count < $1 OR (reply_count = $1 AND (created_at, id) > ($2, $3)))",
            before: "(reply_count > $1 OR (reply_count = $1 AND (created_at, id) < ($2, $3)))",
        },
        Sort::Best => SortSql {
            order: "score_rank DESC, created_at, id",
            reverse_order: "score_rank, created_at DESC, id DESC",
            after: "(score_rank < $1 OR (score_rank = $1 AND (created_at, id) > ($2, $3)))",
            before: "(score_rank > $1 OR (score_rank = $1 AND (created_at, id) < ($2, $3)))",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_survives_its_round_trip_and_rubbish_is_refused() {
        let cursor = Cursor {
            rank: 3,
            created_at: 1_298_047_320_000,
            id: 42,
        };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        for rubbish in ["", "1.2", "1.2.3.4", "a.b.c", "1.2.x"] {
            assert_eq!(Cursor::decode(rubbish), None, "{rubbish}");
        }
    }
}
