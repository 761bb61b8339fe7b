//! The optional outside spam check, against a stand-in on loopback that serves Akismet's
//! documented API: `comment-check` answers `true` for its documented test author
//! (`viagra-test-123`) and test address (`akismet-guaranteed-spam@example.com`) and
//! `false` otherwise, `submit-spam` and `submit-ham` thank, and a wrong key or a missing
//! required field gets `invalid` with `X-akismet-debug-help`.

use super::{THREAD, admin_token, comment, deliveries, settle, spawn};
use crate::common::TestApp;
use axum::http::StatusCode;
use axum::response::AppendHeaders;
use reqwest::Method;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const KEY: &str = "123abc456def";
const SPAMMER: &str = "akismet-guaranteed-spam@example.com";

/// One call the stand-in received: its method and its form.
#[derive(Debug, Clone)]
struct Received {
    method: String,
    form: HashMap<String, String>,
}

#[derive(Clone)]
struct StandIn {
    endpoint: String,
    calls: Arc<Mutex<Vec<Received>>>,
}

impl StandIn {
    /// Answers 500 to the first `failures` calls.
    async fn start(failures: usize) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}/1.1", listener.local_addr().unwrap());
        let calls: Arc<Mutex<Vec<Received>>> = Arc::default();
        let seen = Arc::new(AtomicUsize::new(0));
        let kept = Arc::clone(&calls);
        let router = axum::Router::new().route(
            "/1.1/{method}",
            axum::routing::post(
                move |axum::extract::Path(method): axum::extract::Path<String>,
                      axum::Form(form): axum::Form<HashMap<String, String>>| {
                    let (kept, seen) = (Arc::clone(&kept), Arc::clone(&seen));
                    async move {
                        let received = Received { method, form };
                        kept.lock().unwrap().push(received.clone());
                        if seen.fetch_add(1, Ordering::SeqCst) < failures {
                            return (
                                StatusCode::INTERNAL_SERVER_ERROR,
                                AppendHeaders(Vec::new()),
                                "",
                            );
                        }
                        answer(&received)
                    }
                },
            ),
        );
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Self { endpoint, calls }
    }

    fn calls(&self) -> Vec<Received> {
        self.calls.lock().unwrap().clone()
    }

    /// Waits (up to 15 s) for `count` calls.
    async fn wait_for(&self, count: usize) -> Vec<Received> {
        for _ in 0..300 {
            if self.calls().len() >= count {
                return self.calls();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "{} calls, not {count}: {:#?}",
            self.calls().len(),
            self.calls()
        );
    }
}

type Answer = (
    StatusCode,
    AppendHeaders<Vec<(&'static str, &'static str)>>,
    &'static str,
);

/// What Akismet's documentation says it answers.
fn answer(call: &Received) -> Answer {
    let field = |name: &str| call.form.get(name).map(String::as_str).unwrap_or("");
    if field("api_key") != KEY || field("blog").is_empty() || field("user_ip").is_empty() {
        let help = [("x-akismet-debug-help", "Empty \"blog\" value or wrong key")];
        return (StatusCode::OK, AppendHeaders(help.to_vec()), "invalid");
    }
    match call.method.as_str() {
        "comment-check" if field("comment_author") == "viagra-test-123" => (
            StatusCode::OK,
            AppendHeaders(vec![("x-akismet-pro-tip", "discard")]),
            "true",
        ),
        "comment-check" if field("comment_author_email") == SPAMMER => {
            (StatusCode::OK, AppendHeaders(Vec::new()), "true")
        }
        "comment-check" => (StatusCode::OK, AppendHeaders(Vec::new()), "false"),
        "submit-spam" | "submit-ham" => (
            StatusCode::OK,
            AppendHeaders(Vec::new()),
            "Thanks for making the web a better place.",
        ),
        _ => (StatusCode::NOT_FOUND, AppendHeaders(Vec::new()), ""),
    }
}

async fn spawn_with(stand_in: &StandIn, key: &str, site: &str) -> TestApp {
    let smtp = super::sinks::SmtpSink::start().await;
    let config = format!(
        "{site}\n[akismet]\nkey = \"{key}\"\nendpoint = \"{}/\"",
        stand_in.endpoint
    );
    spawn(smtp.port, &config).await
}

async fn post(app: &TestApp, name: &str, email: &str, body: &str) -> i64 {
    let (status, answer) = app.post(comment(name, email, body, None)).await;
    assert!(status == 201 || status == 202, "{status}: {answer}");
    answer["comment"]["id"].as_i64().unwrap()
}

/// A comment's status and note as moderators see them.
async fn judged(app: &TestApp, id: i64) -> (String, Value) {
    let (status, listed) = app
        .send(
            Method::GET,
            "/api/v1/admin/queue?status=all",
            Some(&admin_token()),
            None,
        )
        .await;
    assert_eq!(status, 200, "{listed}");
    let item = listed["comments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["comment"]["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("{id} not listed: {listed}"));
    let status = item["comment"]["status"].as_str().unwrap().to_owned();
    (
        status,
        item.get("rule_note").cloned().unwrap_or(Value::Null),
    )
}

async fn decide(app: &TestApp, id: i64, action: &str) {
    let path = format!("/api/v1/admin/comments/{id}/{action}");
    let (status, answer) = app
        .send(Method::POST, &path, Some(&admin_token()), None)
        .await;
    assert_eq!(status, 204, "{action} {id}: {answer}");
}

