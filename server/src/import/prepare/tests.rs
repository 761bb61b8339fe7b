//! The checks before storing, on threads built by hand.

use super::*;
use crate::settings::Sites;

fn comment(id: &str, parent: Option<&str>, status: Status, created_at: i64) -> SourceComment {
    SourceComment {
        id: id.to_owned(),
        parent: parent.map(str::to_owned),
        kind: confab_api::CommentKind::Comment,
        status,
        author_name: format!("  Author {id}  "),
        author_email: Some("not-an-email".to_owned()),
        author_website: Some("ftp://files.example/".to_owned()),
        client_address: None,
        author_identity: None,
        badge: None,
        identity_proven: false,
        body: SourceBody::Markdown(format!("Text {id}")),
        created_at,
        edited_at: None,
        up_votes: 0,
        down_votes: 0,
        reactions: Default::default(),
        pinned_at: None,
    }
}

fn prepared(comments: Vec<SourceComment>) -> (ThreadImport, Summary) {
    let sites = Sites::single(Default::default());
    let target = Target {
        site: sites.named(None).unwrap(),
        server_key: "key",
    };
    let thread = SourceThread {
        key: "/t/".to_owned(),
        comments,
        ..SourceThread::default()
    };
    let mut summary = Summary::default();
    let thread = prepare(thread, target, Format::Wxr, &mut summary);
    (thread, summary)
}

fn names(thread: &ThreadImport) -> Vec<&str> {
    thread
        .comments
        .iter()
        .map(|comment| comment.comment.author_name.as_str())
        .collect()
}

#[test]
fn replies_listed_before_their_parents_are_stored_after_them() {
    let (thread, _) = prepared(vec![
        comment("2", Some("1"), Status::Published, 5),
        comment("1", None, Status::Published, 10),
    ]);
    assert_eq!(names(&thread), ["Author 1", "Author 2"]);
    assert_eq!(thread.comments[1].parent_index, Some(0));
}

#[test]
fn a_cycle_of_parents_is_cut_at_its_oldest_comment() {
    let (thread, summary) = prepared(vec![
        comment("a", Some("b"), Status::Published, 1),
        comment("b", Some("a"), Status::Published, 2),
    ]);
    assert_eq!(names(&thread), ["Author a", "Author b"]);
    assert_eq!(thread.comments[0].parent_index, None);
    assert_eq!(thread.comments[1].parent_index, Some(0));
    assert_eq!(summary.adjusted.len(), 1);
    assert!(summary.adjusted[0].reason.contains("loop"));
}

#[test]
fn a_long_chain_listed_newest_first_is_ordered_in_one_pass() {
    let comments: Vec<SourceComment> = (0..20_000)
        .rev()
        .map(|id: i64| {
            let parent = (id > 0).then(|| (id - 1).to_string());
            comment(
                &id.to_string(),
                parent.as_deref(),
                Status::Published,
                1_000_000 - id,
            )
        })
        .collect();
    let (thread, summary) = prepared(comments);
    assert_eq!(thread.comments.len(), 20_000);
    assert_eq!(thread.comments[0].comment.author_name, "Author 0");
    assert!(
        summary
            .adjusted
            .iter()
            .all(|note| note.reason.contains("deeper than"))
    );
}

#[test]
fn deleted_comments_stay_only_above_a_kept_reply_and_are_erased() {
    let (thread, summary) = prepared(vec![
        comment("1", None, Status::Deleted, 1),
        comment("2", Some("1"), Status::Deleted, 2),
        comment("3", Some("2"), Status::Pending, 3),
        comment("4", None, Status::Deleted, 4),
    ]);
    assert_eq!(thread.comments.len(), 3);
    assert_eq!(summary.skipped.len(), 1);
    assert_eq!(summary.skipped[0].record, "comment 4 of /t/");
    // Only a held reply hangs below: kept, but out of view, as a live delete leaves it.
    let first = &thread.comments[0];
    assert_eq!(
        (first.status, first.comment.author_name.as_str()),
        ("removed", "")
    );
    assert!(first.comment.body.is_empty() && first.comment.body_markdown.is_empty());

    let (thread, _) = prepared(vec![
        comment("1", None, Status::Deleted, 1),
        comment("2", Some("1"), Status::Published, 2),
    ]);
    assert_eq!(
        thread.comments[0].status, "deleted",
        "a visible reply shows the placeholder"
    );
}

#[test]
fn authors_are_trimmed_and_unusable_emails_and_websites_dropped() {
    let mut long = comment("1", None, Status::Published, 1);
    long.author_name = "x".repeat(500);
    let mut empty = comment("2", None, Status::Published, 2);
    empty.author_name = "   ".to_owned();
    let (thread, _) = prepared(vec![comment("0", None, Status::Published, 0), long, empty]);
    let stored = &thread.comments[0].comment;
    assert_eq!(stored.author_name, "Author 0");
    assert_eq!(
        (
            stored.author_email.as_deref(),
            stored.author_website.as_deref()
        ),
        (None, None)
    );
    assert_eq!(thread.comments[1].comment.author_name.chars().count(), 100);
    assert_eq!(thread.comments[2].comment.author_name, "Anonymous");
    assert_eq!(thread.comments[0].import_ref, "wxr:/t/#0");
}
