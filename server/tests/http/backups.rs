//! `confab-server backup --to FILE` copies a live SQLite database while the server serves
//! and writes: the copy opens, passes `PRAGMA integrity_check`, and holds every comment
//! acknowledged before the backup started. Refusals are clear: an existing target, no
//! database file, a PostgreSQL database (which `pg_dump` backs up).

use crate::common::{output_of, start_server};
use confab_server::storage::Database;
use serde_json::{Value, json};
use sqlx::{ConnectOptions, sqlite::SqliteConnectOptions};
use std::sync::{Arc, Mutex};

/// Posts a comment to `thread` on the server at `url`; returns the status and the answer.
async fn post(url: &str, thread: &str, body: &str) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!("{url}/api/v1/comments"))
        .json(&json!({"thread": thread, "author_name": "Kay", "body": body}))
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

fn backup_command(database: &std::path::Path, to: &std::path::Path) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_confab-server"));
    command
        .arg("--database")
        .arg(database)
        .arg("backup")
        .arg("--to")
        .arg(to);
    command
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_under_write_load_holds_every_comment_acknowledged_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("live.db");
    let (mut server, url) = start_server(
        &Database::Sqlite(file.clone()),
        &["--write-rate", "1000000"],
    );
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut writers = Vec::new();
    for writer in 0..4 {
        let (url, acknowledged, stop) = (url.clone(), Arc::clone(&acknowledged), Arc::clone(&stop));
        writers.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                let body = json!({"thread": format!("/load-{writer}/"), "author_name": "Writer",
                                  "body": format!("Comment {n} of writer {writer}")});
                let response = client
                    .post(format!("{url}/api/v1/comments"))
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                if response.status() == 201 {
                    let posted: Value = response.json().await.unwrap();
                    acknowledged
                        .lock()
                        .unwrap()
                        .push(posted["comment"]["id"].as_i64().unwrap());
                }
            }
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    let before: Vec<i64> = acknowledged.lock().unwrap().clone();
    assert!(before.len() > 20, "the load is writing: {}", before.len());
    let copy = dir.path().join("copy.db");
    let output = output_of(backup_command(&file, &copy)).await;
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{said} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(said.contains("passes its integrity check"), "{said}");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for writer in writers {
        writer.await.unwrap();
    }
    let after = acknowledged.lock().unwrap().len();
    assert!(after > before.len(), "writes went on during the backup");

    let mut copied = SqliteConnectOptions::new()
        .filename(&copy)
        .read_only(true)
        .connect()
        .await
        .unwrap();
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut copied)
        .await
        .unwrap();
    assert_eq!(check, "ok");
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM comments")
        .fetch_all(&mut copied)
        .await
        .unwrap();
    let missing: Vec<&i64> = before.iter().filter(|id| !ids.contains(id)).collect();
    assert!(
        missing.is_empty(),
        "acknowledged before the backup, missing from it: {missing:?}"
    );
    server.kill().unwrap();
    server.wait().unwrap();
}

#[tokio::test]
async fn a_backup_never_overwrites_and_says_what_it_cannot_copy() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kept.db");
    // A database with one comment, its server stopped.
    let (mut server, url) = start_server(&Database::Sqlite(file.clone()), &[]);
    assert_eq!(post(&url, "/kept/", "Keep me").await.0, 201);
    server.kill().unwrap();
    server.wait().unwrap();

    let existing = dir.path().join("existing.db");
    std::fs::write(&existing, b"something precious").unwrap();
    let refusals = [
        (backup_command(&file, &existing), "exists already"),
        (
            backup_command(&dir.path().join("nowhere.db"), &dir.path().join("x.db")),
            "there is no database file",
        ),
    ];
    for (command, expected) in refusals {
        let output = output_of(command).await;
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success());
        assert!(said.contains(expected), "{said}");
    }
    assert_eq!(std::fs::read(&existing).unwrap(), b"something precious");
    let mut postgres = std::process::Command::new(env!("CARGO_BIN_EXE_confab-server"));
    postgres
        .args([
            "--database",
            "postgres://nobody@127.0.0.1:9/none",
            "backup",
            "--to",
        ])
        .arg(dir.path().join("pg.db"));
    let output = output_of(postgres).await;
    assert!(String::from_utf8_lossy(&output.stderr).contains("pg_dump"));

    let copy = dir.path().join("fresh.db");
    let output = output_of(backup_command(&file, &copy)).await;
    assert!(String::from_utf8_lossy(&output.stdout).contains("1 threads, 1 comments"));
}

#[tokio::test]
async fn comments_are_pinned_and_unpinned_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pins.db");
    let (mut server, url) = start_server(&Database::Sqlite(file.clone()), &[]);
    let client = reqwest::Client::new();
    let mut ids = Vec::new();
    for body in ["First", "Second"] {
        let (_, posted) = post(&url, "/pins/", body).await;
        ids.push(posted["comment"]["id"].as_i64().unwrap());
    }
    let run = |action: &str, id: String| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_confab-server"));
        command
            .arg("--database")
            .arg(&file)
            .args([action, "--id", &id]);
        output_of(command)
    };
    let output = run("pin", ids[1].to_string()).await;
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .contains(&format!("Pinned comment {} in /pins/", ids[1]))
    );
    // The server's cached page is at most seconds old.
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let page: Value = client
        .get(format!("{url}/api/v1/comments?thread=/pins/"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["comments"][0]["id"], ids[1]);
    assert_eq!(page["comments"][0]["pinned"], true);
    let output = run("pin", "999999".into()).await;
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no such comment"));
    let output = run("unpin", ids[1].to_string()).await;
    assert!(output.status.success());
    server.kill().unwrap();
    server.wait().unwrap();
}