async fn readers_see(app: &TestApp) -> Vec<i64> {
    app.thread(THREAD).await["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|comment| comment["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn what_the_service_calls_spam_is_marked_after_it_was_posted() {
    let stand_in = StandIn::start(0).await;
    let app = spawn_with(&stand_in, KEY, "").await;
    let good = post(&app, "Ann", "ann@example.com", "A kind *word*").await;
    let spam = post(&app, "Sam", SPAMMER, "Buy now").await;
    let blatant = post(&app, "viagra-test-123", "v@example.com", "Pills").await;
    // Posting waited for nobody: all three were published at once.
    let calls = stand_in.wait_for(3).await;
    settle(&app).await;
    assert!(calls.iter().all(|call| call.method == "comment-check"));
    let form = &calls[0].form;
    assert_eq!(form["api_key"], KEY);
    assert_eq!(form["blog"], "https://blog.example");
    assert_eq!(form["user_ip"], "127.0.0.1");
    assert_eq!(form["comment_type"], "comment");
    assert_eq!(form["comment_author"], "Ann");
    assert_eq!(form["comment_author_email"], "ann@example.com");
    assert_eq!(form["comment_content"], "A kind word");
    assert_eq!(form["permalink"], "https://blog.example/notify/");
    assert!(form["comment_date_gmt"].ends_with('Z'));
    assert!(!form.contains_key("is_test"));

    assert_eq!(judged(&app, good).await, ("published".into(), Value::Null));
    assert_eq!(
        judged(&app, spam).await,
        ("spam".into(), "Akismet: spam".into())
    );
    assert_eq!(
        judged(&app, blatant).await,
        ("spam".into(), "Akismet: blatant spam".into())
    );
    assert_eq!(readers_see(&app).await, [good]);
    let (_, log) = app
        .send(Method::GET, "/api/v1/admin/log", Some(&admin_token()), None)
        .await;
    let by_service: Vec<_> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["actor"] == "akismet")
        .map(|entry| (entry["action"].clone(), entry["comment_id"].clone()))
        .collect();
    assert_eq!(by_service.len(), 2, "{log}");
    assert!(by_service.contains(&("spam".into(), spam.into())));
    let history = deliveries(&app, "akismet").await;
    assert_eq!(history.len(), 3);
    assert!(
        history
            .iter()
            .all(|delivery| delivery["sent_at"].is_string())
    );
}

#[tokio::test]
async fn moderators_decisions_are_reported_back_as_the_service_asks() {
    let stand_in = StandIn::start(0).await;
    let app = spawn_with(&stand_in, KEY, "").await;
    let missed = post(&app, "Mel", "mel@example.com", "Subtle spam").await;
    let wrong = post(&app, "Pat", SPAMMER, "Not spam at all").await;
    stand_in.wait_for(2).await;
    settle(&app).await;
    assert_eq!(judged(&app, wrong).await.0, "spam");

    decide(&app, missed, "spam").await;
    decide(&app, wrong, "approve").await;
    let calls = stand_in.wait_for(4).await;
    settle(&app).await;
    let reported: Vec<_> = calls[2..]
        .iter()
        .map(|call| (call.method.as_str(), call.form["comment_content"].as_str()))
        .collect();
    assert_eq!(
        reported,
        [
            ("submit-spam", "Subtle spam"),
            ("submit-ham", "Not spam at all")
        ]
    );
    assert_eq!(calls[2].form["user_ip"], "127.0.0.1");
    assert_eq!(calls[3].form["comment_author_email"], SPAMMER);
    // The moderator's word stands: the service is not asked again.
    assert_eq!(judged(&app, wrong).await.0, "published");
    assert_eq!(stand_in.calls().len(), 4);
}

#[tokio::test]
async fn a_moderator_who_decided_first_wins_and_a_failing_service_is_retried() {
    let stand_in = StandIn::start(2).await;
    let app = spawn_with(&stand_in, KEY, "moderation = \"all\"").await;
    let held = post(&app, "Sam", SPAMMER, "Held, then approved").await;
    // The first attempt failed (500); the moderator approves before the retry.
    stand_in.wait_for(1).await;
    decide(&app, held, "approve").await;
    stand_in.wait_for(3).await;
    settle(&app).await;
    assert_eq!(judged(&app, held).await.0, "published");
    assert_eq!(readers_see(&app).await, [held]);
    let history = deliveries(&app, "akismet").await;
    assert_eq!(history.len(), 1, "approving a held comment is not reported");
    assert_eq!(history[0]["attempts"], 3);
    assert!(history[0]["sent_at"].is_string());
}

#[tokio::test]
async fn a_wrong_key_is_given_up_with_the_services_help_and_loses_nothing() {
    let stand_in = StandIn::start(0).await;
    let app = spawn_with(&stand_in, "not-the-key", "").await;
    let id = post(&app, "Sam", SPAMMER, "Spam nobody could check").await;
    stand_in.wait_for(1).await;
    settle(&app).await;
    let history = deliveries(&app, "akismet").await;
    assert_eq!(history[0]["attempts"], 1, "a wrong key is not retried");
    assert!(history[0]["gave_up_at"].is_string());
    let error = history[0]["last_error"].as_str().unwrap();
    assert!(
        error.contains("\"invalid\"") && error.contains("wrong key"),
        "{error}"
    );
    assert_eq!(judged(&app, id).await.0, "published");
    assert_eq!(readers_see(&app).await, [id]);
}
