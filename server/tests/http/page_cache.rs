//! The ready answers for first pages and whole threads never outlive a change: every write
//! through the server shows at once, and a write by another process within seconds.

use crate::common::{TestApp, demo_key, new_comment};
use confab_server::http::page_cache::MAX_AGE;
use reqwest::Method;
use serde_json::Value;

async fn count(app: &TestApp, query: &str) -> (u64, bool) {
    let path = format!("/api/v1/comments?thread={}&{query}", demo_key());
    let (_, body) = app.send(Method::GET, &path, None, None).await;
    (
        body["thread"]["count"].as_u64().unwrap(),
        body["thread"]["locked"].as_bool().unwrap(),
    )
}

/// A moderator's action, which must succeed.
async fn moderate(app: &TestApp, path: &str, body: Option<Value>) {
    let (status, answer) = app.admin(Method::POST, path, body).await;
    assert!((200..300).contains(&status), "{path}: {answer}");
}

#[tokio::test]
async fn every_write_through_the_server_shows_in_the_next_read() {
    let app = TestApp::spawn().await;
    for query in ["limit=20", "limit=all"] {
        assert_eq!(count(&app, query).await, (8, false), "{query}");
    }
    let (status, posted) = app.post(new_comment()).await;
    assert_eq!(status, 201);
    for query in ["limit=20", "limit=all"] {
        assert_eq!(count(&app, query).await.0, 9, "a post shows: {query}");
    }
    let id = posted["comment"]["id"].as_i64().unwrap();
    moderate(&app, &format!("/api/v1/admin/comments/{id}/spam"), None).await;
    for query in ["limit=20", "limit=all"] {
        assert_eq!(count(&app, query).await.0, 8, "moderation shows: {query}");
    }
    let lock = serde_json::json!({"thread": demo_key(), "locked": true});
    moderate(&app, "/api/v1/admin/threads/lock", Some(lock)).await;
    assert!(count(&app, "limit=20").await.1, "a lock shows");
}

#[tokio::test]
async fn a_write_by_another_process_shows_within_the_cache_lifetime() {
    let app = TestApp::spawn().await;
    assert_eq!(count(&app, "limit=all").await.0, 8);
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_confab-server"));
    command
        .arg("--database")
        .arg(crate::common::database_argument(&app.database))
        .args(["lock", "--thread", &demo_key()]);
    let output = crate::common::output_of(command).await;
    assert!(output.status.success());
    tokio::time::sleep(MAX_AGE + std::time::Duration::from_millis(100)).await;
    assert!(count(&app, "limit=all").await.1);
}

#[tokio::test]
async fn feeds_are_kept_ready_and_show_a_new_comment_at_once() {
    let app = TestApp::spawn().await;
    let path = format!("/api/v1/feeds/thread.atom?thread={}", demo_key());
    let entries = |xml: String| xml.matches("<entry>").count();
    let feed = || async {
        app.client
            .get(app.url(&path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    let first = feed().await;
    assert_eq!(feed().await, first, "the same answer while nothing changed");
    assert_eq!(entries(first), 8);
    assert_eq!(app.post(new_comment()).await.0, 201);
    assert_eq!(entries(feed().await), 9);
}
