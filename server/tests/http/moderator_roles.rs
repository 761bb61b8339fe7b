//! Roles: an owner (a moderator with no sites listed, or the admin token) does everything;
//! a moderator with `sites` listed sees and acts on those sites only, and is refused the
//! rest, each refusal with its reason. Moderators answer comments from the screen.

use crate::common::{ADMIN_TOKEN, TestApp};
use reqwest::Method;
use serde_json::{Value, json};

const PASSWORD: &str = "a long moderator password";

fn config() -> String {
    let hash = confab_server::passwords::hash_password(PASSWORD).unwrap();
    format!(
        r#"
[admin]
token = "{ADMIN_TOKEN}"

[[admin.moderator]]
name = "olga"
password_hash = "{hash}"
email = "olga@blog.example"

[[admin.moderator]]
name = "sam"
password_hash = "{hash}"
sites = ["shop"]

[[site]]
name = "blog"
origins = ["https://blog.example"]
moderation = "all"

[[site]]
name = "shop"
origins = ["https://shop.example"]
moderation = "all"
"#
    )
}

/// The session cookie of `name`.
async fn log_in(app: &TestApp, name: &str) -> String {
    app.log_in(name, PASSWORD).await
}

/// A request with `cookie`, as the moderators' screen sends it.
async fn as_moderator(
    app: &TestApp,
    cookie: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    app.as_moderator(cookie, method, path, body).await
}

async fn hold(app: &TestApp, origin: &str, body: &str) -> i64 {
    let comment = json!({"thread": "/p/", "author_name": "Guest", "body": body});
    let (status, held) = app.post_from(origin, comment).await;
    assert_eq!(status, 202, "{held}");
    held["comment"]["id"].as_i64().unwrap()
}

