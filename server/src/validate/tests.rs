//! The checks on what a reader sends, one field at a time.

use super::*;

fn input() -> NewComment {
    NewComment {
        thread: "/post".into(),
        title: Some("A post".into()),
        url: Some("https://example.com/post".into()),
        parent_id: None,
        author_name: "Ann".into(),
        author_email: Some("ann@example.com".into()),
        author_website: Some("https://ann.example".into()),
        body: "Hello".into(),
        notify_replies: false,
        lang: None,
        homepage: None,
        sso: None,
        session: None,
        voter: None,
        proof: None,
    }
}

fn field_of(result: Result<ValidComment, ValidationError>) -> &'static str {
    match result {
        Err(ValidationError::Field { field, .. }) => field,
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[test]
fn a_complete_comment_passes() {
    let valid = new_comment(input()).unwrap();
    assert_eq!(
        valid.author_website.as_deref(),
        Some("https://ann.example/")
    );
    assert_eq!(valid.body.len(), 1);
}

#[test]
fn blank_optional_fields_mean_not_given() {
    let valid = new_comment(NewComment {
        author_email: Some("  ".into()),
        author_website: Some(String::new()),
        ..input()
    })
    .unwrap();
    assert_eq!((valid.author_email, valid.author_website), (None, None));
}

#[test]
fn each_bad_field_is_named() {
    let cases = [
        (
            NewComment {
                body: " \n ".into(),
                ..input()
            },
            "body",
        ),
        (
            NewComment {
                body: "x".repeat(10_001),
                ..input()
            },
            "body",
        ),
        (
            NewComment {
                author_name: "\u{202E} ".into(),
                ..input()
            },
            "author_name",
        ),
        (
            NewComment {
                author_name: "n".repeat(101),
                ..input()
            },
            "author_name",
        ),
        (
            NewComment {
                author_email: Some("nope".into()),
                ..input()
            },
            "author_email",
        ),
        (
            NewComment {
                author_website: Some("javascript:alert(1)".into()),
                ..input()
            },
            "author_website",
        ),
        (
            NewComment {
                author_website: Some("ftp://x.example".into()),
                ..input()
            },
            "author_website",
        ),
        (
            NewComment {
                thread: "no-slash".into(),
                ..input()
            },
            "thread",
        ),
        (
            NewComment {
                url: Some("data:text/html,hi".into()),
                ..input()
            },
            "url",
        ),
        (
            NewComment {
                lang: Some("<script>".into()),
                ..input()
            },
            "lang",
        ),
        (
            NewComment {
                lang: Some("de--AT".into()),
                ..input()
            },
            "lang",
        ),
        (
            NewComment {
                lang: Some("a".repeat(40)),
                ..input()
            },
            "lang",
        ),
        (
            NewComment {
                notify_replies: true,
                author_email: None,
                ..input()
            },
            "author_email",
        ),
    ];
    for (case, field) in cases {
        assert_eq!(field_of(new_comment(case)), field);
    }
}

#[test]
fn language_tags_are_kept_as_written() {
    for tag in ["de", "pt-BR", "zh-Hant-TW", "x-klingon1"] {
        let valid = new_comment(NewComment {
            lang: Some(tag.into()),
            ..input()
        })
        .unwrap();
        assert_eq!(valid.lang.as_deref(), Some(tag));
    }
}

#[test]
fn names_lose_bidi_overrides_and_control_characters() {
    let valid = new_comment(NewComment {
        author_name: "An\u{202E}n\u{0007}".into(),
        ..input()
    })
    .unwrap();
    assert_eq!(valid.author_name, "Ann");
}
