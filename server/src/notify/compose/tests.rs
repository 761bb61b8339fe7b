//! Tests of `compose`.

use super::*;
use confab_api::{Block, Inline};

fn comment(name: &str, body: &str) -> EventComment {
    EventComment {
        id: 5,
        thread_key: "/post/".into(),
        thread_title: Some("A <b>title</b>\r\nBcc: eve@evil.example".into()),
        thread_url: Some("https://blog.example/post/".into()),
        parent_id: None,
        status: CommentStatus::Pending,
        author_name: name.into(),
        author_email: Some("ann@example.com".into()),
        author_website: None,
        client_address: Some("192.0.2.1".into()),
        notify_replies: false,
        lang: None,
        body: vec![Block::Paragraph {
            children: vec![Inline::Text { text: body.into() }],
        }],
        created_at: 0,
        edited_at: None,
        parent: None,
    }
}

const LINKS: LinkBase<'static> = LinkBase {
    public_url: "https://c.example",
    key: "key",
};

#[test]
fn names_and_titles_cannot_start_headers() {
    let mail = owner_mail(
        &comment("Eve\r\nBcc: all@example.com", "hi"),
        "o@x.example",
        LINKS,
        0,
    );
    assert!(!mail.subject.contains(['\r', '\n']));
    assert!(mail.subject.contains("Eve Bcc: all@example.com"));
    assert_eq!(one_line(&"x".repeat(300), 10).chars().count(), 10);
    assert_eq!(one_line("  a\t\tb \u{7}c ", 50), "a b c");
}

#[test]
fn what_readers_wrote_is_escaped_in_html() {
    let mail = owner_mail(
        &comment("<script>", "<img src=x onerror=alert(1)>"),
        "o@x.example",
        LINKS,
        0,
    );
    assert!(!mail.html.contains("<script>"));
    assert!(!mail.html.contains("<img"));
    assert!(mail.html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(mail.text.contains("> <img src=x onerror=alert(1)>"));
}

#[test]
fn a_held_comment_offers_approve_reject_and_spam() {
    let mail = owner_mail(&comment("Ann", "hi"), "o@x.example", LINKS, 0);
    for action in ["approve", "reject", "spam"] {
        assert!(mail.text.contains(&format!("action={action}")), "{action}");
    }
    assert!(mail.subject.starts_with("Held for moderation"));
    let published = EventComment {
        status: CommentStatus::Published,
        ..comment("Ann", "hi")
    };
    let mail = owner_mail(&published, "o@x.example", LINKS, 0);
    assert!(!mail.text.contains("action=approve"));
    assert!(mail.text.contains("action=delete"));
}

#[test]
fn mails_to_commenters_carry_an_unsubscribe_link() {
    let ann = Recipient {
        address: "ann@example.com",
        name: "Ann",
        lang: None,
    };
    let reply = reply_mail(&comment("Bob", "Thanks"), &ann, LINKS);
    let link = reply.unsubscribe.clone().unwrap();
    assert!(link.contains("/api/v1/mail/unsubscribe?address=ann%40example.com"));
    assert!(reply.text.contains(&link));
    assert!(reply.text.contains("#confab-comment-5"));
    let confirm = confirmation_mail(&comment("Ann", "hi"), "ann@example.com", LINKS, 0);
    assert!(
        confirm
            .text
            .contains("/api/v1/mail/confirm?address=ann%40example.com")
    );
    assert!(confirm.unsubscribe.is_some());
}

#[test]
fn commenters_get_mails_in_the_language_they_wrote_in() {
    let anna = Recipient {
        address: "anna@example.de",
        name: "Anna",
        lang: Some("de-AT"),
    };
    let reply = reply_mail(&comment("Bob", "Danke"), &anna, LINKS);
    assert!(
        reply
            .subject
            .starts_with("Bob hat dir auf „A <b>title</b> Bcc"),
        "{}",
        reply.subject
    );
    assert!(reply.text.starts_with("Hallo Anna,"));
    assert!(reply.html.contains("lang=\"de\" dir=\"ltr\""));
    let arabic = EventComment {
        lang: Some("ar".into()),
        ..comment("Ann", "hi")
    };
    let confirm = confirmation_mail(&arabic, "ann@example.com", LINKS, 0);
    assert!(confirm.html.contains("lang=\"ar\" dir=\"rtl\""));
    assert!(confirm.subject.starts_with("أكّد"));
}
