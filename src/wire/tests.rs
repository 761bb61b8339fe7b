//! Every type the widget reads or writes, compared with what `confab-api`'s serde derives
//! (the server's side) make of it.

use super::*;
use confab_api::{
    CastVote, CommentKey, EditComment, NewComment, OwnCommentsRequest, Preview, PreviewRequest,
    React, ReactionTally, Reactions, VoteTally,
};

fn every_inline() -> Vec<Inline> {
    let words = |text: &str| Inline::Text { text: text.into() };
    vec![
        words("plain \"quoted\" <b>not bold</b>\n"),
        Inline::Emphasis {
            children: vec![words("em")],
        },
        Inline::Strong {
            children: vec![words("strong")],
        },
        Inline::Strikethrough {
            children: vec![words("gone")],
        },
        Inline::Code {
            text: "x < y".into(),
        },
        Inline::LineBreak,
        Inline::Link {
            url: "https://example.com/?a=1&b=2".into(),
            children: vec![Inline::Emphasis {
                children: vec![words("link")],
            }],
        },
    ]
}

fn every_block() -> Vec<Block> {
    let paragraph = Block::Paragraph {
        children: every_inline(),
    };
    vec![
        paragraph.clone(),
        Block::CodeBlock {
            text: "fn main() {}\n".into(),
        },
        Block::BlockQuote {
            children: vec![paragraph.clone()],
        },
        Block::List {
            start: None,
            items: vec![vec![paragraph.clone()], vec![]],
        },
        Block::List {
            start: Some(3),
            items: vec![vec![paragraph]],
        },
    ]
}

fn comment(id: i64, status: CommentStatus, badge: Option<Badge>) -> Comment {
    Comment {
        id,
        parent_id: (id > 1).then_some(id - 1),
        kind: if id % 2 == 0 {
            CommentKind::Pingback
        } else {
            CommentKind::Comment
        },
        author: Author {
            name: "Ann ❤ \u{202e}".into(),
            website: (id % 3 == 0).then(|| "https://ann.example".into()),
            avatar_seed: "5f2b".into(),
            badge,
        },
        body: every_block(),
        created_at: "2026-11-26T10:00:00Z".into(),
        edited_at: (id == 1).then(|| "2026-11-26T10:05:00Z".into()),
        status,
        reply_count: 4_000_000_000,
        up: if id % 2 == 1 { 4_000_000_001 } else { 0 },
        down: if id == 1 { 7 } else { 0 },
        pinned: id == 1,
        edited_by_moderator: false,
        reactions: if id == 1 {
            Reactions(vec![("👍".into(), 3), ("🏳️‍🌈".into(), 4_000_000_000)])
        } else {
            Reactions::default()
        },
    }
}

fn every_comment() -> Vec<Comment> {
    vec![
        comment(1, CommentStatus::Published, Some(Badge::PostAuthor)),
        comment(2, CommentStatus::Pending, Some(Badge::Moderator)),
        comment(3, CommentStatus::Deleted, None),
        comment(9_007_199_254_740_991, CommentStatus::Spam, None),
        Comment {
            kind: CommentKind::Trackback,
            ..comment(5, CommentStatus::Published, None)
        },
    ]
}

/// What serde makes of `value`, read back by hand.
fn round_trip<T: serde::Serialize + FromJson>(value: &T) -> T {
    let text = serde_json::to_string(value).unwrap();
    parse(&text).unwrap_or_else(|error| panic!("{error} in {text}"))
}

