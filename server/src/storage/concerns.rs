//! What the storage does, one trait per concern, so each part of the server asks for
//! what it uses; [`Storage`](super::Storage) is all of them together.

use super::listing::{CommentFilter, ListPosition};
use super::outbox::NewDelivery;
use super::{
    AuthoredComment, CommentEdit, CommentToStore, CommenterSession, ExportedThread, FeedEntry,
    FeedScope, IdempotencyClaim, ImportCounts, Inserted, LoginAttempt, ManageLink, ManageLinkState,
    ModeratorChange, Ownership, PageRequest, ReactionCounted, ReactionToStore, SeedComment,
    SharedToken, StorageError, TallyChange, ThreadImport, VoteCounted, VoteToStore,
};
use async_trait::async_trait;
use confab_api::{self as wire, CommentId};
use std::collections::BTreeMap;

/// Reading threads: pages, replies, counts and feeds.
#[async_trait]
pub trait Threads: Send + Sync {
    /// A page of thread `key`: top-level comments with the first of their replies, parents
    /// before children. A thread nobody commented on yet comes back empty, not as an error.
    async fn thread_page(
        &self,
        key: &str,
        request: &PageRequest,
    ) -> Result<wire::ThreadPage, StorageError>;

    /// Direct replies of comment `parent` after reply `after`; `None` for an unknown parent.
    async fn replies(
        &self,
        parent: CommentId,
        after: Option<CommentId>,
        limit: usize,
    ) -> Result<Option<wire::RepliesPage>, StorageError>;

    /// Visible comments of each thread in `keys` (0 for threads nobody commented on).
    async fn counts(&self, keys: &[String]) -> Result<BTreeMap<String, u32>, StorageError>;

    /// The latest published comments of `scope`, newest first, for feeds.
    async fn feed(
        &self,
        scope: FeedScope<'_>,
        limit: usize,
    ) -> Result<Vec<FeedEntry>, StorageError>;
}

/// Comments as their authors write, change and delete them.
#[async_trait]
pub trait Comments: Send + Sync {
    /// Stores one comment (creating its thread if needed) and returns it as readers see it.
    /// With a claim, a second call with the same key returns the first comment instead
    /// (or [`StorageError::IdempotencyMismatch`] when the request differs).
    async fn insert_comment(
        &self,
        comment: CommentToStore,
        claim: Option<IdempotencyClaim>,
    ) -> Result<Inserted, StorageError>;

    /// Erases the client address of every comment stored before `before` (milliseconds
    /// since the epoch); returns how many were erased.
    async fn forget_client_addresses(&self, before: i64) -> Result<u64, StorageError>;

    /// What is needed to check an edit or delete of comment `id`; `None` if it is unknown.
    async fn ownership(&self, id: CommentId) -> Result<Option<Ownership>, StorageError>;

    /// Replaces the body of comment `id` and marks it edited, back in the queue when
    /// `edit.hold` says a moderator must see it; returns it as its author now sees it.
    /// The text of another comment of the thread from a moment ago is refused.
    async fn edit_body(
        &self,
        id: CommentId,
        edit: &CommentEdit<'_>,
    ) -> Result<wire::Comment, StorageError>;

    /// Deletes comment `id`: its text and author details are erased, and it stays as a
    /// placeholder only while replies hang under it.
    async fn delete_comment(&self, id: CommentId) -> Result<(), StorageError>;

    /// Comments `ids` that are published, held or marked as spam, each with the hash of its
    /// edit token.
    async fn comments_with_token_hashes(
        &self,
        ids: &[CommentId],
    ) -> Result<Vec<(wire::Comment, Option<String>)>, StorageError>;

    /// The published, pending, spam and shadow-banned comments of the thread stored as
    /// `thread_key` whose signed-in author is `identity`, at most `limit`, newest first.
    async fn comments_by_identity(
        &self,
        thread_key: &str,
        identity: &str,
        limit: usize,
    ) -> Result<Vec<AuthoredComment>, StorageError>;

