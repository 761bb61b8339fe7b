//! Site owners hear of new comments by mail and moderate them from it: the links ask
//! before they act, and forged or expired links are refused.

use super::sinks::SmtpSink;
use super::{OWNER, THREAD, comment, follow, local, settle, spawn};
use confab_api::ModerationAction;
use confab_server::notify::links::ModerationLink;

#[tokio::test]
async fn a_held_comment_is_mailed_to_the_owner_and_approved_from_the_mail() {
    let smtp = SmtpSink::start().await;
    let app = spawn(
        smtp.port,
        &format!("moderation = \"all\"\nowner_emails = [\"{OWNER}\"]"),
    )
    .await;
    let (status, posted) = app
        .post(comment("Ann", "ann@example.com", "Is *this* held?", None))
        .await;
    assert_eq!(status, 202, "{posted}");
    let id = posted["comment"]["id"].as_i64().unwrap();
    let mail = smtp.wait_for(OWNER, 1).await.remove(0);
    assert_eq!(mail.recipients, [OWNER]);
    assert!(
        mail.subject().starts_with("Held for moderation: Ann on"),
        "{}",
        mail.subject()
    );
    assert!(mail.text().contains("> Is this held?"), "{}", mail.text());
    assert!(mail.html().contains("<em>this</em>"), "{}", mail.html());
    assert!(mail.text().contains("ann@example.com"));
    assert!(mail.header("Message-ID").unwrap().starts_with("<confab."));

    let approve = mail.link_containing("action=approve");
    // Looking at the link changes nothing: mail scanners open links on their own.
    let shown = app.client.get(local(&app, &approve)).send().await.unwrap();
    assert_eq!(shown.status(), 200);
    assert_eq!(shown.headers()["referrer-policy"], "no-referrer");
    assert!(
        shown
            .text()
            .await
            .unwrap()
            .contains("<form method=\"post\">")
    );
    assert_eq!(app.thread(THREAD).await["thread"]["count"], 0);

    let (_, done, page) = follow(&app, &approve).await;
    assert_eq!(done, 200, "{page}");
    assert!(page.contains("approved"));
    let thread = app.thread(THREAD).await;
    assert_eq!(thread["thread"]["count"], 1);
    assert_eq!(thread["comments"][0]["id"], id);
    let (_, log) = app
        .send(
            reqwest::Method::GET,
            "/api/v1/admin/log",
            Some(&super::admin_token()),
            None,
        )
        .await;
    assert_eq!(log["entries"][0]["actor"], format!("{OWNER} (by mail)"));

    // The same link again: nothing left to approve.
    let (_, again, _) = follow(&app, &approve).await;
    assert_eq!(again, 409);
}

#[tokio::test]
async fn forged_and_expired_links_are_refused() {
    let smtp = SmtpSink::start().await;
    let app = spawn(
        smtp.port,
        &format!("moderation = \"all\"\nowner_emails = [\"{OWNER}\"]"),
    )
    .await;
    let (_, posted) = app
        .post(comment("Ann", "ann@example.com", "Hold me", None))
        .await;
    let id = posted["comment"]["id"].as_i64().unwrap();
    let mail = smtp.wait_for(OWNER, 1).await.remove(0);
    let approve = mail.link_containing("action=approve");

    let forged = [
        approve.replace("action=approve", "action=delete"),
        approve.replace(&format!("comment={id}"), &format!("comment={}", id + 1)),
        approve.replace("owner=owner", "owner=eve"),
        format!("{approve}x"),
    ];
    for link in forged {
        let (shown, done, page) = follow(&app, &link).await;
        assert_eq!((shown, done), (403, 403), "{link}: {page}");
        assert!(page.contains("not valid"));
    }
    let incomplete = [
        approve.split("&sig=").next().unwrap().to_owned(),
        approve.replace(&format!("comment={id}"), "comment=abc"),
        approve.replace("action=approve", "action=launch"),
        format!("{}/api/v1/mail/moderate", super::PUBLIC_URL),
    ];
    for link in incomplete {
        let (shown, done, _) = follow(&app, &link).await;
        assert_eq!((shown, done), (400, 400), "{link}");
    }

    let key = app.storage.server_key().await.unwrap();
    let expired = ModerationLink {
        comment: id,
        action: ModerationAction::Approve,
        owner: OWNER.to_owned(),
        expires: confab_server::storage::now_millis() - 1,
        edited: 0,
    }
    .url(super::PUBLIC_URL, &key);
    let (shown, done, page) = follow(&app, &expired).await;
    assert_eq!((shown, done), (410, 410));
    assert!(page.contains("expired"));
    assert_eq!(
        app.thread(THREAD).await["thread"]["count"],
        0,
        "nothing was approved"
    );
}

