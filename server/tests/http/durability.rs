//! A crash loses no acknowledged comment: the real server binary takes a few hundred
//! concurrent posts, is killed with SIGKILL part-way, restarts on the same file, and every
//! comment it acknowledged is there (on SQLite, in a file that passes
//! `PRAGMA integrity_check`).

use crate::common::{fresh_database, start_server};
use confab_server::storage::Database;
use sqlx::Connection;
use std::process::Child;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

const THREAD: &str = "/crash-test/";
/// How many posts are sent in all.
const POSTS: usize = 1_000;

/// Starts the server binary on a free port, its rate limits lifted; returns it and its
/// base URL.
fn start(database: &Database) -> (Child, String) {
    start_server(
        database,
        &["--write-rate", "1000000", "--read-rate", "1000000"],
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_comment_survives_a_kill() {
    let dir = tempfile::tempdir().unwrap();
    let database = fresh_database(dir.path()).await;
    let (mut server, url) = start(&database);
    let client = reqwest::Client::new();
    let acknowledged = Arc::new(std::sync::Mutex::new(Vec::<i64>::new()));
    let answered = Arc::new(AtomicUsize::new(0));
    // Many more posts than can finish before the kill, a few dozen in flight at a time,
    // so the kill lands part-way however fast the machine commits a group.
    let in_flight = Arc::new(tokio::sync::Semaphore::new(48));
    let posts: Vec<_> = (0..POSTS)
        .map(|number| {
            let (client, url) = (client.clone(), url.clone());
            let (acknowledged, answered) = (Arc::clone(&acknowledged), Arc::clone(&answered));
            let in_flight = Arc::clone(&in_flight);
            tokio::spawn(async move {
                let _permit = in_flight.acquire().await.unwrap();
                let comment = serde_json::json!({
                    "thread": THREAD,
                    "author_name": "Crash Tester",
                    "body": format!("Comment {number} before the crash"),
                });
                let response = client
                    .post(format!("{url}/api/v1/comments"))
                    .json(&comment)
                    .send()
                    .await;
                if let Ok(response) = response
                    && response.status() == 201
                    && let Ok(body) = response.json::<serde_json::Value>().await
                {
                    acknowledged
                        .lock()
                        .unwrap()
                        .push(body["comment"]["id"].as_i64().unwrap());
                }
                answered.fetch_add(1, Ordering::SeqCst);
            })
        })
        .collect();
    while acknowledged.lock().unwrap().len() < 60 && answered.load(Ordering::SeqCst) < POSTS {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    server.kill().expect("SIGKILL");
    server.wait().unwrap();
    for post in posts {
        post.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() >= 60,
        "{} acknowledged before the kill",
        acknowledged.len()
    );
    assert!(acknowledged.len() < POSTS, "the kill came part-way");

    let (mut restarted, url) = start(&database);
    let page: serde_json::Value = client
        .get(format!("{url}/api/v1/comments?thread={THREAD}&limit=100"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let count = page["thread"]["count"].as_u64().unwrap() as usize;
    restarted.kill().unwrap();
    restarted.wait().unwrap();

    let stored = stored_ids(&database).await;
    for id in &acknowledged {
        assert!(stored.contains(id), "acknowledged comment {id} is present");
    }
    assert!(
        count >= acknowledged.len(),
        "the restarted server serves them all ({count})"
    );
    println!(
        "crash test: {} of {POSTS} posts acknowledged before SIGKILL, all {} present, {count} stored",
        acknowledged.len(),
        acknowledged.len()
    );
}

/// The ids of every stored comment, read straight from the database (after checking a
/// SQLite file's integrity).
async fn stored_ids(database: &Database) -> std::collections::HashSet<i64> {
    const IDS: &str = "SELECT id FROM comments";
    let ids: Vec<i64> = match database {
        Database::Sqlite(path) => {
            let url = format!("sqlite://{}", path.display());
            let mut connection = sqlx::SqliteConnection::connect(&url).await.unwrap();
            let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
                .fetch_one(&mut connection)
                .await
                .unwrap();
            assert_eq!(integrity, "ok");
            sqlx::query_scalar(IDS)
                .fetch_all(&mut connection)
                .await
                .unwrap()
        }
        Database::Postgres(url) => {
            let mut connection = sqlx::PgConnection::connect(url).await.unwrap();
            sqlx::query_scalar(IDS)
                .fetch_all(&mut connection)
                .await
                .unwrap()
        }
    };
    ids.into_iter().collect()
}