    /// Whether the author with this avatar seed has a published comment in a thread whose
    /// stored key starts with `thread_prefix` (one site's threads): first-time moderation
    /// holds only those who have none there.
    async fn has_approved_comment(
        &self,
        avatar_seed: &str,
        thread_prefix: &str,
    ) -> Result<bool, StorageError>;
}

/// What moderators see and do: the comment list, actions on comments, locks and the log.
#[async_trait]
pub trait Moderators: Send + Sync {
    /// The comments `filter` matches, newest first, after `after`: at most `limit`, and
    /// where the next page starts if more match.
    async fn queue(
        &self,
        filter: &CommentFilter,
        after: Option<ListPosition>,
        limit: usize,
    ) -> Result<(Vec<wire::ModeratedComment>, Option<ListPosition>), StorageError>;

    /// How many comments `filter` matches in each status, in how many threads, and when
    /// the first and the last were posted (one commenter's record).
    async fn tally(&self, filter: &CommentFilter) -> Result<wire::CommentTally, StorageError>;

    /// At most `limit` threads, newest first, before thread `before`, whose key or title
    /// contains `search` (lower case), of those whose key starts with one of `prefixes`
    /// (none: all); and the id the next page starts before, if more match.
    async fn threads(
        &self,
        search: Option<&str>,
        prefixes: Option<&[String]>,
        before: Option<i64>,
        limit: usize,
    ) -> Result<(Vec<wire::ThreadSummary>, Option<i64>), StorageError>;

    /// Comments per day of the last `days` days by their status now, and the busiest
    /// threads, of those whose key starts with one of `prefixes` (none: all).
    async fn stats(
        &self,
        days: u32,
        prefixes: Option<&[String]>,
    ) -> Result<wire::Stats, StorageError>;

    /// Applies `action` to comment `id` and records who did it; `UnknownComment` if there
    /// is no comment the action applies to.
    ///
    /// An approval with `seen` (the version of the text the moderator saw: when it was
    /// last edited, in milliseconds since the epoch, 0 if never) approves only that text:
    /// one changed since is refused with [`StorageError::ChangedSince`].
    async fn moderate(
        &self,
        id: CommentId,
        action: wire::ModerationAction,
        actor: &str,
        seen: Option<i64>,
    ) -> Result<(), StorageError>;

    /// Replaces the text and author fields of comment `id` (published, held or spam) with
    /// a moderator's version, keeping the one it replaces, and logs that `actor` did;
    /// [`StorageError::UnknownComment`] for any other comment.
    async fn edit_as_moderator(
        &self,
        id: CommentId,
        change: &ModeratorChange<'_>,
        actor: &str,
    ) -> Result<(), StorageError>;

    /// The version of comment `id` readers see now and the earlier ones, newest first;
    /// `None` when there is no such comment.
    async fn comment_versions(
        &self,
        id: CommentId,
    ) -> Result<Option<wire::CommentVersions>, StorageError>;

    /// Erases what is left of one commenter (by lower-cased `email` or `identity`) on the
    /// threads whose key starts with `site`, in the comments no list shows (rejected,
    /// deleted, removed); how many.
    async fn erase_remains(
        &self,
        email: Option<&str>,
        identity: Option<&str>,
        site: &str,
    ) -> Result<u64, StorageError>;

    /// Every stored rule, oldest first.
    async fn rules(&self) -> Result<Vec<wire::Rule>, StorageError>;

    /// Stores a rule (checked already) and logs that `actor` added it; its id.
    async fn add_rule(&self, rule: &wire::Rule, actor: &str) -> Result<i64, StorageError>;

    /// Removes rule `id` and logs that `actor` did; whether there was one.
    async fn remove_rule(&self, id: i64, actor: &str) -> Result<bool, StorageError>;

    /// Notes on comment `id` which rule touched it and why, for moderators; with `shadow`,
    /// sets it apart as shadow-banned (published to its author's browser only).
    async fn note_rule(&self, id: CommentId, note: &str, shadow: bool) -> Result<(), StorageError>;

    /// Records a moderation action that is not about one comment (like a lock).
    async fn record(&self, actor: &str, action: &str, thread: &str) -> Result<(), StorageError>;

    /// The latest moderation actions, newest first.
    async fn moderation_log(&self, limit: usize) -> Result<Vec<wire::LogEntry>, StorageError>;

