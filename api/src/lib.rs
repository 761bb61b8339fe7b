//! Confab's wire contract: the JSON shapes of `/api/v1/` and the limits both sides check.
//!
//! The widget and the server depend on this crate alone for what travels between them,
//! so the two cannot drift apart. Serde only: no HTTP, no storage, no UI.

pub mod admin;
pub mod body;
pub mod html;
pub mod limits;
pub mod manage;
#[cfg(feature = "markdown")]
pub mod markdown;
pub mod proof;
pub mod reactions;
pub mod recent;
pub mod rules;
pub mod sign_in;
pub mod versions;
pub mod votes;

pub use admin::{
    BulkModeration, BulkOutcome, BulkRefusal, BusyThread, CommentTally, DayCounts, Deliveries,
    Delivery, LockThread, LogEntry, Login, ModeratedComment, ModerationAction, ModerationLog,
    ModerationQueue, ModeratorSession, Stats, ThreadList, ThreadSummary, UpdateThread,
};
pub use body::{Block, Inline};
pub use manage::{ManageAnswer, ManageRequest};
pub use proof::Challenge;
pub use reactions::{React, ReactionTally, Reactions};
pub use recent::{RecentComment, RecentComments};
pub use rules::{FilterState, Rule, RuleAction, RuleKind, RuleList, RuleTrial};
pub use sign_in::{EndSession, LoginButton, SignedInComment};
pub use versions::{CommentVersion, CommentVersions, ModeratorEdit};
pub use votes::{CastVote, Tally, VoteMode, VoteTally};

use serde::{Deserialize, Serialize};

/// The identifier of a stored comment.
pub type CommentId = i64;

/// What kind of entry a comment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentKind {
    /// Written by a reader.
    Comment,
    /// Another site linked to the page (shown compact, author = the linking page).
    Pingback,
    /// Like a pingback, sent by the older trackback protocol.
    Trackback,
}

/// Whether readers can see a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentStatus {
    /// Visible to everyone.
    Published,
    /// Held for moderation; shown only to its author.
    Pending,
    /// Deleted but kept as a placeholder because it has replies.
    Deleted,
    /// Marked as spam by a moderator; only moderators see it.
    Spam,
}

/// A mark shown next to an author's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Badge {
    /// The author of the page the thread belongs to ("Post author").
    PostAuthor,
    /// A moderator of the site.
    Moderator,
}

/// Who wrote a comment, as readers may see it. The email address never leaves the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    /// Display name.
    pub name: String,
    /// The author's website (an http or https URL), if given.
    pub website: Option<String>,
    /// A keyed hash to draw an avatar from; never the email itself.
    pub avatar_seed: String,
    /// "Post author" or "Moderator", if the author is one.
    pub badge: Option<Badge>,
}

/// A comment as readers get it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    /// Its identifier, unique across the server.
    pub id: CommentId,
    /// The comment it answers, or `None` for a top-level comment.
    pub parent_id: Option<CommentId>,
    /// Comment, pingback or trackback.
    pub kind: CommentKind,
    /// Who wrote it.
    pub author: Author,
    /// The body as a tree of allowed nodes (never HTML).
    pub body: Vec<Block>,
    /// When it was posted, RFC 3339 in UTC.
    pub created_at: String,
    /// When its body was last edited, RFC 3339 in UTC.
    pub edited_at: Option<String>,
    /// Published, pending (only to its author) or deleted.
    pub status: CommentStatus,
    /// How many direct replies it has.
    pub reply_count: u32,
    /// Readers' votes for it (absent when none).
    #[serde(default, skip_serializing_if = "votes::is_zero")]
    pub up: u32,
    /// Readers' votes against it (absent when none).
    #[serde(default, skip_serializing_if = "votes::is_zero")]
    pub down: u32,
    /// Pinned by a moderator: shown before the rest of the thread, in every order.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pinned: bool,
    /// Its text was last changed by a moderator: readers see "edited by a moderator"
    /// (absent when its author wrote every version).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub edited_by_moderator: bool,
    /// Readers' reactions to it (absent when none).
    #[serde(default, skip_serializing_if = "Reactions::is_empty")]
    pub reactions: Reactions,
}

