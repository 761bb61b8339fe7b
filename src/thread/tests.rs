//! Tests of `thread`.

use super::*;
use confab_api::{Author, CommentKind, CommentStatus, Reactions, ThreadChange};

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
        up: 0,
        down: 0,
        pinned: false,
        edited_by_moderator: false,
        reactions: Reactions::default(),
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

#[test]
fn votes_totals_change_a_comment_only_when_they_differ() {
    let mut model = ThreadModel::from_comments(vec![comment(1, None), comment(2, Some(1))]);
    let before = model.shared(2).unwrap();
    let tally = |id, up, down| Tally {
        id,
        up,
        down,
        reactions: Reactions::default(),
    };
    assert!(
        !model.tallied(tally(2, 0, 0)),
        "the same totals change nothing"
    );
    assert_eq!(model.shared(2).unwrap(), before);
    assert!(model.tallied(tally(2, 3, 1)));
    assert_eq!(
        (model.get(2).unwrap().up, model.get(2).unwrap().down),
        (3, 1)
    );
    assert_ne!(model.shared(2).unwrap(), before, "a new version is drawn");
    assert!(
        !model.tallied(tally(9, 1, 0)),
        "a comment not shown is left alone"
    );
    let change = ThreadChange::Tallied {
        tallies: vec![tally(1, 5, 0), tally(2, 3, 1)],
    };
    assert!(model.apply(change, false));
    assert_eq!(model.get(1).unwrap().up, 5);
    assert_eq!(model.count(), 0, "votes are not comments");
}

#[test]
fn reactions_change_a_comment_and_keep_its_votes() {
    let mut model = ThreadModel::from_comments(vec![comment(1, None)]);
    assert!(model.retally(1, |tally| tally.up = 2));
    assert!(model.retally(1, |tally| tally.reactions.change("🎉", true)));
    let shown = model.get(1).unwrap();
    assert_eq!((shown.up, shown.reactions.count("🎉")), (2, 1));
    assert!(!model.retally(1, |_| {}), "nothing changed");
    assert!(!model.retally(9, |tally| tally.up = 1), "not shown");
}

#[test]
fn the_readers_own_vote_draws_the_card_again_when_the_totals_arrived_first() {
    // A live `tallied` event can bring the new totals before the vote's own answer: the
    // answer changes no total, but the reader's choice (kept in the browser) changed.
    let mut model = ThreadModel::from_comments(vec![comment(1, None)]);
    assert!(model.tallied(Tally {
        id: 1,
        up: 1,
        down: 0,
        reactions: Default::default(),
    }));
    let drawn = model.shared(1);
    assert!(
        !model.retally(1, |tally| tally.up = 1),
        "the totals are the same"
    );
    assert!(model.shared(1) != drawn, "but the card is a new version");
}