    /// Locks (or unlocks) thread `key`, creating it if nobody commented on it yet.
    async fn set_locked(&self, key: &str, locked: bool) -> Result<(), StorageError>;

    /// Sets the title and page address of thread `key` and logs that `actor` did (a
    /// moderator's correction); [`StorageError::UnknownThread`] when there is no such
    /// thread.
    async fn update_thread(
        &self,
        key: &str,
        title: Option<&str>,
        url: Option<&str>,
        actor: &str,
    ) -> Result<(), StorageError>;
}

/// What ranks comments in a thread: readers' votes and reactions, and moderators' pins.
#[async_trait]
pub trait Community: Send + Sync {
    /// Counts a reader's vote (in the next group commit); [`StorageError::UnknownComment`]
    /// unless the comment is published, [`StorageError::OwnComment`] from its author,
    /// [`StorageError::NetworkVotedEnough`] past the network's budget.
    async fn vote(&self, vote: VoteToStore) -> Result<VoteCounted, StorageError>;

    /// Counts a reader's reaction to a comment or a page (in the next group commit), with
    /// the refusals of [`Community::vote`] and [`StorageError::NetworkReactedEnough`]
    /// past the network's budget for that reaction there.
    async fn react(&self, reaction: ReactionToStore) -> Result<ReactionCounted, StorageError>;

    /// Comments whose votes or reactions changed after `since` (milliseconds since the epoch), oldest
    /// change first, at most `limit`.
    async fn tallies_since(
        &self,
        since: i64,
        limit: usize,
    ) -> Result<Vec<TallyChange>, StorageError>;

    /// Pins comment `id` (a published top-level comment; at most
    /// [`MAX_PINNED`](crate::storage::MAX_PINNED) per thread) or unpins it; returns its
    /// thread's stored key.
    async fn pin(&self, id: CommentId, pinned: bool) -> Result<String, StorageError>;
}

/// Moderators' login sessions, and commenters' sign-ins with an identity provider.
#[async_trait]
pub trait Sessions: Send + Sync {
    /// Stores a moderator's login session until `expires_at` (milliseconds).
    async fn create_session(
        &self,
        token_hash: &str,
        moderator: &str,
        expires_at: i64,
    ) -> Result<(), StorageError>;

    /// The moderator whose unexpired session this is.
    async fn session_moderator(&self, token_hash: &str) -> Result<Option<String>, StorageError>;

    /// Ends a session (logging out).
    async fn delete_session(&self, token_hash: &str) -> Result<(), StorageError>;

    /// Keeps a sign-in attempt under the hash of its state; expired ones are swept out.
    async fn begin_login(
        &self,
        state_hash: &str,
        attempt: &LoginAttempt,
    ) -> Result<(), StorageError>;

    /// Takes the unexpired attempt with this state: a state works once, on any server.
    async fn take_login(&self, state_hash: &str) -> Result<Option<LoginAttempt>, StorageError>;

    /// Stores a commenter's session; expired ones are swept out on the way.
    async fn create_commenter_session(
        &self,
        token_hash: &str,
        session: &CommenterSession,
    ) -> Result<(), StorageError>;

    /// The unexpired commenter session with this token hash.
    async fn commenter_session(
        &self,
        token_hash: &str,
    ) -> Result<Option<CommenterSession>, StorageError>;

    /// Ends a commenter's session (logging out).
    async fn end_commenter_session(&self, token_hash: &str) -> Result<(), StorageError>;

    /// Stores a “Manage my comments” link under `token_hash`, and queues `mail` (the one
    /// that carries it) when given, unless the same address had a link at or after
    /// `quiet_since` (one an hour); says whether it was stored. Expired links are swept
    /// out on the way, a day after they expire.
    async fn issue_manage_link(
        &self,
        token_hash: &str,
        link: &ManageLink,
        mail: Option<&NewDelivery>,
        quiet_since: i64,
    ) -> Result<bool, StorageError>;

