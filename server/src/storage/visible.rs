//! Which stored comments readers see, and how many replies each shows.
//!
//! A deleted comment stays as a placeholder while any visible reply hangs under it, and
//! disappears with its last one; pending comments are never in the list given here.

use confab_api::{Comment, CommentId, CommentStatus};
use std::collections::{HashMap, HashSet};

/// Keeps the published comments and the deleted ones that still have visible replies,
/// and sets every `reply_count` to the number of visible direct replies. `comments` come
/// parents before children, and keep that order.
pub fn visible_thread(comments: Vec<Comment>) -> Vec<Comment> {
    let mut has_visible_reply: HashSet<CommentId> = HashSet::new();
    let mut keep = vec![false; comments.len()];
    for (index, comment) in comments.iter().enumerate().rev() {
        let visible = comment.status == CommentStatus::Published
            || comment.status == CommentStatus::Deleted && has_visible_reply.contains(&comment.id);
        keep[index] = visible;
        if let (true, Some(parent)) = (visible, comment.parent_id) {
            has_visible_reply.insert(parent);
        }
    }
    let mut replies: HashMap<CommentId, u32> = HashMap::new();
    for (comment, _) in comments.iter().zip(&keep).filter(|(_, keep)| **keep) {
        if let Some(parent) = comment.parent_id {
            *replies.entry(parent).or_default() += 1;
        }
    }
    comments
        .into_iter()
        .zip(keep)
        .filter(|(_, keep)| *keep)
        .map(|(mut comment, _)| {
            comment.reply_count = replies.get(&comment.id).copied().unwrap_or(0);
            comment
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use confab_api::{Author, CommentKind};

    fn comment(id: CommentId, parent_id: Option<CommentId>, status: CommentStatus) -> Comment {
        Comment {
            id,
            parent_id,
            kind: CommentKind::Comment,
            author: Author {
                name: String::new(),
                website: None,
                avatar_seed: String::new(),
                badge: None,
            },
            body: Vec::new(),
            created_at: String::new(),
            edited_at: None,
            status,
            reply_count: 0,
        }
    }

    fn ids(comments: &[Comment]) -> Vec<CommentId> {
        comments.iter().map(|comment| comment.id).collect()
    }

    #[test]
    fn a_deleted_comment_with_replies_stays_and_without_disappears() {
        use CommentStatus::{Deleted, Published};
        let shown = visible_thread(vec![
            comment(1, None, Deleted),
            comment(2, Some(1), Published),
            comment(3, None, Deleted),
            comment(4, None, Deleted),
            comment(5, Some(4), Deleted),
        ]);
        assert_eq!(ids(&shown), vec![1, 2]);
        assert_eq!(shown[0].reply_count, 1);
    }

    #[test]
    fn reply_counts_count_only_visible_replies() {
        use CommentStatus::{Deleted, Published};
        let shown = visible_thread(vec![
            comment(1, None, Published),
            comment(2, Some(1), Published),
            comment(3, Some(1), Deleted),
            comment(4, Some(2), Published),
        ]);
        assert_eq!(ids(&shown), vec![1, 2, 4]);
        assert_eq!((shown[0].reply_count, shown[1].reply_count), (1, 1));
    }
}
