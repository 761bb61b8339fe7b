//! Single sign-on over HTTP: a reader the host site signs in posts under the name,
//! avatar and badge the site gives them; a bad token is refused with its reason and
//! nothing is stored.

use crate::common::{ADMIN_TOKEN, TestApp};
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use reqwest::Method;
use serde_json::{Value, json};

const SHOP_SECRET: &str = "the-shop-secret-is-thirty-two-bytes-or-more";
const BLOG_SECRET: &str = "the-blog-secret-is-thirty-two-bytes-or-more";
const SHOP: &str = "https://shop.example";

fn config(moderation: &str) -> String {
    format!(
        r#"
[admin]
token = "{ADMIN_TOKEN}"

[[site]]
name = "blog"
origins = ["https://blog.example"]
[site.sso]
secret = "{BLOG_SECRET}"

[[site]]
name = "shop"
origins = ["{SHOP}"]
moderation = "{moderation}"
[site.sso]
secret = "{SHOP_SECRET}"
login_url = "{SHOP}/login"
badges = ["moderator"]

[[site]]
name = "plain"
origins = ["https://plain.example"]
"#
    )
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn claims(subject: &str, name: &str) -> Value {
    json!({"sub": subject, "name": name, "email": format!("{subject}@shop.example"),
           "exp": now() + 3600, "iat": now()})
}

fn token(claims: &Value, secret: &str) -> String {
    encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()).unwrap(),
    )
    .unwrap()
}

/// A comment on the shop's `/product/` page, signed in with `sso` (no name of its own).
async fn post(app: &TestApp, origin: &str, sso: Option<String>, body: &str) -> (u16, Value) {
    let mut comment = json!({
        "thread": "/product/",
        "url": format!("{origin}/product/"),
        "body": body,
    });
    match sso {
        Some(sso) => comment["sso"] = json!(sso),
        None => comment["author_name"] = json!("A guest"),
    }
    app.post_from(origin, comment).await
}

async fn count(app: &TestApp) -> Value {
    let response = app
        .client
        .get(app.url("/api/v1/comments?thread=/product/"))
        .header("Origin", SHOP)
        .send()
        .await
        .unwrap();
    response.json::<Value>().await.unwrap()["thread"]["count"].clone()
}

#[tokio::test]
async fn a_signed_in_reader_posts_under_the_name_avatar_and_badge_the_site_gives() {
    let app = TestApp::spawn_from_config(Default::default(), &config("none")).await;
    let mut ann = claims("u-1", "Ann Shopper");
    ann["badge"] = json!("moderator");
    ann["website"] = json!("https://ann.example/");
    let (status, first) = post(&app, SHOP, Some(token(&ann, SHOP_SECRET)), "First").await;
    assert_eq!(status, 201, "{first}");
    let author = &first["comment"]["author"];
    assert_eq!(author["name"], "Ann Shopper");
    assert_eq!(author["badge"], "moderator");
    assert_eq!(author["website"], "https://ann.example/");

    // Renamed since, the same reader keeps the same avatar.
    let renamed = token(&claims("u-1", "Ann S."), SHOP_SECRET);
    let (_, second) = post(&app, SHOP, Some(renamed), "Second").await;
    assert_eq!(second["comment"]["author"]["name"], "Ann S.");
    assert_eq!(
        author["avatar_seed"],
        second["comment"]["author"]["avatar_seed"]
    );
    assert_eq!(second["comment"]["author"]["badge"], Value::Null);
    // Another reader with the same name is someone else.
    let (_, other) = post(
        &app,
        SHOP,
        Some(token(&claims("u-2", "Ann S."), SHOP_SECRET)),
        "Third",
    )
    .await;
    assert_ne!(
        other["comment"]["author"]["avatar_seed"],
        author["avatar_seed"]
    );
    // Guests post as ever.
    assert_eq!(post(&app, SHOP, None, "A guest's").await.0, 201);
}

