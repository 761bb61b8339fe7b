//! The thread as plain data: who answers whom, in display order, what is left to load, how
//! many comments it has and what waits to be shown.
//!
//! Kept apart from the components so the logic runs in native tests in milliseconds.

mod changes;

use confab_api::{Comment, CommentId, CommentStatus, Reactions, Tally};
use std::collections::{HashMap, HashSet};
use std::ops::Deref;
use std::sync::Arc;

/// How many levels replies indent before deeper ones stay at the same indentation,
/// so a long conversation stays readable on a phone.
pub const MAX_INDENT_DEPTH: usize = 4;

/// The comments of a thread, indexed by id and by parent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ThreadModel {
    /// Shared with the views that draw them, so drawing copies no comment.
    comments: HashMap<CommentId, Arc<Comment>>,
    children: HashMap<Option<CommentId>, Vec<CommentId>>,
    /// The last reply of each comment that came from the server (replies come oldest
    /// first), to ask for the ones after it.
    server_tail: HashMap<CommentId, CommentId>,
    /// Comments this model took away (or left as placeholders), so news of their
    /// deletion is not counted twice.
    removed: HashSet<CommentId>,
    /// Where the next page of top-level comments starts.
    pub next_cursor: Option<String>,
    /// Where the page before the first one shown ends (after opening a deep link).
    pub prev_cursor: Option<String>,
    /// The reactions readers may choose, in order (none: the site takes no reactions).
    pub reactions: Vec<String>,
    /// Readers' reactions to the page itself.
    pub page_reactions: Reactions,
    /// How many comments the thread has (see [`ThreadModel::count`]).
    count: u32,
    /// New conversations from other readers, waiting for the reader to show them.
    fresh: Vec<Comment>,
    /// More changed while the reader was away than the live stream brings back.
    missed: bool,
}

impl ThreadModel {
    /// Builds the model from a page's flat list (parents before children). A comment
    /// whose parent is not in the list is shown at the top level rather than lost.
    pub fn from_comments(comments: Vec<Comment>) -> Self {
        let mut model = Self::default();
        model.add_page(comments);
        model
    }

    /// Adds comments from the server (a page, or more replies) after those shown.
    pub fn add_page(&mut self, comments: Vec<Comment>) {
        for comment in comments {
            if let Some(parent) = comment.parent_id {
                self.server_tail.insert(parent, comment.id);
            }
            self.add(comment);
        }
    }

    /// Adds an earlier page: its top-level comments go before those shown.
    pub fn add_earlier_page(&mut self, comments: Vec<Comment>) {
        let shown = std::mem::take(self.children.entry(None).or_default());
        self.add_page(comments);
        self.children.entry(None).or_default().extend(shown);
    }

    /// How many replies of comment `id` the server has that are not shown yet.
    pub fn more_replies(&self, id: CommentId) -> u32 {
        let Some(comment) = self.comments.get(&id) else {
            return 0;
        };
        let shown = self
            .children(Some(id))
            .iter()
            .filter(|child| {
                self.comments
                    .get(child)
                    .is_some_and(|child| child.status != CommentStatus::Pending)
            })
            .count();
        comment
            .reply_count
            .saturating_sub(u32::try_from(shown).unwrap_or(u32::MAX))
    }

    /// The last reply of `id` the server sent, to load the ones after it.
    pub fn last_loaded_reply(&self, id: CommentId) -> Option<CommentId> {
        self.server_tail.get(&id).copied()
    }

    /// How many replies (at any depth) are shown under comment `id`.
    pub fn shown_descendants(&self, id: CommentId) -> usize {
        self.children(Some(id))
            .iter()
            .map(|child| 1 + self.shown_descendants(*child))
            .sum()
    }

    /// Adds a comment the reader just posted (or another reader's, live) as the last reply
    /// of its parent, and counts it in the parent's replies. A comment already present is
    /// left as it is; returns whether it was new.
    pub fn insert_posted(&mut self, comment: Comment) -> bool {
        let parent_id = comment.parent_id;
        let counted = comment.status != CommentStatus::Pending;
        let added = self.add(comment);
        if added
            && counted
            && let Some(parent) = parent_id.and_then(|id| self.comments.get_mut(&id))
        {
            Arc::make_mut(parent).reply_count += 1;
        }
        added
    }

    /// Replaces a comment already shown (after an edit), keeping its place and reply count.
    pub fn replace(&mut self, comment: Comment) {
        if let Some(shown) = self.comments.get_mut(&comment.id) {
            let reply_count = shown.reply_count;
            *shown = Arc::new(Comment {
                reply_count,
                ..comment
            });
        }
    }

