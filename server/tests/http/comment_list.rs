//! The moderators' comment list (every status, each filter, keyset pages) and bulk
//! actions (each comment acted on and logged as if alone, the others refused with why).

use crate::common::{TestApp, demo_key, new_comment};
use confab_server::settings::Moderation;
use reqwest::Method;
use serde_json::{Value, json};

/// The ids of a list's page, in order.
fn listed(page: &Value) -> Vec<i64> {
    page["comments"]
        .as_array()
        .unwrap_or_else(|| panic!("{page}"))
        .iter()
        .map(|item| item["comment"]["id"].as_i64().unwrap())
        .collect()
}

async fn list(app: &TestApp, query: &str) -> Vec<i64> {
    let (status, page) = app
        .admin(Method::GET, &format!("/api/v1/admin/queue?{query}"), None)
        .await;
    assert_eq!(status, 200, "{query}: {page}");
    listed(&page)
}

/// Posts a comment by `name` <`email`> saying `body` to `thread`; gives its id.
async fn post(app: &TestApp, thread: &str, name: &str, email: &str, body: &str) -> i64 {
    app.post_id(json!({"thread": thread, "author_name": name, "author_email": email, "body": body}))
        .await
}

#[tokio::test]
async fn every_filter_narrows_the_list_of_all_comments() {
    let app = TestApp::spawn().await;
    let other = "/another-post/";
    let ada = post(
        &app,
        &demo_key(),
        "Ada Lovelace",
        "ada@example.org",
        "Engines and looms.",
    )
    .await;
    let bob = post(&app, other, "Bob", "BOB@example.net", "Gardens in spring.").await;
    let cyd = post(&app, other, "Cyd", "cyd@example.net", "Looms, again.").await;
    let (status, _) = app
        .admin(
            Method::POST,
            &format!("/api/v1/admin/comments/{bob}/spam"),
            None,
        )
        .await;
    assert_eq!(status, 204);
    let everyone = list(&app, "status=all").await;
    assert_eq!(
        &everyone[..3],
        [cyd, bob, ada],
        "newest first, spam included"
    );
    assert_eq!(list(&app, "status=spam").await, [bob]);
    assert!(!list(&app, "status=published").await.contains(&bob));
    assert_eq!(
        list(&app, "status=all&q=LOOMS").await,
        [cyd, ada],
        "in the text"
    );
    assert_eq!(list(&app, "status=all&author=lovelace").await, [ada]);
    assert_eq!(
        list(&app, "status=all&email=bob@EXAMPLE.net").await,
        [bob],
        "whole"
    );
    assert_eq!(list(&app, "status=all&email=example.net").await, [0; 0]);
    assert_eq!(
        list(&app, &format!("status=all&thread={other}")).await,
        [cyd, bob]
    );
    assert_eq!(
        list(&app, "status=all&thread=/another-post/&q=looms&author=cyd").await,
        [cyd],
        "every filter holds"
    );
    let today = time::OffsetDateTime::now_utc().date();
    let everything_today = list(&app, &format!("status=all&since={today}&until={today}")).await;
    assert!(everything_today.starts_with(&[cyd, bob, ada]));
    assert_eq!(list(&app, "status=all&until=2001-01-01").await, [0; 0]);
    assert_eq!(list(&app, "status=all&since=2999-12-31").await, [0; 0]);
    assert!(
        list(&app, "status=all&address=127.0.")
            .await
            .starts_with(&[cyd, bob, ada])
    );
    assert_eq!(list(&app, "status=all&address=10.").await, [0; 0]);
}