#[tokio::test]
async fn bad_tokens_are_refused_with_their_reason_and_nothing_is_stored() {
    let app = TestApp::spawn_from_config(Default::default(), &config("none")).await;
    let good = claims("u-1", "Ann");
    let with = |change: &dyn Fn(&mut Value)| {
        let mut claims = good.clone();
        change(&mut claims);
        token(&claims, SHOP_SECRET)
    };
    let unsigned = |alg: &str| {
        use base64::Engine;
        let encode = |value: &Value| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string())
        };
        format!(
            "{}.{}.",
            encode(&json!({"alg": alg, "typ": "JWT"})),
            encode(&good)
        )
    };
    let hs512 = encode(
        &Header::new(Algorithm::HS512),
        &good,
        &EncodingKey::from_secret(SHOP_SECRET.as_bytes()).unwrap(),
    )
    .unwrap();
    let cases = [
        (token(&good, BLOG_SECRET), "sso_bad_signature"),
        (unsigned("none"), "sso_wrong_algorithm"),
        (hs512, "sso_wrong_algorithm"),
        (with(&|c| c["exp"] = json!(now() - 10)), "sso_expired"),
        (
            with(&|c| c["exp"] = json!(now() + 2 * 86_400)),
            "sso_bad_expiry",
        ),
        (
            with(&|c| {
                c.as_object_mut().unwrap().remove("sub");
            }),
            "sso_missing_subject",
        ),
        (with(&|c| c["name"] = json!(" ")), "sso_missing_name"),
        (with(&|c| c["aud"] = json!("blog")), "sso_other_site"),
        (
            with(&|c| c["avatar"] = json!("https://evil.example/me.png")),
            "sso_avatar_off_site",
        ),
        (
            with(&|c| c["name"] = json!("n".repeat(500))),
            "sso_oversize",
        ),
        (
            with(&|c| c["bio"] = json!("b".repeat(10_000))),
            "sso_oversize",
        ),
        ("not.a.token".to_owned(), "sso_malformed"),
        (String::new(), "sso_malformed"),
    ];
    for (sso, code) in cases {
        let (status, answer) = post(&app, SHOP, Some(sso.clone()), "Refused").await;
        assert_eq!(status, 422, "{sso}: {answer}");
        assert_eq!(answer["error"]["field"], "sso", "{answer}");
        assert_eq!(answer["error"]["code"], code, "{sso}: {answer}");
    }
    // A site that signs nobody in says so.
    let (status, answer) = post(
        &app,
        "https://plain.example",
        Some(token(&good, SHOP_SECRET)),
        "x",
    )
    .await;
    assert_eq!(
        (status, answer["error"]["code"].clone()),
        (422, json!("sso_not_enabled"))
    );
    assert_eq!(count(&app).await, 0);
}

#[tokio::test]
async fn under_first_time_moderation_a_signed_in_reader_is_trusted_once_approved() {
    let app = TestApp::spawn_from_config(Default::default(), &config("first-time")).await;
    let ann = || Some(token(&claims("u-1", "Ann"), SHOP_SECRET));
    let (status, held) = post(&app, SHOP, ann(), "Held first").await;
    assert_eq!(status, 202, "{held}");
    let id = held["comment"]["id"].as_i64().unwrap();
    let path = format!("/api/v1/admin/comments/{id}/approve");
    let (status, _) = app.send(Method::POST, &path, Some(ADMIN_TOKEN), None).await;
    assert_eq!(status, 204);
    let (status, answer) = post(&app, SHOP, ann(), "Published at once").await;
    assert_eq!(status, 201, "{answer}");
    // Another reader, even under the same name, waits.
    let bob_as_ann = Some(token(&claims("u-9", "Ann"), SHOP_SECRET));
    assert_eq!(post(&app, SHOP, bob_as_ann, "Waits").await.0, 202);
}

