//! Reply notifications: an address gets one confirmation mail and nothing else until it
//! confirms; then a mail per reply (not for its own replies, not for held ones); and an
//! unsubscribe, by link or by one-click POST, counts at once.

use super::sinks::SmtpSink;
use super::{comment, deliveries, follow, local, settle, spawn};
use crate::common::TestApp;

const ANN: &str = "ann@example.com";
const DAN: &str = "dan@example.com";

/// Ann's comment asking to hear of replies; returns its id.
async fn ann_asks(app: &TestApp, body: &str) -> i64 {
    let mut asking = comment("Ann", ANN, body, None);
    asking["notify_replies"] = true.into();
    let (status, posted) = app.post(asking).await;
    assert_eq!(status, 201, "{posted}");
    posted["comment"]["id"].as_i64().unwrap()
}

async fn reply(app: &TestApp, name: &str, email: &str, body: &str, parent: i64) -> u16 {
    app.post(comment(name, email, body, Some(parent))).await.0
}

#[tokio::test]
async fn an_unconfirmed_address_gets_exactly_one_mail_however_often_it_is_named() {
    let smtp = SmtpSink::start().await;
    let app = spawn(smtp.port, "").await;
    let first = ann_asks(&app, "First, tell me of replies").await;
    for number in 0..4 {
        ann_asks(&app, &format!("Again, number {number}")).await;
    }
    assert_eq!(
        reply(&app, "Bob", "bob@example.com", "A reply", first).await,
        201
    );
    settle(&app).await;
    let mails = smtp.mails_to(ANN);
    assert_eq!(mails.len(), 1, "{mails:#?}");
    assert!(
        mails[0]
            .subject()
            .starts_with("Confirm reply notifications")
    );
    assert!(mails[0].text().contains("nothing else"));
    assert_eq!(deliveries(&app, "confirm").await.len(), 1);
    assert!(deliveries(&app, "reply").await.is_empty());
}

#[tokio::test]
async fn after_confirming_replies_are_mailed_but_not_ones_own_nor_held_ones() {
    let smtp = SmtpSink::start().await;
    let app = spawn(smtp.port, "max_links = 0").await;
    let first = ann_asks(&app, "Tell me of replies").await;
    let confirmation = smtp.wait_for(ANN, 1).await.remove(0);
    let link = confirmation.link_containing("/api/v1/mail/confirm");
    let (shown, done, page) = follow(&app, &link).await;
    assert_eq!((shown, done), (200, 200), "{page}");
    assert!(page.contains("Confirmed"));

    assert_eq!(
        reply(&app, "Bob", "bob@example.com", "Hello *Ann*", first).await,
        201
    );
    let mails = smtp.wait_for(ANN, 2).await;
    let mail = &mails[1];
    assert_eq!(mail.subject(), "Bob replied to you on “Notes on notifying”");
    assert!(mail.text().contains("> Hello Ann"));
    assert!(mail.html().contains("<em>Ann</em>"));
    assert!(
        mail.text()
            .contains("https://blog.example/notify/#confab-comment-")
    );
    let unsubscribe = mail.header("List-Unsubscribe").unwrap();
    assert!(unsubscribe.starts_with("<https://comments.example/api/v1/mail/unsubscribe?"));
    assert_eq!(
        mail.header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );

    // Her own reply, in any case of her address: nothing.
    assert_eq!(
        reply(&app, "Ann", "ANN@example.com", "Me again", first).await,
        201
    );
    // A held reply (a link, with max_links = 0): nothing until a moderator approves it.
    assert_eq!(
        reply(
            &app,
            "Cy",
            "cy@example.com",
            "See <https://cy.example>",
            first
        )
        .await,
        202
    );
    settle(&app).await;
    assert_eq!(smtp.mails_to(ANN).len(), 2);
    let held = deliveries(&app, "").await;
    assert!(
        held.iter()
            .all(|delivery| delivery["recipient"] != "cy@example.com")
    );
    let (_, queue) = app
        .send(
            reqwest::Method::GET,
            "/api/v1/admin/queue",
            Some(&super::admin_token()),
            None,
        )
        .await;
    let held_id = queue["comments"][0]["comment"]["id"].as_i64().unwrap();
    let (status, _) = app
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/admin/comments/{held_id}/approve"),
            Some(&super::admin_token()),
            None,
        )
        .await;
    assert_eq!(status, 204);
    let mails = smtp.wait_for(ANN, 3).await;
    assert!(mails[2].subject().starts_with("Cy replied"));
}

