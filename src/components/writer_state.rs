//! Where loading the writer parts stands.

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
