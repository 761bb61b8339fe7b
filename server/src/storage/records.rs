//! The records the storage takes and gives besides the wire types: comments to store,
//! imports, exports, feeds, paging and the answers of a write.

use super::cursor::Cursor;
use confab_api::{self as wire, Badge, Block, CommentId, CommentKind, CommentStatus, Sort};

/// A comment ready to be stored: validated, rendered to its tree, with derived fields set.
#[derive(Debug, Clone)]
pub struct CommentToStore {
    pub thread: ThreadToStore,
    pub parent_id: Option<CommentId>,
    pub kind: CommentKind,
    /// Published at once, or pending until a moderator approves it.
    pub status: CommentStatus,
    pub author_name: String,
    pub author_email: Option<String>,
    pub author_website: Option<String>,
    pub avatar_seed: String,
    pub badge: Option<Badge>,
    pub body_markdown: String,
    pub body: Vec<Block>,
    pub edit_token_hash: Option<String>,
    /// Milliseconds since the Unix epoch.
    pub created_at: i64,
    /// The address it was posted from, shown to moderators.
    pub client_address: Option<String>,
    /// Who a signed-in author is (`sso:<sub>`), as the site vouched; none for a guest.
    pub author_identity: Option<String>,
    /// The voter who wrote it (a hash of the widget's voter key), who may not vote on it.
    pub author_voter: Option<String>,
    /// Votes for and against it an import brings (a new comment has none).
    pub up_votes: u32,
    pub down_votes: u32,
    /// Readers' reactions an import brings (a new comment has none).
    pub reactions: wire::Reactions,
    /// Whether its author asked to hear of replies by email.
    pub notify_replies: bool,
    /// The language of the author's widget (a BCP 47 tag), for the mails they get.
    pub lang: Option<String>,
}

/// A reader's vote, ready to count.
#[derive(Debug, Clone)]
pub struct VoteToStore {
    pub comment_id: CommentId,
    /// `key:<hash of the widget's voter key>`, or `id:<identity>` for a signed-in reader.
    pub voter: String,
    /// `1` for, `-1` against, `0` to take an earlier vote back.
    pub value: i8,
    /// The client's network (its address, or its /64), for the per-network budget.
    pub network: String,
    /// How many voters of one network may vote on one comment.
    pub network_budget: u32,
    /// Milliseconds since the Unix epoch.
    pub at: i64,
}

/// A comment's totals once a vote counted, the voter's vote now, and the comment's thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteCounted {
    pub up: u32,
    pub down: u32,
    pub value: i8,
    /// The stored key of the comment's thread.
    pub thread_key: String,
}

/// A reader's reaction, ready to count.
#[derive(Debug, Clone)]
pub struct ReactionToStore {
    /// A comment, or the page itself (its thread is created if need be).
    pub target: ReactionTarget,
    /// One of the site's reactions.
    pub reaction: String,
    /// Added, or taken back.
    pub on: bool,
    /// As for votes.
    pub voter: String,
    pub network: String,
    /// How many readers of one network may choose one reaction on one target.
    pub network_budget: u32,
    /// Milliseconds since the Unix epoch.
    pub at: i64,
}

/// What a reaction is to.
#[derive(Debug, Clone)]
pub enum ReactionTarget {
    Comment(CommentId),
    Page(ThreadToStore),
}

/// A comment's or a page's reactions once one counted, whether the reader's is on, and
/// the thread's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReactionCounted {
    pub reactions: wire::Reactions,
    pub on: bool,
    pub thread_key: String,
}

/// A comment whose votes changed, for live updates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TallyChange {
    /// Its thread's stored key.
    pub thread_key: String,
    pub tally: wire::Tally,
    /// When its votes last changed, in milliseconds since the Unix epoch.
    pub at: i64,
}

/// The thread a comment belongs to; title and URL are kept when the thread is created.
#[derive(Debug, Clone)]
pub struct ThreadToStore {
    pub key: String,
    pub title: Option<String>,
    pub url: Option<String>,
}

/// A thread with every comment and every stored field, for exports.
#[derive(Debug, Clone)]
pub struct ExportedThread {
    pub key: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub locked: bool,
    /// Readers' reactions to the page itself.
    pub reactions: wire::Reactions,
    /// Oldest first, so a parent always comes before its replies.
    pub comments: Vec<ExportedComment>,
}

