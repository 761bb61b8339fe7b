//! Votes across servers on one PostgreSQL database: votes cast through either server add
//! up on one comment (neither overwrites the other's count), the network budget holds
//! across them, a vote changed on one server is changed for both, and each server's
//! readers hear the totals live, whichever server counted the votes.

use super::{Replica, shared_database};
use serde_json::{Value, json};

async fn vote(
    client: &reqwest::Client,
    url: &str,
    id: i64,
    voter: &str,
    value: i8,
) -> (u16, Value) {
    let response = client
        .put(format!("{url}/api/v1/comments/{id}/vote"))
        .json(&json!({"value": value, "voter": voter}))
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn votes_through_two_servers_add_up_on_one_comment() {
    let (database, _dir) = shared_database().await;
    let args = [
        "--write-rate",
        "1000",
        "--votes",
        "up-down",
        "--votes-per-network",
        "40",
    ];
    let (a, b) = (
        Replica::start(&database, &args),
        Replica::start(&database, &args),
    );
    let client = reqwest::Client::new();
    let posted: Value = client
        .post(format!("{}/api/v1/comments", a.url))
        .json(&json!({"thread": "/shared-votes/", "author_name": "Ada", "body": "Vote on me"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = posted["comment"]["id"].as_i64().unwrap();
    let mut reader = crate::sse::EventStream::open(&client, &b.url, "/shared-votes/", None).await;

    // Twenty voters on each server at once.
    let mut casts = Vec::new();
    for n in 0..40 {
        let (client, url) = (
            client.clone(),
            if n % 2 == 0 {
                a.url.clone()
            } else {
                b.url.clone()
            },
        );
        casts.push(tokio::spawn(async move {
            vote(&client, &url, id, &format!("shared-voter-key-{n:04}"), 1)
                .await
                .0
        }));
    }
    for cast in casts {
        assert_eq!(cast.await.unwrap(), 200);
    }
    // The network's budget (40) is spent on both servers.
    assert_eq!(
        vote(&client, &b.url, id, "one-voter-too-many-01", 1)
            .await
            .0,
        429
    );
    // A voter counted through A changes their vote through B.
    let (status, tally) = vote(&client, &b.url, id, "shared-voter-key-0000", -1).await;
    assert_eq!(status, 200, "{tally}");
    assert_eq!(
        (tally["up"].clone(), tally["down"].clone()),
        (json!(39), json!(1))
    );

    // B's live reader hears the totals that A and B counted.
    loop {
        let event = reader.next_without_id().await;
        assert_eq!(event["change"], "tallied", "{event}");
        if event["tallies"][0] == json!({"id": id, "up": 39, "down": 1}) {
            break;
        }
    }
}
