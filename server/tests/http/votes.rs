//! Votes and pins through real HTTP: a reader votes once per comment, changes or takes
//! back the vote, never on their own or a held comment; one network has a budget of
//! voters per comment; `sort=best` ranks by the Wilson lower bound; moderators pin up
//! to three top-level comments, which then come first in every order.

use crate::common::TestApp;
use confab_api::VoteMode;
use reqwest::Method;
use serde_json::{Value, json};

const AUTHOR_KEY: &str = "author-key-0000000001";
const READER_KEY: &str = "reader-key-0000000001";

async fn app_with(votes: VoteMode, per_network: u32) -> TestApp {
    TestApp::spawn_tuned(Default::default(), |site, _| {
        site.votes = votes;
        site.votes_per_network = per_network;
    })
    .await
}

/// Posts a top-level comment (or a reply) to `/votes/` as the widget with `voter` would.
async fn comment(app: &TestApp, body: &str, parent: Option<i64>, voter: &str) -> i64 {
    let (status, posted) = app
        .post(
            json!({"thread": "/votes/", "author_name": "Ada", "body": body,
                     "parent_id": parent, "voter": voter}),
        )
        .await;
    assert_eq!(status, 201, "{posted}");
    posted["comment"]["id"].as_i64().unwrap()
}

async fn vote(app: &TestApp, id: impl std::fmt::Display, body: Value) -> (u16, Value) {
    let path = format!("/api/v1/comments/{id}/vote");
    app.send(Method::PUT, &path, None, Some(body)).await
}

async fn vote_as(app: &TestApp, id: i64, voter: &str, value: i8) -> (u16, Value) {
    vote(app, id, json!({"value": value, "voter": voter})).await
}

