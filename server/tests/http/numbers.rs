//! The moderators' numbers: comments per day by their status now, zeros included, and
//! the busiest threads, over 30, 90 or 365 days.

use crate::common::TestApp;
use reqwest::Method;
use serde_json::json;

async fn post(app: &TestApp, thread: &str, body: &str) -> i64 {
    app.post_id(json!({"thread": thread, "body": body})).await
}

#[tokio::test]
async fn each_day_counts_published_held_and_spam_and_the_busiest_threads_lead() {
    let app = TestApp::spawn().await;
    for body in ["One.", "Two.", "Three."] {
        post(&app, "/busy/", body).await;
    }
    post(&app, "/quiet/", "Alone.").await;
    let spam = post(&app, "/quiet/", "Buy now.").await;
    let (status, _) = app
        .admin(
            Method::POST,
            &format!("/api/v1/admin/comments/{spam}/spam"),
            None,
        )
        .await;
    assert_eq!(status, 204);
    let links =
        "Held.\n\n<https://a.example> <https://b.example> <https://c.example> <https://d.example>";
    post(&app, "/quiet/", links).await;

    for (days, expected) in [("", 30), ("30", 30), ("90", 90), ("365", 365)] {
        let (status, numbers) = app
            .admin(
                Method::GET,
                &format!("/api/v1/admin/stats?days={days}"),
                None,
            )
            .await;
        assert_eq!(status, 200, "{numbers}");
        let each = numbers["days"].as_array().unwrap();
        assert_eq!(each.len(), expected);
        let today = time::OffsetDateTime::now_utc().date().to_string();
        let last = each.last().unwrap();
        assert_eq!(last["day"], today, "oldest first, today last");
        assert_eq!(
            (&last["published"], &last["held"], &last["spam"]),
            (&json!(4), &json!(1), &json!(1))
        );
        assert_eq!(
            each[0]["published"], 0,
            "a day without comments counts none"
        );
        assert_eq!(numbers["busiest"][0]["thread"], "/busy/");
        assert_eq!(numbers["busiest"][0]["comments"], 3);
        assert_eq!(numbers["busiest"][1]["thread"], "/quiet/");
        assert_eq!(numbers["busiest"][1]["comments"], 1, "published ones only");
    }
}
