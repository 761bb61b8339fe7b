//! The moderators' threads page: newest threads first, their counts of published and
//! held comments, their latest comment, the search by key or title, and keyset pages.

use crate::common::TestApp;
use reqwest::Method;
use serde_json::{Value, json};

async fn post(app: &TestApp, thread: &str, title: &str, body: &str) -> i64 {
    app.post_id(json!({"thread": thread, "title": title, "body": body}))
        .await
}

async fn threads(app: &TestApp, query: &str) -> Value {
    let (status, page) = app
        .admin(Method::GET, &format!("/api/v1/admin/threads?{query}"), None)
        .await;
    assert_eq!(status, 200, "{query}: {page}");
    page
}

fn keys(page: &Value) -> Vec<String> {
    page["threads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|thread| thread["key"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn threads_come_newest_first_with_their_counts_and_latest_comment() {
    let app = TestApp::spawn().await;
    post(&app, "/apples/", "All about apples", "One.").await;
    post(&app, "/apples/", "All about apples", "Two.").await;
    let held = post(
        &app,
        "/pears/",
        "Pears",
        "Held.\n\n<https://a.example> <https://b.example> <https://c.example> <https://d.example>",
    )
    .await;
    let page = threads(&app, "q=").await;
    let listed = keys(&page);
    let (apples, pears) = (
        listed.iter().position(|key| key == "/apples/").unwrap(),
        listed.iter().position(|key| key == "/pears/").unwrap(),
    );
    assert!(pears < apples, "the newer thread first: {listed:?}");
    let apples = &page["threads"][apples];
    assert_eq!(apples["title"], "All about apples");
    assert_eq!(
        (apples["published"].as_u64(), apples["held"].as_u64()),
        (Some(2), Some(0))
    );
    assert_eq!(apples["locked"], false);
    assert!(apples["last_comment_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(page["threads"][pears]["held"], 1, "comment {held} waits");

    let (status, _) = app
        .admin(
            Method::POST,
            "/api/v1/admin/threads/lock",
            Some(json!({"thread": "/apples/", "locked": true})),
        )
        .await;
    assert_eq!(status, 204);
    let found = threads(&app, "q=APPLES").await;
    assert_eq!(keys(&found), ["/apples/"], "by title or key, any case");
    assert_eq!(found["threads"][0]["locked"], true);
    assert_eq!(keys(&threads(&app, "q=no+such+thread").await), [""; 0]);
}

#[tokio::test]
async fn thread_pages_follow_each_other() {
    let app = TestApp::spawn().await;
    for number in 0..5 {
        post(&app, &format!("/paged-{number}/"), "Paged", "A comment.").await;
    }
    let mut seen = Vec::new();
    let mut query = "q=paged&limit=2".to_owned();
    loop {
        let page = threads(&app, &query).await;
        seen.extend(keys(&page));
        match page["next"].as_str() {
            Some(next) => query = format!("q=paged&limit=2&before={next}"),
            None => break,
        }
    }
    assert_eq!(
        seen,
        [
            "/paged-4/",
            "/paged-3/",
            "/paged-2/",
            "/paged-1/",
            "/paged-0/"
        ]
    );
}
