//! What the server logs: never an edit token, even at the most verbose level, and never a
//! line a request could forge.

use std::process::Command;

#[tokio::test]
async fn edit_tokens_are_never_logged() {
    let dir = tempfile::tempdir().unwrap();
    let database = crate::common::fresh_database(dir.path()).await;
    let log = dir.path().join("server.log");
    let mut command = Command::new(env!("CARGO_BIN_EXE_confab-server"));
    command
        .args(["--bind", "127.0.0.1:0", "--demo"])
        .arg("--database")
        .arg(crate::common::database_argument(&database))
        .env("RUST_LOG", "trace")
        .stderr(std::fs::File::create(&log).unwrap());
    let (mut server, url) = crate::common::start_binary(command);
    let client = reqwest::Client::new();
    let posted: serde_json::Value = client
        .post(format!("{url}/api/v1/comments"))
        .header("Idempotency-Key", "logged-key")
        .json(&serde_json::json!({
            "thread": "/why-social-media-in-healthcare/",
            "author_name": "Quiet",
            "body": "Is my token in the log?",
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = posted["edit_token"].as_str().unwrap().to_owned();
    let edited = client
        .put(format!("{url}/api/v1/comments/{}", posted["comment"]["id"]))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "body": "Edited with the token." }))
        .send()
        .await
        .unwrap();
    assert_eq!(edited.status(), 200);
    server.kill().unwrap();
    server.wait().unwrap();
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(
        !logged.is_empty(),
        "the server logged something at trace level"
    );
    assert!(!logged.contains(&token), "the edit token is in the log");
}

#[tokio::test]
async fn values_from_a_request_cannot_forge_a_log_line() {
    let dir = tempfile::tempdir().unwrap();
    let database = crate::common::fresh_database(dir.path()).await;
    let log = dir.path().join("server.log");
    let mut command = Command::new(env!("CARGO_BIN_EXE_confab-server"));
    command
        .args(["--bind", "127.0.0.1:0"])
        .arg("--database")
        .arg(crate::common::database_argument(&database))
        .env("RUST_LOG", "info")
        .stderr(std::fs::File::create(&log).unwrap());
    let (mut server, url) = crate::common::start_binary(command);
    let forged = "ERROR confab_server: the admin token is hunter2";
    let answer = reqwest::Client::new()
        .post(format!("{url}/api/v1/comments"))
        .json(&serde_json::json!({
            "thread": format!("/post/\n{forged}"),
            "author_name": "Bot",
            "body": "Buy now",
            "homepage": "https://bot.example/",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 202, "the honeypot answers as if held");
    server.kill().unwrap();
    server.wait().unwrap();
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(logged.contains("honeypot"), "{logged}");
    assert!(
        !logged.lines().any(|line| line.starts_with(forged)),
        "a line break from the request began a log line: {logged}"
    );
}
