//! `GET /api/v1/comments/recent`: a site's latest published comments, newest first, with
//! their threads, and nothing of another site or awaiting a moderator.

use crate::common::{ADMIN_TOKEN, TestApp};
use serde_json::{Value, json};

const CONFIG: &str = r#"
[admin]
token = "ADMIN"

[[site]]
name = "blog"
origins = ["https://blog.example"]

[[site]]
name = "shop"
origins = ["https://shop.example"]
moderation = "all"
"#;

async fn recent(app: &TestApp, origin: &str, query: &str) -> (u16, Value) {
    let response = app
        .client
        .get(app.url(&format!("/api/v1/comments/recent{query}")))
        .header("Origin", origin)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

#[tokio::test]
async fn a_sites_latest_published_comments_come_newest_first_with_their_threads() {
    let config = CONFIG.replace("ADMIN", ADMIN_TOKEN);
    let app = TestApp::spawn_from_config(Default::default(), &config).await;
    for number in 1..=7 {
        let comment = json!({"thread": "/notes/", "title": "Notes", "author_name": "Bo",
                             "url": "https://blog.example/notes/",
                             "body": format!("Note *{number}*\n\non two lines")});
        let (status, _) = app.post_from("https://blog.example", comment).await;
        assert_eq!(status, 201);
    }
    let held = json!({"thread": "/p/", "author_name": "Sy", "body": "Held for the shop"});
    assert_eq!(app.post_from("https://shop.example", held).await.0, 202);

    let (status, answer) = recent(&app, "https://blog.example", "").await;
    assert_eq!(status, 200, "{answer}");
    let comments = answer["comments"].as_array().unwrap();
    assert_eq!(comments.len(), 5, "five unless asked");
    assert_eq!(comments[0]["excerpt"], "Note 7 on two lines");
    assert_eq!(comments[0]["thread"], "/notes/");
    assert_eq!(comments[0]["thread_title"], "Notes");
    assert_eq!(comments[0]["thread_url"], "https://blog.example/notes/");
    assert_eq!(comments[0]["author"], "Bo");
    assert_eq!(comments[4]["excerpt"], "Note 3 on two lines");

    let (_, two) = recent(&app, "https://blog.example", "?limit=2").await;
    assert_eq!(two["comments"].as_array().unwrap().len(), 2);
    // Another site's, and a held comment, are nobody's recent comments.
    let (_, shop) = recent(&app, "https://shop.example", "?limit=20").await;
    assert_eq!(shop["comments"], json!([]), "{shop}");
    // A new comment shows at once (the answer kept ready is dropped by the write).
    let late = json!({"thread": "/notes/", "author_name": "Bo", "body": "Late"});
    app.post_from("https://blog.example", late).await;
    let (_, again) = recent(&app, "https://blog.example", "?limit=2").await;
    assert_eq!(again["comments"][0]["excerpt"], "Late");
}
