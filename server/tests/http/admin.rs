//! The admin API: the queue of held comments, approving, rejecting, marking spam,
//! deleting, locking, and the log of who did what — only with the admin token.

use crate::common::{ADMIN_TOKEN, TestApp, demo_key, new_comment};
use confab_server::settings::Moderation;
use reqwest::Method;
use serde_json::{Value, json};

async fn held_app() -> TestApp {
    TestApp::spawn_tuned(Default::default(), |site, _| {
        site.moderation = Moderation::All
    })
    .await
}

fn ids(page: &Value) -> Vec<i64> {
    page["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_held_comment_waits_in_the_queue_until_approved() {
    let app = held_app().await;
    let (_, held) = app.post(new_comment()).await;
    let id = held["comment"]["id"].as_i64().unwrap();
    let (status, queue) = app
        .admin(reqwest::Method::GET, "/api/v1/admin/queue", None)
        .await;
    assert_eq!(status, 200, "{queue}");
    assert_eq!(queue["comments"][0]["comment"]["id"], id);
    assert_eq!(queue["comments"][0]["author_email"], "reader@example.com");
    assert_eq!(queue["comments"][0]["thread"], demo_key());

    let (status, _) = app
        .admin(
            reqwest::Method::POST,
            &format!("/api/v1/admin/comments/{id}/approve"),
            None,
        )
        .await;
    assert_eq!(status, 204);
    assert!(ids(&app.thread(&demo_key()).await).contains(&id));
    let (_, queue) = app
        .admin(reqwest::Method::GET, "/api/v1/admin/queue", None)
        .await;
    assert_eq!(queue["comments"], json!([]));
    let (_, log) = app
        .admin(reqwest::Method::GET, "/api/v1/admin/log", None)
        .await;
    assert_eq!(log["entries"][0]["action"], "approve");
    assert_eq!(log["entries"][0]["actor"], "admin token");
    assert_eq!(log["entries"][0]["comment_id"], id);
}

#[tokio::test]
async fn rejected_and_spam_comments_never_reach_readers() {
    let app = held_app().await;
    let (_, first) = app.post(new_comment()).await;
    let (_, second) = app.post(new_comment()).await;
    let (first, second) = (
        first["comment"]["id"].as_i64().unwrap(),
        second["comment"]["id"].as_i64().unwrap(),
    );
    assert_eq!(
        app.admin(
            reqwest::Method::POST,
            &format!("/api/v1/admin/comments/{first}/reject"),
            None
        )
        .await
        .0,
        204
    );
    assert_eq!(
        app.admin(
            reqwest::Method::POST,
            &format!("/api/v1/admin/comments/{second}/spam"),
            None
        )
        .await
        .0,
        204
    );
    let page = app.thread(&demo_key()).await;
    assert!(!ids(&page).contains(&first) && !ids(&page).contains(&second));
    let (_, spam) = app
        .admin(
            reqwest::Method::GET,
            "/api/v1/admin/queue?status=spam",
            None,
        )
        .await;
    assert_eq!(spam["comments"][0]["comment"]["id"], second);
    assert_eq!(spam["comments"][0]["comment"]["status"], "spam");
    let (status, _) = app
        .admin(
            reqwest::Method::POST,
            &format!("/api/v1/admin/comments/{first}/approve"),
            None,
        )
        .await;
    assert_eq!(status, 404, "a rejected comment cannot be approved");
}

#[tokio::test]
async fn approving_a_reply_under_a_removed_deleted_parent_brings_the_placeholder_back() {
    let app = held_app().await;
    let (_, parent) = app.post(new_comment()).await;
    let parent_id = parent["comment"]["id"].as_i64().unwrap();
    app.admin(
        reqwest::Method::POST,
        &format!("/api/v1/admin/comments/{parent_id}/approve"),
        None,
    )
    .await;
    let mut reply = new_comment();
    reply["parent_id"] = json!(parent_id);
    let (_, reply) = app.post(reply).await;
    let reply_id = reply["comment"]["id"].as_i64().unwrap();
    assert_eq!(
        app.admin(
            reqwest::Method::POST,
            &format!("/api/v1/admin/comments/{parent_id}/delete"),
            None
        )
        .await
        .0,
        204
    );
    assert!(
        !ids(&app.thread(&demo_key()).await).contains(&parent_id),
        "nothing visible under it yet"
    );
    app.admin(
        reqwest::Method::POST,
        &format!("/api/v1/admin/comments/{reply_id}/approve"),
        None,
    )
    .await;
    let page = app.thread(&demo_key()).await;
    let placeholder = page["comments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == parent_id)
        .cloned()
        .unwrap();
    assert_eq!(placeholder["status"], "deleted");
    assert!(ids(&page).contains(&reply_id));
}

#[tokio::test]
async fn locking_through_the_admin_api_closes_the_thread() {
    let app = TestApp::spawn().await;
    let body = json!({ "thread": demo_key(), "locked": true });
    assert_eq!(
        app.admin(
            reqwest::Method::POST,
            "/api/v1/admin/threads/lock",
            Some(body)
        )
        .await
        .0,
        204
    );
    assert_eq!(app.post(new_comment()).await.0, 403);
    let (_, log) = app
        .admin(reqwest::Method::GET, "/api/v1/admin/log", None)
        .await;
    assert_eq!(log["entries"][0]["action"], "lock");
    assert_eq!(log["entries"][0]["thread"], demo_key());
}

#[tokio::test]
async fn moderators_correct_a_threads_title_and_address_by_api_and_command() {
    let app = TestApp::spawn_tuned(Default::default(), |site, _| {
        site.origins = vec!["https://blog.example".to_owned()]
    })
    .await;
    let update = |body: Value| app.admin(Method::POST, "/api/v1/admin/threads/update", Some(body));
    let fixed = json!({
        "thread": demo_key(),
        "title": "Social media in healthcare",
        "url": "https://blog.example/social-media/",
    });
    assert_eq!(update(fixed).await.0, 204);
    let thread = app.thread(&demo_key()).await["thread"].clone();
    assert_eq!(thread["title"], "Social media in healthcare");
    assert_eq!(thread["url"], "https://blog.example/social-media/");
    let (_, log) = app.admin(Method::GET, "/api/v1/admin/log", None).await;
    assert_eq!(log["entries"][0]["action"], "update thread");

    let off_site = json!({"thread": demo_key(), "title": "x", "url": "https://evil.example/"});
    let (status, refused) = update(off_site).await;
    assert_eq!((status, &refused["error"]["field"]), (422, &json!("url")));
    let (status, _) = update(json!({"thread": "/no-such-page/", "title": "x", "url": null})).await;
    assert_eq!(status, 404);
    let (status, _) = app
        .send(
            Method::POST,
            "/api/v1/admin/threads/update",
            None,
            Some(json!({"thread": demo_key(), "title": "Mine now", "url": null})),
        )
        .await;
    assert_eq!(status, 401);

    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_confab-server"));
    command
        .arg("--database")
        .arg(crate::common::database_argument(&app.database))
        .args([
            "retitle",
            "--thread",
            &demo_key(),
            "--title",
            "Set from the shell",
        ]);
    let output = crate::common::output_of(command).await;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The command's server has no cache to clear; a fresh read sees it.
    let exported = app.storage.export(Some(&demo_key())).await.unwrap();
    assert_eq!(exported[0].title.as_deref(), Some("Set from the shell"));
    assert_eq!(exported[0].url, None, "left out: cleared");
}

#[tokio::test]
async fn the_admin_api_needs_the_right_token() {
    let app = TestApp::spawn().await;
    let queue = |token: Option<&'static str>| {
        let mut request = app.client.get(app.url("/api/v1/admin/queue"));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    assert_eq!(queue(None).await.unwrap().status(), 401);
    let wrong = queue(Some("not-the-token")).await.unwrap();
    assert_eq!(wrong.status(), 403);
    let body: Value = wrong.json().await.unwrap();
    assert_eq!(body["error"]["code"], "wrong_admin_token");
    assert_eq!(
        app.admin(
            reqwest::Method::POST,
            "/api/v1/admin/comments/1/explode",
            None
        )
        .await
        .0,
        404
    );
    assert_eq!(
        app.admin(
            reqwest::Method::POST,
            "/api/v1/admin/comments/999999/approve",
            None
        )
        .await
        .0,
        404
    );
    assert_eq!(
        app.admin(reqwest::Method::GET, "/api/v1/admin/queue?status=odd", None)
            .await
            .0,
        400
    );

    let closed = TestApp::spawn_tuned(Default::default(), |_, admin| admin.token = None).await;
    let response = closed
        .client
        .get(closed.url("/api/v1/admin/queue"))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "admin_disabled");
}
