//! A moderator edits a comment's text and author fields: readers see the new version
//! marked "edited by a moderator", moderators read every earlier version with who wrote
//! it, an author's own later edit takes the mark off, and deleting the comment forgets
//! its versions.

use crate::common::{TestApp, demo_key, new_comment};
use reqwest::Method;
use serde_json::{Value, json};

async fn versions(app: &TestApp, id: i64) -> Value {
    let path = format!("/api/v1/admin/comments/{id}/versions");
    let (status, versions) = app.admin(Method::GET, &path, None).await;
    assert_eq!(status, 200, "{versions}");
    versions
}

async fn edit(app: &TestApp, id: i64, edit: Value) -> (u16, Value) {
    let path = format!("/api/v1/admin/comments/{id}/edit");
    app.admin(Method::POST, &path, Some(edit)).await
}

/// The comment as a reader of the demo thread gets it.
async fn as_read(app: &TestApp, id: i64) -> Value {
    let thread = app.thread(&demo_key()).await;
    thread["comments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|comment| comment["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("comment {id} not in {thread}"))
}

#[tokio::test]
async fn a_moderators_edit_keeps_each_earlier_version_and_readers_see_who_edited() {
    let app = TestApp::spawn().await;
    let mut comment = new_comment();
    comment["body"] = json!("Buy cheap [pills](https://spam.example) now, says Ada.");
    comment["author_name"] = json!("Ada");
    comment["author_email"] = json!("ada@example.org");
    let (status, posted) = app.post(comment).await;
    assert_eq!(status, 201, "{posted}");
    let id = posted["comment"]["id"].as_i64().unwrap();
    let token = posted["edit_token"].as_str().unwrap().to_owned();
    let seed = posted["comment"]["author"]["avatar_seed"].clone();

    // The author edits first: an earlier version, written by the author.
    let (status, _) = app
        .send(
            Method::PUT,
            &format!("/api/v1/comments/{id}"),
            Some(&token),
            Some(json!({"body": "Buy cheap [pills](https://spam.example) today."})),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(as_read(&app, id).await.get("edited_by_moderator"), None);

    // Then a moderator takes the link out and corrects the name.
    let (status, edited) = edit(
        &app,
        id,
        json!({"body": "Buy cheap pills today.", "author_name": "Ada L.",
               "author_email": "ada.l@example.org", "author_website": ""}),
    )
    .await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["comment"]["author"]["name"], "Ada L.");
    assert_eq!(edited["comment"]["edited_by_moderator"], true);
    assert_eq!(edited["author_email"], "ada.l@example.org");
    assert_ne!(
        edited["comment"]["author"]["avatar_seed"], seed,
        "a corrected address draws the avatar it would have drawn at posting"
    );
    let read = as_read(&app, id).await;
    assert_eq!(read["edited_by_moderator"], true, "{read}");
    assert_eq!(read["author"]["name"], "Ada L.");
    assert_eq!(
        read["author"]["website"],
        Value::Null,
        "an empty website clears it"
    );
    assert!(!read.to_string().contains("spam.example"), "{read}");

    let history = versions(&app, id).await;
    assert_eq!(history["current"]["body"], "Buy cheap pills today.");
    assert_eq!(history["current"]["written_by"], "admin token");
    let earlier = history["earlier"].as_array().unwrap();
    assert_eq!(earlier.len(), 2, "{history}");
    assert_eq!(
        earlier[0]["body"], "Buy cheap [pills](https://spam.example) today.",
        "newest first"
    );
    assert_eq!(earlier[0]["written_by"], Value::Null, "by the author");
    assert_eq!(earlier[0]["author_website"], "https://reader.example/");
    assert_eq!(
        earlier[1]["body"],
        "Buy cheap [pills](https://spam.example) now, says Ada."
    );
    assert_eq!(earlier[1]["author_name"], "Ada");

    // The log names the edit once.
    let (_, log) = app.admin(Method::GET, "/api/v1/admin/log", None).await;
    assert_eq!(log["entries"][0]["action"], "edit", "{log}");
    assert_eq!(log["entries"][0]["comment_id"], id);

    // The author's next edit is theirs: the mark goes, the moderator's version stays in
    // the history.
    let (status, _) = app
        .send(
            Method::PUT,
            &format!("/api/v1/comments/{id}"),
            Some(&token),
            Some(json!({"body": "Fine, no pills."})),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(as_read(&app, id).await.get("edited_by_moderator"), None);
    let history = versions(&app, id).await;
    assert_eq!(history["earlier"][0]["written_by"], "admin token");
    assert_eq!(history["earlier"].as_array().map(Vec::len), Some(3));

    // Deleting the comment forgets every version of its text.
    let (status, _) = app
        .admin(
            Method::POST,
            &format!("/api/v1/admin/comments/{id}/delete"),
            None,
        )
        .await;
    assert_eq!(status, 204);
    let history = versions(&app, id).await;
    assert_eq!(history["earlier"], json!([]), "{history}");
    assert_eq!(history["current"]["body"], "");
    let (status, refused) = edit(
        &app,
        id,
        json!({"body": "Back again", "author_name": "Ada"}),
    )
    .await;
    assert_eq!(status, 409, "{refused}");
    assert_eq!(refused["error"]["code"], "not_editable");
}

#[tokio::test]
async fn a_moderators_edit_is_checked_as_a_new_comment_would_be() {
    let app = TestApp::spawn().await;
    let id = app.post_id(new_comment()).await;
    let cases = [
        (json!({"body": "", "author_name": "Ada"}), "body"),
        (json!({"body": "Fine", "author_name": "  "}), "author_name"),
        (
            json!({"body": "Fine", "author_name": "Ada", "author_email": "not an address"}),
            "author_email",
        ),
        (
            json!({"body": "Fine", "author_name": "Ada", "author_website": "javascript:alert(1)"}),
            "author_website",
        ),
        (
            json!({"body": "x".repeat(10_001), "author_name": "Ada"}),
            "body",
        ),
    ];
    for (body, field) in cases {
        let (status, refused) = edit(&app, id, body.clone()).await;
        assert_eq!(status, 422, "{field}: {refused}");
        assert_eq!(refused["error"]["field"], field, "{refused}");
    }
    for (path, status) in [
        ("/api/v1/admin/comments/999999/edit", 404),
        ("/api/v1/admin/comments/abc/edit", 404),
    ] {
        let (got, answer) = app
            .admin(
                Method::POST,
                path,
                Some(json!({"body": "Fine", "author_name": "Ada"})),
            )
            .await;
        assert_eq!(got, status, "{path}: {answer}");
    }
    let (status, _) = app
        .admin(Method::GET, "/api/v1/admin/comments/999999/versions", None)
        .await;
    assert_eq!(status, 404);
    let (status, _) = app
        .send(
            Method::POST,
            &format!("/api/v1/admin/comments/{id}/edit"),
            None,
            Some(json!({"body": "Fine", "author_name": "Ada"})),
        )
        .await;
    assert_eq!(status, 401, "moderators only");
    // Nothing changed through all that.
    assert_eq!(versions(&app, id).await["earlier"], json!([]));
}
