//! The admin API's shapes (`/api/v1/admin/…`): moderators' logins, the queue and the
//! actions on one comment, locks, the log, and the deliveries sent.

use crate::{Comment, CommentId};
use serde::{Deserialize, Serialize};

/// What a moderator can do to one comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModerationAction {
    /// Publish a held (or spam) comment.
    Approve,
    /// Refuse a held comment: nobody will see it.
    Reject,
    /// Mark a comment as spam: hidden, kept for the record.
    Spam,
    /// Delete a comment, as its author could.
    Delete,
    /// Delete a comment and everything personal about it (name, email, website, client
    /// address, identity, text, the copies in unsent mails), for good.
    Erase,
}

impl ModerationAction {
    /// Every action, in the order screens offer them.
    pub const ALL: [Self; 5] = [
        Self::Approve,
        Self::Reject,
        Self::Spam,
        Self::Delete,
        Self::Erase,
    ];

    /// The action called `name` in paths and links.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|action| action.as_str() == name)
    }

    /// The action's name in paths and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Reject => "reject",
            Self::Spam => "spam",
            Self::Delete => "delete",
            Self::Erase => "erase",
        }
    }
}

/// A comment as moderators see it: with its thread and the author's email.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModeratedComment {
    pub comment: Comment,
    /// The key of its thread.
    pub thread: String,
    /// The email the author gave, if any.
    pub author_email: Option<String>,
    /// The address it was posted from, if known.
    pub client_address: Option<String>,
    /// Who a signed-in author is, as the site vouched (`sso:<sub>`); none for a guest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_identity: Option<String>,
    /// Which moderators' rule touched it when it was posted, and why, or else the spam
    /// filter's score and the features that weighed most (“filter 0.97: casino +3.2, …”).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_note: Option<String>,
    /// Set apart by a shadow-ban: shown to its author alone (its `status` says published,
    /// as its author sees it).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shadow: bool,
}

/// The body of `POST /api/v1/admin/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Login {
    pub name: String,
    pub password: String,
}

/// The answer to `GET /api/v1/admin/me` and to a login: who is logged in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModeratorSession {
    pub name: String,
    /// The sites this moderator looks after; empty for an owner (every site).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<String>,
}

/// The answer to `GET /api/v1/admin/queue`: the comments the filters match, newest
/// first, and where the next page starts (`before=<next>`), if there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModerationQueue {
    pub comments: Vec<ModeratedComment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// The answer to `GET /api/v1/admin/commenter?email=…` (or `identity`, `address`): how
/// many comments that commenter left in each status, in how many threads, and when the
/// first and the last were posted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentTally {
    pub published: u32,
    pub held: u32,
    pub spam: u32,
    pub deleted: u32,
    pub threads: u32,
    pub first_at: Option<String>,
    pub last_at: Option<String>,
}

/// One thread as the moderators' threads page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadSummary {
    /// Its stored key (with the site's prefix for a named site), as the comment list shows.
    pub key: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub locked: bool,
    /// Its published comments, and those held for a moderator.
    pub published: u32,
    pub held: u32,
    /// When its latest comment (of any status) was posted, RFC 3339; none if it has none.
    pub last_comment_at: Option<String>,
}

/// The answer to `GET /api/v1/admin/threads`: newest threads first, and where the next
/// page starts (`before=<next>`), if there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadList {
    pub threads: Vec<ThreadSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// The answer to `GET /api/v1/admin/stats?days=N`: comments per day (UTC), oldest day
/// first, by their status now, and the threads that took the most published comments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub days: Vec<DayCounts>,
    pub busiest: Vec<BusyThread>,
}

/// The comments posted on one day (`YYYY-MM-DD`, UTC), by their status now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCounts {
    pub day: String,
    pub published: u32,
    pub held: u32,
    pub spam: u32,
}

/// A thread and how many published comments it took in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusyThread {
    pub thread: String,
    pub title: Option<String>,
    pub comments: u32,
}

/// The body of `POST /api/v1/admin/comments/bulk`: one action on many comments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkModeration {
    pub action: ModerationAction,
    pub ids: Vec<CommentId>,
}

/// The answer to a bulk action: the comments it was done to, and why the others were not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkOutcome {
    pub done: Vec<CommentId>,
    pub refused: Vec<BulkRefusal>,
}

/// One comment a bulk action left as it was, with the error it would have answered alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkRefusal {
    pub id: CommentId,
    pub code: String,
}

/// The body of `POST /api/v1/admin/threads/lock`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockThread {
    pub thread: String,
    pub locked: bool,
}

/// The body of `POST /api/v1/admin/threads/update`: a thread's title and page address as
/// moderators correct them (`None` clears one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateThread {
    /// The thread's stored key, as the queue shows it.
    pub thread: String,
    pub title: Option<String>,
    pub url: Option<String>,
}

/// One entry of the moderation log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    /// Who acted (`admin token`, `command line`).
    pub actor: String,
    /// What was done (`approve`, `lock`, …).
    pub action: String,
    pub comment_id: Option<CommentId>,
    pub thread: Option<String>,
    /// When, RFC 3339 in UTC.
    pub at: String,
}

/// The answer to `GET /api/v1/admin/log`: the latest actions, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModerationLog {
    pub entries: Vec<LogEntry>,
}

/// One mail or webhook call, as the moderators' screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub id: i64,
    /// What happened to the comment: `created`, `approved` or `deleted`.
    pub event: String,
    pub comment_id: CommentId,
    /// `owner`, `reply`, `confirm` or `webhook`.
    pub purpose: String,
    /// A mail address or a webhook URL.
    pub recipient: String,
    pub attempts: u32,
    /// Times are RFC 3339 in UTC.
    pub created_at: String,
    pub sent_at: Option<String>,
    /// Set when no further attempt will be made.
    pub gave_up_at: Option<String>,
    /// Set while it waits for its next attempt.
    pub next_attempt_at: Option<String>,
    pub last_error: Option<String>,
}

/// The answer to `GET /api/v1/admin/deliveries`: the latest deliveries, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deliveries {
    pub deliveries: Vec<Delivery>,
}
