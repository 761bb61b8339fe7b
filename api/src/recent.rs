//! Recent comments elsewhere on a site, for sidebars and home pages.

use crate::CommentId;
use serde::{Deserialize, Serialize};

/// One of a site's latest published comments, for sidebars and home pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentComment {
    /// The comment's id (`#confab-comment-{id}` on its page shows it).
    pub id: CommentId,
    /// The thread's key.
    pub thread: String,
    pub thread_title: Option<String>,
    /// The page the thread is on.
    pub thread_url: Option<String>,
    /// The author's name.
    pub author: String,
    /// RFC 3339 in UTC.
    pub created_at: String,
    /// The comment as plain text, cut to about [`crate::limits::RECENT_EXCERPT_CHARS`]
    /// characters (with “…” when cut).
    pub excerpt: String,
}

/// The answer to `GET /api/v1/comments/recent`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentComments {
    pub comments: Vec<RecentComment>,
}
