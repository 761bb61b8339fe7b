//! The proof of work: a site that always asks refuses posts whose proof is missing,
//! wrong, forged, expired or spent before (a retry of the same post excepted); `auto`
//! asks nothing while posts come calmly, asks more the faster they come, refuses a proof
//! solved when it asked less, and asks nothing again once the burst is over.

use crate::common::{TestApp, new_comment};
use confab_api::proof::Search;
use confab_server::http::RouterSetup;
use confab_server::proof::{AUTO_BITS, LIFETIME_MILLIS, issue};
use confab_server::settings::proof::ProofOfWork;
use confab_server::storage::now_millis;
use serde_json::Value;
use std::time::Duration;

async fn spawn(proof_of_work: ProofOfWork, window: Duration) -> TestApp {
    TestApp::spawn_tuned(RouterSetup::default(), |rules, _| {
        rules.proof_of_work = proof_of_work;
        rules.proof_window = window;
    })
    .await
}

/// A challenge from the server: the text and its difficulty.
async fn challenge(app: &TestApp) -> (String, u8) {
    let response = app
        .client
        .get(app.url("/api/v1/challenge"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let answer: Value = response.json().await.unwrap();
    (
        answer["challenge"].as_str().unwrap().to_owned(),
        u8::try_from(answer["difficulty"].as_u64().unwrap()).unwrap(),
    )
}

/// A fresh challenge, solved.
async fn proof(app: &TestApp) -> String {
    let (challenge, difficulty) = challenge(app).await;
    Search::new(&challenge, difficulty).solve()
}

fn with_proof(proof: &str) -> Value {
    let mut comment = new_comment();
    comment["proof"] = proof.into();
    comment
}

async fn refused(app: &TestApp, comment: Value) -> String {
    let (status, answer) = app.post(comment).await;
    assert_eq!(status, 403, "{answer}");
    answer["error"]["code"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_site_that_always_asks_refuses_missing_wrong_expired_and_spent_proofs() {
    let app = spawn(ProofOfWork::Fixed(8), Duration::from_secs(600)).await;
    let (challenge_text, difficulty) = challenge(&app).await;
    assert_eq!(difficulty, 8);
    assert_eq!(refused(&app, new_comment()).await, "proof_required");

    let key = app.storage.server_key().await.unwrap();
    let forged_elsewhere =
        Search::new(&issue("another-key", "default", 8, now_millis()), 8).solve();
    let other_site = Search::new(&issue(&key, "shop", 8, now_millis()), 8).solve();
    let easier = Search::new(&challenge_text.replacen(".8.", ".1.", 1), 1).solve();
    let unsolved = (0..)
        .map(|number| format!("{challenge_text}:{number}"))
        .find(|proof| confab_api::proof::zero_bits(proof) < 8)
        .unwrap();
    for wrong in [
        forged_elsewhere,
        other_site,
        easier,
        unsolved,
        "".to_owned(),
        "nonsense".to_owned(),
        format!("{challenge_text}:"),
        format!("{challenge_text}:99999999999999999999999"),
        "\u{0}:\u{0}".to_owned(),
        "é".repeat(10_000),
    ] {
        assert_eq!(
            refused(&app, with_proof(&wrong)).await,
            "proof_wrong",
            "{wrong:.40}"
        );
    }
    let long_ago = now_millis() - LIFETIME_MILLIS - 60_000;
    let expired = Search::new(&issue(&key, "default", 8, long_ago), 8).solve();
    assert_eq!(refused(&app, with_proof(&expired)).await, "proof_expired");
    let before = app.thread(&crate::common::demo_key()).await["thread"]["count"].clone();

    // A good proof passes once; a retry of the same post (same key) may show it again,
    // or a fresh one, and gets the same comment back.
    let good = Search::new(&challenge_text, 8).solve();
    let comment = with_proof(&good);
    let (status, first) = app
        .post_with_key(comment.clone(), Some("retry-key-1"))
        .await;
    assert_eq!(status, 201, "{first}");
    let (status, again) = app
        .post_with_key(comment.clone(), Some("retry-key-1"))
        .await;
    assert_eq!(
        (status, &again["comment"]["id"]),
        (201, &first["comment"]["id"])
    );
    let mut fresh = comment.clone();
    fresh["proof"] = proof(&app).await.into();
    let (status, again) = app.post_with_key(fresh, Some("retry-key-1")).await;
    assert_eq!(
        (status, &again["comment"]["id"]),
        (201, &first["comment"]["id"])
    );
    // A retry of the stored post needs no proof at all.
    let mut bare = comment.clone();
    bare.as_object_mut().unwrap().remove("proof");
    let (status, again) = app.post_with_key(bare, Some("retry-key-1")).await;
    assert_eq!(
        (status, &again["comment"]["id"]),
        (201, &first["comment"]["id"])
    );
    // Another post may not.
    assert_eq!(refused(&app, with_proof(&good)).await, "proof_replayed");
    let mut other_post = with_proof(&good);
    other_post["body"] = "Another comment with the same proof".into();
    assert_eq!(
        app.post_with_key(other_post, Some("retry-key-2")).await.1["error"]["code"],
        "proof_replayed"
    );
    // Refused posts stored nothing: one comment more than before.
    let after = app.thread(&crate::common::demo_key()).await["thread"]["count"].clone();
    assert_eq!(after.as_u64().unwrap(), before.as_u64().unwrap() + 1);
}

#[tokio::test]
async fn auto_asks_only_under_a_burst_more_as_it_grows_and_nothing_after() {
    let window = Duration::from_secs(6);
    let app = spawn(ProofOfWork::Auto, window).await;
    // Calm: nothing asked, and a post goes without (a proof it carries is not looked at).
    let (calm_challenge, difficulty) = challenge(&app).await;
    assert_eq!(difficulty, 0);
    let calm_proof = format!("{calm_challenge}:0");
    app.post_id(serde_json::json!({})).await;
    app.post_id(serde_json::json!({"proof": "ignored while calm"}))
        .await;
    app.post_id(serde_json::json!({})).await;

    // A fourth post within the window is a burst from this client.
    let (_, difficulty) = challenge(&app).await;
    assert_eq!(difficulty, AUTO_BITS);
    assert_eq!(refused(&app, new_comment()).await, "proof_required");
    assert_eq!(
        refused(&app, with_proof(&calm_proof)).await,
        "proof_too_easy"
    );
    let (status, answer) = app.post(with_proof(&proof(&app).await)).await;
    assert_eq!(status, 201, "{answer}");
    app.post_id(serde_json::json!({"proof": proof(&app).await}))
        .await;
    // Twice the calm pace: four times the work.
    let (_, difficulty) = challenge(&app).await;
    assert_eq!(difficulty, AUTO_BITS + 2);

    // Once the burst is out of the window, nothing is asked again.
    tokio::time::sleep(window + Duration::from_millis(500)).await;
    let (_, difficulty) = challenge(&app).await;
    assert_eq!(difficulty, 0);
    app.post_id(serde_json::json!({})).await;
}

#[tokio::test]
async fn a_site_that_never_asks_gives_challenges_of_nothing() {
    let app = spawn(ProofOfWork::Off, Duration::from_secs(600)).await;
    for _ in 0..5 {
        app.post_id(serde_json::json!({"proof": "not looked at"}))
            .await;
    }
    assert_eq!(challenge(&app).await.1, 0);
}