#[tokio::test]
async fn moderators_see_who_a_signed_in_author_is_and_exports_carry_it() {
    let app = TestApp::spawn_from_config(Default::default(), &config("all")).await;
    let (status, held) = post(
        &app,
        SHOP,
        Some(token(&claims("u-1", "Ann"), SHOP_SECRET)),
        "Held",
    )
    .await;
    assert_eq!(status, 202, "{held}");
    let (_, queue) = app
        .send(Method::GET, "/api/v1/admin/queue", Some(ADMIN_TOKEN), None)
        .await;
    let queued = &queue["comments"][0];
    assert_eq!(queued["author_identity"], "sso:u-1", "{queue}");
    assert_eq!(queued["author_email"], "u-1@shop.example");
    // One commenter's record, by identity: the list and the counts.
    for (identity, found) in [("sso:u-1", 1), ("sso:u-2", 0), ("sso:u", 0)] {
        let (_, listed) = app
            .send(
                Method::GET,
                &format!("/api/v1/admin/queue?status=all&identity={identity}"),
                Some(ADMIN_TOKEN),
                None,
            )
            .await;
        assert_eq!(
            listed["comments"].as_array().map(Vec::len),
            Some(found),
            "{identity}"
        );
        let (_, record) = app
            .send(
                Method::GET,
                &format!("/api/v1/admin/commenter?identity={identity}"),
                Some(ADMIN_TOKEN),
                None,
            )
            .await;
        assert_eq!(record["held"], found, "{identity}: {record}");
    }

    // Confab's own export carries the identity, and an import restores it: the author
    // keeps the avatar that follows them on the site.
    let threads = app.storage.export(None).await.unwrap();
    let jsonl = confab_server::export::jsonl::write(&threads);
    assert!(jsonl.contains("\"author_identity\":\"sso:u-1\""), "{jsonl}");
    let other = TestApp::spawn_from_config(Default::default(), &config("none")).await;
    let response = other
        .client
        .post(other.url("/api/v1/admin/import?format=jsonl&site=shop"))
        .bearer_auth(ADMIN_TOKEN)
        .body(jsonl)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let restored = other.storage.export(None).await.unwrap();
    let imported = restored
        .iter()
        .flat_map(|thread| &thread.comments)
        .find(|comment| comment.body_markdown == "Held")
        .unwrap();
    assert_eq!(imported.author_identity.as_deref(), Some("sso:u-1"));
    let (_, fresh) = post(
        &other,
        SHOP,
        Some(token(&claims("u-1", "Ann"), SHOP_SECRET)),
        "New",
    )
    .await;
    let (_, queue) = other
        .send(Method::GET, "/api/v1/admin/queue", Some(ADMIN_TOKEN), None)
        .await;
    let imported_seed = &queue["comments"][0]["comment"]["author"]["avatar_seed"];
    assert_eq!(
        imported_seed, &fresh["comment"]["author"]["avatar_seed"],
        "{queue}"
    );
}

