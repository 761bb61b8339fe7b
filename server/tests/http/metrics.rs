//! `/metrics` in Prometheus's text format: off unless networks are allowed, refused to a
//! client outside them, and counting requests by route, posts by outcome, held and spam
//! comments, open streams, the outbox and the pools. And the log as JSON lines.

use crate::common::{TestApp, new_comment};
use confab_server::http::RouterSetup;
use serde_json::json;

async fn metrics_of(app: &TestApp) -> (u16, String, String) {
    let response = app.client.get(app.url("/metrics")).send().await.unwrap();
    let kind = response
        .headers()
        .get("content-type")
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (
        response.status().as_u16(),
        kind,
        response.text().await.unwrap(),
    )
}

fn allowing(network: &str) -> RouterSetup {
    RouterSetup {
        metrics_allow: vec![network.parse().unwrap()],
        ..Default::default()
    }
}

#[tokio::test]
async fn metrics_count_requests_posts_and_what_waits() {
    let app = TestApp::spawn_tuned(allowing("127.0.0.0/8"), |site, _| site.max_links = 0).await;
    assert_eq!(app.post(new_comment()).await.0, 201);
    let mut held = new_comment();
    held["body"] = json!("See <https://link.example>");
    assert_eq!(app.post(held).await.0, 202);
    let mut broken = new_comment();
    broken["author_name"] = json!("");
    assert_eq!(app.post(broken).await.0, 422);
    app.thread("/metrics-read/").await;

    let (status, kind, text) = metrics_of(&app).await;
    assert_eq!(status, 200, "{text}");
    assert_eq!(kind, "text/plain; version=0.0.4; charset=utf-8");
    for line in [
        "confab_posts_total{outcome=\"published\"} 1",
        "confab_posts_total{outcome=\"held\"} 1",
        "confab_posts_total{outcome=\"refused\"} 1",
        "confab_http_requests_total{route=\"/api/v1/comments\",method=\"POST\",status=\"201\"} 1",
        "confab_http_requests_total{route=\"/api/v1/comments\",method=\"GET\",status=\"200\"} 1",
        "confab_http_request_duration_seconds_count{route=\"/api/v1/comments\"} 4",
        "confab_comments{status=\"held\"} 1",
        "confab_comments{status=\"spam\"} 0",
        "confab_event_streams_open 0",
        "confab_outbox_given_up 0",
        "# TYPE confab_http_request_duration_seconds histogram",
    ] {
        assert!(text.lines().any(|got| got == line), "{line} in\n{text}");
    }
    assert!(text.contains("confab_db_connections{pool=\"writer\",state=\"idle\"}"));
    // A comment's id is not a route of its own.
    app.client
        .get(app.url("/api/v1/comments/123/replies"))
        .send()
        .await
        .unwrap();
    let (_, _, text) = metrics_of(&app).await;
    assert!(
        text.contains("route=\"/api/v1/comments/{id}/replies\""),
        "{text}"
    );
    assert!(!text.contains("/123/"), "{text}");
}

#[tokio::test]
async fn metrics_are_off_by_default_and_refused_outside_the_allowed_networks() {
    let off = TestApp::spawn().await;
    assert_eq!(metrics_of(&off).await.0, 404);
    let elsewhere = TestApp::spawn_with(allowing("10.0.0.0/8")).await;
    let (status, _, text) = metrics_of(&elsewhere).await;
    assert_eq!(status, 403, "{text}");
    assert!(text.contains("metrics_not_allowed"));
}

#[tokio::test]
async fn the_log_is_json_lines_when_asked() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_confab-server"));
    command
        .args([
            "--bind",
            "127.0.0.1:0",
            "--log-format",
            "json",
            "--database",
        ])
        .arg(dir.path().join("logs.db"))
        .env("RUST_LOG", "debug")
        .stderr(std::process::Stdio::piped());
    let (mut child, url) = crate::common::start_binary(command);
    let health = reqwest::get(format!("{url}/api/v1/health")).await.unwrap();
    assert_eq!(health.status(), 200);
    child.kill().unwrap();
    let stderr = child.stderr.take().unwrap();
    let lines: Vec<String> = std::io::BufReader::new(stderr)
        .lines()
        .map_while(Result::ok)
        .collect();
    child.wait().unwrap();
    assert!(!lines.is_empty());
    for line in &lines {
        let entry: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|_| panic!("{line}"));
        assert!(entry.get("level").is_some(), "{line}");
    }
}