    /// Where the link stored under `token_hash` stands at `now` (valid, expired, replaced
    /// by a newer one, or used up); `None` if there is none.
    async fn manage_link(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<ManageLinkState>, StorageError>;

    /// Marks a link as used up (everything was erased with it).
    async fn spend_manage_link(&self, token_hash: &str, now: i64) -> Result<(), StorageError>;
}

/// Limits shared by every server on this storage: failed logins and request rates.
#[async_trait]
pub trait Throttles: Send + Sync {
    /// Counts a login attempt at `now` against each of `keys` (a login name, a client),
    /// before its password is checked, so that attempts made at once all count. Returns
    /// when the latest window began in which one of them has now made more than `allowed`
    /// attempts (the attempt is then refused); a window lasts `window` milliseconds from
    /// its first attempt.
    async fn count_login_attempt(
        &self,
        keys: &[String],
        allowed: u32,
        window: i64,
        now: i64,
    ) -> Result<Option<i64>, StorageError>;

    /// Takes back the attempt of a login that succeeded: only failures count.
    async fn login_succeeded(&self, keys: &[String]) -> Result<(), StorageError>;

    /// Takes one token from bucket `key`, which holds at most `capacity` tokens and gains
    /// `per_second`, when several servers share this storage (and so must share their rate
    /// limits); [`SharedToken::NotShared`] when one server keeps its own buckets.
    async fn take_shared_token(
        &self,
        key: &str,
        capacity: f64,
        per_second: f64,
    ) -> Result<SharedToken, StorageError>;

    /// Whether a login with `key` (a name and a client) succeeded after `since`.
    async fn known_login(&self, key: &str, since: i64) -> Result<bool, StorageError>;

    /// Remembers that a login with `key` succeeded at `at`.
    async fn remember_login(&self, key: &str, at: i64) -> Result<(), StorageError>;

    /// Spends a proof-of-work challenge for the post with `request_key` (its idempotency
    /// key): `false` when another post spent it before.
    async fn spend_proof(
        &self,
        challenge_hash: &str,
        request_key: Option<&str>,
        expires_at: i64,
    ) -> Result<bool, StorageError>;

    /// Whether a post with idempotency key `key` and `request_hash` is stored: a retry.
    async fn stored_post(&self, key: &str, request_hash: &str) -> Result<bool, StorageError>;

    /// Client addresses of the newest posts (up to `limit`) under `thread_prefix` since `since`.
    async fn recent_posters(
        &self,
        thread_prefix: &str,
        since: i64,
        limit: i64,
    ) -> Result<Vec<Option<String>>, StorageError>;

    /// How many posts the threads under `thread_prefix` had since `since`.
    async fn posts_since(&self, thread_prefix: &str, since: i64) -> Result<u64, StorageError>;
}

/// The spam filter's counts, per site (as `storage::filter_site` names it), shared by
/// every server; [`Moderators::moderate`] teaches it each decision.
#[async_trait]
pub trait SpamFilter: Send + Sync {
    /// What `site`'s filter learned from, and how often it saw each of `features`.
    async fn filter_seen(
        &self,
        site: &str,
        features: &[String],
    ) -> Result<(crate::filter::Totals, Vec<crate::filter::Seen>), StorageError>;

    /// Relearns `site`'s filter from every decided comment (published and rejected: good).
    async fn retrain_filter(&self, site: &str) -> Result<crate::filter::Totals, StorageError>;
}

/// Whole threads in and out: imports, exports and the demo thread.
#[async_trait]
pub trait Archives: Send + Sync {
    /// Stores a whole thread at once, unless `marker` says this was done before.
    /// Returns whether anything was stored.
    async fn seed_once(
        &self,
        marker: &str,
        comments: Vec<SeedComment>,
    ) -> Result<bool, StorageError>;

    /// Stores imported threads in one transaction: all of them, or nothing on failure.
    /// Comments whose reference is already stored are skipped (and answered to by their
    /// replies); existing threads and comments are kept.
    async fn import(&self, threads: Vec<ThreadImport>) -> Result<ImportCounts, StorageError>;

    /// Every thread (or the one stored as `key`) with all its comments, for exports.
    async fn export(&self, key: Option<&str>) -> Result<Vec<ExportedThread>, StorageError>;
}
