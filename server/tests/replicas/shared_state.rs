//! What must not live in one process: live updates reach readers on every server, and
//! idempotency keys, posting limits, moderators' sessions and proofs of work hold across
//! servers.

use crate::common::login_request;
use crate::sse::EventStream;
use crate::{Replica, config_file, shared_database};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const THREAD: &str = "/shared/";

fn comment(body: &str) -> Value {
    json!({"thread": THREAD, "author_name": "Ann", "body": body})
}

/// Posts `body` on the server at `url` with an optional idempotency key; returns the status
/// and the answer.
async fn post(url: &str, body: &str, key: Option<&str>) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .post(format!("{url}/api/v1/comments"))
        .json(&comment(body));
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_on_one_server_sees_a_comment_posted_on_another_and_catches_up() {
    let (database, _dir) = shared_database().await;
    let (a, b) = (
        Replica::start(&database, &[]),
        Replica::start(&database, &[]),
    );
    let client = reqwest::Client::new();
    let mut reader = EventStream::open(&client, &b.url, THREAD, None).await;
    let (status, posted) = post(&a.url, "Posted on A", None).await;
    assert_eq!(status, 201);
    let acknowledged = Instant::now();
    let added = reader.next().await;
    let delay = acknowledged.elapsed();
    assert_eq!(added.data["change"], "added");
    assert_eq!(added.data["comment"]["id"], posted["comment"]["id"]);
    assert!(delay < Duration::from_secs(1), "arrived after {delay:?}");

    // The reader drops off; two comments are posted on A meanwhile.
    drop(reader);
    let mut missed = Vec::new();
    for body in ["Missed one", "Missed two"] {
        let (status, posted) = post(&a.url, body, None).await;
        assert_eq!(status, 201);
        missed.push(posted["comment"]["id"].clone());
    }
    let mut back = EventStream::open(&client, &b.url, THREAD, Some(added.id)).await;
    for id in missed {
        assert_eq!(back.next().await.data["comment"]["id"], id);
    }
    back.quiet().await;
    println!("live update across servers arrived {delay:?} after the acknowledgement");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_on_another_server_returns_the_first_comment() {
    let (database, _dir) = shared_database().await;
    let (a, b) = (
        Replica::start(&database, &[]),
        Replica::start(&database, &[]),
    );
    let (first_status, first) = post(&a.url, "Sent twice", Some("retry-key-1")).await;
    let (second_status, second) = post(&b.url, "Sent twice", Some("retry-key-1")).await;
    assert_eq!((first_status, second_status), (201, 201));
    assert_eq!(first["comment"]["id"], second["comment"]["id"]);
    let (status, error) = post(&b.url, "Something else", Some("retry-key-1")).await;
    assert_eq!(status, 422, "{error}");
    let page: Value = reqwest::get(format!("{}/api/v1/comments?thread={THREAD}", a.url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["thread"]["count"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_post_sent_to_two_servers_at_once_is_stored_once() {
    let (database, _dir) = shared_database().await;
    let unlimited = ["--write-rate", "1000000"];
    let (a, b) = (
        Replica::start(&database, &unlimited),
        Replica::start(&database, &unlimited),
    );
    for round in 0..10 {
        // A retry with the same key: one comment, both answers name it.
        let key = format!("simultaneous-{round}");
        let body = format!("Sent to both servers at once, round {round}");
        let ((first_status, first), (second_status, second)) = tokio::join!(
            post(&a.url, &body, Some(&key)),
            post(&b.url, &body, Some(&key))
        );
        assert_eq!(
            (first_status, second_status),
            (201, 201),
            "{first} {second}"
        );
        assert_eq!(first["comment"]["id"], second["comment"]["id"]);
        // The same text without a key: one is stored, the other refused as a duplicate.
        let body = format!("Posted twice without a key, round {round}");
        let ((first_status, _), (second_status, _)) =
            tokio::join!(post(&a.url, &body, None), post(&b.url, &body, None));
        let mut statuses = [first_status, second_status];
        statuses.sort_unstable();
        assert_eq!(statuses, [201, 422], "round {round}");
    }
    let page: Value = reqwest::get(format!(
        "{}/api/v1/comments?thread={THREAD}&limit=all",
        b.url
    ))
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(page["thread"]["count"], 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn posting_limits_hold_across_servers() {
    let (database, _dir) = shared_database().await;
    let limited = ["--write-rate", "3"];
    let (a, b) = (
        Replica::start(&database, &limited),
        Replica::start(&database, &limited),
    );
    let mut statuses = Vec::new();
    for (number, url) in [&a.url, &b.url, &a.url, &b.url].into_iter().enumerate() {
        statuses.push(post(url, &format!("Post number {number}"), None).await.0);
    }
    assert_eq!(statuses, [201, 201, 201, 429]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moderator_logged_in_on_one_server_is_known_to_the_others() {
    let (database, dir) = shared_database().await;
    let hash = confab_server::passwords::hash_password("a long moderator password").unwrap();
    let config = config_file(
        dir.path(),
        &format!("[[admin.moderator]]\nname = \"liza\"\npassword_hash = \"{hash}\"\n"),
    );
    let args = ["--config", config.to_str().unwrap()];
    let (a, b) = (
        Replica::start(&database, &args),
        Replica::start(&database, &args),
    );
    let client = reqwest::Client::new();
    let login = login(&client, &a.url, "a long moderator password").await;
    assert_eq!(login.status(), 200);
    let cookie = login.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let me = client
        .get(format!("{}/api/v1/admin/me", b.url))
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    let me: Value = me.json().await.unwrap();
    assert_eq!(me["name"], "liza", "{me}");
}

/// `POST /api/v1/admin/login` as Liza with `password` on the server at `url`.
async fn login(client: &reqwest::Client, url: &str, password: &str) -> reqwest::Response {
    login_request(client, url, "liza", password)
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guessing_passwords_on_several_servers_is_stopped_after_five_tries_in_all() {
    let (database, dir) = shared_database().await;
    let hash = confab_server::passwords::hash_password("a long moderator password").unwrap();
    let config = config_file(
        dir.path(),
        &format!("[[admin.moderator]]\nname = \"liza\"\npassword_hash = \"{hash}\"\n"),
    );
    // Rate limits lifted: only the login throttle may refuse.
    let args = [
        "--config",
        config.to_str().unwrap(),
        "--write-rate",
        "1000000",
    ];
    let (a, b) = (
        Replica::start(&database, &args),
        Replica::start(&database, &args),
    );
    let client = reqwest::Client::new();
    // Twelve guesses at once, spread over both servers: five are checked, the rest wait.
    let guesses = (0..12).map(|guess| {
        let (client, url) = (client.clone(), [&a.url, &b.url][guess % 2].clone());
        async move {
            login(&client, &url, &format!("guess number {guess}"))
                .await
                .status()
        }
    });
    let mut statuses = futures_util::future::join_all(guesses).await;
    statuses.sort();
    let checked = statuses.iter().filter(|status| **status == 401).count();
    assert_eq!(checked, 5, "{statuses:?}");
    assert!(
        statuses
            .iter()
            .all(|status| [401, 429].contains(&status.as_u16()))
    );
    for url in [&a.url, &b.url] {
        let answer = login(&client, url, "a long moderator password").await;
        assert_eq!(answer.status(), 429, "{url} shuts the door too");
    }
}

/// A challenge from the server at `url`: the text and its difficulty.
async fn challenge(url: &str) -> (String, u8) {
    let answer: Value = reqwest::get(format!("{url}/api/v1/challenge"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let difficulty = answer["difficulty"].as_u64().unwrap();
    (
        answer["challenge"].as_str().unwrap().to_owned(),
        u8::try_from(difficulty).unwrap(),
    )
}

async fn post_with_proof(url: &str, body: &str, proof: &str) -> (u16, Value) {
    let mut comment = comment(body);
    comment["proof"] = proof.into();
    let response = reqwest::Client::new()
        .post(format!("{url}/api/v1/comments"))
        .json(&comment)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_proof_of_work_from_one_server_passes_on_another_once_and_the_pace_is_shared() {
    let (database, _dir) = shared_database().await;
    let args = ["--proof-of-work", "8", "--write-rate", "1000"];
    let (a, b) = (
        Replica::start(&database, &args),
        Replica::start(&database, &args),
    );
    let (text, difficulty) = challenge(&a.url).await;
    assert_eq!(difficulty, 8);
    let proof = confab_api::proof::Search::new(&text, difficulty).solve();
    let (status, answer) = post_with_proof(&b.url, "Proved on A, posted on B", &proof).await;
    assert_eq!(status, 201, "{answer}");
    let (status, answer) = post_with_proof(&a.url, "The same proof on A", &proof).await;
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (403, Some("proof_replayed"))
    );
    drop((a, b));

    // `auto`: three posts on one server make the fourth a burst on the other too.
    let (database, _dir) = shared_database().await;
    let args = ["--proof-of-work", "auto", "--write-rate", "1000"];
    let (a, b) = (
        Replica::start(&database, &args),
        Replica::start(&database, &args),
    );
    assert_eq!(challenge(&b.url).await.1, 0);
    for body in ["One", "Two", "Three"] {
        assert_eq!(post(&a.url, body, None).await.0, 201);
    }
    assert_eq!(challenge(&b.url).await.1, confab_server::proof::AUTO_BITS);
    let (status, answer) = post(&b.url, "Four, unproved", None).await;
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (403, Some("proof_required"))
    );
}