/// The first page of `/votes/` in `sort`, with `limit` top-level comments.
async fn page(app: &TestApp, query: &str) -> Value {
    let response = app
        .client
        .get(app.url(&format!("/api/v1/comments?thread=/votes/&{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

fn ids(page: &Value) -> Vec<i64> {
    page["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|comment| comment["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_reader_votes_changes_the_vote_and_takes_it_back() {
    let app = app_with(VoteMode::UpDown, 3).await;
    let id = comment(&app, "Worth a vote", None, AUTHOR_KEY).await;
    let (status, tally) = vote_as(&app, id, READER_KEY, 1).await;
    assert_eq!(status, 200, "{tally}");
    assert_eq!(tally, json!({"id": id, "up": 1, "down": 0, "value": 1}));
    // The same vote again counts once.
    let (_, again) = vote_as(&app, id, READER_KEY, 1).await;
    assert_eq!(again, json!({"id": id, "up": 1, "down": 0, "value": 1}));
    let (_, against) = vote_as(&app, id, READER_KEY, -1).await;
    assert_eq!(against, json!({"id": id, "up": 0, "down": 1, "value": -1}));
    let other = vote_as(&app, id, "another-reader-key-01", -1).await.1;
    assert_eq!(other["down"], 2);
    let (_, back) = vote_as(&app, id, READER_KEY, 0).await;
    assert_eq!(back, json!({"id": id, "up": 0, "down": 1, "value": 0}));

    let thread = page(&app, "sort=newest").await;
    assert_eq!(thread["thread"]["votes"], "up-down");
    let shown = &thread["comments"][0];
    assert_eq!(
        (shown["up"].clone(), shown["down"].clone()),
        (Value::Null, json!(1))
    );
}

#[tokio::test]
async fn nobody_votes_on_their_own_a_held_or_a_missing_comment() {
    let app = app_with(VoteMode::UpDown, 3).await;
    let id = comment(&app, "Mine", None, AUTHOR_KEY).await;
    let (status, error) = vote_as(&app, id, AUTHOR_KEY, 1).await;
    assert_eq!(status, 403, "{error}");
    assert_eq!(error["error"]["code"], "own_comment");

    let held = TestApp::spawn_tuned(Default::default(), |site, _| {
        site.moderation = confab_server::settings::Moderation::All;
    })
    .await;
    let (status, posted) = held
        .post(json!({"thread": "/votes/", "author_name": "Ada", "body": "Held"}))
        .await;
    assert_eq!(status, 202);
    let held_id = posted["comment"]["id"].as_i64().unwrap();
    assert_eq!(vote_as(&held, held_id, READER_KEY, 1).await.0, 404);
    assert_eq!(vote_as(&app, 999_999, READER_KEY, 1).await.0, 404);
    let (status, _) = vote(
        &app,
        "not-a-number",
        json!({"value": 1, "voter": READER_KEY}),
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn broken_votes_and_votes_the_site_does_not_take_are_refused() {
    let app = app_with(VoteMode::Up, 3).await;
    let id = comment(&app, "Up only here", None, AUTHOR_KEY).await;
    let refusals = [
        (
            json!({"value": -1, "voter": READER_KEY}),
            403,
            "down_votes_off",
        ),
        (
            json!({"value": 2, "voter": READER_KEY}),
            422,
            "invalid_vote",
        ),
        (json!({"value": 1, "voter": "short"}), 422, "invalid_voter"),
        (
            json!({"value": 1, "voter": "x<script>alert(1)</script>y"}),
            422,
            "invalid_voter",
        ),
        (
            json!({"value": 1, "voter": "k".repeat(65)}),
            422,
            "invalid_voter",
        ),
        (json!({"value": 1}), 400, ""),
        (json!({"value": "up", "voter": READER_KEY}), 400, ""),
        (json!({"value": 300, "voter": READER_KEY}), 400, ""),
        (
            json!({"value": 1, "voter": READER_KEY, "session": "forged"}),
            422,
            "session_ended",
        ),
    ];
    for (body, status, code) in refusals {
        let (got, error) = vote(&app, id, body.clone()).await;
        assert_eq!(got, status, "{body} → {error}");
        if !code.is_empty() {
            assert_eq!(error["error"]["code"], code, "{body}");
        }
    }
    let posted = app
        .post(json!({"thread": "/votes/", "author_name": "Ada", "body": "x", "voter": "bad key"}))
        .await;
    assert_eq!(
        (posted.0, posted.1["error"]["field"].clone()),
        (422, json!("voter"))
    );

    let off = app_with(VoteMode::Off, 3).await;
    let id = comment(&off, "No votes here", None, AUTHOR_KEY).await;
    let (status, error) = vote_as(&off, id, READER_KEY, 1).await;
    assert_eq!(
        (status, error["error"]["code"].clone()),
        (403, json!("votes_off"))
    );
    assert_eq!(page(&off, "").await["thread"]["votes"], "off");
}

#[tokio::test]
async fn one_network_cannot_stuff_a_comment_by_clearing_its_storage() {
    let app = app_with(VoteMode::UpDown, 3).await;
    let id = comment(&app, "Popular", None, AUTHOR_KEY).await;
    for n in 0..3 {
        let (status, tally) = vote_as(&app, id, &format!("fresh-browser-key-{n:04}"), 1).await;
        assert_eq!(status, 200, "{tally}");
    }
    let (status, error) = vote_as(&app, id, "fresh-browser-key-0004", 1).await;
    assert_eq!(status, 429, "{error}");
    // A voter already counted may still change their mind.
    let (status, tally) = vote_as(&app, id, "fresh-browser-key-0000", -1).await;
    assert_eq!((status, tally["up"].clone()), (200, json!(2)));
    // The budget is per comment: another comment takes this network's votes.
    let other = comment(&app, "Another", None, AUTHOR_KEY).await;
    assert_eq!(
        vote_as(&app, other, "fresh-browser-key-0004", 1).await.0,
        200
    );
}

#[tokio::test]
async fn best_first_ranks_by_the_lower_bound_of_the_wilson_interval() {
    let app = app_with(VoteMode::UpDown, 100).await;
    let lucky = comment(&app, "One up, none down", None, AUTHOR_KEY).await;
    let solid = comment(&app, "Forty up, two down", None, AUTHOR_KEY).await;
    let plain = comment(&app, "No votes", None, AUTHOR_KEY).await;
    vote_as(&app, lucky, READER_KEY, 1).await;
    for n in 0..42 {
        let value = if n < 40 { 1 } else { -1 };
        let (status, _) = vote_as(&app, solid, &format!("crowd-member-key-{n:04}"), value).await;
        assert_eq!(status, 200);
    }
    let best = page(&app, "sort=best").await;
    assert_eq!(ids(&best), vec![solid, lucky, plain]);
    assert_eq!(
        (
            best["comments"][0]["up"].clone(),
            best["comments"][0]["down"].clone()
        ),
        (json!(40), json!(2))
    );
    // Paging keeps the order.
    let first = page(&app, "sort=best&limit=2").await;
    assert_eq!(ids(&first), vec![solid, lucky]);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = page(&app, &format!("sort=best&limit=2&cursor={cursor}")).await;
    assert_eq!(ids(&second), vec![plain]);
    let whole = page(&app, "sort=best&limit=all").await;
    assert_eq!(ids(&whole), vec![solid, lucky, plain]);
}

#[tokio::test]
async fn pinned_comments_come_first_in_every_order_three_at_most() {
    let app = app_with(VoteMode::Up, 3).await;
    let first = comment(&app, "First", None, AUTHOR_KEY).await;
    let second = comment(&app, "Second", None, AUTHOR_KEY).await;
    let third = comment(&app, "Third", None, AUTHOR_KEY).await;
    let reply = comment(&app, "A reply", Some(first), AUTHOR_KEY).await;
    let fourth = comment(&app, "Fourth", None, AUTHOR_KEY).await;
    let pin = |id: i64, action: &'static str| {
        let path = format!("/api/v1/admin/comments/{id}/{action}");
        let app = &app;
        async move { app.admin(Method::POST, &path, None).await }
    };
    assert_eq!(pin(third, "pin").await.0, 204);
    let oldest = page(&app, "sort=oldest").await;
    assert_eq!(ids(&oldest), vec![third, first, reply, second, fourth]);
    assert_eq!(oldest["comments"][0]["pinned"], true);
    assert_eq!(oldest["comments"][1].get("pinned"), None);
    let newest = page(&app, "sort=newest").await;
    assert_eq!(ids(&newest), vec![third, fourth, second, first, reply]);
    let whole = page(&app, "sort=newest&limit=all").await;
    assert_eq!(ids(&whole), ids(&newest));
    // Later pages never list a pinned comment again.
    let one = page(&app, "sort=oldest&limit=1").await;
    assert_eq!(ids(&one), vec![third, first, reply]);
    let cursor = one["next_cursor"].as_str().unwrap();
    assert_eq!(
        ids(&page(&app, &format!("sort=oldest&limit=9&cursor={cursor}")).await),
        vec![second, fourth]
    );

    let (status, error) = pin(reply, "pin").await;
    assert_eq!(
        (status, error["error"]["code"].clone()),
        (409, json!("not_pinnable"))
    );
    assert_eq!(pin(first, "pin").await.0, 204);
    assert_eq!(pin(second, "pin").await.0, 204);
    assert_eq!(
        pin(second, "pin").await.0,
        204,
        "pinning again changes nothing"
    );
    let (status, error) = pin(fourth, "pin").await;
    assert_eq!(
        (status, error["error"]["code"].clone()),
        (409, json!("too_many_pinned"))
    );
    assert_eq!(pin(999_999, "pin").await.0, 404);
    assert_eq!(
        app.send(
            Method::POST,
            &format!("/api/v1/admin/comments/{first}/pin"),
            None,
            None
        )
        .await
        .0,
        401
    );

    assert_eq!(pin(third, "unpin").await.0, 204);
    let oldest = page(&app, "sort=oldest").await;
    assert_eq!(ids(&oldest), vec![first, reply, second, third, fourth]);
    let (_, log) = app.admin(Method::GET, "/api/v1/admin/log", None).await;
    assert_eq!(log["entries"][0]["action"], "unpin", "{log}");
}

#[tokio::test]
async fn scores_reach_open_pages_batched_once_a_second() {
    let app = app_with(VoteMode::UpDown, 100).await;
    let liked = comment(&app, "Liked", None, AUTHOR_KEY).await;
    let disliked = comment(&app, "Disliked", None, AUTHOR_KEY).await;
    let mut reader = crate::sse::EventStream::open(&app.client, &app.base, "/votes/", None).await;
    for n in 0..20 {
        vote_as(&app, liked, &format!("live-voter-key-{n:04}"), 1).await;
    }
    vote_as(&app, disliked, READER_KEY, -1).await;
    let mut seen: std::collections::HashMap<i64, (u64, u64)> = Default::default();
    let mut events = 0;
    while seen.get(&liked) != Some(&(20, 0)) || seen.get(&disliked) != Some(&(0, 1)) {
        let event = reader.next_without_id().await;
        assert_eq!(event["change"], "tallied", "{event}");
        for tally in event["tallies"].as_array().unwrap() {
            let counts = (
                tally["up"].as_u64().unwrap(),
                tally["down"].as_u64().unwrap(),
            );
            seen.insert(tally["id"].as_i64().unwrap(), counts);
        }
        events += 1;
    }
    assert!(
        events <= 3,
        "21 votes in well under a second take few events: {events}"
    );
}

#[tokio::test]
async fn a_vote_shows_on_the_next_read_of_a_page_kept_ready() {
    let app = app_with(VoteMode::Up, 3).await;
    let id = comment(&app, "Read, then voted on", None, AUTHOR_KEY).await;
    assert_eq!(page(&app, "").await["comments"][0].get("up"), None);
    // The first page is kept ready; a vote a moment later makes it stale.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(vote_as(&app, id, READER_KEY, 1).await.0, 200);
    assert_eq!(page(&app, "").await["comments"][0]["up"], 1);
}
