//! Moderators' chats: Slack, Discord, Matrix and Telegram each receive new comments in
//! their documented message shape (checked here by a receiver on loopback standing for
//! each service), with nothing a commenter wrote able to format, ping or inject; held
//! comments carry the signed moderation links, which work from the chat; a retry to
//! Matrix keeps its transaction id, so the room shows the message once.

use super::sinks::SmtpSink;
use super::{PUBLIC_URL, admin_token, comment, deliveries, follow, spawn};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use serde_json::Value;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request a chat service received.
#[derive(Debug, Clone)]
struct Received {
    method: Method,
    path: String,
    authorization: String,
    body: Value,
}

/// Stands for all four services on one port; the first Matrix call fails (500).
#[derive(Clone)]
struct ChatSink {
    base: String,
    calls: Arc<Mutex<Vec<Received>>>,
}

impl ChatSink {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let calls: Arc<Mutex<Vec<Received>>> = Arc::default();
        let kept = Arc::clone(&calls);
        let matrix_calls = Arc::new(AtomicUsize::new(0));
        let router = axum::Router::new().fallback(
            move |method: Method, uri: Uri, headers: HeaderMap, body: String| {
                let (kept, matrix_calls) = (Arc::clone(&kept), Arc::clone(&matrix_calls));
                async move {
                    let path = uri.path().to_owned();
                    let authorization = headers
                        .get("authorization")
                        .and_then(|value| value.to_str().ok())
                        .unwrap_or_default()
                        .to_owned();
                    let body = serde_json::from_str(&body).unwrap_or(Value::Null);
                    kept.lock().unwrap().push(Received {
                        method,
                        path: path.clone(),
                        authorization,
                        body,
                    });
                    if path.starts_with("/_matrix/")
                        && matrix_calls.fetch_add(1, Ordering::SeqCst) == 0
                    {
                        return StatusCode::INTERNAL_SERVER_ERROR;
                    }
                    StatusCode::OK
                }
            },
        );
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Self { base, calls }
    }

    /// Waits (up to 15 s) until the calls whose path starts with `prefix` number `count`.
    async fn wait_for(&self, prefix: &str, count: usize) -> Vec<Received> {
        for _ in 0..300 {
            let calls: Vec<Received> = self
                .calls
                .lock()
                .unwrap()
                .iter()
                .filter(|call| call.path.starts_with(prefix))
                .cloned()
                .collect();
            if calls.len() >= count {
                return calls;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("fewer than {count} calls to {prefix}");
    }
}

fn chats(sink: &str) -> String {
    format!(
        "max_links = 0\n\
         [[site.chat]]\nkind = \"slack\"\nurl = \"{sink}/services/T000/B000/slack-secret\"\n\
         [[site.chat]]\nkind = \"discord\"\nurl = \"{sink}/api/webhooks/1/discord-secret\"\n\
         [[site.chat]]\nkind = \"matrix\"\nhomeserver = \"{sink}\"\nroom = \"!room:m.example\"\n\
         access_token = \"matrix-token\"\nevents = \"held\"\n\
         [[site.chat]]\nkind = \"telegram\"\napi = \"{sink}\"\nbot_token = \"123:ABC\"\n\
         chat_id = \"-100200\"\n"
    )
}

const HOSTILE: &str = "Hi <b>@everyone</b> & **bold** [x](https://x.example)";

#[tokio::test]
async fn each_chat_gets_new_comments_in_its_own_shape_and_held_ones_with_working_links() {
    let smtp = SmtpSink::start().await;
    let sink = ChatSink::start().await;
    let app = spawn(smtp.port, &chats(&sink.base)).await;
    // max_links = 0: the link holds it.
    let (status, held) = app
        .post(comment("Ann", "ann@example.com", HOSTILE, None))
        .await;
    assert_eq!(status, 202, "{held}");

    let slack = &sink.wait_for("/services/", 1).await[0];
    assert_eq!(slack.method, Method::POST);
    assert_eq!(
        slack.body["text"],
        "Held for moderation: Ann on “Notes on notifying”"
    );
    let blocks = slack.body["blocks"].as_array().unwrap();
    let section = blocks[0]["text"]["text"].as_str().unwrap();
    assert!(
        section.contains("&lt;b&gt;@everyone&lt;/b&gt; &amp;"),
        "{section}"
    );
    let buttons = blocks.last().unwrap()["elements"].as_array().unwrap();
    assert_eq!(buttons.len(), 3, "approve, reject, spam");
    assert!(buttons[0]["url"].as_str().unwrap().starts_with(PUBLIC_URL));

    let discord = &sink.wait_for("/api/webhooks/", 1).await[0];
    let content = discord.body["content"].as_str().unwrap();
    assert!(content.contains("\\@everyone"), "{content}");
    assert_eq!(
        discord.body["allowed_mentions"]["parse"],
        serde_json::json!([])
    );
    assert!(content.chars().count() <= 2000);

    // Matrix: the first attempt fails; the retry has the same transaction id.
    let matrix = sink.wait_for("/_matrix/", 2).await;
    assert_eq!(matrix[0].method, Method::PUT);
    assert!(
        matrix[0].path.starts_with(
            "/_matrix/client/v3/rooms/%21room%3Am.example/send/m.room.message/confab-"
        ),
        "{}",
        matrix[0].path
    );
    assert_eq!(
        matrix[0].path, matrix[1].path,
        "the same transaction on retry"
    );
    assert_eq!(matrix[0].authorization, "Bearer matrix-token");
    assert_eq!(matrix[1].body["msgtype"], "m.notice");
    assert_eq!(matrix[1].body["format"], "org.matrix.custom.html");
    let formatted = matrix[1].body["formatted_body"].as_str().unwrap();
    assert!(
        formatted.contains("&lt;b&gt;@everyone&lt;/b&gt;"),
        "{formatted}"
    );

    let telegram = &sink.wait_for("/bot123:ABC/sendMessage", 1).await[0];
    assert_eq!(telegram.body["chat_id"], "-100200");
    assert_eq!(telegram.body["parse_mode"], "HTML");
    let text = telegram.body["text"].as_str().unwrap();
    assert!(
        text.contains("&lt;b&gt;@everyone&lt;/b&gt; &amp;"),
        "{text}"
    );
    // The Approve link in the chat works as a mail's does, and the log says from where.
    let approve = text
        .split("href=\"")
        .map(|part| part.split('"').next().unwrap_or_default())
        .find(|href| href.contains("action=approve"))
        .unwrap()
        .replace("&amp;", "&");
    let (shown, done, _) = follow(&app, &approve).await;
    assert_eq!((shown, done), (200, 200));
    assert_eq!(app.thread(super::THREAD).await["thread"]["count"], 1);
    let (_, log) = app
        .send(
            reqwest::Method::GET,
            "/api/v1/admin/log",
            Some(&admin_token()),
            None,
        )
        .await;
    assert!(log.to_string().contains("telegram:"), "{log}");
    assert!(log.to_string().contains("(by chat)"), "{log}");

    // A published comment: everyone but the Matrix room (it hears of held ones only).
    let (status, _) = app
        .post(comment("Bo", "bo@example.com", "Plain words", None))
        .await;
    assert_eq!(status, 201);
    let slack = sink.wait_for("/services/", 2).await;
    assert!(
        slack
            .iter()
            .any(|call| call.body["text"] == "New comment by Bo on “Notes on notifying”")
    );
    sink.wait_for("/bot123:ABC/", 2).await;
    super::settle(&app).await;
    assert_eq!(
        sink.wait_for("/_matrix/", 2).await.len(),
        2,
        "nothing more for Matrix"
    );
    let listed = deliveries(&app, "chat").await;
    assert_eq!(
        listed.len(),
        4 + 3,
        "four chats told of the held one, three of the other"
    );
    assert!(
        listed
            .iter()
            .all(|delivery| !delivery.to_string().contains("secret"))
    );
    assert!(
        listed
            .iter()
            .all(|delivery| !delivery.to_string().contains("123:ABC"))
    );
}
