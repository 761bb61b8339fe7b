//! Webhooks: new, approved and deleted comments are POSTed as JSON, signed over the
//! timestamp and the body, retried until the receiver takes them, and listed with their
//! attempts for moderators.

use super::sinks::{HookSink, SmtpSink};
use super::{THREAD, admin_token, comment, deliveries, spawn};
use confab_server::notify::webhook::signature;

const SECRET: &str = "a-webhook-secret-of-some-length";

fn hook(url: &str) -> String {
    format!("max_links = 0\n[[site.webhook]]\nurl = \"{url}\"\nsecret = \"{SECRET}\"")
}

#[tokio::test]
async fn events_arrive_signed_and_failed_calls_are_retried() {
    let smtp = SmtpSink::start().await;
    let receiver = HookSink::start(2).await;
    let app = spawn(smtp.port, &hook(&receiver.url)).await;
    let (status, posted) = app
        .post(comment("Ann", "ann@example.com", "Hello **hooks**", None))
        .await;
    assert_eq!(status, 201);
    let id = posted["comment"]["id"].as_i64().unwrap();

    // Two failures (500), then the third attempt is taken.
    let calls = receiver.wait_for(3).await;
    let delivery = calls[0].header("confab-delivery");
    assert!(
        calls
            .iter()
            .all(|call| call.header("confab-delivery") == delivery)
    );
    assert!(calls.iter().all(|call| call.body == calls[0].body));
    for call in &calls {
        let timestamp: u64 = call.header("confab-timestamp").parse().unwrap();
        assert_eq!(
            call.header("confab-signature"),
            signature(SECRET, timestamp, &call.body),
            "the receiver can verify the signature"
        );
        assert_ne!(
            call.header("confab-signature"),
            signature("another secret entirely", timestamp, &call.body)
        );
    }
    let event = calls[2].json();
    assert_eq!(event["event"], "comment.created");
    assert_eq!(event["site"], "blog");
    assert_eq!(event["thread"]["key"], THREAD);
    assert_eq!(event["comment"]["id"], id);
    assert_eq!(event["comment"]["status"], "published");
    assert_eq!(
        event["comment"]["html"],
        "<p>Hello <strong>hooks</strong></p>"
    );
    assert!(event["comment"].get("author_email").is_none());
    assert!(
        !calls[2].body.contains("ann@example.com"),
        "no private details"
    );

    let history = deliveries(&app, "webhook").await;
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["attempts"], 3);
    assert!(history[0]["sent_at"].is_string());
    assert_eq!(history[0]["last_error"], serde_json::Value::Null);

    // Approved and deleted comments are told too.
    let (status, held) = app
        .post(comment(
            "Bob",
            "bob@example.com",
            "Held: <https://bob.example>",
            None,
        ))
        .await;
    assert_eq!(status, 202);
    let held_id = held["comment"]["id"].as_i64().unwrap();
    receiver.wait_for(4).await;
    for (action, calls) in [("approve", 5), ("delete", 6)] {
        let (status, _) = app
            .send(
                reqwest::Method::POST,
                &format!("/api/v1/admin/comments/{held_id}/{action}"),
                Some(&admin_token()),
                None,
            )
            .await;
        assert_eq!(status, 204);
        // Each event is awaited: news of a comment deleted before it went out is dropped.
        receiver.wait_for(calls).await;
    }
    let calls = receiver.calls();
    let events: Vec<String> = calls[3..]
        .iter()
        .map(|call| call.json()["event"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        events,
        ["comment.created", "comment.approved", "comment.deleted"]
    );
    assert_eq!(calls[3].json()["comment"]["status"], "pending");
    assert_eq!(
        calls[5].json()["comment"],
        serde_json::json!({ "id": held_id })
    );
}

#[tokio::test]
async fn a_receiver_that_never_answers_well_is_given_up_and_shown_so() {
    let smtp = SmtpSink::start().await;
    let receiver = HookSink::start(usize::MAX).await;
    let app = spawn(smtp.port, &hook(&receiver.url)).await;
    app.post(comment("Ann", "ann@example.com", "Nobody listens", None))
        .await;
    // max_attempts = 4 in the test configuration.
    receiver.wait_for(4).await;
    let mut history = Vec::new();
    for _ in 0..100 {
        history = deliveries(&app, "webhook").await;
        if history[0]["gave_up_at"].is_string() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(history[0]["attempts"], 4);
    assert!(history[0]["gave_up_at"].is_string());
    assert!(history[0]["last_error"].as_str().unwrap().contains("500"));
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(receiver.calls().len(), 4, "no attempt after giving up");
}

#[tokio::test]
async fn the_delivery_list_is_for_moderators_only_and_checks_its_filter() {
    let smtp = SmtpSink::start().await;
    let app = spawn(smtp.port, "").await;
    let (status, _) = app
        .send(reqwest::Method::GET, "/api/v1/admin/deliveries", None, None)
        .await;
    assert_eq!(status, 401);
    let (status, _) = app
        .send(
            reqwest::Method::GET,
            "/api/v1/admin/deliveries",
            Some("wrong-token-wrong-token"),
            None,
        )
        .await;
    assert_eq!(status, 403);
    let (status, body) = app
        .send(
            reqwest::Method::GET,
            "/api/v1/admin/deliveries?purpose=carrier-pigeon",
            Some(&admin_token()),
            None,
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["field"], "purpose");
}

#[tokio::test]
async fn deliveries_done_are_forgotten_after_the_keeping_time() {
    let smtp = SmtpSink::start().await;
    let taken = HookSink::start(0).await;
    let app = spawn(smtp.port, &hook(&taken.url)).await;
    app.post(comment("Ann", "ann@example.com", "Kept for a while", None))
        .await;
    taken.wait_for(1).await;
    super::settle(&app).await;
    assert_eq!(deliveries(&app, "webhook").await.len(), 1);
    let now = confab_server::storage::now_millis();
    app.storage.prune_outbox(now - 60_000).await.unwrap();
    assert_eq!(
        deliveries(&app, "webhook").await.len(),
        1,
        "too recent to forget"
    );
    app.storage.prune_outbox(now + 60_000).await.unwrap();
    assert!(deliveries(&app, "webhook").await.is_empty());
}

#[tokio::test]
async fn without_mail_or_webhooks_events_are_done_at_once_and_nothing_is_sent() {
    let app = crate::common::TestApp::spawn().await;
    let mut nobody = comment("Ann", "ann@example.com", "Nobody to tell", None);
    // This site names no origins, so a script may not name a page address for it.
    nobody["url"] = serde_json::Value::Null;
    let (status, _) = app.post(nobody).await;
    assert_eq!(status, 201);
    super::settle(&app).await;
    assert!(app.storage.waiting_events(10).await.unwrap().is_empty());
    assert!(app.storage.deliveries(None, 10).await.unwrap().is_empty());
    // Live readers still get the change: events are kept.
    assert!(app.storage.latest_event_id().await.unwrap() > 0);
}
