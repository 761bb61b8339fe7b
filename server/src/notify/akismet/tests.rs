//! Tests of which events call the outside spam check, and with what.

use super::*;
use crate::settings::{SiteRules, Sites};
use crate::storage::outbox::EventComment;
use confab_api::{Block, Inline};

fn event(kind: EventKind, before: Option<CommentStatus>, now: CommentStatus) -> OutboxEvent {
    OutboxEvent {
        id: 1,
        kind,
        created_status: before,
        comment: EventComment {
            id: 7,
            thread_key: "/post/".into(),
            thread_title: None,
            thread_url: Some("https://blog.example/post/".into()),
            parent_id: None,
            status: now,
            author_name: "Ann".into(),
            author_email: Some("ann@example.com".into()),
            author_website: None,
            client_address: Some("192.0.2.1".into()),
            notify_replies: false,
            lang: Some("de".into()),
            body: vec![Block::Paragraph {
                children: vec![Inline::Text {
                    text: "Hello & welcome".into(),
                }],
            }],
            created_at: 0,
            edited_at: None,
            parent: None,
        },
    }
}

fn site(origins: &[&str]) -> Sites {
    Sites::single(SiteRules {
        origins: origins.iter().map(|origin| (*origin).to_owned()).collect(),
        ..SiteRules::default()
    })
}

fn field<'a>(call: &'a Call, name: &str) -> Option<&'a str> {
    call.form
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

#[test]
fn a_new_comment_is_checked_with_what_is_known_of_it() {
    use CommentStatus::{Pending, Published};
    let sites = site(&["https://www.blog.example"]);
    let site = sites.for_stored_key("/post/");
    let call = call_for(&event(EventKind::Created, Some(Published), Published), site).unwrap();
    assert_eq!(call.method, Method::CommentCheck);
    assert_eq!(call.comment, 7);
    assert_eq!(field(&call, "blog"), Some("https://www.blog.example"));
    assert_eq!(field(&call, "user_ip"), Some("192.0.2.1"));
    assert_eq!(field(&call, "comment_content"), Some("Hello & welcome"));
    assert_eq!(
        field(&call, "comment_author_email"),
        Some("ann@example.com")
    );
    assert_eq!(
        field(&call, "permalink"),
        Some("https://blog.example/post/")
    );
    assert_eq!(field(&call, "blog_lang"), Some("de"));
    assert_eq!(field(&call, "comment_author_url"), None);
    assert_eq!(field(&call, "api_key"), None, "the key is never stored");
    let held = call_for(&event(EventKind::Created, Some(Pending), Pending), site);
    assert_eq!(held.unwrap().method, Method::CommentCheck);
}

#[test]
fn what_was_decided_already_is_not_checked() {
    use CommentStatus::{Deleted, Pending, Published, Spam};
    let sites = site(&[]);
    let site = sites.for_stored_key("/post/");
    for (before, now) in [
        (Published, Deleted),
        (Pending, Published),
        (Pending, Spam),
        (Spam, Spam),
    ] {
        let event = event(EventKind::Created, Some(before), now);
        assert_eq!(call_for(&event, site), None, "{before:?} → {now:?}");
    }
    let mut unknown = event(EventKind::Created, Some(Published), Published);
    unknown.comment.client_address = None;
    assert_eq!(call_for(&unknown, site), None, "the address is required");
    for kind in [EventKind::Edited, EventKind::Deleted, EventKind::Held] {
        assert_eq!(call_for(&event(kind, None, Published), site), None);
    }
}

#[test]
fn moderators_decisions_are_reported_back() {
    use CommentStatus::{Pending, Published, Spam};
    let sites = site(&[]);
    let site = sites.for_stored_key("/post/");
    let spam = call_for(&event(EventKind::Spam, Some(Published), Spam), site).unwrap();
    assert_eq!(spam.method, Method::SubmitSpam);
    // Without origins, the blog is the page's own site.
    assert_eq!(field(&spam, "blog"), Some("https://blog.example"));
    let ham = call_for(&event(EventKind::Approved, Some(Spam), Published), site);
    assert_eq!(ham.unwrap().method, Method::SubmitHam);
    // Approving a held comment is no news to the service; nor is a decision undone since.
    let approved = event(EventKind::Approved, Some(Pending), Published);
    assert_eq!(call_for(&approved, site), None);
    assert_eq!(
        call_for(&event(EventKind::Spam, Some(Published), Published), site),
        None
    );
}

#[test]
fn calls_keep_their_method_names() {
    let call = Call {
        method: Method::SubmitHam,
        comment: 3,
        form: vec![("blog".into(), "https://b.example".into())],
    };
    let text = serde_json::to_string(&call).unwrap();
    assert!(text.contains("\"submit-ham\""), "{text}");
    assert_eq!(serde_json::from_str::<Call>(&text).unwrap(), call);
    assert_eq!(
        Answer::Spam { blatant: true }.note(),
        "Akismet: blatant spam"
    );
}
