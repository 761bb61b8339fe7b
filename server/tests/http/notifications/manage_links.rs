//! “Manage my comments”: a guest asks for a link by mail (one an hour, and only an
//! address that wrote here gets one), the page lists their comments on the site, the
//! download holds them with their earlier versions, and erasing one or all after a
//! confirmation leaves placeholders only where replies hang and a log line naming nobody.
//! Forged, expired, replaced and used-up links are refused.

use super::sinks::SmtpSink;
use super::{THREAD, admin_token, comment, local, settle, spawn};
use crate::common::TestApp;
use confab_server::storage::{ManageLink, now_millis};
use reqwest::Method;
use serde_json::{Value, json};

const ZOE: &str = "zoe@example.com";

async fn ask(app: &TestApp, body: Value) -> (u16, Value) {
    app.send(Method::POST, "/api/v1/my-comments/link", None, Some(body))
        .await
}

/// `GET` of a page (a path on the test server); its status and text.
async fn open(app: &TestApp, url: &str) -> (u16, String) {
    let response = app.client.get(url).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// `POST` of the page's form with `fields`, as a browser sends it.
async fn press(app: &TestApp, url: &str, fields: &str) -> (u16, String) {
    let response = app
        .client
        .post(url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(fields.to_owned())
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn post(app: &TestApp, value: Value) -> i64 {
    let (status, posted) = app.post(value).await;
    assert!(status == 201 || status == 202, "{posted}");
    posted["comment"]["id"].as_i64().unwrap()
}

#[tokio::test]
async fn a_guest_gets_a_link_by_mail_downloads_and_erases_their_comments() {
    let smtp = SmtpSink::start().await;
    let app = spawn(smtp.port, "max_links = 0").await;
    let first = post(&app, comment("Zoe", ZOE, "Zoe's first words", None)).await;
    let reply = post(
        &app,
        comment("Ann", "ann@example.com", "Ann answers Zoe", Some(first)),
    )
    .await;
    let second = post(
        &app,
        comment("Zoe", "ZOE@example.com", "Zoe's second words", None),
    )
    .await;
    // One a moderator rejected: no list shows it, but it still holds Zoe's words.
    let rejected = post(
        &app,
        comment("Zoe", ZOE, "Rejected words <https://x.example>", None),
    )
    .await;
    let path = format!("/api/v1/admin/comments/{rejected}/reject");
    let (status, _) = app
        .send(Method::POST, &path, Some(&admin_token()), None)
        .await;
    assert_eq!(status, 204);
    let mut lang = json!({"email": "Zoe@Example.com", "lang": "de"});
    let (status, answer) = ask(&app, lang.take()).await;
    assert_eq!((status, &answer), (202, &json!({})));
    let mail = smtp.wait_for(ZOE, 1).await.remove(0);
    assert_eq!(mail.subject(), "Ihre Kommentare auf blog.example");
    let page = local(
        &app,
        &mail.link_containing("/api/v1/mail/my-comments?token="),
    );

    // The page lists Zoe's two comments, not Ann's.
    let (status, listed) = open(&app, &page).await;
    assert_eq!(status, 200, "{listed}");
    assert!(listed.contains("Zoe&#39;s first words") || listed.contains("Zoe's first words"));
    assert!(
        listed.contains("second words") && !listed.contains("Ann answers"),
        "{listed}"
    );
    assert!(listed.contains("Download them all"));

    // The download holds everything stored about them.
    let download = page.replace("my-comments?", "my-comments/download?");
    let response = app.client.get(&download).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let exported: Value = response.json().await.unwrap();
    let comments = exported["comments"].as_array().unwrap();
    assert_eq!(comments.len(), 2, "{exported}");
    assert_eq!(comments[0]["id"], second, "newest first");
    assert_eq!(comments[1]["text"], "Zoe's first words");
    assert_eq!(comments[1]["thread"], THREAD);
    assert_eq!(comments[1]["client_address"], "127.0.0.1");

    // Erasing one asks first, then erases it: a placeholder stays above Ann's reply.
    let (status, asked) = press(&app, &page, &format!("erase={first}")).await;
    assert_eq!(status, 200);
    assert!(
        asked.contains("Erase this comment?") && asked.contains("first words"),
        "{asked}"
    );
    let thread = app.thread(THREAD).await;
    assert!(
        thread.to_string().contains("Zoe's first words"),
        "nothing yet"
    );
    let (status, done) = press(&app, &page, &format!("erase={first}&confirm=yes")).await;
    assert_eq!(status, 200, "{done}");
    assert!(done.contains("Back to your comments"));
    let thread = app.thread(THREAD).await.to_string();
    assert!(
        !thread.contains("first words") && thread.contains("Ann answers Zoe"),
        "{thread}"
    );
    // A comment that is not Zoe's is not hers to erase.
    let (status, _) = press(&app, &page, &format!("erase={reply}&confirm=yes")).await;
    assert_eq!(status, 404);
    assert!(
        app.thread(THREAD)
            .await
            .to_string()
            .contains("Ann answers Zoe")
    );

    // The log names nobody.
    let (_, log) = app
        .send(Method::GET, "/api/v1/admin/log", Some(&admin_token()), None)
        .await;
    assert_eq!(log["entries"][0]["actor"], "commenter", "{log}");
    assert!(!log.to_string().to_lowercase().contains("zoe"), "{log}");

    // Erase all, confirmed: the link is then used up.
    let (status, asked) = press(&app, &page, "erase=all").await;
    assert!(
        status == 200 && asked.contains("Erase all your comments?"),
        "{asked}"
    );
    let (status, done) = press(&app, &page, "erase=all&confirm=yes").await;
    assert_eq!(status, 200);
    assert!(done.contains("1 comment is erased"), "{done}");
    assert!(
        !app.thread(THREAD)
            .await
            .to_string()
            .contains("second words")
    );
    // Nothing of Zoe's is left anywhere, the rejected comment included.
    let stored = format!("{:?}", app.storage.export(None).await.unwrap());
    assert!(
        !stored.contains("Rejected words") && !stored.to_lowercase().contains(ZOE),
        "{stored}"
    );
    let (status, replayed) = open(&app, &page).await;
    assert_eq!(status, 410, "{replayed}");
    assert!(replayed.contains("Everything was erased with it"));
    let (status, _) = press(&app, &page, "erase=all&confirm=yes").await;
    assert_eq!(status, 410);
}

#[tokio::test]
async fn one_mail_an_hour_and_none_to_an_address_that_wrote_nothing() {
    let smtp = SmtpSink::start().await;
    let app = spawn(smtp.port, "").await;
    post(&app, comment("Zoe", ZOE, "Zoe writes", None)).await;
    for _ in 0..3 {
        assert_eq!(ask(&app, json!({"email": ZOE})).await.0, 202);
    }
    let (status, answer) = ask(&app, json!({"email": "nobody@example.com"})).await;
    assert_eq!((status, answer), (202, json!({})), "the same answer");
    settle(&app).await;
    assert_eq!(smtp.mails_to(ZOE).len(), 1);
    assert!(smtp.mails_to("nobody@example.com").is_empty());
}

#[tokio::test]
async fn forged_expired_and_replaced_links_are_refused() {
    let smtp = SmtpSink::start().await;
    let app = spawn(smtp.port, "").await;
    post(&app, comment("Zoe", ZOE, "Zoe writes", None)).await;
    let base = app.url("/api/v1/mail/my-comments");
    // The site's threads start as the one thread's stored key does.
    let (_, queue) = app
        .send(
            Method::GET,
            "/api/v1/admin/queue?status=all",
            Some(&admin_token()),
            None,
        )
        .await;
    let stored = queue["comments"][0]["thread"].as_str().unwrap();
    let site = format!("{}/", stored.strip_suffix(THREAD).unwrap());
    let issue = |token: &str, created_at: i64, expires_at: i64| {
        let link = ManageLink {
            site: site.clone(),
            address: Some(ZOE.to_owned()),
            identity: None,
            created_at,
            expires_at,
        };
        let (storage, hash) = (
            app.storage.clone(),
            confab_server::identity::edit_token_hash(token),
        );
        async move {
            storage
                .issue_manage_link(&hash, &link, None, created_at)
                .await
                .unwrap()
        }
    };
    let now = now_millis();
    assert!(issue("expired-token", now - 3_000, now - 1_000).await);
    assert!(issue("older-token", now - 2_000, now + 60_000).await);
    assert!(issue("newer-token", now - 1_000, now + 60_000).await);
    for (query, status, says) in [
        ("", 400, "incomplete"),
        ("?token=", 400, "incomplete"),
        ("?token=made-up", 403, "not valid"),
        ("?token=expired-token", 410, "24 hours"),
        ("?token=older-token", 410, "newer link"),
        ("?token=newer-token", 200, "Zoe writes"),
    ] {
        let (got, page) = open(&app, &format!("{base}{query}")).await;
        assert_eq!(got, status, "{query}: {page}");
        assert!(page.contains(says), "{query}: {page}");
        let (got, _) = press(&app, &format!("{base}{query}"), "erase=all&confirm=yes").await;
        let expected = if status == 200 { 200 } else { status };
        assert_eq!(got, expected, "{query}");
    }
    let (got, _) = open(&app, &format!("{base}/download?token=made-up")).await;
    assert_eq!(got, 403);
}

#[tokio::test]
async fn asking_for_a_link_needs_a_real_address_and_a_server_that_mails() {
    let smtp = SmtpSink::start().await;
    let app = spawn(smtp.port, "").await;
    for (body, status, code) in [
        (json!({}), 422, "required"),
        (json!({"email": "  "}), 422, "required"),
        (json!({"email": "not an address"}), 422, "invalid_email"),
        (
            json!({"email": format!("{}@example.com", "z".repeat(300))}),
            422,
            "invalid_email",
        ),
        (json!({"email": 7}), 400, "invalid_field"),
        (json!({"session": "no-such-session"}), 422, "session_ended"),
    ] {
        let (got, answer) = ask(&app, body.clone()).await;
        assert_eq!(got, status, "{body}: {answer}");
        if !code.is_empty() {
            assert_eq!(answer["error"]["code"], code, "{answer}");
        }
    }
    let without_mail = TestApp::spawn().await;
    let (status, answer) = ask(&without_mail, json!({"email": ZOE})).await;
    assert_eq!(status, 503, "{answer}");
}
