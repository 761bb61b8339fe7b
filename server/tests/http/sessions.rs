//! Moderators' logins: the session cookie, the throttle on guessing, badges proven by a
//! session or by a moderator's approval, and first-time moderation.

use crate::common::{TestApp, login_request, new_comment};
use reqwest::Method;
use serde_json::json;

const PASSWORD: &str = "a long moderator password";

/// A server whose site holds first-time commenters, with Liza as post author and
/// moderator.
async fn moderated_app() -> TestApp {
    let hash = confab_server::passwords::hash_password(PASSWORD).unwrap();
    TestApp::spawn_from_config(
        Default::default(),
        &format!(
            r#"
            [[admin.moderator]]
            name = "liza"
            password_hash = "{hash}"
            email = "liza@blog.example"

            [[site]]
            name = "blog"
            origins = ["https://blog.example"]
            moderation = "first-time"
            post_authors = ["liza@blog.example"]
            "#
        ),
    )
    .await
}

/// Logs in; returns the status, the `Set-Cookie` header and the `name=value` to send back.
async fn login(
    app: &TestApp,
    name: &str,
    password: &str,
    origin: Option<&str>,
) -> (u16, String, String) {
    let mut request = login_request(&app.client, &app.base, name, password);
    if let Some(origin) = origin {
        request = request.header("Origin", origin);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let set_cookie = response
        .headers()
        .get("set-cookie")
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let cookie = set_cookie.split(';').next().unwrap_or_default().to_owned();
    (status, set_cookie, cookie)
}

async fn with_cookie(
    app: &TestApp,
    method: Method,
    path: &str,
    cookie: &str,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    // As the moderators' screen sends it: with the header no form can send.
    app.as_moderator(cookie, method, path, body).await
}

#[tokio::test]
async fn a_moderator_logs_in_works_the_queue_and_logs_out() {
    let app = moderated_app().await;
    assert_eq!(login(&app, "liza", "wrong", None).await.0, 401);
    assert_eq!(login(&app, "nobody", PASSWORD, None).await.0, 401);
    let (status, set_cookie, cookie) = login(&app, "liza", PASSWORD, None).await;
    assert_eq!(status, 200);
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Strict"), "{set_cookie}");
    assert!(!set_cookie.contains("Secure"), "plain HTTP: {set_cookie}");
    let (status, me) = with_cookie(&app, Method::GET, "/api/v1/admin/me", &cookie, None).await;
    assert_eq!((status, me["name"].as_str()), (200, Some("liza")));

    let (status, held) = app.post(new_comment()).await;
    assert_eq!(status, 202, "a first-time commenter waits: {held}");
    let id = held["comment"]["id"].as_i64().unwrap();
    let (status, queue) =
        with_cookie(&app, Method::GET, "/api/v1/admin/queue", &cookie, None).await;
    assert_eq!(status, 200);
    assert_eq!(queue["comments"][0]["comment"]["id"], id);
    assert_eq!(queue["comments"][0]["client_address"], "127.0.0.1");
    let path = format!("/api/v1/admin/comments/{id}/approve");
    assert_eq!(
        with_cookie(&app, Method::POST, &path, &cookie, None)
            .await
            .0,
        204
    );
    let (_, log) = with_cookie(&app, Method::GET, "/api/v1/admin/log", &cookie, None).await;
    assert_eq!(log["entries"][0]["actor"], "liza");

    assert_eq!(
        with_cookie(&app, Method::POST, "/api/v1/admin/logout", &cookie, None)
            .await
            .0,
        204
    );
    let (status, _) = with_cookie(&app, Method::GET, "/api/v1/admin/me", &cookie, None).await;
    assert_eq!(
        status, 401,
        "the session ended on the server, not only in the browser"
    );
    let (status, _) = with_cookie(
        &app,
        Method::GET,
        "/api/v1/admin/queue",
        "confab_admin=forged",
        None,
    )
    .await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn over_tls_the_cookie_is_secure_and_bound_to_the_host() {
    let app = moderated_app().await;
    let (status, set_cookie, cookie) =
        login(&app, "liza", PASSWORD, Some("https://blog.example")).await;
    assert_eq!(status, 200);
    assert!(
        set_cookie.starts_with("__Host-confab_admin="),
        "{set_cookie}"
    );
    assert!(
        set_cookie.contains("; Secure") && set_cookie.contains("Path=/"),
        "{set_cookie}"
    );
    let me = |cookie: String| {
        let request = app
            .client
            .get(app.url("/api/v1/admin/me"))
            .header("Cookie", cookie)
            .header("X-Forwarded-Proto", "https");
        async move { request.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(me(cookie.clone()).await, 200);
    // The same token under the plain name, as a sibling subdomain could plant it, is not
    // a session over TLS.
    let planted = cookie.replacen("__Host-confab_admin", "confab_admin", 1);
    assert_eq!(me(planted).await, 401);
}

#[tokio::test]
async fn a_form_from_another_page_cannot_act_as_a_logged_in_moderator() {
    let app = moderated_app().await;
    let (_, _, cookie) = login(&app, "liza", PASSWORD, None).await;
    let (status, held) = app.post(new_comment()).await;
    assert_eq!(status, 202);
    let id = held["comment"]["id"].as_i64().unwrap();
    // What a form on another page sends: the browser adds the cookie, and nothing else.
    let forged = app
        .client
        .post(app.url(&format!("/api/v1/admin/comments/{id}/approve")))
        .header("Cookie", &cookie)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("approve=1")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    let refusal: serde_json::Value = forged.json().await.unwrap();
    assert_eq!(refusal["error"]["code"], "not_a_script_request");
    let (_, queue) = with_cookie(&app, Method::GET, "/api/v1/admin/queue", &cookie, None).await;
    assert_eq!(queue["comments"][0]["comment"]["id"], id, "still held");
}

#[tokio::test]
async fn guessing_passwords_is_stopped_after_five_tries() {
    let app = moderated_app().await;
    for _ in 0..5 {
        assert_eq!(login(&app, "liza", "guess", None).await.0, 401);
    }
    let (status, _, _) = login(&app, "liza", PASSWORD, None).await;
    assert_eq!(
        status, 429,
        "even the right password waits once the door is shut"
    );
}

#[tokio::test]
async fn a_badge_needs_a_session_or_a_moderators_approval() {
    let app = moderated_app().await;
    let mut claimed = new_comment();
    claimed["author_email"] = json!("LIZA@blog.example");
    let (status, posted) = app.post(claimed.clone()).await;
    assert_eq!(status, 202, "an email alone proves nothing: {posted}");
    assert_eq!(posted["comment"]["author"]["badge"], "post_author");
    let id = posted["comment"]["id"].as_i64().unwrap();
    let (status, _) = app
        .send(
            Method::POST,
            &format!("/api/v1/admin/comments/{id}/approve"),
            Some("no-token-is-configured"),
            None,
        )
        .await;
    assert_eq!(status, 401, "this server has no admin token");

    let (_, _, cookie) = login(&app, "liza", PASSWORD, None).await;
    let (status, _) = with_cookie(
        &app,
        Method::POST,
        &format!("/api/v1/admin/comments/{id}/approve"),
        &cookie,
        None,
    )
    .await;
    assert_eq!(status, 204);
    let thread = app.thread(&crate::common::demo_key()).await;
    let shown = thread["comments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .cloned();
    assert_eq!(shown.unwrap()["author"]["badge"], "post_author");

    claimed["body"] = json!("Posted while logged in.");
    let (status, posted) = with_cookie(
        &app,
        Method::POST,
        "/api/v1/comments",
        &cookie,
        Some(claimed),
    )
    .await;
    assert_eq!(
        status, 201,
        "a logged-in moderator's comment is proven: {posted}"
    );
    assert_eq!(posted["comment"]["author"]["badge"], "post_author");
}

#[tokio::test]
async fn first_time_moderation_lets_an_approved_commenter_through() {
    let app = moderated_app().await;
    let (status, first) = app.post(new_comment()).await;
    assert_eq!(status, 202);
    let (status, _) = app.post(new_comment()).await;
    assert_eq!(status, 202, "still waiting for the first approval");
    let (_, _, cookie) = login(&app, "liza", PASSWORD, None).await;
    let id = first["comment"]["id"].as_i64().unwrap();
    let path = format!("/api/v1/admin/comments/{id}/approve");
    assert_eq!(
        with_cookie(&app, Method::POST, &path, &cookie, None)
            .await
            .0,
        204
    );
    assert_eq!(
        app.post(new_comment()).await.0,
        201,
        "approved once, trusted since"
    );
    let mut stranger = new_comment();
    stranger["author_email"] = json!("stranger@example.com");
    assert_eq!(app.post(stranger).await.0, 202);
}

#[tokio::test]
async fn the_queue_can_be_searched_by_author_email_or_text() {
    let app = moderated_app().await;
    let mut one = new_comment();
    one["body"] = json!("Something about Zeppelins.");
    let mut two = new_comment();
    two["author_name"] = json!("Marta Kowalska");
    two["author_email"] = json!("marta@example.org");
    app.post(one).await;
    app.post(two).await;
    let (_, _, cookie) = login(&app, "liza", PASSWORD, None).await;
    for (search, expected) in [
        ("zeppelin", 1),
        ("MARTA", 1),
        ("example.org", 1),
        ("", 2),
        ("nothing like it", 0),
    ] {
        let path = format!("/api/v1/admin/queue?q={}", search.replace(' ', "+"));
        let (status, queue) = with_cookie(&app, Method::GET, &path, &cookie, None).await;
        assert_eq!(status, 200);
        assert_eq!(
            queue["comments"].as_array().unwrap().len(),
            expected,
            "{search:?}"
        );
    }
}

#[tokio::test]
async fn login_attempts_count_per_key_and_their_window_closes() {
    let app = TestApp::spawn().await;
    let storage = &app.storage;
    let keys = vec!["client:192.0.2.1".to_owned(), "name:liza".to_owned()];
    let (window, start) = (15 * 60 * 1000, 1_700_000_000_000_i64);
    for attempt in 0..5 {
        let shut = storage.count_login_attempt(&keys, 5, window, start + attempt);
        assert_eq!(shut.await.unwrap(), None, "attempt {attempt} is allowed");
    }
    let shut = storage.count_login_attempt(&keys, 5, window, start + 10);
    assert_eq!(shut.await.unwrap(), Some(start), "the sixth is refused");
    let other = vec!["client:192.0.2.2".to_owned()];
    let shut = storage.count_login_attempt(&other, 5, window, start + 10);
    assert_eq!(shut.await.unwrap(), None, "another client is not shut out");
    // A window later the door is open, and counting starts afresh.
    let later = start + window;
    for attempt in 0..5 {
        let shut = storage.count_login_attempt(&keys, 5, window, later + attempt);
        assert_eq!(
            shut.await.unwrap(),
            None,
            "attempt {attempt} of the next window"
        );
    }
    let shut = storage.count_login_attempt(&keys, 5, window, later + 10);
    assert_eq!(shut.await.unwrap(), Some(later));
}

#[tokio::test]
async fn a_successful_login_takes_its_attempt_back() {
    let app = TestApp::spawn().await;
    let storage = &app.storage;
    let keys = vec!["name:liza".to_owned()];
    let (window, now) = (15 * 60 * 1000, 1_700_000_000_000_i64);
    for _ in 0..20 {
        let shut = storage.count_login_attempt(&keys, 5, window, now);
        assert_eq!(shut.await.unwrap(), None);
        storage.login_succeeded(&keys).await.unwrap();
    }
}

#[tokio::test]
async fn guesses_from_elsewhere_never_lock_a_moderator_out_where_they_logged_in_before() {
    let hash = confab_server::passwords::hash_password(PASSWORD).unwrap();
    let setup = confab_server::http::RouterSetup {
        proxies: confab_server::http::client_address::Proxies {
            header: Some("x-forwarded-for".parse().unwrap()),
            trusted: Vec::new(),
        },
        ..Default::default()
    };
    let config = format!("[[admin.moderator]]\nname = \"liza\"\npassword_hash = \"{hash}\"\n");
    let app = TestApp::spawn_from_config(setup, &config).await;
    let from = |client: &'static str, password: &'static str| {
        let request = login_request(&app.client, &app.base, "liza", password);
        async move {
            let response = request.header("X-Forwarded-For", client).send().await;
            response.unwrap().status().as_u16()
        }
    };
    assert_eq!(
        from("198.51.100.7", PASSWORD).await,
        200,
        "Liza's usual place"
    );
    // Someone guesses from one address after another, more than the name allows.
    for n in 0..8 {
        let attacker: &'static str = Box::leak(format!("203.0.113.{n}").into_boxed_str());
        assert_eq!(
            from(attacker, "a guess").await,
            if n < 5 { 401 } else { 429 }
        );
    }
    assert_eq!(from("192.0.2.50", PASSWORD).await, 429, "a new place waits");
    assert_eq!(
        from("198.51.100.7", PASSWORD).await,
        200,
        "the usual place works"
    );
    // The usual place still throttles its own guesses.
    for _ in 0..5 {
        assert_eq!(from("198.51.100.7", "a typo").await, 401);
    }
    assert_eq!(from("198.51.100.7", PASSWORD).await, 429);
}
