//! Abuse controls on the server: the honeypot, duplicates, link holds, the origin check
//! on writes, and the security headers.

use crate::common::{TestApp, demo_key, new_comment};
use serde_json::json;

#[tokio::test]
async fn a_filled_honeypot_is_refused_quietly() {
    let app = TestApp::spawn().await;
    let mut bot = new_comment();
    bot["homepage"] = json!("http://spam.example");
    let (status, answer) = app.post(bot).await;
    assert_eq!(status, 202, "the bot is told its comment awaits moderation");
    assert_eq!(answer["comment"]["status"], "pending");
    assert_eq!(
        app.thread(&demo_key()).await["thread"]["count"],
        8,
        "nothing was stored"
    );
    let mut person = new_comment();
    person["homepage"] = json!("");
    assert_eq!(app.post(person).await.0, 201, "an empty honeypot is fine");
}

#[tokio::test]
async fn the_same_comment_twice_in_a_thread_is_refused() {
    let app = TestApp::spawn().await;
    let comment = new_comment();
    assert_eq!(app.post(comment.clone()).await.0, 201);
    let (status, body) = app.post(comment.clone()).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        (
            body["error"]["code"].as_str(),
            body["error"]["field"].as_str()
        ),
        (Some("duplicate"), Some("body"))
    );
    let mut elsewhere = comment;
    elsewhere["thread"] = json!("/another-post/");
    assert_eq!(
        app.post(elsewhere).await.0,
        201,
        "the same words on another page are fine"
    );
}

#[tokio::test]
async fn a_comment_with_many_links_is_held_not_refused() {
    let app = TestApp::spawn().await;
    let mut linky = new_comment();
    linky["body"] = json!(
        "[a](https://a.example) [b](https://b.example) [c](https://c.example) [d](https://d.example)"
    );
    let (status, answer) = app.post(linky).await;
    assert_eq!(status, 202, "{answer}");
    assert_eq!(answer["comment"]["status"], "pending");
    let mut few = new_comment();
    few["body"] = json!("[a](https://a.example) and [b](https://b.example)");
    assert_eq!(app.post(few).await.0, 201);
}

#[tokio::test]
async fn writes_from_pages_of_other_origins_are_refused() {
    let app = TestApp::spawn_tuned(Default::default(), |site, _| {
        site.origins = vec!["https://blog.example".into()]
    })
    .await;
    let post = |origin: Option<&'static str>| {
        let mut request = app
            .client
            .post(app.url("/api/v1/comments"))
            .json(&new_comment());
        if let Some(origin) = origin {
            request = request.header("Origin", origin);
        }
        request.send()
    };
    let foreign = post(Some("https://evil.example")).await.unwrap();
    assert_eq!(foreign.status(), 403);
    let body: serde_json::Value = foreign.json().await.unwrap();
    assert_eq!(body["error"]["code"], "origin_not_allowed");
    assert_eq!(
        post(Some("https://blog.example")).await.unwrap().status(),
        201
    );
    assert_eq!(
        post(Some(Box::leak(app.base.clone().into_boxed_str())))
            .await
            .unwrap()
            .status(),
        201
    );
    assert_eq!(post(None).await.unwrap().status(), 201);
    let read = app
        .client
        .get(app.url("/api/v1/comments?thread=/x/"))
        .header("Origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 200, "reading is open to every page");
}

#[tokio::test]
async fn responses_carry_security_headers() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .get(app.url("/api/v1/comments?thread=/x/"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert_eq!(
        response.headers()["referrer-policy"],
        "strict-origin-when-cross-origin"
    );
}

#[tokio::test]
async fn a_client_over_its_write_rate_gets_429_with_retry_after() {
    let site = confab_server::http::RouterSetup {
        limit_rates: true,
        proxies: confab_server::http::client_address::Proxies {
            header: Some("x-forwarded-for".parse().unwrap()),
            trusted: Vec::new(),
        },
        ..Default::default()
    };
    let app = TestApp::spawn_tuned(site, |site, _| {
        site.rates = confab_server::settings::Rates {
            writes_per_minute: 3,
            reads_per_minute: 1000,
        }
    })
    .await;
    let post = |client: &'static str| {
        app.client
            .post(app.url("/api/v1/comments"))
            .header("X-Forwarded-For", client)
            .json(&new_comment())
            .send()
    };
    for _ in 0..3 {
        assert_eq!(post("198.51.100.7").await.unwrap().status(), 201);
    }
    let refused = post("198.51.100.7").await.unwrap();
    assert_eq!(refused.status(), 429);
    let wait: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=21).contains(&wait), "{wait}");
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "rate_limited");
    assert_eq!(
        post("198.51.100.8").await.unwrap().status(),
        201,
        "another client is not held back"
    );
    assert_eq!(
        app.thread(&demo_key()).await["thread"]["count"],
        12,
        "reads are still served"
    );
}

#[tokio::test]
async fn a_locked_thread_takes_no_comments_and_says_so() {
    let app = TestApp::spawn().await;
    app.storage.set_locked(&demo_key(), true).await.unwrap();
    let page = app.thread(&demo_key()).await;
    assert_eq!(page["thread"]["locked"], true);
    let (status, body) = app.post(new_comment()).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("thread_locked")),
        "{body}"
    );
    assert_eq!(
        body["error"]["message"],
        "Comments are closed on this page."
    );
    app.storage.set_locked(&demo_key(), false).await.unwrap();
    assert_eq!(app.post(new_comment()).await.0, 201);
    app.storage
        .set_locked("/never-commented/", true)
        .await
        .unwrap();
    assert_eq!(
        app.thread("/never-commented/").await["thread"]["locked"],
        true
    );
}

#[tokio::test]
async fn behind_proxies_the_client_is_the_rightmost_address_no_proxy_wrote() {
    let setup = confab_server::http::RouterSetup {
        proxies: confab_server::http::client_address::Proxies {
            header: Some("x-forwarded-for".parse().unwrap()),
            // The test client is the proxy, and so is the one hop behind it.
            trusted: vec![
                "127.0.0.1/32".parse().unwrap(),
                "10.0.0.0/8".parse().unwrap(),
            ],
        },
        ..Default::default()
    };
    let app = TestApp::spawn_tuned(setup, |site, _| {
        site.moderation = confab_server::settings::Moderation::All
    })
    .await;
    let post = |lines: &'static [&'static str], body: &'static str| {
        let mut comment = new_comment();
        comment["body"] = json!(body);
        let mut request = app.client.post(app.url("/api/v1/comments")).json(&comment);
        for line in lines {
            request = request.header("X-Forwarded-For", *line);
        }
        async move { request.send().await.unwrap().status().as_u16() }
    };
    // The client wrote the first line itself; the proxies added the second.
    assert_eq!(
        post(&["6.6.6.6", "198.51.100.7, 10.0.0.9"], "Two lines").await,
        202
    );
    // A spoofed leftmost entry in one comma list.
    assert_eq!(post(&["6.6.6.6, 203.0.113.9"], "One list").await, 202);
    let (_, queue) = app
        .admin(reqwest::Method::GET, "/api/v1/admin/queue", None)
        .await;
    let address_of = |text: &str| {
        queue["comments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|held| held["comment"]["body"].to_string().contains(text))
            .map(|held| held["client_address"].clone())
    };
    assert_eq!(address_of("Two lines"), Some(json!("198.51.100.7")));
    assert_eq!(address_of("One list"), Some(json!("203.0.113.9")));
}
