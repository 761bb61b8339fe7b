//! The spam filter that learns from moderators: it says nothing until a site's
//! moderators decided on 50 spam and 50 good comments, learns from each decision (and
//! takes back a changed one), then scores every new comment, holding or marking as spam
//! what scores high and noting the score with the words that weighed most; what it
//! learned is in the database, so another server process on it judges alike, and
//! `retrain-filter` relearns it from every past decision.

use crate::common::{TestApp, database_argument, demo_key, output_of, start_server};
use confab_server::http::RouterSetup;
use confab_server::settings::Moderation;
use reqwest::Method;
use serde_json::{Value, json};

fn comment(name: &str, body: &str) -> Value {
    json!({"thread": demo_key(), "author_name": name, "body": body})
}

fn spam(n: usize) -> String {
    let offers = [
        "cheap watches",
        "casino bonus",
        "free followers",
        "crypto giveaway",
    ];
    format!(
        "Get {} now, visit <https://deals{n}.spam.example/> for the best {} offer {n}!",
        offers[n % 4],
        offers[(n + 1) % 4]
    )
}

fn good(n: usize) -> String {
    let topics = [
        "sleep",
        "the patients",
        "social media",
        "the nurses' stories",
    ];
    format!(
        "Thanks for this article. What you wrote about {} matches what I saw at my clinic, \
         and the part on {} made me think (note {n}).",
        topics[n % 4],
        topics[(n + 2) % 4]
    )
}

/// Posts a comment and gives its id.
async fn post(app: &TestApp, body: &str) -> i64 {
    let (status, answer) = app.post(comment("Poster", body)).await;
    assert!(status == 201 || status == 202, "{status}: {answer}");
    answer["comment"]["id"].as_i64().unwrap()
}

/// A comment's status and note as moderators see them, found by its text.
async fn judged(app: &TestApp, id: i64, text: &str) -> (String, Value) {
    let query = text.chars().take(60).collect::<String>();
    let path = format!("/api/v1/admin/queue?status=all&q={}", url_escape(&query));
    let (status, listed) = app.admin(Method::GET, &path, None).await;
    assert_eq!(status, 200, "{listed}");
    let item = listed["comments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["comment"]["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("{id} not listed"));
    (
        item["comment"]["status"].as_str().unwrap().to_owned(),
        item.get("rule_note").cloned().unwrap_or(Value::Null),
    )
}

fn url_escape(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => (byte as char).to_string(),
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

async fn decide(app: &TestApp, id: i64, action: &str) {
    let path = format!("/api/v1/admin/comments/{id}/{action}");
    let (status, answer) = app.admin(Method::POST, &path, None).await;
    assert_eq!(status, 204, "{action} {id}: {answer}");
}

/// A held site whose moderators decided on `count` spam and `count` good comments.
async fn taught(count: usize) -> TestApp {
    let app = TestApp::spawn_tuned(RouterSetup::default(), |site, _| {
        site.moderation = Moderation::All;
    })
    .await;
    for n in 0..count {
        let id = post(&app, &spam(n)).await;
        decide(&app, id, "spam").await;
        let id = post(&app, &good(n)).await;
        decide(&app, id, "approve").await;
    }
    app
}

/// What the Rules tab says of the site's filter.
async fn filter_state(app: &TestApp) -> Value {
    let (_, list) = app.admin(Method::GET, "/api/v1/admin/rules", None).await;
    list["filters"][0].clone()
}

const NEW_SPAM: &str = "Casino bonus and cheap watches, visit <https://other.spam.example/> now!";
const NEW_GOOD: &str = "Thanks, what you wrote about sleep matches what I saw at my clinic.";

#[tokio::test]
async fn the_filter_waits_for_fifty_of_each_then_holds_and_marks_what_scores_high() {
    // 49 of each: not enough, so nothing is scored, and the Rules tab says so.
    let app = taught(49).await;
    assert_eq!(
        filter_state(&app).await,
        json!({"site": "default", "spam": 49, "good": 49, "needed": 50, "judging": false,
               "hold_at": 95, "spam_at": 99})
    );
    let id = post(&app, NEW_SPAM).await;
    assert_eq!(
        judged(&app, id, NEW_SPAM).await,
        ("pending".to_owned(), Value::Null)
    );
    decide(&app, id, "spam").await;
    let id = post(&app, &good(1000)).await;
    decide(&app, id, "approve").await;

    // Now 50 of each: new comments are scored.
    assert_eq!(filter_state(&app).await["judging"], true);
    let text = format!("{NEW_SPAM} Again.");
    let id = post(&app, &text).await;
    let (status, note) = judged(&app, id, &text).await;
    assert_eq!(status, "spam", "{note}");
    let note = note.as_str().unwrap();
    assert!(
        note.starts_with("filter 1.00: ") || note.starts_with("filter 0.99"),
        "{note}"
    );
    // The five features that weighed most, each with its weight towards spam.
    let weights: Vec<&str> = note.split_once(": ").unwrap().1.split(", ").collect();
    assert_eq!(weights.len(), 5, "{note}");
    assert!(weights.iter().all(|weight| weight.contains(" +")), "{note}");
    let id = post(&app, NEW_GOOD).await;
    let (status, note) = judged(&app, id, NEW_GOOD).await;
    assert_eq!(
        status, "pending",
        "held by the site's moderation only: {note}"
    );
    assert!(note.as_str().unwrap().starts_with("filter 0.0"), "{note}");

    // A moderator approves the good one and takes back a spam decision (that comment was
    // good after all). Retraining learns from every decided comment of the site: the
    // demo thread's six published comments count as good too (its two pingbacks do not).
    decide(&app, id, "approve").await;
    let (status, answer) = app
        .post(comment("Poster", &format!("{NEW_SPAM} Third.")))
        .await;
    assert_eq!(status, 202, "{answer}");
    decide(&app, answer["comment"]["id"].as_i64().unwrap(), "approve").await;
    let database = database_argument(&app.database);
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_confab-server"));
    command.args(["--database", &database, "retrain-filter"]);
    let output = output_of(command).await;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let said = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        said.lines().last(),
        Some("default: learned from 51 spam and 58 good comments; judges new comments"),
        "{said}"
    );
}