/// One comment as stored.
#[derive(Debug, Clone)]
pub struct ExportedComment {
    pub id: CommentId,
    pub parent_id: Option<CommentId>,
    pub kind: CommentKind,
    /// As stored: published, pending, spam, deleted, removed or rejected.
    pub status: String,
    pub author_name: String,
    pub author_email: Option<String>,
    pub author_website: Option<String>,
    pub client_address: Option<String>,
    pub author_identity: Option<String>,
    pub badge: Option<Badge>,
    pub body_markdown: String,
    pub body: Vec<Block>,
    /// Milliseconds since the Unix epoch.
    pub created_at: i64,
    pub edited_at: Option<i64>,
    /// Readers' votes for and against it, and their reactions.
    pub up_votes: u32,
    pub down_votes: u32,
    pub reactions: wire::Reactions,
    /// When a moderator pinned it (milliseconds), if it is pinned.
    pub pinned_at: Option<i64>,
}

/// One comment of a thread stored in a single step with its siblings (demo data, imports).
#[derive(Debug, Clone)]
pub struct SeedComment {
    pub comment: CommentToStore,
    /// The position, in the same list, of the comment this one answers.
    pub parent_index: Option<usize>,
}

/// One thread of an import, its comments parents first.
#[derive(Debug, Clone)]
pub struct ThreadImport {
    pub thread: ThreadToStore,
    /// Whether the source had closed the thread; an import never reopens one.
    pub locked: bool,
    /// Readers' reactions to the page, kept unless the thread has its own already.
    pub reactions: wire::Reactions,
    pub comments: Vec<CommentImport>,
}

/// One imported comment.
#[derive(Debug, Clone)]
pub struct CommentImport {
    /// Names the comment in its source; a comment with a stored reference is not stored again.
    pub import_ref: String,
    /// The position, in the same thread's list, of the comment this one answers.
    pub parent_index: Option<usize>,
    /// As storage records it: published, pending, spam, deleted, removed or rejected.
    pub status: &'static str,
    pub edited_at: Option<i64>,
    /// When it was pinned (milliseconds), where the source says (Confab's own export);
    /// kept for a published top-level comment, three a thread at most.
    pub pinned_at: Option<i64>,
    pub comment: CommentToStore,
}

/// What an import stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub new_threads: usize,
    pub comments: usize,
    pub already_present: usize,
}

/// Which comments a feed shows.
#[derive(Debug, Clone, Copy)]
pub enum FeedScope<'a> {
    /// The thread stored as this key.
    Thread(&'a str),
    /// Every thread whose stored key starts with this (one site's threads).
    Threads(&'a str),
}

/// A published comment for a feed, with the thread it belongs to.
#[derive(Debug, Clone)]
pub struct FeedEntry {
    pub thread_key: String,
    pub thread_title: Option<String>,
    pub thread_url: Option<String>,
    pub comment: wire::Comment,
}

/// Which page of a thread to read.
#[derive(Debug, Clone)]
pub struct PageRequest {
    pub sort: Sort,
    /// Top-level comments per page.
    pub limit: usize,
    pub position: PagePosition,
}

/// Where a page of top-level comments is.
#[derive(Debug, Clone, Copy)]
pub enum PagePosition {
    /// The first page.
    First,
    /// The page after a cursor.
    After(Cursor),
    /// The page before a cursor.
    Before(Cursor),
    /// The page holding a comment (pages counted from the start), with the replies on the
    /// way down to it.
    Around(CommentId),
    /// Every visible comment (`limit=all`), for threads of up to
    /// [`confab_api::limits::MAX_WHOLE_THREAD`] comments.
    Whole,
}

/// What proves an author's right to change their comment, and whether it still can be.
#[derive(Debug, Clone)]
pub struct Ownership {
    /// The hash of the comment's edit token (none for imported or seeded comments).
    pub edit_token_hash: Option<String>,
    /// When it was posted, in milliseconds since the epoch.
    pub created_at: i64,
    pub status: CommentStatus,
    /// The stored key of its thread (which says its site).
    pub thread_key: String,
    /// Its author's avatar seed (whose approved comments count as a history).
    pub avatar_seed: String,
    /// Whether its author gave an email (a name alone earns no trust).
    pub has_email: bool,
    /// Whether it carries a badge.
    pub has_badge: bool,
    /// Who its signed-in author is (`sso:<sub>`); none for a guest's comment.
    pub author_identity: Option<String>,
    /// Whether a shadow-ban set it apart (its `status` says published, as its author
    /// sees it).
    pub shadow: bool,
}

/// A new text for a comment, checked as a new comment with it would be.
#[derive(Debug, Clone)]
pub struct CommentEdit<'a> {
    pub markdown: &'a str,
    pub body: &'a [Block],
    /// Milliseconds since the epoch.
    pub edited_at: i64,
    /// Whether a new comment with this text would wait for a moderator: a published
    /// comment goes back to the queue, a held one stays there.
    pub hold: bool,
}

