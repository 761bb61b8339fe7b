//! Moderators' logins: the password check, the session cookie (`HttpOnly`,
//! `SameSite=Strict`, `Secure` over TLS), and a throttle on failed attempts.

use crate::http::AppState;
use crate::http::context::{Client, SignedInModerator, cookie_name, cookie_token, over_tls};
use crate::http::error::AppError;
use crate::http::extract::JsonBody;
use crate::identity;
use crate::passwords::{DUMMY_HASH, verify_password};
use crate::storage::now_millis;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use confab_api as wire;
use std::time::Duration;

/// How long a login lasts.
const SESSION_LENGTH: Duration = Duration::from_secs(12 * 60 * 60);
/// Failed logins allowed per client address (and per login name) in [`FAILURE_WINDOW`].
const MAX_FAILURES: u32 = 5;
const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// How long a client a moderator logged in from stays known.
const KNOWN_FOR: Duration = Duration::from_secs(90 * 24 * 60 * 60);

/// The throttle's key for `value` of `kind`: as it is, or hashed when it is too long to
/// index (a login name may be anything); never with a NUL, which no database stores.
fn throttle_key(kind: &str, value: &str) -> String {
    const LONGEST: usize = 256;
    if value.len() > LONGEST || value.contains('\0') {
        format!("{kind}:sha256:{}", identity::content_hash(value.as_bytes()))
    } else {
        format!("{kind}:{value}")
    }
}

/// `POST /api/v1/admin/login` with `{"name", "password"}`: sets the session cookie.
pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    Client(client): Client,
    JsonBody(login): JsonBody<wire::Login>,
) -> Result<Response, AppError> {
    // Where the moderator logged in before, guesses sent for their name from elsewhere
    // do not lock them out: only this client's own failures count there.
    let client = client.map(|address| identity::client_network(address).to_string());
    let known_key = client
        .as_deref()
        .map(|client| throttle_key("known", &format!("{}\n{client}", login.name)));
    let known = match &known_key {
        Some(key) => {
            let since = now_millis() - i64::try_from(KNOWN_FOR.as_millis()).unwrap_or(i64::MAX);
            state.storage.known_login(key, since).await?
        }
        None => false,
    };
    let mut keys = Vec::new();
    if !known {
        keys.push(throttle_key("name", &login.name));
    }
    if let Some(client) = &client {
        keys.push(throttle_key("client", client));
    }
    let window = i64::try_from(FAILURE_WINDOW.as_millis()).unwrap_or(i64::MAX);
    let shut_since = state
        .storage
        .count_login_attempt(&keys, MAX_FAILURES, window, now_millis())
        .await?;
    if let Some(since) = shut_since {
        let wait_minutes = (since + window - now_millis()).max(0) / 60_000 + 1;
        return Err(AppError::TooManyRequests(format!(
            "Too many failed logins; please wait {wait_minutes} minutes."
        )));
    }
    let moderator = state
        .admin
        .moderators
        .iter()
        .find(|moderator| moderator.name == login.name);
    // An unknown name costs as much time as a wrong password.
    let hash = moderator.map_or(DUMMY_HASH, |moderator| moderator.password_hash.as_str());
    let (hash, password) = (hash.to_owned(), login.password);
    let matches = tokio::task::spawn_blocking(move || verify_password(&hash, &password))
        .await
        .unwrap_or(false);
    let Some(moderator) = moderator.filter(|_| matches) else {
        return Err(AppError::Unauthorized(
            "That name and password do not match.".to_owned(),
        ));
    };
    state.storage.login_succeeded(&keys).await?;
    if let Some(key) = &known_key {
        state.storage.remember_login(key, now_millis()).await?;
    }
    let (token, token_hash) = identity::new_edit_token();
    let length = i64::try_from(SESSION_LENGTH.as_millis()).unwrap_or(i64::MAX);
    state
        .storage
        .create_session(&token_hash, &moderator.name, now_millis() + length)
        .await?;
    let cookie = format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
        cookie_name(&headers),
        SESSION_LENGTH.as_secs(),
        if over_tls(&headers) { "; Secure" } else { "" }
    );
    let session = wire::ModeratorSession {
        name: moderator.name.clone(),
        sites: moderator.sites.clone(),
    };
    Ok(with_cookie(Json(session).into_response(), &cookie))
}

/// `POST /api/v1/admin/logout`: ends the session and clears the cookie (`204`).
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if let Some(token) = cookie_token(&headers) {
        state
            .storage
            .delete_session(&identity::edit_token_hash(token))
            .await?;
    }
    let secure = if over_tls(&headers) { "; Secure" } else { "" };
    let cookie = format!(
        "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}",
        cookie_name(&headers)
    );
    Ok(with_cookie(StatusCode::NO_CONTENT.into_response(), &cookie))
}

/// `GET /api/v1/admin/me`: who is logged in, or `401`.
pub async fn me(
    SignedInModerator(moderator): SignedInModerator,
) -> Result<Json<wire::ModeratorSession>, AppError> {
    match moderator {
        Some(moderator) => Ok(Json(wire::ModeratorSession {
            name: moderator.name.clone(),
            sites: moderator.sites.clone(),
        })),
        None => Err(AppError::Unauthorized("Please log in.".to_owned())),
    }
}

fn with_cookie(mut response: Response, cookie: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
