//! Tests of how a thread changes: live news, this reader's posts and deletions, and the
//! count through all of them.

use crate::thread::ThreadModel;
use crate::thread::tests::comment;
use confab_api::{CommentStatus, ThreadChange};

/// A thread of two conversations (1 with reply 2, and 3) whose server counts `count`.
fn thread(count: u32) -> ThreadModel {
    let mut model = ThreadModel::from_comments(vec![
        comment(1, None),
        comment(2, Some(1)),
        comment(3, None),
    ]);
    model.set_count(count);
    model
}

fn added(id: i64, parent: Option<i64>) -> ThreadChange {
    ThreadChange::Added {
        comment: comment(id, parent),
    }
}

#[test]
fn a_reply_to_a_shown_comment_appears_under_it_and_is_counted() {
    let mut model = thread(3);
    assert!(model.apply(added(4, Some(3)), false));
    assert_eq!(model.children(Some(3)), &[4]);
    assert_eq!((model.count(), model.waiting()), (4, 0));
}

#[test]
fn a_new_conversation_and_its_replies_wait_and_are_counted_at_once() {
    let mut model = thread(3);
    assert!(model.apply(added(5, None), false));
    assert!(model.apply(added(6, Some(5)), false));
    assert_eq!((model.count(), model.waiting()), (5, 2));
    assert!(model.get(5).is_none());
    model.show_waiting();
    assert_eq!(model.children(None), &[1, 3, 5]);
    assert_eq!(model.children(Some(5)), &[6]);
    assert_eq!((model.count(), model.waiting()), (5, 0));
}

#[test]
fn a_reply_under_a_comment_not_loaded_is_counted_not_shown() {
    let mut model = thread(10);
    assert!(model.apply(added(7, Some(99)), false));
    assert_eq!((model.count(), model.waiting()), (11, 0));
    assert!(model.get(7).is_none());
}

#[test]
fn news_of_a_comment_known_here_changes_nothing() {
    let mut model = thread(3);
    assert!(!model.apply(added(2, Some(1)), false), "shown already");
    assert!(!model.apply(added(8, None), true), "this browser's own");
    assert!(model.apply(added(9, None), false));
    assert!(!model.apply(added(9, None), false), "waiting already");
    assert_eq!(model.count(), 4);
}

#[test]
fn a_comment_gone_before_its_news_is_counted_then_uncounted_once() {
    let mut model = thread(3);
    let mut gone = comment(9, None);
    gone.status = CommentStatus::Deleted;
    assert!(model.apply(ThreadChange::Added { comment: gone }, false));
    assert_eq!((model.count(), model.waiting()), (4, 0));
    model.apply(
        ThreadChange::Deleted {
            id: 9,
            placeholder: false,
        },
        false,
    );
    assert_eq!(model.count(), 3);
}

#[test]
fn an_edit_reaches_a_waiting_comment_and_a_shown_one() {
    let mut model = thread(3);
    model.apply(added(5, None), false);
    let mut edited = comment(5, None);
    edited.author.name = "Edited".into();
    model.apply(ThreadChange::Edited { comment: edited }, false);
    let mut shown = comment(3, None);
    shown.author.name = "Also edited".into();
    model.apply(ThreadChange::Edited { comment: shown }, false);
    model.show_waiting();
    assert_eq!(model.get(5).unwrap().author.name, "Edited");
    assert_eq!(model.get(3).unwrap().author.name, "Also edited");
}

#[test]
fn a_deletion_takes_a_comment_off_wherever_it_is_and_lowers_the_count_once() {
    let mut model = thread(3);
    model.apply(added(5, None), false);
    model.apply(
        ThreadChange::Deleted {
            id: 5,
            placeholder: false,
        },
        false,
    );
    assert_eq!((model.count(), model.waiting()), (3, 0));
    model.apply(
        ThreadChange::Deleted {
            id: 3,
            placeholder: false,
        },
        false,
    );
    model.apply(
        ThreadChange::Deleted {
            id: 3,
            placeholder: false,
        },
        false,
    );
    assert_eq!(model.count(), 2);
    assert!(model.get(3).is_none());
}

#[test]
fn missed_changes_are_noticed_once() {
    let mut model = thread(3);
    assert!(!model.missed_changes());
    assert!(model.apply(ThreadChange::Missed, false));
    assert!(!model.apply(ThreadChange::Missed, false));
    assert!(model.missed_changes());
}

#[test]
fn a_post_of_this_reader_is_counted_once_even_when_its_news_came_first() {
    let mut model = thread(3);
    assert!(model.posted(comment(5, Some(3))));
    assert_eq!(model.count(), 4);
    model.apply(added(6, None), false);
    assert!(
        model.posted(comment(6, None)),
        "shown now, counted by its news"
    );
    assert_eq!((model.count(), model.waiting()), (5, 0));
    assert!(!model.posted(comment(6, None)));
    assert_eq!(model.count(), 5);
}

#[test]
fn a_held_post_shows_to_its_author_uncounted() {
    let mut model = thread(3);
    let mut held = comment(5, None);
    held.status = CommentStatus::Pending;
    assert!(model.posted(held));
    assert!(model.get(5).is_some());
    assert_eq!(model.count(), 3);
}

#[test]
fn a_deletion_by_this_reader_uncounts_a_published_comment_only() {
    let mut model = thread(3);
    let mut held = comment(5, None);
    held.status = CommentStatus::Pending;
    model.posted(held);
    model.deleted(5);
    assert_eq!(model.count(), 3);
    model.deleted(3);
    assert_eq!(model.count(), 2);
}

/// Comment `id` of thread 1, as the server answers an edit that sent it back to the queue.
fn held_again(id: i64) -> confab_api::Comment {
    let mut comment = comment(id, None);
    comment.status = CommentStatus::Pending;
    comment
}

#[test]
fn an_edit_that_waits_for_a_moderator_leaves_the_count_and_stays_with_its_author() {
    let mut model = thread(3);
    assert!(model.edited(held_again(3)));
    assert_eq!(model.count(), 2);
    assert_eq!(model.get(3).unwrap().status, CommentStatus::Pending);
    // The stream then tells every reader it is gone; its author keeps it.
    assert!(!model.apply(
        ThreadChange::Deleted {
            id: 3,
            placeholder: false
        },
        true
    ));
    assert!(model.get(3).is_some());
    assert_eq!(model.count(), 2);
}

#[test]
fn an_edit_that_waits_is_counted_once_when_the_stream_told_of_it_first() {
    let mut model = thread(3);
    model.apply(
        ThreadChange::Deleted {
            id: 3,
            placeholder: false,
        },
        true,
    );
    assert_eq!(model.count(), 2);
    assert!(model.edited(held_again(3)));
    assert_eq!(model.count(), 2);
    assert_eq!(model.get(3).unwrap().status, CommentStatus::Pending);
}

#[test]
fn a_plain_edit_keeps_the_count() {
    let mut model = thread(3);
    let mut changed = comment(3, None);
    changed.author.name = "Same author, new words".into();
    assert!(!model.edited(changed));
    assert_eq!(model.count(), 3);
}
