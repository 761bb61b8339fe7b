//! Reactions through real HTTP: a reader adds and takes back each of the site's
//! reactions once, on a comment or on the page itself (which may have no comments yet),
//! never on their own or a held comment; one network has a budget per reaction; the page
//! read and live updates carry the totals; hostile bodies are refused with a reason.

use crate::common::TestApp;
use confab_server::settings::reactions::ReactionsFile;
use reqwest::Method;
use serde_json::{Value, json};

const AUTHOR_KEY: &str = "author-key-0000000001";
const READER_KEY: &str = "reader-key-0000000001";

async fn app_with(reactions: Option<ReactionsFile>, per_network: u32) -> TestApp {
    TestApp::spawn_tuned(Default::default(), move |site, _| {
        site.votes_per_network = per_network;
        site.reactions = confab_server::settings::reactions::resolve("test", reactions).unwrap();
    })
    .await
}

async fn comment(app: &TestApp, thread: &str, voter: &str) -> i64 {
    let (status, posted) = app
        .post(
            json!({"thread": thread, "author_name": "Ada", "body": "React to me",
                     "voter": voter}),
        )
        .await;
    assert_eq!(status, 201, "{posted}");
    posted["comment"]["id"].as_i64().unwrap()
}

async fn react(app: &TestApp, id: impl std::fmt::Display, body: Value) -> (u16, Value) {
    let path = format!("/api/v1/comments/{id}/reaction");
    app.send(Method::PUT, &path, None, Some(body)).await
}

async fn react_as(app: &TestApp, id: i64, voter: &str, reaction: &str, on: bool) -> Value {
    let (status, tally) = react(
        app,
        id,
        json!({"reaction": reaction, "on": on, "voter": voter}),
    )
    .await;
    assert_eq!(status, 200, "{tally}");
    tally
}

async fn react_to_page(app: &TestApp, body: Value) -> (u16, Value) {
    app.send(Method::PUT, "/api/v1/threads/reaction", None, Some(body))
        .await
}

