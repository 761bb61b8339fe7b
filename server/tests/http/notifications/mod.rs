//! Notifications against real receivers: an SMTP server and a webhook endpoint on
//! loopback, and the server's own outbox.

mod akismet;
mod chats;
mod double_opt_in;
mod manage_links;
mod owner_mail;
mod sinks;
mod surviving_a_kill;
mod unsubscribed;
mod webhooks;

use crate::common::{ADMIN_TOKEN, TestApp};
use confab_server::http::RouterSetup;
use serde_json::json;

/// Where the mails' links say the server is; tests send them to the test server instead.
pub const PUBLIC_URL: &str = "https://comments.example";
pub const OWNER: &str = "owner@blog.example";
pub const THREAD: &str = "/notify/";

/// A configuration that mails through the sink on `smtp_port`, with retries a second
/// apart, and `site` (TOML keys) added to the one site's table.
pub fn config(smtp_port: u16, site: &str) -> String {
    format!(
        "[admin]\ntoken = \"{ADMIN_TOKEN}-long-enough\"\n\
         [mail]\nsmtp_host = \"127.0.0.1\"\nsmtp_port = {smtp_port}\nsecurity = \"none\"\n\
         from = \"Confab <comments@blog.example>\"\npublic_url = \"{PUBLIC_URL}/\"\n\
         [notifications]\nretry_seconds = 1\nmax_attempts = 4\n\
         [[site]]\nname = \"blog\"\norigins = [\"https://blog.example\"]\n{site}\n"
    )
}

/// The admin token of servers started from [`config`].
pub fn admin_token() -> String {
    format!("{ADMIN_TOKEN}-long-enough")
}

pub async fn spawn(smtp_port: u16, site: &str) -> TestApp {
    TestApp::spawn_from_config(RouterSetup::default(), &config(smtp_port, site)).await
}

/// A comment on [`THREAD`] by `name` <`email`>, answering `parent` when given.
pub fn comment(name: &str, email: &str, body: &str, parent: Option<i64>) -> serde_json::Value {
    json!({
        "thread": THREAD,
        "title": "Notes on notifying",
        "url": "https://blog.example/notify/",
        "parent_id": parent,
        "author_name": name,
        "author_email": email,
        "body": body,
    })
}

/// The path and query of a link in a mail, on the test server.
pub fn local(app: &TestApp, link: &str) -> String {
    app.url(
        link.strip_prefix(PUBLIC_URL)
            .expect("a link to the public URL"),
    )
}

/// `GET` then `POST` of a mail link; returns both statuses and the page the POST answered.
pub async fn follow(app: &TestApp, link: &str) -> (u16, u16, String) {
    let url = local(app, link);
    let shown = app.client.get(&url).send().await.unwrap();
    let shown_status = shown.status().as_u16();
    // As a browser sends the form of a page that sends no referrer.
    let done = app
        .client
        .post(&url)
        .header("Origin", "null")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    (
        shown_status,
        done.status().as_u16(),
        done.text().await.unwrap(),
    )
}

/// The deliveries the admin API lists (of `purpose`, or all).
pub async fn deliveries(app: &TestApp, purpose: &str) -> Vec<serde_json::Value> {
    let path = format!("/api/v1/admin/deliveries?purpose={purpose}");
    let (status, body) = app
        .send(reqwest::Method::GET, &path, Some(&admin_token()), None)
        .await;
    assert_eq!(status, 200, "{body}");
    body["deliveries"].as_array().unwrap().clone()
}

/// Waits until the outbox holds no waiting event and every delivery was sent or given up.
pub async fn settle(app: &TestApp) {
    for _ in 0..200 {
        let waiting = app.storage.waiting_events(1).await.unwrap().is_empty();
        let unfinished = app
            .storage
            .deliveries(None, 1000)
            .await
            .unwrap()
            .iter()
            .any(|delivery| delivery.sent_at.is_none() && delivery.gave_up_at.is_none());
        if waiting && !unfinished {
            // One more beat for a send that is under way.
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the outbox did not settle");
}