/// A request to change comment `id` with `authorization`.
async fn change(app: &TestApp, method: Method, id: i64, authorization: &str) -> (u16, Value) {
    let request = app
        .client
        .request(method.clone(), app.url(&format!("/api/v1/comments/{id}")))
        .header("Origin", SHOP)
        .header("Authorization", authorization);
    let request = match method {
        Method::PUT => request.json(&json!({"body": "Changed from another browser"})),
        _ => request,
    };
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_signed_in_author_edits_and_deletes_from_any_browser_and_nobody_else_can() {
    let app = TestApp::spawn_from_config(Default::default(), &config("none")).await;
    let ann = || token(&claims("u-1", "Ann"), SHOP_SECRET);
    let (_, posted) = post(&app, SHOP, Some(ann()), "Mine").await;
    let id = posted["comment"]["id"].as_i64().unwrap();

    // Another browser where Ann is signed in finds her comment, without its edit token.
    let mine = app
        .client
        .post(app.url("/api/v1/comments/mine"))
        .header("Origin", SHOP)
        .json(&json!({"comments": [], "thread": "/product/", "sso": ann()}))
        .send()
        .await
        .unwrap();
    assert_eq!(mine.status(), 200);
    let mine: Value = mine.json().await.unwrap();
    assert_eq!(mine["comments"][0]["id"], id, "{mine}");
    // What another browser needs to offer Edit and Delete.
    assert_eq!(mine["signed_in"][0]["id"], id, "{mine}");
    assert_eq!(mine["signed_in"][0]["markdown"], "Mine");
    assert!(
        mine["signed_in"][0]["editable_until"]
            .as_str()
            .is_some_and(|until| until.ends_with('Z')),
        "{mine}"
    );

    // Someone else signed in, or a forged token, changes nothing.
    let bob = token(&claims("u-2", "Bob"), SHOP_SECRET);
    let (status, answer) = change(&app, Method::PUT, id, &format!("SSO {bob}")).await;
    assert_eq!(
        (status, answer["error"]["code"].clone()),
        (403, json!("wrong_token"))
    );
    let forged = token(&claims("u-1", "Ann"), BLOG_SECRET);
    let (status, answer) = change(&app, Method::DELETE, id, &format!("SSO {forged}")).await;
    assert_eq!(
        (status, answer["error"]["code"].clone()),
        (422, json!("sso_bad_signature"))
    );
    let (status, _) = change(&app, Method::DELETE, id, "SSO ").await;
    assert_eq!(status, 401);

    let (status, edited) = change(&app, Method::PUT, id, &format!("SSO {}", ann())).await;
    assert_eq!(status, 200, "{edited}");
    assert!(
        edited.to_string().contains("Changed from another browser"),
        "{edited}"
    );
    let (status, _) = change(&app, Method::DELETE, id, &format!("SSO {}", ann())).await;
    assert_eq!(status, 204);
    assert_eq!(count(&app).await, 0);
}

#[tokio::test]
async fn a_signed_in_author_may_delete_after_the_edit_window_but_not_edit() {
    let config = config("none").replace(
        "name = \"shop\"\n",
        "name = \"shop\"\nedit_window_seconds = 1\n",
    );
    let app = TestApp::spawn_from_config(Default::default(), &config).await;
    let ann = || token(&claims("u-1", "Ann"), SHOP_SECRET);
    let (_, posted) = post(&app, SHOP, Some(ann()), "Old").await;
    let id = posted["comment"]["id"].as_i64().unwrap();
    let edit_token = posted["edit_token"].as_str().unwrap().to_owned();
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let (status, answer) = change(&app, Method::PUT, id, &format!("SSO {}", ann())).await;
    assert_eq!(
        (status, answer["error"]["code"].clone()),
        (403, json!("edit_window_closed"))
    );
    // A guest's edit token, past the window, deletes nothing either.
    let (status, _) = change(&app, Method::DELETE, id, &format!("Bearer {edit_token}")).await;
    assert_eq!(status, 403);
    let (status, _) = change(&app, Method::DELETE, id, &format!("SSO {}", ann())).await;
    assert_eq!(status, 204);
}

#[tokio::test]
async fn a_signed_in_reader_opens_the_page_of_their_comments_without_a_mail() {
    let app = TestApp::spawn_from_config(Default::default(), &config("none")).await;
    let sso = token(&claims("u-7", "Uma"), SHOP_SECRET);
    let (status, _) = post(&app, SHOP, Some(sso.clone()), "Uma's own words").await;
    assert_eq!(status, 201);
    let other = token(&claims("u-8", "Vic"), SHOP_SECRET);
    post(&app, SHOP, Some(other), "Vic's words").await;
    let (status, answer) = app
        .send_with_header(
            Method::POST,
            "/api/v1/my-comments/link",
            Some(("Origin", SHOP)),
            Some(json!({"sso": sso})),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    let url = answer["url"].as_str().unwrap();
    assert!(url.starts_with("/api/v1/mail/my-comments?token="), "{url}");
    let page = app.client.get(app.url(url)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains("Uma") && page.contains("own words"), "{page}");
    assert!(!page.contains("Vic"), "{page}");
    // A forged token gets no page.
    let forged = token(
        &claims("u-7", "Uma"),
        "a-different-secret-of-thirty-two-bytes!!",
    );
    let (status, _) = app
        .send_with_header(
            Method::POST,
            "/api/v1/my-comments/link",
            Some(("Origin", SHOP)),
            Some(json!({"sso": forged})),
        )
        .await;
    assert_eq!(status, 422);
}
