//! What can go wrong in storage.

/// What can go wrong in storage that the caller can explain to the reader.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The parent comment does not exist, is in another thread, or is not shown.
    #[error("the comment you are replying to does not exist")]
    UnknownParent,
    /// The reply would nest deeper than allowed.
    #[error(
        "replies cannot nest deeper than {} levels",
        confab_api::limits::MAX_DEPTH
    )]
    TooDeep,
    /// No comment the requested action applies to.
    #[error("there is no such comment to act on")]
    UnknownComment,
    /// The thread is locked: it takes no new comments.
    #[error("comments are closed on this page")]
    Locked,
    /// The same comment was posted in the same thread a moment ago.
    #[error("you already posted this comment here")]
    Duplicate,
    /// The idempotency key was used before with a different request.
    #[error("this Idempotency-Key was already used for a different comment")]
    IdempotencyMismatch,
    /// The thread is too big to be read whole.
    #[error(
        "this thread has {0} comments; threads of more than {max} are read in pages",
        max = confab_api::limits::MAX_WHOLE_THREAD
    )]
    TooBigToReadWhole(u64),
    /// No thread has that key.
    #[error("there is no such thread")]
    UnknownThread,
    /// The comment's text changed after the moderator saw it.
    #[error("the comment was changed after you saw it")]
    ChangedSince,
    /// A reader tried to vote on, or react to, their own comment.
    #[error("you cannot vote on or react to your own comment")]
    OwnComment,
    /// The reader's network already cast as many votes on the comment as one may.
    #[error("your network has already voted on this comment as often as one may")]
    NetworkVotedEnough,
    /// The reader's network already chose this reaction on this comment or page as often
    /// as one may.
    #[error("your network has already chosen this reaction here as often as one may")]
    NetworkReactedEnough,
    /// The thread already shows as many pinned comments as it may.
    #[error(
        "a thread shows at most {} pinned comments; unpin one first",
        crate::storage::MAX_PINNED
    )]
    TooManyPinned,
    /// Only top-level comments may be pinned.
    #[error("only a published top-level comment can be pinned")]
    NotPinnable,
    /// A group commit failed; every comment in it is lost and its poster told so.
    #[error("the comment could not be stored: {0}")]
    CommitFailed(String),
    /// The database failed; never the reader's fault.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    /// The database to read from does not exist.
    #[error("{0}")]
    Missing(String),
    /// Stored data could not be read back (a bug or a damaged database).
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
}
