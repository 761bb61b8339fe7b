//! An author's own comments: editing and deleting with the edit token inside the window,
//! and seeing what awaits moderation.

use crate::common::{TestApp, demo_key, new_comment};
use confab_server::settings::Moderation;
use serde_json::{Value, json};
use std::time::Duration;

async fn change(
    app: &TestApp,
    method: reqwest::Method,
    id: &Value,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    app.send(method, &format!("/api/v1/comments/{id}"), token, body)
        .await
}

fn find(page: &Value, id: &Value) -> Option<Value> {
    page["comments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| &c["id"] == id)
        .cloned()
}

#[tokio::test]
async fn an_edit_inside_the_window_changes_the_comment_for_everyone() {
    let app = TestApp::spawn().await;
    let (_, posted) = app.post(new_comment()).await;
    let (id, token) = (
        &posted["comment"]["id"],
        posted["edit_token"].as_str().unwrap(),
    );
    let (status, edited) = change(
        &app,
        reqwest::Method::PUT,
        id,
        Some(token),
        Some(json!({ "body": "Fixed **typo**" })),
    )
    .await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(
        edited["comment"]["body"][0]["children"][1]["type"],
        "strong"
    );
    assert!(edited["comment"]["edited_at"].is_string());
    let stored = find(&app.thread(&demo_key()).await, id).unwrap();
    assert_eq!(stored, edited["comment"]);
}

#[tokio::test]
async fn changes_without_the_right_token_or_after_the_window_are_refused() {
    let app = TestApp::spawn_tuned(Default::default(), |site, _| {
        site.edit_window = Duration::from_millis(300)
    })
    .await;
    let (_, posted) = app.post(new_comment()).await;
    let (id, token) = (
        &posted["comment"]["id"],
        posted["edit_token"].as_str().unwrap(),
    );
    let edit = || Some(json!({ "body": "changed" }));

    let (status, body) = change(&app, reqwest::Method::PUT, id, None, edit()).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (401, Some("missing_token"))
    );
    let (status, body) = change(
        &app,
        reqwest::Method::PUT,
        id,
        Some("0123456789abcdef0123456789abcdef"),
        edit(),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("wrong_token"))
    );
    let (status, body) = change(
        &app,
        reqwest::Method::PUT,
        id,
        Some(token),
        Some(json!({ "body": "" })),
    )
    .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (422, Some("body"))
    );
    let (status, _) = change(
        &app,
        reqwest::Method::PUT,
        &json!(999_999),
        Some(token),
        edit(),
    )
    .await;
    assert_eq!(status, 404);
    let (status, body) = change(
        &app,
        reqwest::Method::DELETE,
        &json!("abc"),
        Some(token),
        None,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("not_found"))
    );

    tokio::time::sleep(Duration::from_millis(400)).await;
    let (status, body) = change(&app, reqwest::Method::PUT, id, Some(token), edit()).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("edit_window_closed")),
        "{body}"
    );
    let (status, _) = change(&app, reqwest::Method::DELETE, id, Some(token), None).await;
    assert_eq!(status, 403);
    let stored = find(&app.thread(&demo_key()).await, id).unwrap();
    assert_eq!(stored, posted["comment"], "nothing changed");
}

#[tokio::test]
async fn a_deleted_comment_without_replies_disappears() {
    let app = TestApp::spawn().await;
    let (_, posted) = app.post(new_comment()).await;
    let (id, token) = (
        &posted["comment"]["id"],
        posted["edit_token"].as_str().unwrap(),
    );
    let (status, _) = change(&app, reqwest::Method::DELETE, id, Some(token), None).await;
    assert_eq!(status, 204);
    let page = app.thread(&demo_key()).await;
    assert!(find(&page, id).is_none());
    assert_eq!(page["thread"]["count"], 8);
    let (status, _) = change(&app, reqwest::Method::DELETE, id, Some(token), None).await;
    assert_eq!(status, 404, "a deleted comment cannot be deleted again");
}

#[tokio::test]
async fn a_deleted_comment_with_replies_stays_as_an_empty_placeholder() {
    let app = TestApp::spawn().await;
    let (_, parent) = app.post(new_comment()).await;
    let mut reply = new_comment();
    reply["parent_id"] = parent["comment"]["id"].clone();
    let (_, reply) = app.post(reply).await;
    let id = &parent["comment"]["id"];
    let (status, _) = change(
        &app,
        reqwest::Method::DELETE,
        id,
        parent["edit_token"].as_str(),
        None,
    )
    .await;
    assert_eq!(status, 204);
    let page = app.thread(&demo_key()).await;
    let placeholder = find(&page, id).unwrap();
    assert_eq!(placeholder["status"], "deleted");
    assert_eq!(placeholder["author"]["name"], "");
    assert_eq!(placeholder["body"], json!([]));
    assert_eq!(placeholder["reply_count"], 1);
    assert!(find(&page, &reply["comment"]["id"]).is_some());
    assert_eq!(page["thread"]["count"], 9, "the placeholder is not counted");
}

#[tokio::test]
async fn a_held_comment_is_seen_by_its_author_only() {
    let app = TestApp::spawn_tuned(Default::default(), |site, _| {
        site.moderation = Moderation::All
    })
    .await;
    let (status, posted) = app.post(new_comment()).await;
    assert_eq!(status, 202, "{posted}");
    assert_eq!(posted["comment"]["status"], "pending");
    let id = &posted["comment"]["id"];
    assert!(find(&app.thread(&demo_key()).await, id).is_none());
    assert_eq!(app.thread(&demo_key()).await["thread"]["count"], 8);

    let mine = |token: &str| {
        let body = json!({ "comments": [{ "id": id, "edit_token": token }] });
        app.client
            .post(app.url("/api/v1/comments/mine"))
            .json(&body)
            .send()
    };
    let own: Value = mine(posted["edit_token"].as_str().unwrap())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(own["comments"][0]["status"], "pending");
    let other: Value = mine("0123456789abcdef0123456789abcdef")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(other["comments"], json!([]));

    let too_many: Vec<Value> = (0..101)
        .map(|id| json!({ "id": id, "edit_token": "x" }))
        .collect();
    let refused = app
        .client
        .post(app.url("/api/v1/comments/mine"))
        .json(&json!({ "comments": too_many }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
}

#[tokio::test]
async fn a_comment_a_moderator_rejected_cannot_be_edited_or_deleted() {
    let app = TestApp::spawn_tuned(Default::default(), |site, _| {
        site.moderation = Moderation::All
    })
    .await;
    let (_, posted) = app.post(new_comment()).await;
    let id = &posted["comment"]["id"];
    let token = posted["edit_token"].as_str().unwrap();
    let (status, _) = app
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/admin/comments/{id}/reject"),
            Some(crate::common::ADMIN_TOKEN),
            None,
        )
        .await;
    assert_eq!(status, 204);
    let edit = json!({ "body": "Let me in" });
    let (status, body) = change(&app, reqwest::Method::PUT, id, Some(token), Some(edit)).await;
    assert!((400..500).contains(&status), "{status} {body}");
    let (status, body) = change(&app, reqwest::Method::DELETE, id, Some(token), None).await;
    assert!((400..500).contains(&status), "{status} {body}");
}
