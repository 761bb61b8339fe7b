//! Moderators' rules on new comments: each kind matches what it says, each action does
//! what it says (refuse with the rule's message, hold, mark as spam while the author is
//! told it waits), the comment notes which rule and why, rules are tried on past
//! comments before they are stored, configured rules apply too, and a moderator of one
//! site manages that site's rules only.

use crate::common::{ADMIN_TOKEN, TestApp, demo_key};
use reqwest::Method;
use serde_json::{Value, json};

pub async fn add(app: &TestApp, rule: Value) -> i64 {
    let (status, added) = app
        .admin(Method::POST, "/api/v1/admin/rules", Some(rule))
        .await;
    assert_eq!(status, 201, "{added}");
    added["id"].as_i64().unwrap()
}

pub fn comment(name: &str, email: &str, website: &str, body: &str) -> Value {
    json!({"thread": demo_key(), "author_name": name, "author_email": email,
           "author_website": website, "body": body})
}

/// The comment's status and rule note as moderators see them.
pub async fn judged(app: &TestApp, id: i64) -> (String, Value) {
    let (_, listed) = app
        .admin(
            Method::GET,
            "/api/v1/admin/queue?status=all&limit=200",
            None,
        )
        .await;
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

#[tokio::test]
async fn each_kind_of_rule_catches_its_comment_and_leaves_the_others() {
    let app = TestApp::spawn().await;
    let rules = [
        (
            "email",
            "@spam.example",
            comment("Ann", "ann@mail.spam.example", "", "Hello from Ann"),
        ),
        (
            "name",
            "Pill Seller",
            comment("pill seller", "p@example.org", "", "Hello from a seller"),
        ),
        (
            "address",
            "127.0.0.0/8",
            comment("Cy", "cy@example.org", "", "From loopback"),
        ),
        (
            "website",
            "casino.example",
            comment("Di", "", "https://win.casino.example/", "Hi"),
        ),
        (
            "link",
            "pills.example",
            comment("Ed", "", "", "See <https://x.pills.example/a>"),
        ),
        (
            "words",
            "viagra cialis",
            comment("Fay", "", "", "Cheap CIALIS here"),
        ),
        (
            "phrase",
            "work from home",
            comment("Gus", "", "", "I work from home daily"),
        ),
        (
            "regex",
            r"\d{3}-\d{4}",
            comment("Hal", "", "", "Call 555-0100 now"),
        ),
    ];
    for (kind, pattern, caught) in rules {
        let id = add(
            &app,
            json!({"kind": kind, "pattern": pattern, "action": "hold"}),
        )
        .await;
        let words = format!("A kind word about {kind}");
        let harmless = comment("Ivy", "ivy@example.org", "https://ivy.example/", &words);
        let (status, posted) = app.post(harmless).await;
        if kind == "address" {
            // Every test post comes from loopback: this one is caught too.
            assert_eq!(status, 202, "{kind}: {posted}");
        } else {
            assert_eq!(status, 201, "{kind} catches nothing else: {posted}");
        }
        let (status, posted) = app.post(caught).await;
        assert_eq!(status, 202, "{kind}: {posted}");
        let (state, note) = judged(&app, posted["comment"]["id"].as_i64().unwrap()).await;
        assert_eq!(state, "pending");
        let note = note.as_str().unwrap_or_default().to_owned();
        assert!(
            note.starts_with(&format!("hold by rule {id}: ")),
            "{kind}: {note}"
        );
        let (status, _) = app
            .admin(Method::DELETE, &format!("/api/v1/admin/rules/{id}"), None)
            .await;
        assert_eq!(status, 204);
    }
}

#[tokio::test]
async fn a_refusal_says_the_rules_message_and_spam_is_kept_quiet() {
    let app = TestApp::spawn().await;
    add(
        &app,
        json!({"kind": "words", "pattern": "casino", "action": "refuse",
               "message": "No gambling talk, please."}),
    )
    .await;
    add(
        &app,
        json!({"kind": "phrase", "pattern": "buy now", "action": "spam"}),
    )
    .await;
    let (status, refused) = app.post(comment("Jo", "", "", "Best casino in town")).await;
    assert_eq!(status, 403, "{refused}");
    assert_eq!(refused["error"]["code"], "refused_by_rule");
    assert_eq!(refused["error"]["message"], "No gambling talk, please.");

    let (status, posted) = app
        .post(comment("Kim", "", "", "Great deals, BUY NOW"))
        .await;
    assert_eq!(status, 202, "told it waits: {posted}");
    assert_eq!(posted["comment"]["status"], "pending");
    let id = posted["comment"]["id"].as_i64().unwrap();
    let (state, note) = judged(&app, id).await;
    assert_eq!(state, "spam");
    assert!(
        note.as_str()
            .unwrap()
            .contains("the text matches \"buy now\""),
        "{note}"
    );
    // Its author's browser is told the same; readers and counts never see it.
    let token = posted["edit_token"].as_str().unwrap();
    let (_, mine) = app
        .send(
            Method::POST,
            "/api/v1/comments/mine",
            None,
            Some(json!({"comments": [{"id": id, "edit_token": token}]})),
        )
        .await;
    assert_eq!(mine["comments"][0]["status"], "pending", "{mine}");
    assert!(
        !app.thread(&demo_key())
            .await
            .to_string()
            .contains("BUY NOW")
    );
}

#[tokio::test]
async fn a_rule_is_tried_on_past_comments_before_it_is_stored() {
    let app = TestApp::spawn().await;
    for number in 0..12 {
        app.post_id(comment(
            "Lu",
            "",
            "",
            &format!("Visit my zebrablog, number {number}"),
        ))
        .await;
    }
    let rule = json!({"kind": "phrase", "pattern": "my zebrablog", "action": "spam"});
    let (status, trial) = app
        .admin(Method::POST, "/api/v1/admin/rules/test", Some(rule))
        .await;
    assert_eq!(status, 200, "{trial}");
    assert_eq!(trial["matched"], 12, "{trial}");
    assert!(trial["read"].as_u64().unwrap() >= 12);
    assert_eq!(trial["examples"].as_array().map(Vec::len), Some(5));
    let (_, rules) = app.admin(Method::GET, "/api/v1/admin/rules", None).await;
    assert_eq!(rules["rules"], json!([]), "a trial stores nothing");
}

#[tokio::test]
async fn broken_rules_are_refused_with_the_reason() {
    let app = TestApp::spawn().await;
    for (rule, status, code) in [
        (
            json!({"kind": "regex", "pattern": "(open", "action": "spam"}),
            422,
            "invalid_pattern",
        ),
        (
            json!({"kind": "address", "pattern": "nowhere", "action": "spam"}),
            422,
            "invalid_pattern",
        ),
        (
            json!({"kind": "phrase", "pattern": "  ", "action": "spam"}),
            422,
            "invalid_pattern",
        ),
        (
            json!({"kind": "phrase", "pattern": "a\u{0}b", "action": "spam"}),
            422,
            "invalid_pattern",
        ),
        (
            json!({"kind": "phrase", "pattern": "x".repeat(1001), "action": "spam"}),
            422,
            "invalid_pattern",
        ),
        (
            json!({"kind": "phrase", "pattern": "x", "action": "spam", "site": "nope"}),
            422,
            "unknown_site",
        ),
        (
            json!({"kind": "phrase", "pattern": "x", "action": "spam", "message": "m".repeat(501)}),
            422,
            "too_long",
        ),
        (
            json!({"kind": "colour", "pattern": "x", "action": "spam"}),
            400,
            "invalid_field",
        ),
        (
            json!({"kind": "phrase", "pattern": "x", "action": "ban"}),
            400,
            "invalid_field",
        ),
        (
            json!({"kind": "phrase", "action": "spam"}),
            400,
            "invalid_field",
        ),
    ] {
        let (got, refused) = app
            .admin(Method::POST, "/api/v1/admin/rules", Some(rule.clone()))
            .await;
        assert_eq!(got, status, "{rule}: {refused}");
        assert_eq!(refused["error"]["code"], code, "{refused}");
    }
    for (path, status) in [
        ("/api/v1/admin/rules/999", 404),
        ("/api/v1/admin/rules/abc", 404),
    ] {
        let (got, _) = app.admin(Method::DELETE, path, None).await;
        assert_eq!(got, status, "{path}");
    }
    let (status, _) = app
        .send(Method::GET, "/api/v1/admin/rules", None, None)
        .await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn configured_rules_apply_and_a_site_moderator_manages_their_sites_rules_only() {
    let hash = confab_server::passwords::hash_password("a long moderator password").unwrap();
    let config = format!(
        r#"
[admin]
token = "{ADMIN_TOKEN}"

[[admin.moderator]]
name = "sam"
password_hash = "{hash}"
sites = ["shop"]

[[admin.rule]]
kind = "words"
pattern = "forbidden"
action = "refuse"
message = "Not that word."

[[site]]
name = "blog"
origins = ["https://blog.example"]

[[site]]
name = "shop"
origins = ["https://shop.example"]
"#
    );
    let app = TestApp::spawn_from_config(Default::default(), &config).await;
    let post = json!({"thread": "/p/", "author_name": "Mo", "body": "A forbidden word"});
    let (status, refused) = app.post_from("https://shop.example", post).await;
    assert_eq!(
        (status, &refused["error"]["message"]),
        (403, &json!("Not that word."))
    );

    let cookie = app.log_in("sam", "a long moderator password").await;
    let as_sam = |method: Method, path: String, body: Option<Value>| {
        let (app, cookie) = (&app, &cookie);
        async move { app.as_moderator(cookie, method, &path, body).await }
    };
    let rule = |site: Option<&str>| json!({"kind": "phrase", "pattern": "hi", "action": "hold", "site": site});
    let (status, refused) = as_sam(
        Method::POST,
        "/api/v1/admin/rules".to_owned(),
        Some(rule(Some("blog"))),
    )
    .await;
    assert_eq!(
        (status, &refused["error"]["code"]),
        (403, &json!("not_your_site"))
    );
    let (status, refused) = as_sam(
        Method::POST,
        "/api/v1/admin/rules".to_owned(),
        Some(rule(None)),
    )
    .await;
    assert_eq!(
        (status, &refused["error"]["code"]),
        (403, &json!("owners_only"))
    );
    let (status, shop_rule) = as_sam(
        Method::POST,
        "/api/v1/admin/rules".to_owned(),
        Some(rule(Some("shop"))),
    )
    .await;
    assert_eq!(status, 201, "{shop_rule}");
    let blog_rule = add(&app, rule(Some("blog"))).await;
    let (_, listed) = as_sam(Method::GET, "/api/v1/admin/rules".to_owned(), None).await;
    assert_eq!(
        listed["rules"].as_array().map(Vec::len),
        Some(1),
        "the shop's only: {listed}"
    );
    let (status, _) = as_sam(
        Method::DELETE,
        format!("/api/v1/admin/rules/{blog_rule}"),
        None,
    )
    .await;
    assert_eq!(status, 403);
    // The shop's rule holds the shop's comments, not the blog's.
    let hello = json!({"thread": "/p/", "author_name": "Mo", "body": "hi there"});
    assert_eq!(
        app.post_from("https://shop.example", hello.clone()).await.0,
        202
    );
    let (_, all) = app.admin(Method::GET, "/api/v1/admin/rules", None).await;
    assert_eq!(
        all["rules"].as_array().map(Vec::len),
        Some(3),
        "configured, shop, blog: {all}"
    );
    let (status, _) = app
        .admin(
            Method::DELETE,
            &format!("/api/v1/admin/rules/{blog_rule}"),
            None,
        )
        .await;
    assert_eq!(status, 204);
    assert_eq!(app.post_from("https://blog.example", hello).await.0, 201);
    // Stored rules are in the log.
    let (_, log) = app.admin(Method::GET, "/api/v1/admin/log", None).await;
    assert_eq!(
        log["entries"][0]["action"],
        format!("remove rule {blog_rule}")
    );
}

#[tokio::test]
async fn an_authors_edit_is_judged_by_the_rules_too() {
    let app = TestApp::spawn().await;
    let (status, posted) = app
        .post(comment(
            "Nat",
            "nat@example.org",
            "",
            "A harmless first text",
        ))
        .await;
    assert_eq!(status, 201);
    let id = posted["comment"]["id"].as_i64().unwrap();
    let token = posted["edit_token"].as_str().unwrap().to_owned();
    add(
        &app,
        json!({"kind": "words", "pattern": "casino", "action": "refuse", "message": "No casinos."}),
    )
    .await;
    add(
        &app,
        json!({"kind": "phrase", "pattern": "cheap pills", "action": "shadow"}),
    )
    .await;
    let edit = |body: &str| {
        let (app, token) = (&app, token.clone());
        let body = json!({ "body": body });
        async move {
            app.send(
                Method::PUT,
                &format!("/api/v1/comments/{id}"),
                Some(&token),
                Some(body),
            )
            .await
        }
    };
    let (status, refused) = edit("Now about my casino").await;
    assert_eq!(
        (status, &refused["error"]["message"]),
        (403, &json!("No casinos."))
    );
    // Any other rule holds the edit for a moderator, and says why.
    let (status, held) = edit("Now selling cheap pills").await;
    assert_eq!(status, 200, "{held}");
    assert_eq!(held["comment"]["status"], "pending");
    let (state, note) = judged(&app, id).await;
    assert_eq!(state, "pending");
    assert!(
        note.as_str().unwrap().starts_with("shadow by rule"),
        "{note}"
    );
    assert!(
        !app.thread(&demo_key())
            .await
            .to_string()
            .contains("cheap pills")
    );
}
