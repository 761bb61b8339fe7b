//! Login with an identity provider over HTTP, against providers on loopback: the popup's
//! way through the server and the provider, the session it ends in (posting, listing,
//! editing, logging out), what a verified email earns, and every forged or broken login
//! refused without a session.

use crate::common::{ADMIN_TOKEN, TestApp};
use crate::identity_providers::{Account, CLIENT_ID, CLIENT_SECRET, Fault, StandIn};
use reqwest::Method;
use serde_json::{Value, json};

const BLOG: &str = "https://blog.example";
const SHOP: &str = "https://shop.example";

fn config(openid: &StandIn, github: &StandIn, moderation: &str, trust: bool) -> String {
    format!(
        r#"
[admin]
token = "{ADMIN_TOKEN}"

[[site]]
name = "blog"
origins = ["{BLOG}"]
moderation = "{moderation}"
trust_signed_in = {trust}
post_authors = ["jane@id.example"]

[[site.login]]
id = "company"
name = "Company ID"
kind = "oidc"
issuer = "{}"
client_id = "{CLIENT_ID}"
client_secret = "{CLIENT_SECRET}"

[[site.login]]
id = "github"
name = "GitHub"
kind = "github"
server = "{}"
client_id = "{CLIENT_ID}"
client_secret = "{CLIENT_SECRET}"

[[site]]
name = "shop"
origins = ["{SHOP}"]
"#,
        openid.base, github.base
    )
}

struct Setup {
    app: TestApp,
    openid: StandIn,
    github: StandIn,
    browser: reqwest::Client,
}

async fn setup(moderation: &str, trust: bool) -> Setup {
    let openid = StandIn::openid().await;
    let github = StandIn::github().await;
    let app = TestApp::spawn_from_config(
        Default::default(),
        &config(&openid, &github, moderation, trust),
    )
    .await;
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    Setup {
        app,
        openid,
        github,
        browser,
    }
}

/// Where a redirect answer sends the browser.
fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

/// The popup's last page: its status and HTML.
async fn popup(setup: &Setup, login: &str, origin: &str) -> (u16, String) {
    let start = setup
        .browser
        .get(setup.app.url(&format!("/api/v1/login/{login}/start")))
        .query(&[("origin", origin)])
        .send()
        .await
        .unwrap();
    if start.status() != 303 {
        return (start.status().as_u16(), start.text().await.unwrap());
    }
    let at_provider = setup.browser.get(location(&start)).send().await.unwrap();
    assert!(at_provider.status().is_redirection(), "{at_provider:?}");
    let back = setup
        .browser
        .get(location(&at_provider))
        .send()
        .await
        .unwrap();
    (back.status().as_u16(), back.text().await.unwrap())
}

/// The lines the last page hands to the widget (token, has email, name), if any.
fn handed_over(page: &str) -> Option<Vec<String>> {
    let start = page.find("data-confab-login=\"")? + "data-confab-login=\"".len();
    let value = &page[start..start + page[start..].find('"')?];
    let value = value
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<");
    let value = value.replace("&gt;", ">").replace("&amp;", "&");
    let lines: Vec<String> = value.lines().map(str::to_owned).collect();
    assert_eq!(lines[0], "confab-login");
    Some(lines)
}

async fn session(setup: &Setup, login: &str) -> String {
    let (status, page) = popup(setup, login, BLOG).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains(&format!("data-confab-origin=\"{BLOG}\"")),
        "{page}"
    );
    handed_over(&page).unwrap()[1].clone()
}

async fn post(setup: &Setup, origin: &str, session: &str, body: &str) -> (u16, Value) {
    let comment = json!({"thread": "/hello/", "url": format!("{origin}/hello/"),
                         "body": body, "session": session});
    setup.app.post_from(origin, comment).await
}

/// Who comment `id` says its author is.
async fn identity_of(setup: &Setup, id: i64) -> String {
    let ownership = setup.app.storage.ownership(id).await.unwrap().unwrap();
    ownership.author_identity.unwrap()
}

#[tokio::test]
async fn a_reader_signs_in_with_an_openid_provider_posts_edits_and_logs_out() {
    let setup = setup("none", false).await;
    let (status, page) = popup(&setup, "company", BLOG).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Signed in as Jane Doe"));
    let lines = handed_over(&page).unwrap();
    assert_eq!(lines[2], "1", "the provider verified the email");
    assert_eq!(lines[3], "Jane Doe");
    let session = lines[1].clone();

    let (status, posted) = post(&setup, BLOG, &session, "Signed in, at last").await;
    assert_eq!(status, 201, "{posted}");
    let author = &posted["comment"]["author"];
    assert_eq!(author["name"], "Jane Doe");
    assert_eq!(
        author["badge"], "post_author",
        "a verified email proves the badge"
    );
    let id = posted["comment"]["id"].as_i64().unwrap();

    // From another browser: the session finds and edits the comment.
    let (status, mine) = setup
        .app
        .send_with_header(
            Method::POST,
            "/api/v1/comments/mine",
            None,
            Some(json!({"comments": [], "thread": "/hello/", "session": session})),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(mine["comments"][0]["id"], id);
    assert_eq!(mine["signed_in"][0]["markdown"], "Signed in, at last");
    let authorization = format!("Session {session}");
    let (status, edited) = setup
        .app
        .send_with_header(
            Method::PUT,
            &format!("/api/v1/comments/{id}"),
            Some(("Authorization", &authorization)),
            Some(json!({"body": "Signed in, at last (edited)"})),
        )
        .await;
    assert_eq!(status, 200, "{edited}");

    // The identity is the provider's subject, shown to moderators.
    assert_eq!(identity_of(&setup, id).await, "company:248289761001");

    // A session is the site's own: another site refuses it.
    let (status, refused) = post(&setup, SHOP, &session, "Elsewhere").await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["error"]["code"], "session_ended");

    let (status, _) = setup
        .app
        .send_with_header(
            Method::POST,
            "/api/v1/login/logout",
            None,
            Some(json!({"session": session})),
        )
        .await;
    assert_eq!(status, 204);
    let (status, refused) = post(&setup, BLOG, &session, "After logging out").await;
    assert_eq!(status, 422);
    assert_eq!(refused["error"]["field"], "session");
}

