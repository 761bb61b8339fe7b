//! An edit passes the checks a new comment passes and lands where a new comment with its
//! text would: back in the queue when a moderator must see it, refused when it copies
//! another comment; an approval approves the text the moderator saw.

use crate::common::{TestApp, demo_key, new_comment};
use confab_server::settings::Moderation;
use reqwest::Method;
use serde_json::{Value, json};

/// More links than a site allows by default: a new comment with them is held.
const LINK_FARM: &str = "Cheap pills <https://a.example> <https://b.example> \
                         <https://c.example> <https://d.example>";

/// Posts a comment; returns its id and edit token.
async fn post(app: &TestApp, body: &str) -> (i64, String, Value) {
    let mut comment = new_comment();
    comment["body"] = json!(body);
    let (status, posted) = app.post(comment).await;
    assert!(status == 201 || status == 202, "{posted}");
    let id = posted["comment"]["id"].as_i64().unwrap();
    let token = posted["edit_token"].as_str().unwrap().to_owned();
    (id, token, posted)
}

async fn edit(app: &TestApp, id: i64, token: &str, body: &str) -> (u16, Value) {
    let path = format!("/api/v1/comments/{id}");
    app.send(
        Method::PUT,
        &path,
        Some(token),
        Some(json!({ "body": body })),
    )
    .await
}

/// Whether readers of the demo thread see comment `id`.
async fn readers_see(app: &TestApp, id: i64) -> bool {
    let page = app.thread(&demo_key()).await;
    page["comments"]
        .as_array()
        .unwrap()
        .iter()
        .any(|comment| comment["id"] == id)
}

#[tokio::test]
async fn an_edit_into_a_link_farm_goes_back_to_the_queue_and_readers_stop_seeing_it() {
    let app = TestApp::spawn().await;
    let count = app.thread(&demo_key()).await["thread"]["count"].clone();
    let (id, token, posted) = post(&app, "A clean first comment.").await;
    assert_eq!(posted["comment"]["status"], "published");
    assert!(readers_see(&app, id).await);

    let (status, edited) = edit(&app, id, &token, LINK_FARM).await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["comment"]["status"], "pending");
    assert!(!readers_see(&app, id).await, "held again, gone for readers");
    assert_eq!(app.thread(&demo_key()).await["thread"]["count"], count);
    let (_, queue) = app.admin(Method::GET, "/api/v1/admin/queue", None).await;
    let held = &queue["comments"][0];
    assert_eq!(held["comment"]["id"], id, "{queue}");
    assert!(held["comment"]["edited_at"].is_string());

    // A held comment stays held, whatever its next text.
    let (status, again) = edit(&app, id, &token, "Clean again, honestly.").await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["comment"]["status"], "pending");
    assert!(!readers_see(&app, id).await);
}

#[tokio::test]
async fn under_moderation_of_all_an_approved_comment_waits_again_after_an_edit() {
    let app = TestApp::spawn_tuned(Default::default(), |site, _| {
        site.moderation = Moderation::All
    })
    .await;
    let (id, token, posted) = post(&app, "Held until a moderator reads it.").await;
    assert_eq!(posted["comment"]["status"], "pending");
    let path = format!("/api/v1/admin/comments/{id}/approve");
    assert_eq!(app.admin(Method::POST, &path, None).await.0, 204);
    assert!(readers_see(&app, id).await);

    let (status, edited) = edit(&app, id, &token, "Now saying something else.").await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["comment"]["status"], "pending");
    assert!(!readers_see(&app, id).await);
}

#[tokio::test]
async fn an_edit_may_not_copy_another_comment_of_the_thread_from_a_moment_ago() {
    let app = TestApp::spawn().await;
    let (_, _, _) = post(&app, "The first words of this thread today.").await;
    let (id, token, _) = post(&app, "Something else entirely.").await;
    let (status, refused) = edit(&app, id, &token, "The first words of this thread today.").await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["error"]["code"], "duplicate");
    // Its own text again is no copy.
    let (status, _) = edit(&app, id, &token, "Something else entirely.").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn an_approval_approves_the_text_the_moderator_saw_and_no_later_one() {
    let app = TestApp::spawn_tuned(Default::default(), |site, _| {
        site.moderation = Moderation::All
    })
    .await;
    let (id, token, _) = post(&app, "The text the moderator reads.").await;
    let (_, queue) = app.admin(Method::GET, "/api/v1/admin/queue", None).await;
    assert!(queue["comments"][0]["comment"]["edited_at"].is_null());
    // The moderator saw it unedited; the author changes it before the click.
    let (status, edited) = edit(&app, id, &token, LINK_FARM).await;
    assert_eq!(status, 200);
    let approve = format!("/api/v1/admin/comments/{id}/approve");
    let (status, refused) = app
        .admin(Method::POST, &format!("{approve}?edited_at="), None)
        .await;
    assert_eq!(status, 409, "{refused}");
    assert_eq!(refused["error"]["code"], "changed_since");
    assert!(!readers_see(&app, id).await);

    let (status, broken) = app
        .admin(
            Method::POST,
            &format!("{approve}?edited_at=yesterday"),
            None,
        )
        .await;
    assert_eq!(status, 422, "{broken}");
    assert_eq!(broken["error"]["field"], "edited_at");

    let seen = edited["comment"]["edited_at"].as_str().unwrap();
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("edited_at", seen)
        .finish();
    let (status, _) = app
        .admin(Method::POST, &format!("{approve}?{query}"), None)
        .await;
    assert_eq!(status, 204);
    assert!(readers_see(&app, id).await);
}