fn ids(queue: &Value) -> Vec<i64> {
    queue["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["comment"]["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_moderator_of_one_site_sees_and_acts_on_that_site_only() {
    let app = TestApp::spawn_from_config(Default::default(), &config()).await;
    let on_blog = hold(&app, "https://blog.example", "For the blog").await;
    let on_shop = hold(&app, "https://shop.example", "For the shop").await;
    let (olga, sam) = (log_in(&app, "olga").await, log_in(&app, "sam").await);

    // The screen learns who may do what: Sam's sites, none listed for an owner.
    let (_, me) = as_moderator(&app, &sam, Method::GET, "/api/v1/admin/me", None).await;
    assert_eq!(me["sites"], json!(["shop"]));
    let (_, me) = as_moderator(&app, &olga, Method::GET, "/api/v1/admin/me", None).await;
    assert_eq!(me.get("sites"), None, "{me}");
    let (_, everything) = as_moderator(&app, &olga, Method::GET, "/api/v1/admin/queue", None).await;
    assert!(ids(&everything).contains(&on_blog) && ids(&everything).contains(&on_shop));
    let (_, shop_only) = as_moderator(&app, &sam, Method::GET, "/api/v1/admin/queue", None).await;
    assert_eq!(ids(&shop_only), [on_shop]);

    let approve = |id: i64| format!("/api/v1/admin/comments/{id}/approve");
    let (status, refused) = as_moderator(&app, &sam, Method::POST, &approve(on_blog), None).await;
    assert_eq!(status, 403);
    assert_eq!(refused["error"]["code"], "not_your_site");
    // One commenter's record counts Sam's sites only.
    let record = "/api/v1/admin/commenter?address=127.0.0.1";
    let (_, sams) = as_moderator(&app, &sam, Method::GET, record, None).await;
    let (_, olgas) = as_moderator(&app, &olga, Method::GET, record, None).await;
    assert_eq!(
        (&sams["held"], &olgas["held"]),
        (&json!(1), &json!(2)),
        "{sams} {olgas}"
    );
    // Nor may Sam edit the blog's comment, or read its earlier versions.
    let edit = json!({"body": "Sam's words", "author_name": "Sam"});
    let edit_path = format!("/api/v1/admin/comments/{on_blog}/edit");
    let (status, refused) = as_moderator(&app, &sam, Method::POST, &edit_path, Some(edit)).await;
    assert_eq!(
        (status, &refused["error"]["code"]),
        (403, &json!("not_your_site"))
    );
    let versions = format!("/api/v1/admin/comments/{on_blog}/versions");
    let (status, refused) = as_moderator(&app, &sam, Method::GET, &versions, None).await;
    assert_eq!(
        (status, &refused["error"]["code"]),
        (403, &json!("not_your_site"))
    );
    // In bulk too: the blog's comment is refused, the shop's done; filters cannot reach
    // past the moderator's sites either.
    let another_shop = hold(&app, "https://shop.example", "For the shop, again").await;
    let bulk = json!({"action": "spam", "ids": [on_blog, another_shop]});
    let (status, outcome) = as_moderator(
        &app,
        &sam,
        Method::POST,
        "/api/v1/admin/comments/bulk",
        Some(bulk),
    )
    .await;
    assert_eq!(status, 200, "{outcome}");
    assert_eq!(outcome["done"], json!([another_shop]));
    assert_eq!(
        outcome["refused"],
        json!([{"id": on_blog, "code": "not_your_site"}])
    );
    let blog_key = everything["comments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["comment"]["id"] == on_blog)
        .map(|item| item["thread"].as_str().unwrap().to_owned())
        .unwrap();
    let blog_thread = format!("/api/v1/admin/queue?status=all&thread={blog_key}");
    let (_, found) = as_moderator(&app, &olga, Method::GET, &blog_thread, None).await;
    assert_eq!(ids(&found), [on_blog], "{found}");
    let (_, none) = as_moderator(&app, &sam, Method::GET, &blog_thread, None).await;
    assert_eq!(ids(&none), [0; 0], "{none}");
    let (_, threads) = as_moderator(&app, &sam, Method::GET, "/api/v1/admin/threads", None).await;
    assert_eq!(
        threads["threads"].as_array().map(Vec::len),
        Some(1),
        "{threads}"
    );
    assert_eq!(threads["threads"][0]["key"], "shop:/p/");
    let (_, numbers) = as_moderator(&app, &sam, Method::GET, "/api/v1/admin/stats", None).await;
    let today = numbers["days"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(today["held"], 1, "the shop's one, not the blog's: {today}");
    assert_eq!(today["spam"], 1, "{today}");
    let (status, _) = as_moderator(&app, &sam, Method::POST, &approve(on_shop), None).await;
    assert_eq!(status, 204);
    for (path, thread) in [
        (
            "/api/v1/admin/threads/lock",
            json!({"thread": "/p/", "locked": true}),
        ),
        (
            "/api/v1/admin/threads/update",
            json!({"thread": "/p/", "title": "Mine now", "url": null}),
        ),
    ] {
        let (status, refused) = as_moderator(&app, &sam, Method::POST, path, Some(thread)).await;
        assert_eq!(status, 403, "{path}: {refused}");
    }
    let shop_lock = json!({"thread": "shop:/p/", "locked": true});
    let (status, _) = as_moderator(
        &app,
        &sam,
        Method::POST,
        "/api/v1/admin/threads/lock",
        Some(shop_lock),
    )
    .await;
    assert_eq!(status, 204);

    // The log shows Sam the shop's actions; Olga's on the blog stay hers.
    let (status, _) = as_moderator(&app, &olga, Method::POST, &approve(on_blog), None).await;
    assert_eq!(status, 204);
    let (_, log) = as_moderator(&app, &sam, Method::GET, "/api/v1/admin/log", None).await;
    let entries = log["entries"].as_array().unwrap();
    assert!(!entries.is_empty());
    assert!(
        entries.iter().all(|entry| entry["thread"] == "shop:/p/"),
        "{log}"
    );

    // What concerns every site is for owners.
    for (method, path) in [
        (Method::GET, "/api/v1/admin/deliveries"),
        (Method::POST, "/api/v1/admin/import?format=jsonl"),
    ] {
        let (status, refused) = as_moderator(&app, &sam, method, path, None).await;
        assert_eq!(status, 403, "{path}: {refused}");
        assert_eq!(refused["error"]["code"], "owners_only");
    }
    let (status, _) =
        as_moderator(&app, &olga, Method::GET, "/api/v1/admin/deliveries", None).await;
    assert_eq!(status, 200);
}

#[test]
fn a_moderator_of_a_site_that_does_not_exist_is_a_configuration_error() {
    let text = config().replace("sites = [\"shop\"]", "sites = [\"shoop\"]");
    let file = toml::from_str(&text).unwrap();
    let error = confab_server::settings::resolve(file, &Default::default()).unwrap_err();
    assert!(error.contains("no site \"shoop\""), "{error}");
}

#[tokio::test]
async fn a_moderator_answers_a_held_comment_which_is_approved_with_it() {
    let app = TestApp::spawn_from_config(Default::default(), &config()).await;
    let question = hold(&app, "https://blog.example", "Is this answered?").await;
    let (olga, sam) = (log_in(&app, "olga").await, log_in(&app, "sam").await);
    let reply = |id: i64| format!("/api/v1/admin/comments/{id}/reply");
    let answer = json!({"body": "Yes, **here**."});

    let (status, refused) = as_moderator(
        &app,
        &sam,
        Method::POST,
        &reply(question),
        Some(answer.clone()),
    )
    .await;
    assert_eq!(
        (status, &refused["error"]["code"]),
        (403, &json!("not_your_site"))
    );
    let (status, empty) = as_moderator(
        &app,
        &olga,
        Method::POST,
        &reply(question),
        Some(json!({"body": " "})),
    )
    .await;
    assert_eq!(status, 422, "{empty}");

    let (status, answered) = as_moderator(
        &app,
        &olga,
        Method::POST,
        &reply(question),
        Some(answer.clone()),
    )
    .await;
    assert_eq!(status, 201, "{answered}");
    let comment = &answered["comment"];
    assert_eq!(comment["author"]["name"], "olga");
    assert_eq!(comment["author"]["badge"], "moderator");
    assert_eq!(comment["parent_id"], question);
    assert_eq!(comment["status"], "published");
    let response = app
        .client
        .get(app.url("/api/v1/comments?thread=/p/"))
        .header("Origin", "https://blog.example")
        .send()
        .await
        .unwrap();
    let thread: Value = response.json().await.unwrap();
    assert_eq!(
        thread["thread"]["count"], 2,
        "the question was approved with its answer"
    );

    // The admin token answers as "Moderator"; spam is not answered.
    let spam = hold(&app, "https://blog.example", "Buy things").await;
    let (status, _) = app
        .admin(
            Method::POST,
            &format!("/api/v1/admin/comments/{spam}/spam"),
            None,
        )
        .await;
    assert_eq!(status, 204);
    let (status, refused) = app
        .admin(Method::POST, &reply(spam), Some(answer.clone()))
        .await;
    assert_eq!(
        (status, &refused["error"]["code"]),
        (409, &json!("not_published"))
    );
    let again = json!({"body": "And a word from the team."});
    let (status, by_token) = app.admin(Method::POST, &reply(question), Some(again)).await;
    assert_eq!(status, 201, "{by_token}");
    assert_eq!(by_token["comment"]["author"]["name"], "Moderator");
    let (status, _) = app
        .admin(
            Method::POST,
            &reply(999_999),
            Some(json!({"body": "To nobody"})),
        )
        .await;
    assert_eq!(status, 404);
}
