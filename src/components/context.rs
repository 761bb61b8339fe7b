//! What every part of one thread shares, handed down as one context.

use super::pace::Pace;
use super::reply_state::ReplyForm;
use super::writer_state::WriterState;
use crate::config::WidgetConfig;
use crate::local_store::{self, OwnComment};
use crate::thread::ThreadModel;
use confab_api::{CommentId, Sort};
use leptos::prelude::*;
use std::collections::HashSet;

/// What every part of one thread shares.
#[derive(Clone, Copy)]
pub struct ThreadContext {
    /// The comments shown.
    pub model: RwSignal<ThreadModel>,
    /// How much of the loaded page is drawn so far.
    pub pace: Pace,
    /// The reply box's fields and where it stands.
    pub form: ReplyForm,
    /// The widget's options.
    pub config: StoredValue<WidgetConfig>,
    /// The comments this browser posted here, with their edit tokens.
    pub own: RwSignal<Vec<OwnComment>>,
    /// The comment being edited, if any.
    pub editing: RwSignal<Option<CommentId>>,
    /// A message about one comment (say, why an edit was refused).
    pub notice: RwSignal<Option<(CommentId, String)>>,
    /// The current time in milliseconds, renewed every few seconds (for edit windows).
    pub now: RwSignal<f64>,
    /// What screen readers are told after an action (a polite live region).
    pub announcement: RwSignal<String>,
    /// The order of top-level comments.
    pub sort: RwSignal<Sort>,
    /// Comments whose replies are folded away.
    pub collapsed: RwSignal<HashSet<CommentId>>,
    /// The comment a link pointed to, shown highlighted.
    pub highlighted: RwSignal<Option<CommentId>>,
    /// Bumped to read the thread again from the server.
    pub reloads: RwSignal<u32>,
    /// Whether the writer parts (full reply box, edit box) have loaded.
    pub writer: RwSignal<WriterState>,
    /// A locked thread takes no new comments.
    pub locked: bool,
    /// Whether the server can tell commenters of replies by email.
    pub reply_notifications: bool,
}

impl ThreadContext {
    /// This browser's record of comment `id`, if it posted it.
    pub fn own_comment(&self, id: CommentId) -> Option<OwnComment> {
        self.own
            .with(|own| own.iter().find(|comment| comment.id == id).cloned())
    }

    /// Whether this browser posted comment `id` (tracked, like the records).
    pub fn is_own(&self, id: CommentId) -> bool {
        self.own
            .with(|own| own.iter().any(|comment| comment.id == id))
    }

    /// Changes the own-comment records and writes them to `localStorage`.
    pub fn change_own(&self, change: impl FnOnce(&mut Vec<OwnComment>)) {
        self.own.update(change);
        self.save_own();
    }

    pub fn save_own(&self) {
        let thread = self.config.with_value(|config| config.thread.clone());
        self.own
            .with_untracked(|own| local_store::save_own_comments(&thread, own));
    }
}
