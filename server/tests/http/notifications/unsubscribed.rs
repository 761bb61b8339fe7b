//! What an attacker cannot do with reply notifications: mail an address that unsubscribed
//! (only its owner turns them on again, from a page a mail they got leads to), use a
//! confirmation link after it expired, or put a title of their choosing in the subject
//! of a mail sent from the site's address.

use super::sinks::SmtpSink;
use super::{PUBLIC_URL, comment, deliveries, follow, local, settle, spawn};
use crate::common::TestApp;
use confab_server::notify::links::{AddressAction, AddressLink};
use confab_server::storage::Database;
use confab_server::storage::now_millis;

const ANN: &str = "ann@example.com";
const WEEK_MILLIS: i64 = 7 * 24 * 60 * 60 * 1000;

async fn asks(app: &TestApp, email: &str, body: &str) -> i64 {
    let mut asking = comment("Ann", email, body, None);
    asking["notify_replies"] = true.into();
    let (status, posted) = app.post(asking).await;
    assert_eq!(status, 201, "{posted}");
    posted["comment"]["id"].as_i64().unwrap()
}

/// Moves every confirmation mail's time eight days back, as if a week had passed.
async fn a_week_passes(app: &TestApp) {
    use sqlx::Connection;
    let statement = "UPDATE mail_addresses SET confirm_sent_at = confirm_sent_at - 691200000";
    match &app.database {
        Database::Sqlite(path) => {
            let url = format!("sqlite://{}", path.display());
            let mut connection = sqlx::SqliteConnection::connect(&url).await.unwrap();
            sqlx::query(statement)
                .execute(&mut connection)
                .await
                .unwrap();
        }
        Database::Postgres(url) => {
            let mut connection = sqlx::PgConnection::connect(url).await.unwrap();
            sqlx::query(statement)
                .execute(&mut connection)
                .await
                .unwrap();
        }
    }
}

/// The `action` of the page's form, on the test server.
fn form_target(app: &TestApp, page: &str) -> String {
    let action = page
        .split("action=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("a form with an action: {page}"))
        .replace("&amp;", "&");
    // Relative to the page's own address, under /api/v1/mail/.
    app.url(&format!("/api/v1/mail/{action}"))
}

#[tokio::test]
async fn an_unsubscribed_address_gets_nothing_whoever_asks_until_its_owner_asks_again() {
    let smtp = SmtpSink::start().await;
    let app = spawn(smtp.port, "").await;
    let first = asks(&app, ANN, "Tell me").await;
    let confirmation = smtp.wait_for(ANN, 1).await.remove(0);
    let header = confirmation.header("List-Unsubscribe").unwrap();
    let unsubscribe = header
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_owned();
    let (_, done, page) = follow(&app, &unsubscribe).await;
    assert_eq!(done, 200, "{page}");
    assert!(page.contains("Mail me about replies again"), "{page}");

    // A week later, someone names Ann's address again: no mail, and she stays out.
    a_week_passes(&app).await;
    asks(&app, ANN, "Mallory asks in Ann's name").await;
    settle(&app).await;
    assert_eq!(smtp.mails_to(ANN).len(), 1);
    assert_eq!(deliveries(&app, "confirm").await.len(), 1);
    let old_confirm = confirmation.link_containing("/confirm");
    assert_eq!(follow(&app, &old_confirm).await.1, 409);

    // Ann opens the link of her mail again and asks to be mailed again.
    let shown = app
        .client
        .get(local(&app, &unsubscribe))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(shown.contains("are stopped"), "{shown}");
    let again = app
        .client
        .post(form_target(&app, &shown))
        .header("Origin", "null")
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 200);
    assert!(again.text().await.unwrap().contains("on again"));
    let reply = comment("Bob", "bob@example.com", "Hello Ann", Some(first));
    assert_eq!(app.post(reply).await.0, 201);
    let mails = smtp.wait_for(ANN, 2).await;
    assert!(
        mails[1].subject().starts_with("Bob replied"),
        "{}",
        mails[1].subject()
    );
}