#[tokio::test]
async fn pages_follow_each_other_with_nothing_missed_or_repeated() {
    let app = TestApp::spawn().await;
    let mut posted = Vec::new();
    for number in 0..7 {
        posted.push(
            post(
                &app,
                "/paged/",
                "Pat",
                "pat@example.org",
                &format!("Number {number}."),
            )
            .await,
        );
    }
    posted.reverse();
    let mut seen = Vec::new();
    let mut query = "status=all&thread=/paged/&limit=3".to_owned();
    for expected in [3, 3, 1] {
        let (_, page) = app
            .admin(Method::GET, &format!("/api/v1/admin/queue?{query}"), None)
            .await;
        assert_eq!(listed(&page).len(), expected, "{page}");
        seen.extend(listed(&page));
        match page["next"].as_str() {
            Some(next) => query = format!("status=all&thread=/paged/&limit=3&before={next}"),
            None => assert_eq!(expected, 1, "only the last page has no next"),
        }
    }
    assert_eq!(seen, posted);
}

#[tokio::test]
async fn a_bulk_action_does_each_comment_logs_each_and_says_which_it_could_not() {
    let app = TestApp::spawn_tuned(Default::default(), |site, _| {
        site.moderation = Moderation::All
    })
    .await;
    let mut held = Vec::new();
    for number in 0..3 {
        held.push(
            post(
                &app,
                &demo_key(),
                "Hal",
                "hal@example.org",
                &format!("Held {number}."),
            )
            .await,
        );
    }
    let body = json!({"action": "approve", "ids": [held[2], held[0], held[1], held[0], 999_999]});
    let (status, outcome) = app
        .admin(Method::POST, "/api/v1/admin/comments/bulk", Some(body))
        .await;
    assert_eq!(status, 200, "{outcome}");
    assert_eq!(outcome["done"], json!(held), "each once, in order");
    assert_eq!(
        outcome["refused"],
        json!([{"id": 999_999, "code": "not_found"}])
    );
    assert_eq!(list(&app, "status=pending").await, [0; 0]);
    let (_, log) = app.admin(Method::GET, "/api/v1/admin/log", None).await;
    let approved: Vec<i64> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["action"] == "approve")
        .map(|entry| entry["comment_id"].as_i64().unwrap())
        .collect();
    assert_eq!(approved.len(), 3, "one line per comment: {log}");

    // Approving again refuses each (it is no longer held) and changes nothing.
    let again = json!({"action": "approve", "ids": [held[0]]});
    let (status, outcome) = app
        .admin(Method::POST, "/api/v1/admin/comments/bulk", Some(again))
        .await;
    assert_eq!(status, 200);
    assert_eq!(outcome["done"], json!([]));
    assert_eq!(outcome["refused"][0]["id"], held[0]);
    let (_, spam) = app
        .admin(
            Method::POST,
            "/api/v1/admin/comments/bulk",
            Some(json!({"action": "spam", "ids": held})),
        )
        .await;
    assert_eq!(spam["done"], json!(held));
    assert_eq!(list(&app, "status=spam").await.len(), 3);
}

#[tokio::test]
async fn erasing_takes_everything_personal_off_a_comment_and_keeps_the_replies() {
    let app = TestApp::spawn().await;
    let thread = "/erased/";
    let parent = post(&app, thread, "Eve", "eve@example.org", "Mine, then gone.").await;
    let mut reply = new_comment();
    reply["thread"] = json!(thread);
    reply["parent_id"] = json!(parent);
    reply["body"] = json!("A reply that stays.");
    let (status, replied) = app.post(reply).await;
    assert_eq!(status, 201, "{replied}");
    let alone = post(&app, thread, "Eve", "eve@example.org", "Alone, then gone.").await;

    let body = json!({"action": "erase", "ids": [parent, alone]});
    let (status, outcome) = app
        .admin(Method::POST, "/api/v1/admin/comments/bulk", Some(body))
        .await;
    assert_eq!(status, 200, "{outcome}");
    assert_eq!(outcome["done"], json!([parent, alone]));
    assert_eq!(list(&app, "status=all&email=eve@example.org").await, [0; 0]);

    // The parent stays as a placeholder for its reply, with nothing of Eve's.
    let (_, deleted) = app
        .admin(
            Method::GET,
            &format!("/api/v1/admin/queue?status=deleted&thread={thread}"),
            None,
        )
        .await;
    assert_eq!(listed(&deleted), [parent], "{deleted}");
    let placeholder = &deleted["comments"][0];
    assert_eq!(placeholder["author_email"], Value::Null);
    assert_eq!(placeholder["client_address"], Value::Null);
    assert_eq!(placeholder["comment"]["author"]["name"], "");
    assert_eq!(placeholder["comment"]["author"]["avatar_seed"], "");
    let page = app.thread(thread).await;
    let text = page.to_string();
    assert!(!text.contains("Eve") && !text.contains("gone"), "{text}");
    assert!(text.contains("A reply that stays."));

    // Erasing again is allowed (nothing is left); deleting again is not.
    let again = |action: &str| json!({"action": action, "ids": [parent]});
    let (_, erased) = app
        .admin(
            Method::POST,
            "/api/v1/admin/comments/bulk",
            Some(again("erase")),
        )
        .await;
    assert_eq!(erased["done"], json!([parent]));
    let (_, deleted) = app
        .admin(
            Method::POST,
            "/api/v1/admin/comments/bulk",
            Some(again("delete")),
        )
        .await;
    assert_eq!(deleted["refused"][0]["id"], parent);
    let (_, log) = app.admin(Method::GET, "/api/v1/admin/log", None).await;
    assert!(
        !log.to_string().contains("eve@"),
        "the log names nobody: {log}"
    );
}

