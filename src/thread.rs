//! The thread as plain data: who answers whom, in display order, and what is left to load.
//!
//! Kept apart from the components so the logic runs in native tests in milliseconds.

use confab_api::{Comment, CommentId, CommentStatus};
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
pub(crate) mod tests {
    use super::*;
    use confab_api::{Author, CommentKind, CommentStatus};

    /// A published comment with a made-up author, for tests of the thread's logic.
    pub(crate) fn comment(id: CommentId, parent_id: Option<CommentId>) -> Comment {
        Comment {
            id,
            parent_id,
            kind: CommentKind::Comment,
            author: Author {
                name: format!("Author {id}"),
                website: None,
                avatar_seed: String::new(),
                badge: None,
            },
            body: Vec::new(),
            created_at: "2011-02-18T16:42:00Z".into(),
            edited_at: None,
            status: CommentStatus::Published,
            reply_count: 0,
        }
    }

    #[test]
    fn replies_are_listed_under_their_parents_in_order() {
        let model = ThreadModel::from_comments(vec![
            comment(1, None),
            comment(2, None),
            comment(3, Some(1)),
            comment(4, Some(3)),
            comment(5, Some(1)),
        ]);
        assert_eq!(model.children(None), &[1, 2]);
        assert_eq!(model.children(Some(1)), &[3, 5]);
        assert_eq!(model.children(Some(3)), &[4]);
        assert!(model.children(Some(2)).is_empty());
        assert_eq!(model.len(), 5);
    }

    #[test]
    fn a_comment_whose_parent_is_missing_shows_at_the_top_level() {
        let model = ThreadModel::from_comments(vec![comment(7, Some(99))]);
        assert_eq!(model.children(None), &[7]);
    }

    #[test]
    fn inserting_a_reply_appends_it_and_counts_it_once() {
        let mut first = comment(1, None);
        first.reply_count = 1;
        let mut model = ThreadModel::from_comments(vec![first, comment(2, Some(1))]);
        assert!(model.insert_posted(comment(3, Some(1))));
        assert!(!model.insert_posted(comment(3, Some(1))));
        assert_eq!(model.children(Some(1)), &[2, 3]);
        assert_eq!(model.get(1).unwrap().reply_count, 2);
        assert_eq!(model.len(), 3);
    }

    #[test]
    fn a_removed_comment_with_replies_stays_as_a_placeholder() {
        let mut model = ThreadModel::from_comments(vec![comment(1, None), comment(2, Some(1))]);
        model.remove(1);
        let placeholder = model.get(1).unwrap();
        assert_eq!(placeholder.status, CommentStatus::Deleted);
        assert!(placeholder.author.name.is_empty());
        assert_eq!(model.children(None), &[1]);
    }

    #[test]
    fn a_removed_comment_without_replies_disappears_from_its_parent() {
        let mut parent = comment(1, None);
        parent.reply_count = 1;
        let mut model = ThreadModel::from_comments(vec![parent, comment(2, Some(1))]);
        model.remove(2);
        assert!(model.get(2).is_none());
        assert!(model.children(Some(1)).is_empty());
        assert_eq!(model.get(1).unwrap().reply_count, 0);
    }

    #[test]
    fn a_replaced_comment_keeps_its_place_and_replies() {
        let mut first = comment(1, None);
        first.reply_count = 1;
        let mut model = ThreadModel::from_comments(vec![first, comment(2, Some(1))]);
        let mut edited = comment(1, None);
        edited.edited_at = Some("2011-02-18T17:00:00Z".into());
        model.replace(edited);
        assert_eq!(model.get(1).unwrap().reply_count, 1);
        assert!(model.get(1).unwrap().edited_at.is_some());
    }

    #[test]
    fn more_replies_counts_what_the_server_has_beyond_what_is_shown() {
        let mut parent = comment(1, None);
        parent.reply_count = 5;
        let mut model =
            ThreadModel::from_comments(vec![parent, comment(2, Some(1)), comment(3, Some(1))]);
        assert_eq!(model.more_replies(1), 3);
        assert_eq!(model.last_loaded_reply(1), Some(3));
        let mut held = comment(9, Some(1));
        held.status = CommentStatus::Pending;
        assert!(model.insert_posted(held));
        assert_eq!(
            model.more_replies(1),
            3,
            "a held reply is not one of the server's"
        );
        assert_eq!(
            model.last_loaded_reply(1),
            Some(3),
            "nor is it where the next load starts"
        );
        model.add_page(vec![
            comment(4, Some(1)),
            comment(5, Some(1)),
            comment(6, Some(1)),
        ]);
        assert_eq!(model.more_replies(1), 0);
        assert_eq!(model.shown_descendants(1), 6);
    }

    #[test]
    fn an_earlier_page_goes_before_the_comments_shown() {
        let mut model = ThreadModel::from_comments(vec![comment(5, None), comment(6, None)]);
        model.add_earlier_page(vec![
            comment(3, None),
            comment(7, Some(3)),
            comment(4, None),
        ]);
        assert_eq!(model.children(None), &[3, 4, 5, 6]);
        assert_eq!(model.children(Some(3)), &[7]);
    }

    #[test]
    fn a_shared_comment_changes_identity_with_every_change_and_only_then() {
        let mut model = ThreadModel::from_comments(vec![comment(1, None), comment(2, None)]);
        let before = model.shared(1).unwrap();
        assert_eq!(model.shared(1).unwrap(), before);
        model.insert_posted(comment(3, Some(2)));
        assert_eq!(
            model.shared(1).unwrap(),
            before,
            "a sibling's reply leaves it"
        );
        model.insert_posted(comment(4, Some(1)));
        let replied = model.shared(1).unwrap();
        assert_ne!(replied, before, "its own reply count changed");
        assert_eq!(
            before.reply_count, 0,
            "the version a view holds stays as it was"
        );
        model.replace(comment(1, None));
        assert_ne!(model.shared(1).unwrap(), replied);
    }

    #[test]
    fn indentation_stops_growing_at_the_cap() {
        assert_eq!(indent_level(2), 2);
        assert_eq!(indent_level(40), MAX_INDENT_DEPTH);
    }

    #[test]
    fn a_deletion_lowers_the_count_once_shown_or_not() {
        let pending = Comment {
            status: CommentStatus::Pending,
            ..comment(4, None)
        };
        let mut model =
            ThreadModel::from_comments(vec![comment(1, None), comment(2, Some(1)), pending]);
        // Not loaded (a later page, a reply not yet shown): counted in the heading.
        assert!(model.deletion_lowers_count(99));
        assert!(model.deletion_lowers_count(2));
        assert!(
            !model.deletion_lowers_count(4),
            "held comments are not counted"
        );
        model.remove(2);
        assert!(!model.deletion_lowers_count(2), "already taken away here");
        model.remove(1);
        assert!(!model.deletion_lowers_count(1));
    }
}