#[tokio::test]
async fn another_server_on_the_database_judges_with_what_this_one_learned() {
    let app = taught(50).await;
    let (mut other, url) = start_server(&app.database, &["--moderation", "all"]);
    let response = reqwest::Client::new()
        .post(format!("{url}/api/v1/comments"))
        .json(&comment("Poster", NEW_SPAM))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 202);
    let id = response.json::<Value>().await.unwrap()["comment"]["id"]
        .as_i64()
        .unwrap();
    other.kill().unwrap();
    other.wait().unwrap();
    assert_eq!(judged(&app, id, NEW_SPAM).await.0, "spam");
}

#[tokio::test]
async fn a_site_may_turn_the_judging_off_and_the_filter_still_learns() {
    let app = TestApp::spawn_tuned(RouterSetup::default(), |site, _| {
        site.moderation = Moderation::All;
        site.spam_filter.on = false;
    })
    .await;
    for n in 0..50 {
        let id = post(&app, &spam(n)).await;
        decide(&app, id, "spam").await;
        let id = post(&app, &good(n)).await;
        decide(&app, id, "approve").await;
    }
    let id = post(&app, NEW_SPAM).await;
    assert_eq!(
        judged(&app, id, NEW_SPAM).await,
        ("pending".to_owned(), Value::Null)
    );
}

#[tokio::test]
async fn an_import_teaches_the_filter_what_wordpress_marked_as_spam() {
    // A site that publishes at once: a comment waits only if the filter holds it.
    let app = TestApp::spawn().await;
    let comments: String = (0..100)
        .map(|n| {
            let (text, approved) = if n % 2 == 0 {
                (spam(n), "spam")
            } else {
                (good(n), "1")
            };
            format!(
                "<wp:comment><wp:comment_id>{}</wp:comment_id>\
                 <wp:comment_author>Author {n}</wp:comment_author>\
                 <wp:comment_date_gmt>2020-01-01 00:{:02}:{:02}</wp:comment_date_gmt>\
                 <wp:comment_content><![CDATA[{text}]]></wp:comment_content>\
                 <wp:comment_approved>{approved}</wp:comment_approved>\
                 <wp:comment_parent>0</wp:comment_parent></wp:comment>",
                n + 1,
                n / 60,
                n % 60
            )
        })
        .collect();
    let xml = format!(
        "<rss xmlns:wp=\"http://wordpress.org/export/1.1/\"><channel><item>\
         <link>https://blog.example/imported/</link>{comments}</item></channel></rss>"
    );
    let file = app.dir.path().join("spam.xml");
    std::fs::write(&file, xml).unwrap();
    let summary = crate::import::import(&app, "wxr", &file).await;
    assert!(summary.contains("100 comments"), "{summary}");
    let id = post(&app, NEW_SPAM).await;
    let (status, note) = judged(&app, id, NEW_SPAM).await;
    assert!(status == "spam" || status == "pending", "{status}: {note}");
    let id = post(&app, NEW_GOOD).await;
    let (status, note) = judged(&app, id, NEW_GOOD).await;
    assert_eq!(status, "published", "{note}");
}

#[tokio::test]
async fn an_edit_that_scores_high_waits_for_a_moderator() {
    // A site that publishes at once, taught by marking spam and retraining.
    let app = TestApp::spawn().await;
    for n in 0..50 {
        let id = post(&app, &spam(n)).await;
        decide(&app, id, "spam").await;
        post(&app, &good(n)).await;
    }
    let database = database_argument(&app.database);
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_confab-server"));
    command.args(["--database", &database, "retrain-filter"]);
    assert!(output_of(command).await.status.success());

    let (status, posted) = app.post(comment("Poster", NEW_GOOD)).await;
    assert_eq!(
        (status, posted["comment"]["status"].as_str()),
        (201, Some("published"))
    );
    let id = posted["comment"]["id"].as_i64().unwrap();
    let token = posted["edit_token"].as_str().unwrap();
    let (status, edited) = app
        .send(
            Method::PUT,
            &format!("/api/v1/comments/{id}"),
            Some(token),
            Some(json!({"body": NEW_SPAM})),
        )
        .await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["comment"]["status"], "pending");
}
