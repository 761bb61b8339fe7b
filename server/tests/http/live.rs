//! Live updates over real HTTP: a reader's Server-Sent Events stream shows comments posted,
//! edited and deleted by others, leaves out held ones, and after a reconnection with
//! `Last-Event-ID` replays what it missed.

use crate::common::TestApp;
use crate::sse::EventStream;
use confab_server::http::RouterSetup;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const THREAD: &str = "/live/";

/// A reader of thread [`THREAD`] on `app`, from the start or after `last_event_id`.
async fn open(app: &TestApp, last_event_id: Option<i64>) -> EventStream {
    EventStream::open(&app.client, &app.base, THREAD, last_event_id).await
}

fn comment(body: &str, parent: Option<i64>) -> Value {
    json!({ "thread": THREAD, "author_name": "Ann", "body": body, "parent_id": parent })
}

#[tokio::test]
async fn a_reader_sees_comments_added_edited_and_deleted_within_a_second() {
    let app = TestApp::spawn_tuned(RouterSetup::default(), |rules, _| rules.max_links = 0).await;
    let mut reader = open(&app, None).await;

    let posted_at = Instant::now();
    let (status, posted) = app.post(comment("Hello, live readers", None)).await;
    assert_eq!(status, 201);
    let id = posted["comment"]["id"].as_i64().unwrap();
    let added = reader.next().await;
    assert!(
        posted_at.elapsed() < Duration::from_secs(1),
        "{:?}",
        posted_at.elapsed()
    );
    assert_eq!(added.data["change"], "added");
    assert_eq!(added.data["comment"]["id"], id);
    assert!(added.data["comment"].get("author_email").is_none());

    // A held comment (it has a link) is not shown to other readers, nor its deletion.
    let (status, held) = app.post(comment("See <https://spam.example>", None)).await;
    assert_eq!(status, 202);
    let (status, _) = app
        .send(
            reqwest::Method::DELETE,
            &format!("/api/v1/comments/{}", held["comment"]["id"]),
            held["edit_token"].as_str(),
            None,
        )
        .await;
    assert_eq!(status, 204);
    reader.quiet().await;

    let token = posted["edit_token"].as_str().unwrap();
    let (status, _) = app
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/comments/{id}"),
            Some(token),
            Some(json!({ "body": "Hello, *edited*" })),
        )
        .await;
    assert_eq!(status, 200);
    let edited = reader.next().await;
    assert_eq!(edited.data["change"], "edited");
    assert_eq!(
        edited.data["comment"]["body"][0]["children"][1]["type"],
        "emphasis"
    );

    let (status, reply) = app.post(comment("A reply", Some(id))).await;
    assert_eq!(status, 201);
    let reply_added = reader.next().await;
    assert_eq!(reply_added.data["comment"]["parent_id"], id);
    let (status, _) = app
        .send(
            reqwest::Method::DELETE,
            &format!("/api/v1/comments/{id}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(status, 204);
    let deleted = reader.next().await;
    assert_eq!(
        deleted.data,
        json!({ "change": "deleted", "id": id, "placeholder": true })
    );
    assert!(added.id < edited.id && edited.id < reply_added.id && reply_added.id < deleted.id);
    assert_eq!(reply["comment"]["parent_id"], id);
}

#[tokio::test]
async fn a_reconnecting_reader_catches_up_from_its_last_event_id() {
    let app = TestApp::spawn().await;
    let mut reader = open(&app, None).await;
    app.post(comment("First", None)).await;
    let first = reader.next().await;
    drop(reader);

    // While the reader is away.
    for body in ["Second", "Third"] {
        assert_eq!(app.post(comment(body, None)).await.0, 201);
    }
    let mut back = open(&app, Some(first.id)).await;
    let second = back.next().await;
    let third = back.next().await;
    let texts: Vec<&Value> = [&second, &third]
        .iter()
        .map(|event| &event.data["comment"]["body"][0]["children"][0]["text"])
        .collect();
    assert_eq!(texts, ["Second", "Third"]);
    // And live again after the catching up.
    app.post(comment("Fourth", None)).await;
    assert_eq!(
        back.next().await.data["comment"]["body"][0]["children"][0]["text"],
        "Fourth"
    );

    // Another thread's comments are not this reader's business.
    let mut other = comment("Elsewhere", None);
    other["thread"] = "/elsewhere/".into();
    app.post(other).await;
    back.quiet().await;
}

/// A reader that saw one comment posted and went away: the last event it saw.
async fn leave_after_one_comment(app: &TestApp) -> crate::sse::Received {
    let mut reader = open(app, None).await;
    app.post(comment("Before leaving", None)).await;
    reader.next().await
}

#[tokio::test]
async fn a_reader_away_for_too_many_changes_is_told_it_missed_some() {
    let app = TestApp::spawn().await;
    let left_at = leave_after_one_comment(&app).await;

    // As many changes as a reconnection brings back (2,000), posted 20 at a time.
    let post_many = |from: usize, to: usize| {
        let app = &app;
        async move {
            for start in (from..to).step_by(20) {
                let batch = (start..(start + 20).min(to))
                    .map(|n| app.post(comment(&format!("Comment number {n} while away"), None)));
                for (status, _) in futures_util::future::join_all(batch).await {
                    assert_eq!(status, 201);
                }
            }
        }
    };
    post_many(0, 2_000).await;
    let mut back = open(&app, Some(left_at.id)).await;
    let mut last = left_at.id;
    for _ in 0..2_000 {
        let event = back.next().await;
        assert_eq!(event.data["change"], "added");
        assert!(event.id > last);
        last = event.id;
    }
    back.quiet().await;
    drop(back);

    // One more, and the same reconnection is told it missed some.
    post_many(2_000, 2_001).await;
    let mut back = open(&app, Some(left_at.id)).await;
    for _ in 0..2_000 {
        assert_eq!(back.next().await.data["change"], "added");
    }
    let missed = back.next().await;
    assert_eq!(missed.data, json!({ "change": "missed" }));
    assert!(
        missed.id > last,
        "the stream goes on from the latest change"
    );
    // Live again afterwards, and a reconnection from there misses nothing more.
    app.post(comment("After coming back", None)).await;
    let after = back.next().await;
    assert_eq!(
        after.data["comment"]["body"][0]["children"][0]["text"],
        "After coming back"
    );
    drop(back);
    let mut again = open(&app, Some(missed.id)).await;
    assert_eq!(again.next().await.id, after.id);
    again.quiet().await;
}

#[tokio::test]
async fn a_comment_posted_and_deleted_while_the_reader_was_away_comes_erased_then_goes() {
    let app = TestApp::spawn().await;
    let left_at = leave_after_one_comment(&app).await;

    let (status, posted) = app.post(comment("Regretted at once", None)).await;
    assert_eq!(status, 201);
    let id = posted["comment"]["id"].as_i64().unwrap();
    let (status, _) = app
        .send(
            reqwest::Method::DELETE,
            &format!("/api/v1/comments/{id}"),
            posted["edit_token"].as_str(),
            None,
        )
        .await;
    assert_eq!(status, 204);

    // The reader is told of it (so the deletion has something to take away), erased.
    let mut back = open(&app, Some(left_at.id)).await;
    let added = back.next().await;
    assert_eq!(added.data["change"], "added");
    assert_eq!(added.data["comment"]["id"], id);
    assert_eq!(added.data["comment"]["status"], "deleted");
    assert_eq!(added.data["comment"]["body"], json!([]));
    assert_eq!(added.data["comment"]["author"]["name"], "");
    let deleted = back.next().await;
    assert_eq!(
        deleted.data,
        json!({ "change": "deleted", "id": id, "placeholder": false })
    );
    back.quiet().await;
}

#[tokio::test]
async fn a_stream_needs_a_thread_and_a_well_formed_last_event_id() {
    let app = TestApp::spawn().await;
    let get = |path: &'static str, last: Option<&'static str>| {
        let mut request = app.client.get(app.url(path));
        if let Some(last) = last {
            request = request.header("Last-Event-ID", last);
        }
        async move { request.send().await.unwrap() }
    };
    let response = get("/api/v1/events", None).await;
    assert_eq!(response.status(), 422);
    let response = get("/api/v1/events?thread=/live/", Some("yesterday")).await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_last_event_id");
    for bad in ["%00", "-1", "1e9", "99999999999999999999"] {
        let path = format!("/api/v1/events?thread=/live/&last_event_id={bad}");
        let response = app.client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), 422, "{bad}");
    }
    // An id from the future (a restored backup) counts from now: the stream opens.
    let response = get("/api/v1/events?thread=/live/", Some("123456789")).await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn a_comment_marked_as_spam_leaves_every_readers_page() {
    let app = TestApp::spawn().await;
    let mut reader = open(&app, None).await;
    let (_, posted) = app.post(comment("Buy cheap things", None)).await;
    let id = posted["comment"]["id"].as_i64().unwrap();
    assert_eq!(reader.next().await.data["change"], "added");
    let (status, _) = app
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/admin/comments/{id}/spam"),
            Some(crate::common::ADMIN_TOKEN),
            None,
        )
        .await;
    assert_eq!(status, 204);
    assert_eq!(
        reader.next().await.data,
        json!({ "change": "deleted", "id": id, "placeholder": false })
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_stops_on_sigterm_while_readers_are_following() {
    let dir = tempfile::tempdir().unwrap();
    let database = crate::common::fresh_database(dir.path()).await;
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_confab-server"));
    command
        .args(["--bind", "127.0.0.1:0"])
        .arg("--database")
        .arg(crate::common::database_argument(&database))
        .stderr(std::process::Stdio::null());
    let (mut server, url) = crate::common::start_binary(command);
    let client = reqwest::Client::new();
    let stream = client
        .get(format!("{url}/api/v1/events?thread={THREAD}"))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    let terminated = std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(terminated.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = server.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            break;
        }
        assert!(Instant::now() < deadline, "the server did not stop");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    drop(stream);
}