#[test]
fn reads_what_the_server_writes() {
    let page = ThreadPage {
        thread: ThreadInfo {
            key: "/post/".into(),
            title: Some("Why?".into()),
            url: None,
            count: 7,
            locked: true,
            reply_notifications: true,
            last_event_id: 42,
            login_url: Some("https://shop.example/login".into()),
            logout_url: None,
            logins: vec![LoginButton {
                id: "github".into(),
                name: "GitHub \"Enterprise\"".into(),
            }],
            votes: VoteMode::UpDown,
            reactions: vec!["👍".into(), "\"q\"".into()],
            page_reactions: Reactions(vec![("\"q\"".into(), 1)]),
        },
        comments: every_comment(),
        next_cursor: Some("abc".into()),
        prev_cursor: None,
    };
    assert_eq!(round_trip(&page), page);
    let replies = RepliesPage {
        comments: every_comment(),
        more: true,
    };
    assert_eq!(round_trip(&replies), replies);
    let posted = PostedComment {
        comment: every_comment().remove(0),
        edit_token: "token".into(),
        editable_until: "2026-11-26T10:15:00Z".into(),
    };
    assert_eq!(round_trip(&posted), posted);
    let error = ErrorBody {
        error: ErrorDetail {
            code: "too_long".into(),
            message: "Too long.".into(),
            field: Some("body".into()),
        },
    };
    assert_eq!(round_trip(&error), error);
    for change in [
        ThreadChange::Added {
            comment: every_comment().remove(1),
        },
        ThreadChange::Edited {
            comment: every_comment().remove(2),
        },
        ThreadChange::Deleted {
            id: 8,
            placeholder: true,
        },
        ThreadChange::Tallied {
            tallies: vec![Tally {
                id: 3,
                up: 2,
                down: 0,
                reactions: Reactions(vec![("🎉".into(), 5)]),
            }],
        },
        ThreadChange::Missed,
    ] {
        assert_eq!(round_trip(&change), change);
    }
    for sort in [Sort::Oldest, Sort::Newest, Sort::Replies, Sort::Best] {
        assert_eq!(round_trip(&sort), sort);
    }
    for mode in VoteMode::ALL {
        assert_eq!(round_trip(&mode), mode);
    }
    let tally = VoteTally {
        id: 4,
        up: 1,
        down: 2,
        value: -1,
    };
    assert_eq!(round_trip(&tally), tally);
    let reacted = ReactionTally {
        reactions: Reactions(vec![("😮".into(), 2)]),
        on: false,
    };
    assert_eq!(round_trip(&reacted), reacted);
}

#[test]
fn the_wrapped_answers_read_through_their_one_member() {
    let comment = every_comment().remove(0);
    let stored = serde_json::to_string(&confab_api::StoredComment {
        comment: comment.clone(),
    })
    .unwrap();
    assert_eq!(
        Json::parse(&stored).map(|json| field::<Comment>(&json, "comment")),
        Ok(Ok(comment.clone()))
    );
    let preview = serde_json::to_string(&Preview {
        body: every_block(),
    })
    .unwrap();
    assert_eq!(
        Json::parse(&preview).map(|json| field::<Vec<Block>>(&json, "body")),
        Ok(Ok(every_block()))
    );
    let own = confab_api::OwnComments {
        comments: vec![comment.clone()],
        signed_in: vec![confab_api::SignedInComment {
            id: 7,
            editable_until: "2026-12-06T19:00:00Z".into(),
            markdown: "*mine* \"quoted\"".into(),
        }],
    };
    assert_eq!(round_trip(&own), own);
    let bare = confab_api::OwnComments {
        comments: vec![comment],
        signed_in: Vec::new(),
    };
    assert_eq!(round_trip(&bare), bare);
}

