//! The outbox survives a crash: the real server binary commits a comment while its SMTP
//! server is unreachable, is killed with SIGKILL before the mail could leave, and after a
//! restart the mail arrives exactly once.

use super::sinks::SmtpSink;
use super::{comment, config};
use crate::common::fresh_database;
use confab_server::storage::Database;
use std::path::Path;
use std::process::Child;

fn start(config_file: &Path, database: &Database) -> (Child, String) {
    let config = config_file.to_str().expect("a UTF-8 path");
    crate::common::start_server(database, &["--config", config])
}

/// An owner no other test mails, so no other test's server can reach this one's sink.
const OWNER: &str = "owner-of-the-crash-test@blog.example";

/// A port held by a listener that hangs up on every connection: each SMTP attempt fails
/// until the listener is stopped and the sink takes the port.
async fn hanging_up() -> (u16, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let task = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            drop(stream);
        }
    });
    (port, task)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mail_committed_before_a_kill_is_sent_once_after_the_restart() {
    let (port, hang_up) = hanging_up().await;
    let dir = tempfile::tempdir().unwrap();
    let config_file = dir.path().join("confab.toml");
    std::fs::write(
        &config_file,
        config(port, &format!("owner_emails = [\"{OWNER}\"]")),
    )
    .unwrap();
    let database = fresh_database(dir.path()).await;

    let (mut server, url) = start(&config_file, &database);
    let response = reqwest::Client::new()
        .post(format!("{url}/api/v1/comments"))
        .json(&comment(
            "Ann",
            "ann@example.com",
            "Written before the crash",
            None,
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    server.kill().expect("SIGKILL");
    server.wait().unwrap();

    hang_up.abort();
    let _ = hang_up.await;
    let smtp = SmtpSink::start_on(port).await;
    assert!(smtp.mails().is_empty());
    let (mut server, _) = start(&config_file, &database);
    let mails = smtp.wait_for(OWNER, 1).await;
    assert!(mails[0].text().contains("> Written before the crash"));
    // Several retry periods later, still one.
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    assert_eq!(smtp.mails_to(OWNER).len(), 1);
    server.kill().unwrap();
    server.wait().unwrap();
}