#[tokio::test]
async fn unsubscribing_by_link_or_one_click_post_stops_mails_at_once() {
    let smtp = SmtpSink::start().await;
    let app = spawn(smtp.port, "").await;
    let first = ann_asks(&app, "Tell me").await;
    let confirm = smtp.wait_for(ANN, 1).await[0].link_containing("/confirm");
    follow(&app, &confirm).await;
    reply(&app, "Bob", "bob@example.com", "One", first).await;
    let mails = smtp.wait_for(ANN, 2).await;
    let unsubscribe = mails[1].link_containing("/unsubscribe");

    // The page asks first; the button's POST unsubscribes.
    let (shown, done, page) = follow(&app, &unsubscribe).await;
    assert_eq!((shown, done), (200, 200));
    assert!(page.contains("no more mails"));
    reply(&app, "Bob", "bob@example.com", "Two", first).await;
    settle(&app).await;
    assert_eq!(smtp.mails_to(ANN).len(), 2);
    // The old confirmation link does not bring the address back.
    let old_confirm = smtp.mails_to(ANN)[0].link_containing("/confirm");
    let (_, done, page) = follow(&app, &old_confirm).await;
    assert_eq!(done, 409, "{page}");
    reply(&app, "Bob", "bob@example.com", "Two and a half", first).await;
    settle(&app).await;
    assert_eq!(smtp.mails_to(ANN).len(), 2);

    // Asking again sends no new confirmation and no reply mail: the address stays
    // unsubscribed (see `unsubscribed.rs`).
    let again = ann_asks(&app, "Tell me again").await;
    reply(&app, "Bob", "bob@example.com", "Three", again).await;
    settle(&app).await;
    assert_eq!(smtp.mails_to(ANN).len(), 2);

    // The one-click POST of a mail client, for another subscriber.
    let mut asking = comment("Dan", DAN, "Tell Dan", None);
    asking["notify_replies"] = true.into();
    let dans = app.post(asking).await.1["comment"]["id"].as_i64().unwrap();
    follow(
        &app,
        &smtp.wait_for(DAN, 1).await[0].link_containing("/confirm"),
    )
    .await;
    reply(&app, "Bob", "bob@example.com", "For Dan", dans).await;
    let mails = smtp.wait_for(DAN, 2).await;
    let header = mails[1].header("List-Unsubscribe").unwrap();
    let one_click = header.trim_start_matches('<').trim_end_matches('>');
    let response = app
        .client
        .post(local(&app, one_click))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    reply(&app, "Bob", "bob@example.com", "Dan again", dans).await;
    settle(&app).await;
    assert_eq!(smtp.mails_to(DAN).len(), 2);

    // A link for another address, or altered, does nothing.
    let forged = one_click.replace("dan%40example.com", "bob%40example.com");
    let (shown, done, _) = follow(&app, &forged).await;
    assert_eq!((shown, done), (403, 403));
}

#[tokio::test]
async fn asking_for_notifications_needs_a_reachable_address_and_a_server_that_mails() {
    let smtp = SmtpSink::start().await;
    let app = spawn(smtp.port, "").await;
    let mut without_email = comment("Ann", "", "Tell me", None);
    without_email["notify_replies"] = true.into();
    let (status, body) = app.post(without_email).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "author_email");
    assert_eq!(body["error"]["code"], "email_needed_for_notifications");

    let mut not_a_boolean = comment("Ann", ANN, "Tell me", None);
    not_a_boolean["notify_replies"] = "yes please".into();
    let (status, body) = app.post(not_a_boolean).await;
    assert_eq!(status, 400, "{body}");

    let no_mail = TestApp::spawn().await;
    let (status, body) = no_mail
        .post({
            let mut asking = comment("Ann", ANN, "Tell me", None);
            asking["notify_replies"] = true.into();
            asking
        })
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "notifications_unavailable");
    assert_eq!(
        no_mail.thread(super::THREAD).await["thread"]["reply_notifications"],
        false
    );
    assert_eq!(
        app.thread(super::THREAD).await["thread"]["reply_notifications"],
        true
    );
}

#[tokio::test]
async fn one_client_cannot_send_confirmation_mails_to_many_addresses() {
    let smtp = SmtpSink::start().await;
    let app = spawn(smtp.port, "").await;
    for number in 0..8 {
        let mut asking = comment("Spammer", &format!("victim{number}@example.com"), "x", None);
        asking["notify_replies"] = true.into();
        asking["body"] = format!("Comment number {number}").into();
        assert_eq!(app.post(asking).await.0, 201);
    }
    settle(&app).await;
    let confirmations = deliveries(&app, "confirm").await;
    assert_eq!(confirmations.len(), 5, "{confirmations:#?}");
    assert_eq!(smtp.mails().len(), 5);
}

#[tokio::test]
async fn commenters_are_written_to_in_the_language_of_their_widget() {
    let smtp = SmtpSink::start().await;
    let app = spawn(smtp.port, "").await;
    let mut asking = comment("Anna", "anna@example.de", "Sag mir Bescheid", None);
    asking["notify_replies"] = true.into();
    asking["lang"] = "de-AT".into();
    let first = app.post(asking).await.1["comment"]["id"].as_i64().unwrap();
    let confirmation = smtp.wait_for("anna@example.de", 1).await.remove(0);
    assert_eq!(
        confirmation.subject(),
        "Benachrichtigungen über Antworten zu „Notes on notifying“ bestätigen"
    );
    follow(&app, &confirmation.link_containing("/confirm")).await;
    // Bob's widget is in English; the mail about his reply is in Anna's language.
    let mut english = comment("Bob", "bob@example.com", "Gern", Some(first));
    english["lang"] = "en".into();
    assert_eq!(app.post(english).await.0, 201);
    let mails = smtp.wait_for("anna@example.de", 2).await;
    assert!(
        mails[1].text().starts_with("Hallo Anna,"),
        "{}",
        mails[1].text()
    );

    let mut hostile = comment("Eve", "eve@example.com", "x", None);
    hostile["lang"] = "en\r\nBcc: x@example.com".into();
    let (status, body) = app.post(hostile).await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["field"], "lang");
}