#[tokio::test]
async fn one_commenters_record_counts_their_comments_in_each_status_across_threads() {
    let app = TestApp::spawn_tuned(Default::default(), |rules, _| rules.max_links = 1).await;
    let email = "pat@example.org";
    let first = post(&app, "/one/", "Pat", email, "Hello from Pat.").await;
    post(&app, "/two/", "Pat", "PAT@example.org", "Pat again.").await;
    let spam = post(&app, "/two/", "Pat", email, "Pat, a third time.").await;
    let (status, held) = app
        .post(
            json!({"thread": "/three/", "author_name": "Pat", "author_email": email,
                     "body": "<https://a.example> <https://b.example>"}),
        )
        .await;
    assert_eq!(status, 202, "{held}");
    post(
        &app,
        "/one/",
        "Someone else",
        "else@example.org",
        "Not Pat.",
    )
    .await;
    let (status, _) = app
        .admin(
            Method::POST,
            &format!("/api/v1/admin/comments/{spam}/spam"),
            None,
        )
        .await;
    assert_eq!(status, 204);

    let (status, record) = app
        .admin(
            Method::GET,
            "/api/v1/admin/commenter?email=Pat@Example.org",
            None,
        )
        .await;
    assert_eq!(status, 200, "{record}");
    assert_eq!(
        (
            &record["published"],
            &record["held"],
            &record["spam"],
            &record["deleted"]
        ),
        (&json!(2), &json!(1), &json!(1), &json!(0)),
        "{record}"
    );
    assert_eq!(record["threads"], 3);
    let moment = |field: &str| {
        let text = record[field].as_str().unwrap();
        time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).unwrap()
    };
    assert!(moment("first_at") <= moment("last_at"), "{record}");
    // The list with the same query holds those four.
    assert_eq!(
        list(&app, "status=all&email=pat@example.org").await.len(),
        4
    );
    assert!(
        list(&app, "status=all&email=pat@example.org")
            .await
            .contains(&first)
    );

    // Nobody by that address: zeros, not an error.
    let (status, nobody) = app
        .admin(
            Method::GET,
            "/api/v1/admin/commenter?email=nobody@example.org",
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        (&nobody["threads"], &nobody["first_at"]),
        (&json!(0), &Value::Null)
    );
    // A commenter must be named.
    for query in ["", "?q=pat", "?email=%20"] {
        let (status, refused) = app
            .admin(
                Method::GET,
                &format!("/api/v1/admin/commenter{query}"),
                None,
            )
            .await;
        assert_eq!(status, 400, "{query}: {refused}");
        assert_eq!(refused["error"]["code"], "commenter_needed");
    }
    let (status, _) = app
        .send(
            Method::GET,
            "/api/v1/admin/commenter?email=pat@example.org",
            None,
            None,
        )
        .await;
    assert_eq!(status, 401);
}