#[tokio::test]
async fn github_signs_in_through_its_documented_endpoints() {
    let setup = setup("none", false).await;
    setup.github.sign_in_as(Account {
        subject: "583231".into(),
        name: "The Octocat".into(),
        email: "jane@id.example".into(),
        email_verified: false,
    });
    let session = session(&setup, "github").await;
    let (status, posted) = post(&setup, BLOG, &session, "From GitHub").await;
    assert_eq!(status, 201, "{posted}");
    assert_eq!(posted["comment"]["author"]["name"], "The Octocat");
    assert_eq!(
        posted["comment"]["author"]["badge"],
        Value::Null,
        "an unverified email earns nothing"
    );
    let id = posted["comment"]["id"].as_i64().unwrap();
    assert_eq!(identity_of(&setup, id).await, "github:583231");
}

#[tokio::test]
async fn every_forged_or_broken_login_is_refused_without_a_session() {
    let setup = setup("none", false).await;
    for (fault, says) in [
        (Fault::OtherNonce, "nonce"),
        (Fault::OtherAudience, "another client"),
        (Fault::Expired, "expired"),
        (Fault::SharedSecret, "public key"),
    ] {
        setup.openid.set_fault(fault);
        let (status, page) = popup(&setup, "company", BLOG).await;
        assert_eq!(status, 403, "{fault:?}: {page}");
        assert!(page.contains(says), "{fault:?}: {page}");
        assert!(handed_over(&page).is_none(), "{fault:?}");
    }
    setup.openid.set_fault(Fault::None);

    // A state this server never made.
    let forged = setup
        .browser
        .get(
            setup
                .app
                .url("/api/v1/login/callback?state=forged&code=anything"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 400);

    // The provider's answer replayed: the state works once.
    let start = setup
        .browser
        .get(setup.app.url("/api/v1/login/company/start"))
        .query(&[("origin", BLOG)])
        .send()
        .await
        .unwrap();
    let at_provider = setup.browser.get(location(&start)).send().await.unwrap();
    let callback = location(&at_provider);
    let first = setup.browser.get(&callback).send().await.unwrap();
    assert_eq!(first.status(), 200);
    let replayed = setup.browser.get(&callback).send().await.unwrap();
    assert_eq!(replayed.status(), 400);
    assert!(handed_over(&replayed.text().await.unwrap()).is_none());

    // A start that would hand the session to a page off the site, or to no page.
    for origin in [
        "https://evil.example",
        "",
        "https://blog.example.evil.example",
    ] {
        let (status, page) = popup(&setup, "company", origin).await;
        assert_eq!(status, 400, "{origin}: {page}");
    }
    // A login the site does not offer; one of another site.
    assert_eq!(popup(&setup, "facebook", BLOG).await.0, 404);
    assert_eq!(popup(&setup, "company", SHOP).await.0, 404);
    // The provider cancelled.
    let cancelled = setup
        .browser
        .get(setup.app.url("/api/v1/login/company/start"))
        .query(&[("origin", BLOG)])
        .send()
        .await
        .unwrap();
    let provider = url::Url::parse(&location(&cancelled)).unwrap();
    let state = provider
        .query_pairs()
        .find(|(name, _)| name == "state")
        .unwrap()
        .1
        .into_owned();
    let back = setup
        .browser
        .get(setup.app.url("/api/v1/login/callback"))
        .query(&[("state", state.as_str()), ("error", "access_denied")])
        .send()
        .await
        .unwrap();
    assert_eq!(back.status(), 400);
    // Sessions nobody was given.
    for session in ["", "forged", &"x".repeat(10_000)] {
        let (status, answer) = post(&setup, BLOG, session, "Hello").await;
        assert_eq!(status, 422, "{answer}");
    }
}

#[tokio::test]
async fn signed_in_readers_are_trusted_as_the_site_says() {
    // Everything is held, but the site trusts whoever signed in.
    let trusting = setup("all", true).await;
    let session_token = session(&trusting, "company").await;
    let (status, _) = post(&trusting, BLOG, &session_token, "Trusted").await;
    assert_eq!(status, 201);

    // First-time moderation trusts a signed-in reader once one comment was approved.
    let careful = setup("first-time", false).await;
    careful.openid.sign_in_as(Account {
        subject: "7".into(),
        name: "Newcomer".into(),
        email: "new@id.example".into(),
        email_verified: true,
    });
    let session_token = session(&careful, "company").await;
    let (status, first) = post(&careful, BLOG, &session_token, "First").await;
    assert_eq!(status, 202, "{first}");
    let id = first["comment"]["id"].as_i64().unwrap();
    let (status, _) = careful
        .app
        .admin(
            Method::POST,
            &format!("/api/v1/admin/comments/{id}/approve"),
            None,
        )
        .await;
    assert_eq!(status, 204);
    let (status, second) = post(&careful, BLOG, &session_token, "Second").await;
    assert_eq!(status, 201, "{second}");
}
