//! Shadow-bans: a comment set apart shows to its author alone, as published, and so does
//! a reply to it, while every other reader, feed and count goes without both.

use crate::common::{TestApp, demo_key};
use crate::rules::{add, comment, judged};
use reqwest::Method;
use serde_json::{Value, json};

/// The comment `posted` answered, as its author's browser reads it back with its edit
/// token: published, whatever it really is. Gives its id and the answer.
async fn as_its_author_sees_it(app: &TestApp, posted: &Value) -> (i64, Value) {
    assert_eq!(posted["comment"]["status"], "published", "{posted}");
    let id = posted["comment"]["id"].as_i64().unwrap();
    let token = posted["edit_token"].as_str().unwrap();
    let (_, mine) = app
        .send(
            Method::POST,
            "/api/v1/comments/mine",
            None,
            Some(json!({"comments": [{"id": id, "edit_token": token}]})),
        )
        .await;
    assert_eq!(mine["comments"][0]["status"], "published", "{mine}");
    (id, mine)
}

#[tokio::test]
async fn a_shadow_ban_shows_the_comment_to_its_author_alone() {
    let app = TestApp::spawn().await;
    let rule = add(
        &app,
        json!({"kind": "email", "pattern": "troll@example.org", "action": "shadow"}),
    )
    .await;
    let before = app.thread(&demo_key()).await["thread"]["count"].clone();
    let (status, posted) = app
        .post(comment(
            "Troll",
            "troll@example.org",
            "",
            "Bait for everyone",
        ))
        .await;
    assert_eq!(status, 201);
    // Its author's browser, which holds the edit token, still gets it, as published.
    let (id, mine) = as_its_author_sees_it(&app, &posted).await;
    assert!(mine.to_string().contains("Bait for everyone"));

    // Everyone else: not in the thread, the count, the feeds or recent comments.
    let thread = app.thread(&demo_key()).await;
    assert!(!thread.to_string().contains("Bait"), "{thread}");
    assert_eq!(thread["thread"]["count"], before);
    for path in [
        format!("/api/v1/feeds/thread.atom?thread={}", demo_key()),
        "/api/v1/comments/recent?limit=20".to_owned(),
    ] {
        let text = app
            .client
            .get(app.url(&path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!text.contains("Bait"), "{path}: {text}");
    }

    // Moderators see it, set apart, with why; approving it publishes it for everyone.
    let (_, shadowed) = app
        .admin(Method::GET, "/api/v1/admin/queue?status=shadow", None)
        .await;
    assert_eq!(shadowed["comments"][0]["comment"]["id"], id, "{shadowed}");
    assert_eq!(
        shadowed["comments"][0]["shadow"], true,
        "set apart, not pinnable"
    );
    // The Numbers tab counts it with spam.
    let (_, numbers) = app
        .admin(Method::GET, "/api/v1/admin/stats?days=30", None)
        .await;
    assert_eq!(numbers["days"][29]["spam"], 1, "{numbers}");
    let note = shadowed["comments"][0]["rule_note"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        note.starts_with(&format!("shadow by rule {rule}: email matches")),
        "{note}"
    );
    let (status, _) = app
        .admin(
            Method::POST,
            &format!("/api/v1/admin/comments/{id}/approve"),
            None,
        )
        .await;
    assert_eq!(status, 204);
    assert!(
        app.thread(&demo_key())
            .await
            .to_string()
            .contains("Bait for everyone")
    );
}

#[tokio::test]
async fn a_reply_to_a_shadow_banned_comment_is_set_apart_with_it() {
    let app = TestApp::spawn().await;
    add(
        &app,
        json!({"kind": "email", "pattern": "troll@example.org", "action": "shadow"}),
    )
    .await;
    let posted = app
        .post_id(comment("Troll", "troll@example.org", "", "First bait"))
        .await;
    // Its author answers it from another address no rule knows, as it looks published.
    let mut answer = comment("Sock", "sock@example.net", "", "Second bait");
    answer["parent_id"] = json!(posted);
    let (status, reply) = app.post(answer.clone()).await;
    assert_eq!(status, 201, "{reply}");
    let (id, mine) = as_its_author_sees_it(&app, &reply).await;
    assert_eq!(mine["comments"][0]["parent_id"], posted);

    let thread = app.thread(&demo_key()).await;
    assert!(!thread.to_string().contains("bait"), "{thread}");
    let (_, shadowed) = app
        .admin(Method::GET, "/api/v1/admin/queue?status=shadow", None)
        .await;
    let ids: Vec<_> = shadowed["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["comment"]["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [id, posted], "{shadowed}");
    let (_, note) = judged(&app, id).await;
    assert_eq!(
        note,
        json!(format!("shadow: answers shadow-banned comment {posted}"))
    );

    // A reply to a held comment is still refused: its author sees it waiting.
    add(
        &app,
        json!({"kind": "words", "pattern": "moderate", "action": "hold"}),
    )
    .await;
    let (_, held) = app
        .post(comment("Hal", "hal@example.com", "", "Please moderate me"))
        .await;
    assert_eq!(held["comment"]["status"], "pending", "{held}");
    answer["parent_id"] = held["comment"]["id"].clone();
    answer["body"] = json!("An answer to a held comment");
    let (status, refused) = app.post(answer).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["error"]["code"], "unknown_parent");
}
