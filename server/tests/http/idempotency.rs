//! Retrying a post with the same `Idempotency-Key` never stores it twice, and edit tokens
//! are never stored in clear.

use crate::common::{TestApp, demo_key, new_comment};
use serde_json::json;

#[tokio::test]
async fn a_retry_with_the_same_key_returns_the_first_comment_and_token() {
    let app = TestApp::spawn().await;
    let comment = new_comment();
    let (first_status, first) = app.post_with_key(comment.clone(), Some("retry-1")).await;
    let (second_status, second) = app.post_with_key(comment, Some("retry-1")).await;
    assert_eq!(
        (first_status, second_status),
        (201, 201),
        "{first} {second}"
    );
    assert_eq!(first, second);
    assert_eq!(app.thread(&demo_key()).await["thread"]["count"], 9);
}

#[tokio::test]
async fn the_same_key_with_another_comment_is_refused() {
    let app = TestApp::spawn().await;
    assert_eq!(
        app.post_with_key(new_comment(), Some("reused")).await.0,
        201
    );
    let mut other = new_comment();
    other["body"] = json!("Something else entirely.");
    let (status, body) = app.post_with_key(other, Some("reused")).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "idempotency_key_reused");
    assert_eq!(app.thread(&demo_key()).await["thread"]["count"], 9);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_retries_store_one_comment() {
    let app = TestApp::spawn().await;
    let comment = new_comment();
    let attempts: Vec<_> = (0..8)
        .map(|_| {
            let request = app
                .client
                .post(app.url("/api/v1/comments"))
                .header("Idempotency-Key", "burst")
                .json(&comment);
            tokio::spawn(async move {
                let response = request.send().await.unwrap();
                let status = response.status().as_u16();
                (status, response.json::<serde_json::Value>().await.unwrap())
            })
        })
        .collect();
    let mut ids = Vec::new();
    for attempt in attempts {
        let (status, body) = attempt.await.unwrap();
        assert_eq!(status, 201, "{body}");
        ids.push(body["comment"]["id"].clone());
    }
    assert!(ids.windows(2).all(|pair| pair[0] == pair[1]), "{ids:?}");
    assert_eq!(app.thread(&demo_key()).await["thread"]["count"], 9);
}

#[tokio::test]
async fn different_keys_store_different_comments() {
    let app = TestApp::spawn().await;
    let (_, first) = app.post_with_key(new_comment(), Some("key-a")).await;
    let (_, second) = app.post_with_key(new_comment(), Some("key-b")).await;
    assert_ne!(first["comment"]["id"], second["comment"]["id"]);
    assert_ne!(first["edit_token"], second["edit_token"]);
}

#[tokio::test]
async fn malformed_keys_are_refused() {
    let app = TestApp::spawn().await;
    for key in ["", "with space", &"k".repeat(129)] {
        let (status, body) = app.post_with_key(new_comment(), Some(key)).await;
        assert_eq!(status, 400, "{key:?}: {body}");
        assert_eq!(body["error"]["code"], "invalid_idempotency_key");
    }
    assert_eq!(app.thread(&demo_key()).await["thread"]["count"], 8);
}

#[tokio::test]
async fn edit_tokens_are_never_stored_in_clear() {
    let app = TestApp::spawn().await;
    let (_, random) = app.post(new_comment()).await;
    let (_, derived) = app.post_with_key(new_comment(), Some("stored-key")).await;
    let mut stored = Vec::new();
    for entry in std::fs::read_dir(app.dir.path()).unwrap() {
        stored.extend(std::fs::read(entry.unwrap().path()).unwrap());
    }
    let stored = String::from_utf8_lossy(&stored);
    for answer in [random, derived] {
        let token = answer["edit_token"].as_str().unwrap();
        assert_eq!(token.len(), 32);
        assert!(
            !stored.contains(token),
            "the token {token} is in the database files"
        );
    }
}

#[tokio::test]
async fn preview_returns_the_tree_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let preview = |body: serde_json::Value| {
        app.client
            .post(app.url("/api/v1/preview"))
            .json(&body)
            .send()
    };
    let answer = preview(json!({ "body": "*hi* [x](javascript:alert(1))" }))
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let tree: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(tree["body"][0]["children"][0]["type"], "emphasis");
    assert_eq!(
        tree["body"][0]["children"][1],
        json!({"type": "text", "text": " x"})
    );

    let long = preview(json!({ "body": "x".repeat(10_001) }))
        .await
        .unwrap();
    assert_eq!(long.status(), 422);
    let missing = preview(json!({})).await.unwrap();
    assert_eq!(missing.status(), 400);
    assert_eq!(app.thread(&demo_key()).await["thread"]["count"], 8);
}
