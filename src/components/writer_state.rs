//! Which writer part is asked for, and where loading the writer parts stands.

use confab_api::CommentId;

/// One writer part, as the reader core asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriterPart {
    /// The reply box answering a comment, or under the thread (`None`).
    Reply(Option<CommentId>),
    /// The edit box of the reader's own comment.
    Edit(CommentId),
    /// Edit and Delete on the reader's own comment.
    Controls(CommentId),
}

/// Where loading the writer parts stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriterState {
    /// Not asked for yet.
    Waiting,
    /// On its way because the browser was idle: a failure is not the reader's concern.
    Prefetching,
    /// On its way because the reader asked (focused the box, pressed Reply or Edit).
    Loading,
    /// Loaded: the writer parts draw at once.
    Ready,
    /// The module could not be loaded when the reader asked; asking again tries again.
    Failed,
}

/// Where a thread starts: waiting for the split-off module, or ready when there is none.
pub fn initial_state() -> WriterState {
    if cfg!(feature = "split") {
        WriterState::Waiting
    } else {
        WriterState::Ready
    }
}
