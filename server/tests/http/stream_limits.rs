//! Live-update streams are limited: a few per client, so many per server, each for a while;
//! over a cap the answer says when to come back, and everything else keeps working.

use crate::common::{TestApp, demo_key};
use confab_server::http::RouterSetup;
use confab_server::http::client_address::Proxies;
use confab_server::http::streams::StreamLimits;
use std::time::{Duration, Instant};

async fn app(lifetime: Duration) -> TestApp {
    TestApp::spawn_with(RouterSetup {
        // The test client is the proxy; the header names the client.
        proxies: Proxies {
            header: Some("x-forwarded-for".parse().unwrap()),
            trusted: Vec::new(),
        },
        streams: StreamLimits {
            per_client: 2,
            total: 3,
            lifetime,
        },
        ..Default::default()
    })
    .await
}

/// Opens a stream of the demo thread as `client`; the response stays open while held.
async fn open(app: &TestApp, client: &str) -> reqwest::Response {
    app.client
        .get(app.url("/api/v1/events"))
        .query(&[("thread", demo_key())])
        .header("X-Forwarded-For", client)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_client_and_the_server_each_have_a_cap_and_a_closed_stream_frees_its_place() {
    let app = app(Duration::from_secs(600)).await;
    let first = open(&app, "192.0.2.1").await;
    let _second = open(&app, "192.0.2.1").await;
    assert_eq!(first.status(), 200);
    let third = open(&app, "192.0.2.1").await;
    assert_eq!(third.status(), 429);
    assert_eq!(third.headers()["retry-after"], "30");
    let _other = open(&app, "192.0.2.2").await;
    let full = open(&app, "192.0.2.3").await;
    assert_eq!(full.status(), 503);
    assert!(full.headers().contains_key("retry-after"));
    let body: serde_json::Value = full.json().await.unwrap();
    assert_eq!(body["error"]["code"], "busy");
    // Reading threads and posting go on at the caps.
    assert_eq!(app.thread(&demo_key()).await["thread"]["count"], 8);
    // The client closes a page: its place comes back once the server notices.
    drop(first);
    let started = Instant::now();
    loop {
        let again = open(&app, "192.0.2.1").await;
        if again.status() == 200 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the place never came back"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_stream_ends_after_its_lifetime_and_the_browser_opens_another() {
    let app = app(Duration::from_millis(500)).await;
    let mut stream = open(&app, "192.0.2.9").await;
    assert_eq!(stream.status(), 200);
    let started = Instant::now();
    let ended = tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(chunk) = stream.chunk().await.unwrap() {
            assert!(!chunk.is_empty());
        }
    })
    .await;
    assert!(ended.is_ok(), "the stream was still open after 5 s");
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert_eq!(open(&app, "192.0.2.9").await.status(), 200);
}