#[tokio::test]
async fn a_confirmation_link_expires_and_one_without_a_time_is_refused() {
    let smtp = SmtpSink::start().await;
    let app = spawn(smtp.port, "").await;
    asks(&app, ANN, "Tell me").await;
    let link = smtp.wait_for(ANN, 1).await[0].link_containing("/confirm");
    assert!(link.contains("expires="), "{link}");
    let altered = link.replace("expires=", "expires=9");
    assert_eq!(
        follow(&app, &altered).await.1,
        403,
        "a later time is a forgery"
    );

    let key = app.storage.server_key().await.unwrap();
    let expired = AddressLink::new(
        AddressAction::Confirm,
        ANN,
        now_millis() - 2 * WEEK_MILLIS,
        WEEK_MILLIS,
    );
    let (shown, done, page) = follow(&app, &expired.url(PUBLIC_URL, &key)).await;
    assert_eq!((shown, done), (410, 410), "{page}");
    assert!(page.contains("expired"), "{page}");
    let timeless = AddressLink {
        expires: None,
        ..expired
    };
    assert_eq!(follow(&app, &timeless.url(PUBLIC_URL, &key)).await.1, 410);
    settle(&app).await;
    assert_eq!(
        app.storage.address_state(ANN).await.unwrap(),
        Some(confab_server::storage::outbox::AddressState::Pending),
        "nothing was confirmed"
    );
}

#[tokio::test]
async fn a_thread_off_the_site_lends_no_title_to_a_mail() {
    let smtp = SmtpSink::start().await;
    let app = spawn(smtp.port, "").await;
    // A thread started by a script with no page address and a title of its choosing.
    let mut asking = comment("Ann", ANN, "Tell me", None);
    asking["thread"] = "/urgent/".into();
    asking["title"] = "Your account is locked: call +1 555 0100".into();
    asking["url"] = serde_json::Value::Null;
    asking["notify_replies"] = true.into();
    let (status, posted) = app.post(asking).await;
    assert_eq!(status, 201, "{posted}");
    let mail = smtp.wait_for(ANN, 1).await.remove(0);
    assert_eq!(
        mail.subject(),
        "Confirm reply notifications for “blog.example”"
    );
    assert!(!mail.text().contains("locked"), "{}", mail.text());

    // On the site's own page, the thread's title is named.
    asks(&app, "cy@example.com", "On the page").await;
    let mail = smtp.wait_for("cy@example.com", 1).await.remove(0);
    assert_eq!(
        mail.subject(),
        "Confirm reply notifications for “Notes on notifying”"
    );
}

#[tokio::test]
async fn broken_address_links_get_a_clear_page_and_change_nothing() {
    let smtp = SmtpSink::start().await;
    let app = spawn(smtp.port, "").await;
    for path in ["confirm", "unsubscribe", "resubscribe"] {
        let base = format!("{PUBLIC_URL}/api/v1/mail/{path}");
        let cases = [
            (base.clone(), 400),
            (format!("{base}?address=ann%40example.com"), 400),
            (format!("{base}?address=ann%40example.com&sig=%%%"), 403),
            (
                format!("{base}?address=ann%40example.com&expires=abc&sig=x"),
                400,
            ),
            (
                format!("{base}?address=ann%40example.com&expires=99999999999999999999999&sig=x"),
                400,
            ),
            (
                format!("{base}?address=a%0D%0ABcc%3A%20x%40e.com&sig=AAAA"),
                403,
            ),
            (
                format!("{base}?address={}&sig=AAAA", "a".repeat(10_000)),
                403,
            ),
        ];
        for (link, status) in cases {
            let (shown, done, page) = follow(&app, &link).await;
            assert_eq!((shown, done), (status, status), "{link}: {page}");
        }
    }
    assert_eq!(app.storage.address_state(ANN).await.unwrap(), None);
}