async fn page(app: &TestApp, thread: &str) -> Value {
    let url = app.url(&format!("/api/v1/comments?thread={thread}"));
    let response = app.client.get(url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_reader_adds_each_reaction_once_and_takes_it_back() {
    let app = app_with(None, 3).await;
    let id = comment(&app, "/reactions/", AUTHOR_KEY).await;
    let tally = react_as(&app, id, READER_KEY, "👍", true).await;
    assert_eq!(tally, json!({"reactions": {"👍": 1}, "on": true}));
    // The same reaction again counts once; another is counted beside it.
    react_as(&app, id, READER_KEY, "👍", true).await;
    let tally = react_as(&app, id, READER_KEY, "🎉", true).await;
    assert_eq!(tally["reactions"], json!({"👍": 1, "🎉": 1}));
    let tally = react_as(&app, id, "another-reader-key-01", "🎉", true).await;
    assert_eq!(tally["reactions"], json!({"👍": 1, "🎉": 2}));
    let tally = react_as(&app, id, READER_KEY, "👍", false).await;
    assert_eq!(tally, json!({"reactions": {"🎉": 2}, "on": false}));
    // Taking back what was never there changes nothing.
    let tally = react_as(&app, id, READER_KEY, "😢", false).await;
    assert_eq!(tally["reactions"], json!({"🎉": 2}));

    let thread = page(&app, "/reactions/").await;
    assert_eq!(
        thread["thread"]["reactions"],
        json!(["👍", "❤️", "😄", "🎉", "😮", "😢"])
    );
    assert_eq!(thread["comments"][0]["reactions"], json!({"🎉": 2}));
}

#[tokio::test]
async fn a_page_takes_reactions_before_its_first_comment() {
    let app = app_with(None, 3).await;
    let body = |reaction: &str, voter: &str, on: bool| {
        json!({"thread": "/quiet-page/", "title": "A quiet page", "reaction": reaction,
               "on": on, "voter": voter})
    };
    let (status, tally) = react_to_page(&app, body("❤️", READER_KEY, true)).await;
    assert_eq!(
        (status, tally.clone()),
        (200, json!({"reactions": {"❤️": 1}, "on": true}))
    );
    react_to_page(&app, body("❤️", "another-reader-key-01", true)).await;
    let thread = page(&app, "/quiet-page/").await;
    assert_eq!(thread["thread"]["page_reactions"], json!({"❤️": 2}));
    assert_eq!(thread["thread"]["title"], "A quiet page");
    assert_eq!(thread["thread"]["count"], 0);
    // Reactions to the page and to a comment of it are counted apart.
    let id = comment(&app, "/quiet-page/", AUTHOR_KEY).await;
    react_as(&app, id, READER_KEY, "❤️", true).await;
    let (_, tally) = react_to_page(&app, body("❤️", READER_KEY, false)).await;
    assert_eq!(tally["reactions"], json!({"❤️": 1}));
    let thread = page(&app, "/quiet-page/").await;
    assert_eq!(thread["thread"]["page_reactions"], json!({"❤️": 1}));
    assert_eq!(thread["comments"][0]["reactions"], json!({"❤️": 1}));
}

#[tokio::test]
async fn nobody_reacts_to_their_own_a_held_or_a_missing_comment() {
    let app = app_with(None, 3).await;
    let id = comment(&app, "/reactions/", AUTHOR_KEY).await;
    let (status, error) = react(
        &app,
        id,
        json!({"reaction": "👍", "on": true, "voter": AUTHOR_KEY}),
    )
    .await;
    assert_eq!(
        (status, error["error"]["code"].clone()),
        (403, json!("own_comment"))
    );

    let held = TestApp::spawn_tuned(Default::default(), |site, _| {
        site.moderation = confab_server::settings::Moderation::All;
    })
    .await;
    let (status, posted) = held
        .post(json!({"thread": "/reactions/", "author_name": "Ada", "body": "Held"}))
        .await;
    assert_eq!(status, 202);
    let held_id = posted["comment"]["id"].as_i64().unwrap();
    let on = json!({"reaction": "👍", "on": true, "voter": READER_KEY});
    assert_eq!(react(&held, held_id, on.clone()).await.0, 404);
    assert_eq!(react(&app, 999_999, on.clone()).await.0, 404);
    assert_eq!(react(&app, "0x10", on).await.0, 404);
}

#[tokio::test]
async fn broken_reactions_and_reactions_the_site_does_not_offer_are_refused() {
    let set = ReactionsFile::Set(vec!["👍".to_owned(), "🚀".to_owned()]);
    let app = app_with(Some(set), 3).await;
    let id = comment(&app, "/reactions/", AUTHOR_KEY).await;
    let refusals = [
        (
            json!({"reaction": "🎉", "on": true, "voter": READER_KEY}),
            422,
            "unknown_reaction",
        ),
        (
            json!({"reaction": "", "on": true, "voter": READER_KEY}),
            422,
            "unknown_reaction",
        ),
        (
            json!({"reaction": "👍".repeat(5000), "on": true, "voter": READER_KEY}),
            422,
            "unknown_reaction",
        ),
        (
            json!({"reaction": "👍", "on": true, "voter": "short"}),
            422,
            "invalid_voter",
        ),
        (
            json!({"reaction": "👍", "on": true, "voter": READER_KEY, "sso": "forged"}),
            422,
            "",
        ),
        (json!({"reaction": "👍", "voter": READER_KEY}), 400, ""),
        (
            json!({"reaction": 1, "on": true, "voter": READER_KEY}),
            400,
            "",
        ),
        (
            json!({"reaction": "👍", "on": "yes", "voter": READER_KEY}),
            400,
            "",
        ),
        (json!(["👍"]), 400, ""),
    ];
    for (body, status, code) in refusals {
        let (got, error) = react(&app, id, body.clone()).await;
        let shown: String = body.to_string().chars().take(80).collect();
        assert_eq!(got, status, "{shown} → {error}");
        if !code.is_empty() {
            assert_eq!(error["error"]["code"], code, "{shown}");
        }
    }
    let page_refusals = [
        json!({"reaction": "👍", "on": true, "voter": READER_KEY}),
        json!({"thread": "no-slash", "reaction": "👍", "on": true, "voter": READER_KEY}),
        json!({"thread": "/x/", "url": "javascript:alert(1)", "reaction": "👍", "on": true,
               "voter": READER_KEY}),
        json!({"thread": "/x/\u{0}", "reaction": "👍", "on": true, "voter": READER_KEY}),
    ];
    for body in page_refusals {
        let (status, error) = react_to_page(&app, body.clone()).await;
        assert_eq!(status, 422, "{body} → {error}");
    }
    assert_eq!(
        page(&app, "/reactions/").await["thread"]["reactions"],
        json!(["👍", "🚀"])
    );

    let off = app_with(Some(ReactionsFile::On(false)), 3).await;
    let id = comment(&off, "/reactions/", AUTHOR_KEY).await;
    let (status, error) = react(
        &off,
        id,
        json!({"reaction": "👍", "on": true, "voter": READER_KEY}),
    )
    .await;
    assert_eq!(
        (status, error["error"]["code"].clone()),
        (403, json!("reactions_off"))
    );
    assert_eq!(
        page(&off, "/reactions/").await["thread"].get("reactions"),
        None
    );
}

#[tokio::test]
async fn one_network_cannot_stuff_a_reaction_by_clearing_its_storage() {
    let app = app_with(None, 3).await;
    let id = comment(&app, "/reactions/", AUTHOR_KEY).await;
    for n in 0..3 {
        react_as(&app, id, &format!("fresh-browser-key-{n:04}"), "😮", true).await;
    }
    let on =
        |voter: &str, reaction: &str| json!({"reaction": reaction, "on": true, "voter": voter});
    let (status, error) = react(&app, id, on("fresh-browser-key-0004", "😮")).await;
    assert_eq!(status, 429, "{error}");
    // The budget is per reaction and per target.
    assert_eq!(
        react(&app, id, on("fresh-browser-key-0004", "😄")).await.0,
        200
    );
    let page_body = json!({"thread": "/reactions/", "reaction": "😮", "on": true,
                           "voter": "fresh-browser-key-0004"});
    assert_eq!(react_to_page(&app, page_body).await.0, 200);
    // A reader already counted may still take theirs back.
    let tally = react_as(&app, id, "fresh-browser-key-0000", "😮", false).await;
    assert_eq!(tally["reactions"]["😮"], 2);
}

#[tokio::test]
async fn reactions_reach_open_pages_with_the_votes() {
    let app = app_with(None, 100).await;
    let id = comment(&app, "/reactions/", AUTHOR_KEY).await;
    let mut reader =
        crate::sse::EventStream::open(&app.client, &app.base, "/reactions/", None).await;
    for n in 0..5 {
        react_as(&app, id, &format!("live-reader-key-{n:04}"), "🎉", true).await;
    }
    loop {
        let event = reader.next_without_id().await;
        assert_eq!(event["change"], "tallied", "{event}");
        let tally = &event["tallies"][0];
        assert_eq!(tally["id"], id);
        if tally["reactions"] == json!({"🎉": 5}) {
            break;
        }
    }
}