    /// Sets a comment's totals of votes and reactions; returns whether they changed.
    pub fn tallied(&mut self, tally: Tally) -> bool {
        let Some(shown) = self.comments.get_mut(&tally.id) else {
            return false;
        };
        let totals = (tally.up, tally.down, tally.reactions);
        if (shown.up, shown.down) == (totals.0, totals.1) && shown.reactions == totals.2 {
            return false;
        }
        let comment = Arc::make_mut(shown);
        (comment.up, comment.down, comment.reactions) = totals;
        true
    }

    /// Changes comment `id`'s totals after the reader voted or reacted; returns whether
    /// they changed. Its card is drawn again either way: the reader's own choice changed,
    /// and a live update may have brought the same totals first.
    pub fn retally(&mut self, id: CommentId, change: impl FnOnce(&mut Tally)) -> bool {
        let Some(shown) = self.comments.get_mut(&id) else {
            return false;
        };
        let mut tally = Tally {
            id,
            up: shown.up,
            down: shown.down,
            reactions: shown.reactions.clone(),
        };
        change(&mut tally);
        *shown = Arc::new(Comment::clone(shown));
        self.tallied(tally)
    }

    /// Takes a deleted comment off the thread: it stays as a placeholder while it has
    /// replies, and disappears (uncounted in its parent's replies) when it has none.
    pub fn remove(&mut self, id: CommentId) {
        self.removed.insert(id);
        if !self.children(Some(id)).is_empty() {
            if let Some(comment) = self.comments.get_mut(&id) {
                let comment = Arc::make_mut(comment);
                comment.status = CommentStatus::Deleted;
                comment.body.clear();
                comment.author.name.clear();
                comment.author.website = None;
                comment.author.badge = None;
            }
            return;
        }
        let Some(comment) = self.comments.remove(&id) else {
            return;
        };
        let parent = comment
            .parent_id
            .filter(|parent| self.comments.contains_key(parent));
        if let Some(siblings) = self.children.get_mut(&parent) {
            siblings.retain(|sibling| *sibling != id);
        }
        if let Some(parent) = parent.and_then(|parent| self.comments.get_mut(&parent)) {
            let parent = Arc::make_mut(parent);
            parent.reply_count = parent.reply_count.saturating_sub(1);
        }
    }

    /// Whether the deletion of comment `id`, which readers could see, lowers the thread's
    /// count: yes for a published comment shown and for one not loaded (it is in the
    /// count all the same); no for one this model already took away.
    pub fn deletion_lowers_count(&self, id: CommentId) -> bool {
        match self.comments.get(&id) {
            Some(comment) => comment.status == CommentStatus::Published,
            None => !self.removed.contains(&id),
        }
    }

    /// Adds `comment` as the last child of its parent; returns whether it was new.
    fn add(&mut self, comment: Comment) -> bool {
        if self.comments.contains_key(&comment.id) {
            return false;
        }
        let parent = comment
            .parent_id
            .filter(|id| self.comments.contains_key(id));
        self.children.entry(parent).or_default().push(comment.id);
        self.comments.insert(comment.id, Arc::new(comment));
        true
    }

    /// The ids of the direct replies of `parent` (`None`: the top-level comments), in order.
    pub fn children(&self, parent: Option<CommentId>) -> &[CommentId] {
        self.children
            .get(&parent)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The comment with id `id`.
    pub fn get(&self, id: CommentId) -> Option<&Comment> {
        self.comments.get(&id).map(Arc::as_ref)
    }

    /// The comment with id `id` as it is now, to keep in a view without copying it.
    pub fn shared(&self, id: CommentId) -> Option<SharedComment> {
        self.comments.get(&id).cloned().map(SharedComment)
    }

    /// How many comments the model holds.
    pub fn len(&self) -> usize {
        self.comments.len()
    }

    /// Whether the model holds no comment.
    pub fn is_empty(&self) -> bool {
        self.comments.is_empty()
    }
}

/// One version of a comment, shared between the model and the views that draw it. Two are
/// equal only when they are the same version: any change to a comment makes a new one, so
/// comparing is instant, whatever the comment's length.
#[derive(Debug, Clone)]
pub struct SharedComment(Arc<Comment>);

impl PartialEq for SharedComment {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for SharedComment {
    type Target = Comment;

    fn deref(&self) -> &Comment {
        &self.0
    }
}

/// The indentation level to draw a comment at `depth` with.
pub fn indent_level(depth: usize) -> usize {
    depth.min(MAX_INDENT_DEPTH)
}

#[cfg(test)]
pub(crate) mod tests;
