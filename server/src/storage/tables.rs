//! The tables a whole copy of a Confab database carries (`confab-server migrate`), with
//! their columns and what each holds, parents before the tables that point at them.

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Integer,
    Text,
    Boolean,
}

/// A table and its columns, the first being its primary key.
#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [(&'static str, Kind)],
}

impl Table {
    /// The primary key's column.
    pub fn key(&self) -> &'static str {
        self.columns[0].0
    }

    /// The columns' names, as a statement lists them.
    pub fn column_list(&self) -> String {
        let names: Vec<&str> = self.columns.iter().map(|(name, _)| *name).collect();
        names.join(", ")
    }

    /// Whether the database numbers its rows (an `id` key it hands out).
    pub fn has_ids(&self) -> bool {
        self.columns[0] == ("id", Kind::Integer)
    }
}

use Kind::{Boolean, Integer, Text};

/// Every table worth keeping, parents before the tables that point at them (rate-limit
/// buckets, sign-ins under way and spent proofs of work are left behind: the buckets
/// refill by themselves, an attempt lasts minutes, and a challenge half an hour).
pub const TABLES: &[Table] = &[
    Table {
        name: "threads",
        columns: &[
            ("id", Integer),
            ("key", Text),
            ("title", Text),
            ("url", Text),
            ("locked", Boolean),
            ("created_at", Integer),
            ("reactions", Text),
        ],
    },
    Table {
        name: "comments",
        columns: &[
            ("id", Integer),
            ("thread_id", Integer),
            ("parent_id", Integer),
            ("depth", Integer),
            ("kind", Text),
            ("status", Text),
            ("author_name", Text),
            ("author_email", Text),
            ("author_website", Text),
            ("avatar_seed", Text),
            ("badge", Text),
            ("body_markdown", Text),
            ("body_tree", Text),
            ("edit_token_hash", Text),
            ("created_at", Integer),
            ("edited_at", Integer),
            ("client_address", Text),
            ("import_ref", Text),
            ("notify_replies", Boolean),
            ("lang", Text),
            ("author_identity", Text),
            ("up_votes", Integer),
            ("down_votes", Integer),
            ("score_rank", Integer),
            ("tallied_at", Integer),
            ("author_voter", Text),
            ("pinned_at", Integer),
            ("reactions", Text),
            ("edited_by", Text),
            ("rule_note", Text),
        ],
    },
    Table {
        name: "comment_versions",
        columns: &[
            ("id", Integer),
            ("comment_id", Integer),
            ("written_at", Integer),
            ("written_by", Text),
            ("author_name", Text),
            ("author_email", Text),
            ("author_website", Text),
            ("body_markdown", Text),
            ("replaced_at", Integer),
        ],
    },
    Table {
        name: "votes",
        columns: &[
            ("id", Integer),
            ("comment_id", Integer),
            ("voter", Text),
            ("value", Integer),
            ("network", Text),
            ("created_at", Integer),
        ],
    },
    Table {
        name: "reactions",
        columns: &[
            ("id", Integer),
            ("thread_id", Integer),
            ("comment_id", Integer),
            ("reaction", Text),
            ("voter", Text),
            ("network", Text),
            ("created_at", Integer),
        ],
    },
    Table {
        name: "settings",
        columns: &[("name", Text), ("value", Text)],
    },
    Table {
        name: "idempotency_keys",
        columns: &[
            ("key", Text),
            ("request_hash", Text),
            ("comment_id", Integer),
            ("created_at", Integer),
        ],
    },
    Table {
        name: "rules",
        columns: &[
            ("id", Integer),
            ("site", Text),
            ("kind", Text),
            ("pattern", Text),
            ("action", Text),
            ("message", Text),
            ("created_by", Text),
            ("created_at", Integer),
        ],
    },
    Table {
        name: "moderation_log",
        columns: &[
            ("id", Integer),
            ("actor", Text),
            ("action", Text),
            ("comment_id", Integer),
            ("thread_key", Text),
            ("at", Integer),
        ],
    },
    Table {
        name: "admin_sessions",
        columns: &[
            ("token_hash", Text),
            ("moderator", Text),
            ("created_at", Integer),
            ("expires_at", Integer),
        ],
    },
    Table {
        name: "commenter_sessions",
        columns: &[
            ("token_hash", Text),
            ("site", Text),
            ("identity", Text),
            ("name", Text),
            ("email", Text),
            ("created_at", Integer),
            ("expires_at", Integer),
        ],
    },
    Table {
        name: "outbox_events",
        columns: &[
            ("id", Integer),
            ("kind", Text),
            ("comment_id", Integer),
            ("status", Text),
            ("created_at", Integer),
            ("expanded_at", Integer),
        ],
    },
    Table {
        name: "deliveries",
        columns: &[
            ("id", Integer),
            ("event_id", Integer),
            ("comment_id", Integer),
            ("purpose", Text),
            ("recipient", Text),
            ("payload", Text),
            ("created_at", Integer),
            ("attempts", Integer),
            ("next_attempt_at", Integer),
            ("sent_at", Integer),
            ("gave_up_at", Integer),
            ("last_error", Text),
        ],
    },
    Table {
        name: "mail_addresses",
        columns: &[
            ("address", Text),
            ("state", Text),
            ("confirm_sent_at", Integer),
            ("requested_by", Text),
            ("updated_at", Integer),
        ],
    },
];
