//! `confab-server migrate`: a SQLite instance copied into PostgreSQL and back serves the
//! same thread, new comments follow the copied ids, a second run adds nothing, and a
//! target that went its own way is refused, not overwritten.

use crate::{Replica, shared_database};
use confab_server::cli::seed::DEMO_THREAD_KEY;
use confab_server::storage::Database;
use serde_json::{Value, json};

fn migrate(from: &Database, to: &Database) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_confab-server"))
        .arg("migrate")
        .arg("--from")
        .arg(crate::common::database_argument(from))
        .arg("--to")
        .arg(crate::common::database_argument(to))
        .output()
        .unwrap()
}

/// The whole demo thread as the server at `url` serves it.
async fn whole_thread(url: &str) -> Value {
    reqwest::get(format!(
        "{url}/api/v1/comments?thread={DEMO_THREAD_KEY}&limit=all"
    ))
    .await
    .unwrap()
    .json()
    .await
    .unwrap()
}

async fn post(url: &str, body: &str) -> Value {
    let response = reqwest::Client::new()
        .post(format!("{url}/api/v1/comments"))
        .header("Idempotency-Key", format!("key-{}", body.len()))
        .json(&json!({"thread": DEMO_THREAD_KEY, "author_name": "Mover", "body": body}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_instance_moves_to_postgresql_and_back_unchanged() {
    let (postgres, dir) = shared_database().await;
    let sqlite = Database::Sqlite(dir.path().join("before.db"));

    // A SQLite instance with some history: the demo thread, new comments, an edit and a
    // deletion (so the outbox and the idempotency keys have rows too).
    let server = Replica::start(&sqlite, &["--demo"]);
    let kept = post(&server.url, "A comment that moves house").await;
    let gone = post(&server.url, "A comment deleted before the move").await;
    let client = reqwest::Client::new();
    for (method, comment, body) in [
        (
            reqwest::Method::PUT,
            &kept,
            Some(json!({"body": "Edited before the move"})),
        ),
        (reqwest::Method::DELETE, &gone, None),
    ] {
        let mut request = client
            .request(
                method,
                format!(
                    "{}/api/v1/comments/{}",
                    server.url, comment["comment"]["id"]
                ),
            )
            .bearer_auth(comment["edit_token"].as_str().unwrap());
        if let Some(body) = body {
            request = request.json(&body);
        }
        assert!(request.send().await.unwrap().status().is_success());
    }
    let before = whole_thread(&server.url).await;
    drop(server);

    let copied = migrate(&sqlite, &postgres);
    let report = String::from_utf8_lossy(&copied.stdout);
    assert!(
        copied.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&copied.stderr)
    );
    assert!(report.contains("Checked"), "{report}");
    let again = migrate(&sqlite, &postgres);
    let report = String::from_utf8_lossy(&again.stdout);
    assert!(again.status.success(), "a second run succeeds: {report}");
    assert!(
        report
            .lines()
            .filter(|line| line.ends_with(" 0 new"))
            .count()
            == confab_server::storage::copy::TABLES.len(),
        "a second run copies nothing: {report}"
    );

    let server = Replica::start(&postgres, &[]);
    assert_eq!(whole_thread(&server.url).await, before);
    let largest = before["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|comment| comment["id"].as_i64().unwrap())
        .max()
        .unwrap();
    let after_the_move = post(&server.url, "The first comment on PostgreSQL").await;
    assert!(after_the_move["comment"]["id"].as_i64().unwrap() > largest);
    let on_postgres = whole_thread(&server.url).await;
    drop(server);

    // The target went its own way: copying the old file again is refused.
    let refused = migrate(&sqlite, &postgres);
    assert!(!refused.status.success());
    let error = String::from_utf8_lossy(&refused.stderr);
    assert!(error.contains("already holds a different row"), "{error}");

    let back = Database::Sqlite(dir.path().join("after.db"));
    let copied = migrate(&postgres, &back);
    assert!(
        copied.status.success(),
        "{}",
        String::from_utf8_lossy(&copied.stderr)
    );
    let server = Replica::start(&back, &[]);
    assert_eq!(whole_thread(&server.url).await, on_postgres);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_source_that_does_not_exist_is_refused_not_created() {
    let (postgres, dir) = shared_database().await;
    let typo = Database::Sqlite(dir.path().join("confab.bd"));
    let refused = migrate(&typo, &postgres);
    assert!(!refused.status.success());
    let error = String::from_utf8_lossy(&refused.stderr);
    assert!(error.contains("there is no database file"), "{error}");
    assert!(!dir.path().join("confab.bd").exists());
    let mut url = url::Url::parse(&crate::common::database_argument(&postgres)).unwrap();
    url.set_path("/confab_never_created");
    let refused = migrate(&Database::Postgres(url.to_string()), &typo);
    assert!(!refused.status.success());
    assert!(
        !dir.path().join("confab.bd").exists(),
        "nothing was opened as the target"
    );
}
