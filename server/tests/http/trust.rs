//! What a commenter cannot borrow or learn: trust comes per site and from an email, never
//! from a public name; an avatar seed never answers whether a guessed address is someone's;
//! a reply only goes under a comment readers can see, and the refusal names no comment of
//! another thread.

use crate::common::{ADMIN_TOKEN, TestApp, demo_key, new_comment};
use reqwest::Method;
use serde_json::{Value, json};

const CONFIG: &str = r#"
[admin]
token = "test-admin-token"

[[site]]
name = "blog"
origins = ["https://blog.example"]
moderation = "first-time"

[[site]]
name = "shop"
origins = ["https://shop.example"]
moderation = "first-time"
"#;

/// A comment on the `/about/` page of the site at `origin`, by `name` <`email`>.
async fn post(app: &TestApp, origin: &str, name: &str, email: Option<&str>) -> (u16, Value) {
    let mut comment = new_comment();
    comment["thread"] = json!("/about/");
    comment["url"] = json!(format!("{origin}/about/"));
    comment["author_name"] = json!(name);
    comment["author_email"] = json!(email);
    app.post_from(origin, comment).await
}

async fn approve(app: &TestApp, posted: &Value) {
    let id = &posted["comment"]["id"];
    let path = format!("/api/v1/admin/comments/{id}/approve");
    let (status, answer) = app.send(Method::POST, &path, Some(ADMIN_TOKEN), None).await;
    assert_eq!(status, 204, "{answer}");
}

#[tokio::test]
async fn trust_is_earned_per_site_and_by_an_email_never_by_a_name() {
    let app = TestApp::spawn_from_config(Default::default(), CONFIG).await;
    let blog = "https://blog.example";
    let (status, first) = post(&app, blog, "Ann", Some("ann@example.com")).await;
    assert_eq!(status, 202);
    approve(&app, &first).await;
    assert_eq!(
        post(&app, blog, "Ann", Some("ann@example.com")).await.0,
        201
    );
    let shop = "https://shop.example";
    assert_eq!(
        post(&app, shop, "Ann", Some("ann@example.com")).await.0,
        202,
        "trusted on the blog, new to the shop"
    );

    // A commenter known only by name: approving them trusts nobody who types that name.
    let (status, named) = post(&app, blog, "Famous Name", None).await;
    assert_eq!(status, 202);
    approve(&app, &named).await;
    assert_eq!(
        post(&app, blog, "Famous Name", None).await.0,
        202,
        "a public name proves nothing"
    );
}

#[tokio::test]
async fn a_name_never_gives_the_avatar_of_the_same_text_as_an_email_nor_does_the_honeypot() {
    let app = TestApp::spawn().await;
    let mut real = new_comment();
    real["author_email"] = json!("someone@example.com");
    let (_, real) = app.post(real).await;
    let mut guess = new_comment();
    guess["author_name"] = json!("someone@example.com");
    guess["author_email"] = Value::Null;
    let (_, guessed) = app.post(guess.clone()).await;
    let seed = |posted: &Value| posted["comment"]["author"]["avatar_seed"].clone();
    assert_ne!(seed(&real), seed(&guessed));
    // Caught by the honeypot, the same guess gets a seed that means nothing, new each time.
    guess["homepage"] = json!("https://bot.example/");
    let (status, first) = app.post(guess.clone()).await;
    assert_eq!(status, 202);
    let (_, second) = app.post(guess).await;
    assert_ne!(seed(&first), seed(&real));
    assert_ne!(seed(&first), seed(&second));
}

#[tokio::test]
async fn a_reply_goes_only_under_a_comment_readers_see_and_the_refusal_tells_nothing() {
    let app = TestApp::spawn_tuned(Default::default(), |site, _| site.max_links = 0).await;
    let mut held = new_comment();
    held["body"] = json!("Held for its link <https://a.example>");
    let (status, held) = app.post(held).await;
    assert_eq!(status, 202);
    let mut reply = new_comment();
    reply["parent_id"] = held["comment"]["id"].clone();
    let (status, refused) = app.post(reply.clone()).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["error"]["code"], "unknown_parent");

    let mut elsewhere = new_comment();
    elsewhere["thread"] = json!("/another-page/");
    let (_, elsewhere) = app.post(elsewhere).await;
    reply["parent_id"] = elsewhere["comment"]["id"].clone();
    let (_, other_thread) = app.post(reply.clone()).await;
    reply["parent_id"] = json!(987_654_321);
    let (_, missing) = app.post(reply).await;
    assert_eq!(
        other_thread["error"], missing["error"],
        "no id is told apart"
    );
    assert_eq!(
        app.thread(&demo_key()).await["thread"]["count"],
        8,
        "nothing was stored under the demo thread"
    );
}