#[tokio::test]
async fn owners_hear_of_every_comment_or_only_of_held_ones_as_configured() {
    let smtp = SmtpSink::start().await;
    let app = spawn(
        smtp.port,
        &format!("owner_emails = [\"{OWNER}\", \"second@blog.example\"]"),
    )
    .await;
    app.post(comment("Ann", "ann@example.com", "Published at once", None))
        .await;
    // An owner's address typed on a comment proves nothing: it is mailed like any other.
    app.post(comment("Owner?", OWNER, "My own words", None))
        .await;
    let mails = smtp.wait_for("second@blog.example", 2).await;
    assert!(mails[0].subject().starts_with("New comment by Ann"));
    let spam = mails[0].link_containing("action=spam");
    assert!(mails[0].text().contains("action=delete"));
    assert!(!mails[0].text().contains("action=approve"));
    settle(&app).await;
    assert_eq!(smtp.mails_to(OWNER).len(), 2);
    let (_, done, _) = follow(&app, &spam).await;
    assert_eq!(done, 200);
    assert_eq!(app.thread(THREAD).await["thread"]["count"], 1);

    let held_only = SmtpSink::start().await;
    let app = spawn(
        held_only.port,
        &format!("owner_mail = \"held\"\nmax_links = 0\nowner_emails = [\"{OWNER}\"]"),
    )
    .await;
    app.post(comment("Ann", "ann@example.com", "No links here", None))
        .await;
    app.post(comment(
        "Bob",
        "bob@example.com",
        "See <https://spam.example>",
        None,
    ))
    .await;
    let mails = held_only.wait_for(OWNER, 1).await;
    settle(&app).await;
    assert_eq!(held_only.mails_to(OWNER).len(), 1);
    assert!(mails[0].subject().contains("Bob"));
}

#[tokio::test]
async fn an_edit_that_puts_a_comment_back_in_the_queue_is_mailed_and_old_links_do_not_approve_it() {
    let smtp = SmtpSink::start().await;
    let app = spawn(
        smtp.port,
        &format!("owner_mail = \"held\"\nmax_links = 0\nowner_emails = [\"{OWNER}\"]"),
    )
    .await;
    let (status, posted) = app
        .post(comment(
            "Ann",
            "ann@example.com",
            "Nothing to see here",
            None,
        ))
        .await;
    assert_eq!(status, 201, "{posted}");
    settle(&app).await;
    assert!(
        smtp.mails_to(OWNER).is_empty(),
        "a published comment is not news"
    );
    let id = posted["comment"]["id"].as_i64().unwrap();
    let token = posted["edit_token"].as_str().unwrap();
    let path = format!("/api/v1/comments/{id}");
    let farm = serde_json::json!({"body": "Buy now <https://spam.example>"});
    let (status, edited) = app
        .send(reqwest::Method::PUT, &path, Some(token), Some(farm))
        .await;
    assert_eq!(
        (status, &edited["comment"]["status"]),
        (200, &"pending".into())
    );
    let mail = smtp.wait_for(OWNER, 1).await.remove(0);
    assert!(
        mail.subject().starts_with("Held for moderation: Ann"),
        "{}",
        mail.subject()
    );
    assert!(mail.text().contains("Buy now"), "{}", mail.text());

    // The mail's link approves the text it showed; after another edit it does not.
    let approve = mail.link_containing("action=approve");
    let again = serde_json::json!({"body": "Buy more now <https://spam.example>"});
    let (status, _) = app
        .send(reqwest::Method::PUT, &path, Some(token), Some(again))
        .await;
    assert_eq!(status, 200);
    let (_, done, page) = follow(&app, &approve).await;
    assert_eq!(done, 409, "{page}");
    assert!(page.contains("changed after this mail was sent"), "{page}");
    assert_eq!(app.thread(THREAD).await["thread"]["count"], 0);
}

#[tokio::test]
async fn names_cannot_add_headers_or_recipients() {
    let smtp = SmtpSink::start().await;
    let app = spawn(smtp.port, &format!("owner_emails = [\"{OWNER}\"]")).await;
    let mut hostile = comment(
        "Eve\r\nBcc: victim@example.com\r\nX-Evil: 1",
        "eve@example.com",
        "Hi",
        None,
    );
    hostile["title"] = "Title\r\nBcc: other@example.com".into();
    let (status, body) = app.post(hostile).await;
    assert_eq!(status, 201, "{body}");
    let mail = smtp.wait_for(OWNER, 1).await.remove(0);
    assert_eq!(mail.recipients, [OWNER]);
    let names = mail.header_names();
    assert!(
        !names.iter().any(|name| name.eq_ignore_ascii_case("bcc")),
        "{names:?}"
    );
    assert!(
        !names.iter().any(|name| name.eq_ignore_ascii_case("x-evil")),
        "{names:?}"
    );
    assert!(!mail.subject().contains('\n'));
}
