//! How a thread changes after it is read: other readers' news from the live stream, this
//! reader's own posts and deletions, and the new conversations waiting behind “New
//! comments”, with the thread's count kept right through all of them.

use super::ThreadModel;
use confab_api::{Comment, CommentId, CommentStatus, ThreadChange};

impl ThreadModel {
    /// How many comments the thread has, shown or waiting or not loaded, including any
    /// just posted.
    pub fn count(&self) -> u32 {
        self.count
    }

    /// Starts the count at what the server said when the thread was read.
    pub fn set_count(&mut self, count: u32) {
        self.count = count;
    }

    /// How many new conversations wait for the reader to show them.
    pub fn waiting(&self) -> usize {
        self.fresh.len()
    }

    /// Whether more changed while the reader was away than the live stream brings back.
    pub fn missed_changes(&self) -> bool {
        self.missed
    }

    /// Applies one change from the live stream; `own` says this browser posted the
    /// comment (and so already shows and counts it, and keeps showing it to its author
    /// while it waits for a moderator). Returns whether anything changed.
    pub fn apply(&mut self, change: ThreadChange, own: bool) -> bool {
        match change {
            ThreadChange::Added { comment } => self.added_elsewhere(comment, own),
            ThreadChange::Edited { comment } => {
                if let Some(waiting) = self.fresh.iter_mut().find(|w| w.id == comment.id) {
                    *waiting = comment.clone();
                }
                self.replace(comment);
                true
            }
            ThreadChange::Deleted { id, .. } => {
                let waits_for_its_author = own
                    && self
                        .get(id)
                        .is_some_and(|comment| comment.status == CommentStatus::Pending);
                if waits_for_its_author {
                    // Gone for other readers (back in the queue after its author's edit).
                    return false;
                }
                let counted = self.deletion_lowers_count(id);
                self.fresh.retain(|waiting| waiting.id != id);
                if self.get(id).is_some() {
                    self.remove(id);
                }
                if counted {
                    self.count = self.count.saturating_sub(1);
                }
                true
            }
            ThreadChange::Tallied { tallies } => {
                let mut changed = false;
                for tally in tallies {
                    changed |= self.tallied(tally);
                }
                changed
            }
            ThreadChange::Missed => !std::mem::replace(&mut self.missed, true),
        }
    }

    /// Another reader's new comment: a reply to one shown appears under it, a new
    /// conversation (and replies to one) waits, one under a comment not loaded is only
    /// counted. Known comments are neither shown nor counted twice.
    fn added_elsewhere(&mut self, comment: Comment, own: bool) -> bool {
        let waiting = |model: &Self, id| model.fresh.iter().any(|w| w.id == id);
        if own || self.get(comment.id).is_some() || waiting(self, comment.id) {
            return false;
        }
        self.count += 1;
        if comment.status != CommentStatus::Published {
            // Seen by readers when it was posted, gone since: counted, never shown, as
            // its deletion follows.
            return true;
        }
        match comment.parent_id {
            Some(parent) if self.get(parent).is_some() => {
                self.insert_posted(comment);
            }
            Some(parent) if !waiting(self, parent) => {}
            _ => self.fresh.push(comment),
        }
        true
    }

    /// A comment this reader just posted, as the server stored it: shown once and counted
    /// once (unless it waits for a moderator), even when the live stream brought it
    /// first. Returns whether it was new here.
    pub fn posted(&mut self, comment: Comment) -> bool {
        let held = comment.status == CommentStatus::Pending;
        let before = self.fresh.len();
        self.fresh.retain(|waiting| waiting.id != comment.id);
        let was_waiting = self.fresh.len() < before;
        let added = self.insert_posted(comment);
        if added && !held && !was_waiting {
            self.count += 1;
        }
        added
    }

    /// A comment this reader edited, as the server stored it: one whose new text waits
    /// for a moderator leaves the count and shows to its author as awaiting moderation
    /// (put back if the live stream took it away first). Returns whether it waits.
    pub fn edited(&mut self, comment: Comment) -> bool {
        let waits = comment.status == CommentStatus::Pending;
        let was_published = self
            .get(comment.id)
            .map(|shown| shown.status == CommentStatus::Published);
        match was_published {
            Some(was_published) => {
                self.replace(comment);
                if was_published && waits {
                    self.count = self.count.saturating_sub(1);
                }
            }
            None => {
                self.insert_posted(comment);
            }
        }
        waits
    }

    /// A comment this reader deleted: taken off, and uncounted if readers saw it.
    pub fn deleted(&mut self, id: CommentId) {
        let counted = self
            .get(id)
            .is_some_and(|comment| comment.status == CommentStatus::Published);
        self.remove(id);
        if counted {
            self.count = self.count.saturating_sub(1);
        }
    }

    /// Shows the new conversations waiting behind the button (already counted).
    pub fn show_waiting(&mut self) {
        for comment in std::mem::take(&mut self.fresh) {
            self.insert_posted(comment);
        }
    }
}

#[cfg(test)]
mod tests;
