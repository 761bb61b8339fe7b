//! Mail from several servers: each delivery is claimed by one server, so a comment's owner
//! mail goes out once however many servers run the notifier.

use crate::sinks::SmtpSink;
use crate::{Replica, config_file, shared_database};
use serde_json::json;
use std::time::Duration;

const OWNER: &str = "owner@blog.example";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_servers_send_each_owner_mail_once() {
    let smtp = SmtpSink::start().await;
    let (database, dir) = shared_database().await;
    let config = config_file(
        dir.path(),
        &format!(
            "[mail]\nsmtp_host = \"127.0.0.1\"\nsmtp_port = {}\nsecurity = \"none\"\n\
             from = \"Confab <comments@blog.example>\"\npublic_url = \"https://blog.example/\"\n\
             [[site]]\nname = \"blog\"\nowner_emails = [\"{OWNER}\"]\n",
            smtp.port
        ),
    );
    let args = [
        "--config",
        config.to_str().unwrap(),
        "--write-rate",
        "1000000",
    ];
    let replicas: Vec<Replica> = (0..3).map(|_| Replica::start(&database, &args)).collect();
    let client = reqwest::Client::new();
    const COMMENTS: usize = 30;
    for number in 0..COMMENTS {
        let url = &replicas[number % replicas.len()].url;
        let posted = client
            .post(format!("{url}/api/v1/comments"))
            .json(&json!({
                "thread": "/mailed/",
                "author_name": "Ann",
                "body": format!("Mailed comment {number}"),
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(posted.status(), 201);
    }
    smtp.wait_for(OWNER, COMMENTS).await;
    // Every server polls at least once a second: long enough for a second copy to show.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mut bodies: Vec<String> = smtp
        .mails_to(OWNER)
        .iter()
        .map(|mail| {
            let text = mail.text();
            let start = text.find("Mailed comment ").expect("the comment is quoted");
            text[start..]
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    bodies.sort();
    bodies.dedup();
    assert_eq!(smtp.mails_to(OWNER).len(), COMMENTS, "one mail per comment");
    assert_eq!(bodies.len(), COMMENTS, "every comment mailed");
}
