//! Three servers under load, one killed with SIGKILL and started again: every comment any
//! of them acknowledged is stored, and every server shows all of them.

use crate::{Replica, shared_database};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const THREAD: &str = "/replicas/";

/// Generous limits: the load comes from one address.
const UNLIMITED: [&str; 4] = ["--write-rate", "1000000", "--read-rate", "1000000"];

/// Posts comments `numbers` round-robin over `urls`, reading the thread after each post,
/// and adds the ids acknowledged to `acknowledged`.
async fn post_round_robin(
    client: &reqwest::Client,
    urls: &[String],
    numbers: std::ops::Range<usize>,
    acknowledged: &Arc<Mutex<Vec<i64>>>,
) {
    let tasks: Vec<_> = numbers
        .map(|number| {
            let client = client.clone();
            let url = urls[number % urls.len()].clone();
            let acknowledged = Arc::clone(acknowledged);
            tokio::spawn(async move {
                let comment = json!({
                    "thread": THREAD,
                    "author_name": "Load Tester",
                    "body": format!("Comment number {number}"),
                });
                let posted = client
                    .post(format!("{url}/api/v1/comments"))
                    .json(&comment)
                    .send()
                    .await;
                if let Ok(response) = posted
                    && response.status() == 201
                    && let Ok(body) = response.json::<Value>().await
                {
                    let id = body["comment"]["id"].as_i64().unwrap();
                    acknowledged.lock().unwrap().push(id);
                }
                let _ = client
                    .get(format!("{url}/api/v1/comments?thread={THREAD}"))
                    .send()
                    .await;
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
}

/// The ids of every comment the server at `url` shows in the whole thread.
async fn shown(client: &reqwest::Client, url: &str) -> HashSet<i64> {
    let page: Value = client
        .get(format!("{url}/api/v1/comments?thread={THREAD}&limit=all"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    page["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|comment| comment["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_acknowledged_comment_is_lost_when_one_of_three_servers_is_killed() {
    let (database, _dir) = shared_database().await;
    let mut replicas: Vec<Replica> = (0..3)
        .map(|_| Replica::start(&database, &UNLIMITED))
        .collect();
    let client = reqwest::Client::new();
    let urls: Vec<String> = replicas.iter().map(|replica| replica.url.clone()).collect();

    // Load on all three, and the kill in the middle of it.
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let load = {
        let (client, urls, acknowledged) = (client.clone(), urls.clone(), acknowledged.clone());
        tokio::spawn(async move { post_round_robin(&client, &urls, 0..300, &acknowledged).await })
    };
    while acknowledged.lock().unwrap().len() < 60 && !load.is_finished() {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    replicas[1].kill();
    let before_the_kill = acknowledged.lock().unwrap().len();
    load.await.unwrap();
    assert!(
        (60..300).contains(&before_the_kill),
        "the kill came mid-load ({before_the_kill} acknowledged before it)"
    );
    replicas[1] = Replica::start(&database, &UNLIMITED);
    let urls: Vec<String> = replicas.iter().map(|replica| replica.url.clone()).collect();
    post_round_robin(&client, &urls, 300..390, &acknowledged).await;
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() >= 250,
        "most posts were acknowledged ({})",
        acknowledged.len()
    );

    for url in &urls {
        let deadline = Instant::now() + Duration::from_secs(3);
        loop {
            let ids = shown(&client, url).await;
            let missing: Vec<_> = acknowledged.iter().filter(|id| !ids.contains(id)).collect();
            if missing.is_empty() {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "{url} lacks acknowledged comments {missing:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    println!(
        "three servers: {} of 390 posts acknowledged, one server killed and restarted, \
         all present on every server",
        acknowledged.len()
    );
}
