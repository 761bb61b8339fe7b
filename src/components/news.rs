//! Which comments a change of the thread concerns: one watcher of the thread's model wakes
//! only the views of the comments whose own part changed (the comment, its list of
//! replies, what is left to load of them, whether they are folded away).
//!
//! Every comment's views used to follow the whole model. Each of them, run again, leaves
//! the model's list of followers and joins it anew, and leaving costs in proportion to
//! that list's length: one change of a 10,000-comment thread (a reply arriving live) held
//! the page for seconds, the square of the thread's size.

use super::effects::effect;
use crate::thread::{SharedComment, ThreadModel};
use confab_api::CommentId;
use leptos::prelude::*;
use std::collections::HashSet;
use std::sync::{Arc, Weak};

/// What the views of one comment (or, for `None`, of the top-level list) are drawn from,
/// as last told.
struct Seen {
    comment: Option<SharedComment>,
    replies: Vec<CommentId>,
    more: u32,
    folded: bool,
}

/// What the views of `key` are drawn from now, the replies' list borrowed from the model.
type Now<'a> = (Option<SharedComment>, &'a [CommentId], u32, bool);

fn now<'a>(
    model: &'a ThreadModel,
    collapsed: &HashSet<CommentId>,
    key: Option<CommentId>,
) -> Now<'a> {
    (
        key.and_then(|id| model.shared(id)),
        model.children(key),
        key.map_or(0, |id| model.more_replies(id)),
        key.is_some_and(|id| collapsed.contains(&id)),
    )
}

impl Seen {
    fn of((comment, replies, more, folded): Now) -> Self {
        Self {
            comment,
            replies: replies.to_vec(),
            more,
            folded,
        }
    }

    /// Whether nothing changed since (compared in place: no copy of the replies' list).
    fn is_current(&self, (comment, replies, more, folded): &Now) -> bool {
        self.comment == *comment
            && self.replies == *replies
            && self.more == *more
            && self.folded == *folded
    }
}

/// A followed comment: what its views saw, and how to wake them while they are drawn.
struct Entry {
    key: Option<CommentId>,
    seen: Seen,
    views: Weak<ArcTrigger>,
}

/// What the views of one comment follow (they hold it; the news only while they do).
#[derive(Clone)]
pub struct Watch(Arc<ArcTrigger>);

impl Watch {
    /// Makes the running view run again when its comment's news comes.
    pub fn track(&self) {
        self.0.track();
    }
}

/// The comments' news, handed to every comment's views with the thread's context.
#[derive(Clone, Copy)]
pub struct CommentNews {
    model: RwSignal<ThreadModel>,
    collapsed: RwSignal<HashSet<CommentId>>,
    entries: StoredValue<Vec<Entry>>,
}

impl CommentNews {
    /// Follows `model` and the folded comments, and tells each change to the views of the
    /// comments it concerns.
    pub fn follow(model: RwSignal<ThreadModel>, collapsed: RwSignal<HashSet<CommentId>>) -> Self {
        let news = Self {
            model,
            collapsed,
            entries: StoredValue::new(Vec::new()),
        };
        effect(move || {
            model.track();
            collapsed.track();
            news.tell();
        });
        news
    }

    /// What the views of comment `key` (`None`: the top-level list) follow: it wakes them
    /// when that comment, its replies, what is left of them or their folding change.
    pub fn watch(&self, key: Option<CommentId>) -> Watch {
        let views = Arc::new(ArcTrigger::new());
        let seen = self.model.with_untracked(|model| {
            self.collapsed
                .with_untracked(|collapsed| Seen::of(now(model, collapsed, key)))
        });
        let entry = Entry {
            key,
            seen,
            views: Arc::downgrade(&views),
        };
        self.entries.update_value(|entries| entries.push(entry));
        Watch(views)
    }

    /// Wakes the views of the comments that changed since they were last told, and forgets
    /// those no longer drawn.
    fn tell(&self) {
        let (model, collapsed) = (self.model, self.collapsed);
        let mut changed = Vec::new();
        self.entries.update_value(|entries| {
            model.with_untracked(|model| {
                collapsed.with_untracked(|collapsed| {
                    entries.retain_mut(|entry| {
                        let Some(views) = entry.views.upgrade() else {
                            return false;
                        };
                        let current = now(model, collapsed, entry.key);
                        if !entry.seen.is_current(&current) {
                            entry.seen = Seen::of(current);
                            changed.push(views);
                        }
                        true
                    });
                });
            });
        });
        for views in changed {
            views.notify();
        }
    }
}