#[test]
fn optional_members_may_be_missing_as_serde_allows() {
    let info: ThreadInfo = parse(r#"{"key":"/p","count":0,"locked":false}"#).unwrap();
    assert_eq!(
        (info.title, info.reply_notifications, info.last_event_id),
        (None, false, 0)
    );
}

#[test]
fn wrong_answers_are_refused_with_the_member_at_fault() {
    for (text, reason) in [
        (
            r#"{"key":"/p","count":-1,"locked":false}"#,
            "count: number out of range",
        ),
        (
            r#"{"key":"/p","count":"7","locked":false}"#,
            "count: expected a number, found a string",
        ),
        (
            r#"{"key":7,"count":1,"locked":false}"#,
            "key: expected a string, found a number",
        ),
        (
            r#"{"count":1,"locked":false}"#,
            "key: expected a string, found null",
        ),
        (
            r#"{"key":"/p","count":1,"locked":"yes"}"#,
            "locked: expected a boolean, found a string",
        ),
    ] {
        assert_eq!(parse::<ThreadInfo>(text).unwrap_err(), reason, "{text}");
    }
    assert!(
        parse::<Block>(r#"{"type":"script","text":"x"}"#)
            .unwrap_err()
            .contains("unknown block `script`")
    );
    assert!(
        parse::<Inline>(r#"{"type":"image","url":"x"}"#)
            .unwrap_err()
            .contains("unknown inline `image`")
    );
    assert!(
        parse::<Badge>(r#""admin""#)
            .unwrap_err()
            .contains("unknown variant `admin`")
    );
    assert!(
        parse::<Vec<Block>>(r#"{"type":"paragraph"}"#)
            .unwrap_err()
            .contains("expected an array")
    );
    assert!(
        parse::<ThreadChange>(r#"{"change":"renamed"}"#)
            .unwrap_err()
            .contains("unknown change")
    );
    assert!(parse::<ThreadPage>("<html>502 Bad Gateway</html>").is_err());
}

/// What serde reads from `text`, and `text` as a JSON value, to compare member by member.
fn serde_reads<T: serde::de::DeserializeOwned>(text: &str) -> (T, serde_json::Value) {
    (
        serde_json::from_str(text).unwrap(),
        serde_json::from_str(text).unwrap(),
    )
}

#[test]
fn writes_what_the_server_reads_in_the_shape_serde_writes() {
    let full = NewComment {
        thread: "/post/".into(),
        title: Some("Title \"quoted\"".into()),
        url: Some("https://example.com/post/".into()),
        parent_id: Some(12),
        author_name: "Ann\nNewline".into(),
        author_email: Some("ann@example.com".into()),
        author_website: None,
        body: "**bold** \u{0} nul and \u{1f600}".into(),
        notify_replies: true,
        lang: Some("pt-BR".into()),
        homepage: Some("bot".into()),
        sso: Some("a.b.c".into()),
        session: Some("f00d".into()),
        voter: Some("voter-key-0123456789".into()),
        proof: Some("1.18.abc.def:907".into()),
    };
    let bare = NewComment {
        title: None,
        url: None,
        parent_id: None,
        author_email: None,
        notify_replies: false,
        lang: None,
        homepage: None,
        sso: None,
        session: None,
        voter: None,
        proof: None,
        ..full.clone()
    };
    for comment in [full, bare] {
        let (read, value) = serde_reads::<NewComment>(&new_comment_json(&comment));
        assert_eq!(read, comment);
        assert_eq!(value, serde_json::to_value(&comment).unwrap());
    }
    let edit = EditComment {
        body: "new \"text\"".into(),
    };
    let (read, value) = serde_reads::<EditComment>(&edit_comment_json(&edit));
    assert_eq!(
        (read, value),
        (edit.clone(), serde_json::to_value(&edit).unwrap())
    );
    let preview = PreviewRequest {
        body: "*hi*".into(),
    };
    let (read, value) = serde_reads::<PreviewRequest>(&preview_request_json(&preview));
    assert_eq!(
        (read, value),
        (preview.clone(), serde_json::to_value(&preview).unwrap())
    );
    let own = OwnCommentsRequest {
        thread: None,
        sso: None,
        session: None,
        comments: vec![
            CommentKey {
                id: 1,
                edit_token: "a".into(),
            },
            CommentKey {
                id: 2,
                edit_token: "b\"".into(),
            },
        ],
    };
    let signed_in = OwnCommentsRequest {
        thread: Some("/post/".into()),
        sso: Some("a.b.c".into()),
        session: Some("s".into()),
        ..own.clone()
    };
    for own in [own, signed_in] {
        let (read, value) = serde_reads::<OwnCommentsRequest>(&own_comments_request_json(&own));
        assert_eq!(
            (read, value),
            (own.clone(), serde_json::to_value(&own).unwrap())
        );
    }
}

#[test]
fn a_vote_is_written_as_serde_writes_it() {
    let signed_in = CastVote {
        value: -1,
        voter: "voter-key-0123456789".into(),
        sso: None,
        session: Some("f00d".into()),
    };
    let guest = CastVote {
        value: 0,
        session: None,
        ..signed_in.clone()
    };
    for vote in [signed_in, guest] {
        let (read, value) = serde_reads::<CastVote>(&cast_vote_json(&vote));
        assert_eq!(
            (read, value),
            (vote.clone(), serde_json::to_value(&vote).unwrap())
        );
    }
}

#[test]
fn a_reaction_is_written_as_serde_writes_it() {
    let to_page = React {
        reaction: "❤️".into(),
        on: true,
        voter: "voter-key-0123456789".into(),
        thread: Some("/post/\"x\"".into()),
        title: Some("Title".into()),
        url: Some("https://blog.example/post/".into()),
        sso: Some("token".into()),
        session: None,
    };
    let to_comment = React {
        on: false,
        thread: None,
        title: None,
        url: None,
        sso: None,
        ..to_page.clone()
    };
    for react in [to_page, to_comment] {
        let (read, value) = serde_reads::<React>(&react_json(&react));
        assert_eq!(
            (read, value),
            (react.clone(), serde_json::to_value(&react).unwrap())
        );
    }
}

#[test]
fn a_challenge_reads_as_the_server_writes_it_and_its_proof_as_the_server_checks_it() {
    let challenge = confab_api::Challenge {
        challenge: "1800000000.12.00ff.abcd".into(),
        difficulty: 12,
    };
    let read: confab_api::Challenge = round_trip(&challenge);
    assert_eq!(read, challenge);
    let proof = confab_api::proof::Search::new(&read.challenge, read.difficulty).solve();
    assert!(proof.starts_with("1800000000.12.00ff.abcd:"));
    assert!(confab_api::proof::zero_bits(&proof) >= 12);
    // A difficulty past what a hash has is read as the most there is, never as an error.
    let huge = parse::<confab_api::Challenge>(r#"{"challenge":"c","difficulty":4000}"#);
    assert_eq!(huge.unwrap().difficulty, 255);
}
