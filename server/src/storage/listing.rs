//! What the moderators' comment list shows: its filters, and where a page of it starts.

use confab_api::CommentId;

/// The statuses the list can show (a rejected comment is gone for moderators too; a
/// shadow-banned one shows only to its author and to moderators).
pub const LISTED_STATUSES: [&str; 5] = ["pending", "spam", "shadow", "published", "deleted"];

/// The filters of the moderators' comment list: every one given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommentFilter {
    /// One of [`LISTED_STATUSES`]; none: any of them.
    pub status: Option<&'static str>,
    /// In the author's name, email or text (lower case).
    pub text: Option<String>,
    /// The thread's stored key, whole.
    pub thread: Option<String>,
    /// In the author's name (lower case).
    pub author: Option<String>,
    /// The author's email, whole (lower case).
    pub email: Option<String>,
    /// The signed-in author's identity, whole (`sso:<sub>`, `oidc:<issuer>:<sub>`).
    pub identity: Option<String>,
    /// The start of the client address: a whole address, or a prefix such as `203.0.113.`.
    pub address: Option<String>,
    /// The whole client address (one commenter's).
    pub client: Option<String>,
    /// Posted at or after this time (milliseconds since 1970).
    pub since: Option<i64>,
    /// Posted before this time (milliseconds since 1970).
    pub until: Option<i64>,
    /// Only threads whose key starts with one of these (a moderator's sites); none: all.
    pub thread_prefixes: Option<Vec<String>>,
    /// One comment, by its id.
    pub comment: Option<CommentId>,
}

/// Where the next page of the list starts: after the comment posted at `created_at`
/// (milliseconds) with `id`, newest first. Written `<created_at>.<id>` in URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListPosition {
    pub created_at: i64,
    pub id: CommentId,
}

impl ListPosition {
    pub fn parse(text: &str) -> Option<Self> {
        let (created_at, id) = text.split_once('.')?;
        let position = Self {
            created_at: created_at.parse().ok()?,
            id: id.parse().ok()?,
        };
        (position.created_at >= 0 && position.id > 0).then_some(position)
    }
}

impl std::fmt::Display for ListPosition {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{}.{}", self.created_at, self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_read_back_what_they_write() {
        let position = ListPosition {
            created_at: 1_765_000_000_000,
            id: 42,
        };
        assert_eq!(ListPosition::parse(&position.to_string()), Some(position));
        for broken in [
            "",
            "12",
            "a.b",
            "12.",
            ".4",
            "-1.4",
            "12.0",
            "1.2.3",
            "99999999999999999999.1",
        ] {
            assert_eq!(ListPosition::parse(broken), None, "{broken}");
        }
    }
}