/// A moderator's new version of a comment: text and author fields, checked as a new
/// comment's would be.
#[derive(Debug, Clone)]
pub struct ModeratorChange<'a> {
    pub markdown: &'a str,
    pub body: &'a [Block],
    pub author_name: &'a str,
    pub author_email: Option<&'a str>,
    pub author_website: Option<&'a str>,
    /// The avatar seed of the (possibly corrected) name and email.
    pub avatar_seed: &'a str,
    /// Milliseconds since the epoch.
    pub edited_at: i64,
}

/// An `Idempotency-Key` and a hash of the request it came with.
#[derive(Debug, Clone)]
pub struct IdempotencyClaim {
    pub key: String,
    pub request_hash: String,
}

/// A stored comment, and whether it was stored by an earlier request with the same key.
#[derive(Debug, Clone)]
pub struct Inserted {
    pub comment: wire::Comment,
    pub replayed: bool,
    /// When the comment was first stored, in milliseconds since the epoch.
    pub created_at: i64,
}

/// The answer of a rate-limit bucket that several servers share.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SharedToken {
    /// This storage serves one server, which keeps its buckets itself.
    NotShared,
    /// A token was taken.
    Granted,
    /// The bucket is empty; one token is back after this long.
    Refused(std::time::Duration),
}

/// A signed-in author's comment, with what changing it needs.
#[derive(Debug, Clone)]
pub struct AuthoredComment {
    pub comment: confab_api::Comment,
    pub markdown: String,
    /// Milliseconds since the epoch.
    pub created_at: i64,
}

/// A sign-in with an identity provider under way (its state is the row's key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginAttempt {
    pub site: String,
    /// The `[[site.login]]` used.
    pub login_id: String,
    /// The host page's origin, the one told of the session.
    pub origin: String,
    /// The `redirect_uri` sent to the provider.
    pub callback: String,
    pub nonce: String,
    /// The PKCE verifier.
    pub verifier: String,
    /// Milliseconds since the epoch.
    pub expires_at: i64,
}

/// A commenter signed in with an identity provider (its token's hash is the row's key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommenterSession {
    pub site: String,
    /// `<login id>:<subject>`.
    pub identity: String,
    pub name: String,
    /// Only an address the provider verified.
    pub email: Option<String>,
    /// Milliseconds since the epoch.
    pub expires_at: i64,
}

/// How long the same body in the same thread counts as a duplicate.
pub const DUPLICATE_WINDOW_MILLIS: i64 = 10 * 60 * 1000;

/// How long an idempotency key is remembered.
pub const IDEMPOTENCY_KEY_LIFETIME_MILLIS: i64 = 24 * 60 * 60 * 1000;

/// A “Manage my comments” link as stored (under the hash of its token): whose comments
/// it opens, on which site, and until when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManageLink {
    /// The start of the site's stored thread keys (`/`, or `name:/`).
    pub site: String,
    /// The lower-cased address it was mailed to, for a guest.
    pub address: Option<String>,
    /// The signed-in commenter it was given to.
    pub identity: Option<String>,
    /// Milliseconds since the epoch.
    pub created_at: i64,
    pub expires_at: i64,
}

/// Where a “Manage my comments” link stands when it is opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ManageLinkState {
    Valid(ManageLink),
    Expired,
    /// A newer link went to the same commenter.
    Replaced,
    /// Everything was erased with it.
    Spent,
}

/// What the spam filter learned a comment as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Learned {
    Spam,
    Good,
}