/// What the server knows of a thread (one page's discussion).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadInfo {
    /// The thread's key, usually the page's path.
    pub key: String,
    /// The page's title, stored with the first comment.
    pub title: Option<String>,
    /// The page's URL, stored with the first comment.
    pub url: Option<String>,
    /// How many visible comments (pingbacks included) the thread has.
    pub count: u32,
    /// A locked thread accepts no new comments.
    pub locked: bool,
    /// Whether the server can tell commenters of replies by email (the reply box offers
    /// it only then).
    #[serde(default)]
    pub reply_notifications: bool,
    /// The latest change when this page was read: live updates (`GET /api/v1/events`)
    /// opened with it as `Last-Event-ID` bring everything that happened since.
    #[serde(default)]
    pub last_event_id: i64,
    /// Where the site logs its readers in, when it signs them in for Confab (single
    /// sign-on): the reply box links to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login_url: Option<String>,
    /// Where the site logs a signed-in reader out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logout_url: Option<String>,
    /// The identity providers readers may sign in with (“Sign in with …”).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub logins: Vec<LoginButton>,
    /// Which votes readers may cast on the thread's comments.
    #[serde(default)]
    pub votes: VoteMode,
    /// The reactions readers may choose, in the order shown (none: reactions are off).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reactions: Vec<String>,
    /// Readers' reactions to the page itself.
    #[serde(default, skip_serializing_if = "Reactions::is_empty")]
    pub page_reactions: Reactions,
}

/// The order of a thread's top-level comments (replies are always oldest first).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Oldest first, as on a classic blog.
    #[default]
    Oldest,
    /// Newest first.
    Newest,
    /// Most direct replies first.
    Replies,
    /// The best voted first, by [`votes::wilson_rank`].
    Best,
}

impl Sort {
    /// The value of the `sort` query parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Oldest => "oldest",
            Self::Newest => "newest",
            Self::Replies => "replies",
            Self::Best => "best",
        }
    }
}

/// The answer to `GET /api/v1/comments`: a page of a thread's top-level comments, each with
/// the first of its replies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadPage {
    /// The thread itself.
    pub thread: ThreadInfo,
    /// Comments in display order, flat; every parent comes before its children. A comment
    /// whose `reply_count` is larger than its replies here has more to load.
    pub comments: Vec<Comment>,
    /// Where the next page of top-level comments starts, when there is one.
    pub next_cursor: Option<String>,
    /// Where the page before this one ends (for a page opened `around` a comment).
    #[serde(default)]
    pub prev_cursor: Option<String>,
}

/// The answer to `GET /api/v1/comments/{id}/replies`: more replies of one comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepliesPage {
    /// Direct replies after the requested one, each followed by the first of its replies.
    pub comments: Vec<Comment>,
    /// Whether direct replies remain after these.
    pub more: bool,
}

/// The answer to `GET /api/v1/counts?thread=A&thread=B`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Visible comments per thread key asked about (0 for unknown threads).
    pub counts: std::collections::BTreeMap<String, u32>,
}

/// The body of `POST /api/v1/comments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewComment {
    /// The thread's key (starts with `/`).
    pub thread: String,
    /// The page's title, kept when this comment creates the thread.
    #[serde(default)]
    pub title: Option<String>,
    /// The page's URL, kept when this comment creates the thread.
    #[serde(default)]
    pub url: Option<String>,
    /// The comment this one answers, if any.
    #[serde(default)]
    pub parent_id: Option<CommentId>,
    /// The author's name (required, unless `sso` or `session` signs the reader in).
    #[serde(default)]
    pub author_name: String,
    /// The author's email: optional, stored, never published.
    #[serde(default)]
    pub author_email: Option<String>,
    /// The author's website: optional, an http or https URL.
    #[serde(default)]
    pub author_website: Option<String>,
    /// The comment in markdown.
    pub body: String,
    /// Tell the author of replies by email (needs `author_email`; the address is asked
    /// to confirm first).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub notify_replies: bool,
    /// The reader's language (a BCP 47 tag such as `de` or `pt-BR`), for the mails they
    /// get; English when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Must stay empty: the widget hides this field from people (and from assistive
    /// technology), so only a bot fills it in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage: Option<String>,
    /// A token the host site signed (single sign-on): the reader it names is the author,
    /// with the name, email and website it gives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sso: Option<String>,
    /// A session from a login with an identity provider: the reader it names is the
    /// author (`sso` wins when both are given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// The widget's voter key (see [`CastVote::voter`]): its author may not vote on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voter: Option<String>,
    /// A proof of work (`challenge:number`, see [`proof`]), when the site asks for one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<String>,
}

