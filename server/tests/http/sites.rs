//! Several sites on one server: each its own threads, settings and origins.

use crate::common::{ADMIN_TOKEN, TestApp, new_comment};
use reqwest::Method;
use serde_json::json;

const CONFIG: &str = r#"
[admin]
token = "test-admin-token"

[[site]]
name = "blog"
origins = ["https://blog.example"]

[[site]]
name = "shop"
origins = ["https://shop.example"]
moderation = "all"
"#;

async fn post_from(
    app: &TestApp,
    origin: &str,
    mut comment: serde_json::Value,
) -> (u16, serde_json::Value) {
    comment["thread"] = json!("/about/");
    comment["url"] = json!(format!("{origin}/about/"));
    app.post_from(origin, comment).await
}

async fn read_from(app: &TestApp, origin: &str, path: &str) -> serde_json::Value {
    let response = app
        .client
        .get(app.url(path))
        .header("Origin", origin)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn two_sites_keep_their_own_about_page_and_settings() {
    let app = TestApp::spawn_from_config(Default::default(), CONFIG).await;
    let (status, _) = post_from(&app, "https://blog.example", new_comment()).await;
    assert_eq!(status, 201, "the blog publishes at once");
    let (status, held) = post_from(&app, "https://shop.example", new_comment()).await;
    assert_eq!(status, 202, "the shop holds every comment: {held}");

    let blog = read_from(
        &app,
        "https://blog.example",
        "/api/v1/comments?thread=/about/",
    )
    .await;
    assert_eq!(blog["thread"]["key"], "/about/");
    assert_eq!(blog["thread"]["count"], 1);
    let shop = read_from(
        &app,
        "https://shop.example",
        "/api/v1/comments?thread=/about/",
    )
    .await;
    assert_eq!(shop["thread"]["key"], "/about/");
    assert_eq!(shop["thread"]["count"], 0);
    let counts = read_from(
        &app,
        "https://shop.example",
        "/api/v1/counts?thread=/about/",
    )
    .await;
    assert_eq!(counts["counts"]["/about/"], 0);

    let (_, queue) = app
        .send(Method::GET, "/api/v1/admin/queue", Some(ADMIN_TOKEN), None)
        .await;
    assert_eq!(
        queue["comments"][0]["thread"], "shop:/about/",
        "moderators see the site"
    );
    let lock = json!({"thread": "shop:/about/", "locked": true});
    let (status, _) = app
        .send(
            Method::POST,
            "/api/v1/admin/threads/lock",
            Some(ADMIN_TOKEN),
            Some(lock),
        )
        .await;
    assert_eq!(status, 204);
    let (status, refused) = post_from(&app, "https://shop.example", new_comment()).await;
    assert_eq!(status, 403, "{refused}");
    let (status, _) = post_from(&app, "https://blog.example", new_comment()).await;
    assert_eq!(
        status, 201,
        "locking the shop's page leaves the blog's alone"
    );
}

#[tokio::test]
async fn a_page_cannot_file_comments_under_another_origins_address() {
    let app = TestApp::spawn_from_config(Default::default(), CONFIG).await;
    let mut comment = new_comment();
    comment["thread"] = json!("/about/");
    comment["url"] = json!("https://shop.example/about/");
    let response = app
        .client
        .post(app.url("/api/v1/comments"))
        .header("Origin", "https://blog.example")
        .json(&comment)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["field"], "url");
    assert_eq!(body["error"]["code"], "url_not_on_origin");
}

#[tokio::test]
async fn the_moderators_screen_is_served_under_a_strict_policy() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<html><script type=\"module\">import init from '/admin/a.js'; await init();</script></html>",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.js"),
        "export default async function init() {}",
    )
    .unwrap();
    let site = confab_server::http::RouterSetup {
        admin_dir: Some(dir.path().to_owned()),
        ..Default::default()
    };
    let app = TestApp::spawn_with(site).await;
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = no_redirects.get(app.url("/admin")).send().await.unwrap();
    assert_eq!(response.status(), 308);
    let response = app.client.get(app.url("/admin/")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        policy.starts_with("default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
        "{policy}"
    );
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert_eq!(response.headers()["x-frame-options"], "DENY");
    let script = app.client.get(app.url("/admin/a.js")).send().await.unwrap();
    assert_eq!(script.status(), 200);
    assert!(script.headers().contains_key("content-security-policy"));
    let missing = app
        .client
        .get(app.url("/admin/../../etc/passwd"))
        .send()
        .await
        .unwrap();
    assert!(missing.status().is_client_error());
}

#[tokio::test]
async fn a_comments_edit_window_is_its_own_sites_whatever_origin_asks() {
    const WINDOWS: &str = r#"
[[site]]
name = "blog"
origins = ["https://blog.example"]
edit_window_seconds = 1

[[site]]
name = "shop"
origins = ["https://shop.example"]
edit_window_seconds = 3600
"#;
    let app = TestApp::spawn_from_config(Default::default(), WINDOWS).await;
    let (status, posted) = post_from(&app, "https://blog.example", new_comment()).await;
    assert_eq!(status, 201, "{posted}");
    tokio::time::sleep(std::time::Duration::from_millis(1_200)).await;
    let id = &posted["comment"]["id"];
    let token = posted["edit_token"].as_str().unwrap();
    // Asked from the shop, whose window is an hour: the blog's second has passed.
    let response = app
        .client
        .put(app.url(&format!("/api/v1/comments/{id}")))
        .header("Origin", "https://shop.example")
        .bearer_auth(token)
        .json(&json!({"body": "Changed from elsewhere"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "edit_window_closed");
}
