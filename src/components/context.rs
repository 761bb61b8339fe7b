//! What the parts of one thread share, as small handles: each part takes only the handles
//! it uses. The comment tree passes them down together as one [`ThreadContext`], which is
//! also the context the writer parts (drawn by the split-off module, which cannot be
//! handed arguments) take their handles from.

use super::clock::Clock;
use super::news::CommentNews;
use super::pace::Pace;
use super::reply_state::ReplyForm;
use super::writer_state::WriterState;
use crate::config::WidgetConfig;
use crate::local_store::{self, OwnComment};
use crate::messages;
use crate::thread::ThreadModel;
use confab_api::{CommentId, CommentKey, VoteMode};
use leptos::prelude::*;
use std::collections::HashSet;

/// The comments this browser posted in the thread, with their edit tokens; every change
/// is written to `localStorage` too.
#[derive(Clone, Copy)]
pub struct OwnRecords {
    records: RwSignal<Vec<OwnComment>>,
    /// The widget's options, which name the thread.
    config: StoredValue<WidgetConfig>,
}

impl OwnRecords {
    /// The records kept for the thread `config` names, without those whose edit window
    /// closed before `now`.
    pub fn load(config: StoredValue<WidgetConfig>, now: f64) -> Self {
        let records = config.with_value(|config| local_store::own_comments(&config.thread, now));
        Self {
            records: RwSignal::new(records),
            config,
        }
    }

    /// This browser's record of comment `id`, if it posted it.
    pub fn get(&self, id: CommentId) -> Option<OwnComment> {
        self.records
            .with(|own| own.iter().find(|comment| comment.id == id).cloned())
    }

    /// Whether this browser posted comment `id` (tracked, like the records).
    pub fn contains(&self, id: CommentId) -> bool {
        self.records
            .with(|own| own.iter().any(|comment| comment.id == id))
    }

    /// Whether this browser posted nothing here (untracked).
    pub fn is_empty(&self) -> bool {
        self.records.with_untracked(Vec::is_empty)
    }

    /// What the server needs to show this browser its own comments (untracked).
    pub fn keys(&self) -> Vec<CommentKey> {
        self.records.with_untracked(|own| {
            own.iter()
                .map(|comment| CommentKey {
                    id: comment.id,
                    edit_token: comment.edit_token.clone(),
                })
                .collect()
        })
    }

    /// Changes the records and writes them to `localStorage`.
    pub fn change(&self, change: impl FnOnce(&mut Vec<OwnComment>)) {
        self.records.update(change);
        let thread = self.config.with_value(|config| config.thread.clone());
        self.records
            .with_untracked(|own| local_store::save_own_comments(&thread, own));
    }
}

/// Which of this browser's comments is being edited, and a message about one of them
/// (say, why an edit was refused).
#[derive(Clone, Copy)]
pub struct Editing {
    pub comment: RwSignal<Option<CommentId>>,
    pub notice: RwSignal<Option<(CommentId, String)>>,
}

impl Editing {
    /// Nothing edited, nothing to say.
    pub fn idle() -> Self {
        Self {
            comment: RwSignal::new(None),
            notice: RwSignal::new(None),
        }
    }

    /// Whether comment `id` is being edited (tracked).
    pub fn is_editing(&self, id: CommentId) -> bool {
        self.comment.get() == Some(id)
    }

    /// The message about comment `id`, if there is one (tracked).
    pub fn notice_for(&self, id: CommentId) -> Option<String> {
        self.notice
            .get()
            .filter(|(about, _)| *about == id)
            .map(|(_, message)| message)
    }
}

/// What screen readers are told after an action (the thread's polite live region).
#[derive(Clone, Copy)]
pub struct Announcer(pub RwSignal<String>);

impl Announcer {
    /// Announces the message `key` in the reader's language.
    pub fn say(&self, key: &str) {
        self.0.set(messages::text(key).to_owned());
    }
}

/// What the server said this thread takes.
#[derive(Clone, Copy)]
pub struct ThreadTerms {
    /// A locked thread takes no new comments.
    pub locked: bool,
    /// Whether the server can tell commenters of replies by email.
    pub reply_notifications: bool,
    /// Which votes readers may cast.
    pub votes: VoteMode,
}

/// The handles the comment tree passes down to every comment and the writer parts take.
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
    pub own: OwnRecords,
    pub editing: Editing,
    pub clock: Clock,
    pub announcer: Announcer,
    /// Comments whose replies are folded away.
    pub collapsed: RwSignal<HashSet<CommentId>>,
    /// What each change of `model` or `collapsed` means for each comment's views.
    pub news: CommentNews,
    /// Whether the writer parts (full reply box, edit box) have loaded.
    pub writer: RwSignal<WriterState>,
    pub terms: ThreadTerms,
}