/// The answer to a successful `POST /api/v1/comments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostedComment {
    /// The comment exactly as stored.
    pub comment: Comment,
    /// A secret that lets its author edit or delete the comment; given only once.
    pub edit_token: String,
    /// Until when the edit token works, RFC 3339 in UTC.
    pub editable_until: String,
}

/// The body of `PUT /api/v1/comments/{id}`: the new text of one's own comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditComment {
    /// The comment in markdown.
    pub body: String,
}

/// The answer to a successful edit: the comment exactly as now stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredComment {
    /// The comment.
    pub comment: Comment,
}

/// One comment a browser posted, with the edit token it was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentKey {
    /// The comment's id.
    pub id: CommentId,
    /// The edit token returned when it was posted.
    pub edit_token: String,
}

/// The body of `POST /api/v1/comments/mine`: the comments this browser posted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnCommentsRequest {
    /// At most [`limits::MAX_OWN_COMMENTS`] comments.
    pub comments: Vec<CommentKey>,
    /// With `sso` or `session`: the thread whose comments by the signed-in reader are
    /// asked for too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread: Option<String>,
    /// The site's token for its signed-in reader (single sign-on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sso: Option<String>,
    /// A session from a login with an identity provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// The answer to `POST /api/v1/comments/mine`: those of the comments whose token matches,
/// in any state but deleted (so their author sees what still awaits moderation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnComments {
    /// The comments.
    pub comments: Vec<Comment>,
    /// For a signed-in reader, what lets any browser of theirs offer Edit and Delete on
    /// their comments of the thread.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signed_in: Vec<SignedInComment>,
}

/// The header that makes a `POST /api/v1/comments` safe to retry.
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// The body of `POST /api/v1/preview`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewRequest {
    /// The comment in markdown.
    pub body: String,
}

/// The answer to `POST /api/v1/preview`: the body exactly as it would be stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    /// The node tree.
    pub body: Vec<Block>,
}

/// The one shape of every error answer: `{"error": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// What went wrong, for programs (`code`), for people (`message`) and for forms (`field`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// A stable machine-readable code such as `too_long` or `invalid_url`.
    pub code: String,
    /// A sentence a reader can act on.
    pub message: String,
    /// The input field it concerns (a `NewComment` field name), if any.
    pub field: Option<String>,
}

/// A change to a thread, as `GET /api/v1/events?thread=KEY` streams it: Server-Sent
/// Events whose `data` is one of these as JSON and whose `id` numbers the change (send it
/// back as `Last-Event-ID` to miss nothing after a reconnection).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum ThreadChange {
    /// A comment became visible: just posted, or approved by a moderator.
    Added { comment: Comment },
    /// A visible comment's text changed.
    Edited { comment: Comment },
    /// A comment was deleted; `placeholder` when it stays, erased, above its replies.
    Deleted { id: CommentId, placeholder: bool },
    /// Comments' votes changed (at most one of these per thread and second); it carries
    /// no event id and is not replayed after a reconnection.
    Tallied { tallies: Vec<Tally> },
    /// More changes happened while the reader was away than a reconnection brings back:
    /// the stream goes on from the latest, and reading the thread again shows them all.
    Missed,
}

#[cfg(test)]
mod tests;
