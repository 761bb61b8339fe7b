//! Moderators' logins: argon2 password checks, the session cookie (`HttpOnly`,
//! `SameSite=Strict`, `Secure` over TLS), and a throttle on failed attempts.

use crate::config::Moderator;
use crate::error::AppError;
use crate::extract::JsonBody;
use crate::rate_limit::ClientAddress;
use crate::storage::now_millis;
use crate::{AppState, identity};
use argon2::password_hash::{PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use argon2::{Argon2, PasswordHash};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use confab_api as wire;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The session cookie's name.
pub const COOKIE: &str = "confab_admin";
/// How long a login lasts.
const SESSION_LENGTH: Duration = Duration::from_secs(12 * 60 * 60);
/// Failed logins allowed per client address (and per login name) in [`FAILURE_WINDOW`].
const MAX_FAILURES: u32 = 5;
const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);

/// The argon2id hash of `password`, in the PHC string format.
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| format!("cannot hash the password: {error}"))
}

/// Whether `password` matches the PHC string `hash`.
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Failed login attempts per client address and per login name.
#[derive(Debug, Clone, Default)]
pub struct LoginThrottle(Arc<Mutex<HashMap<String, (u32, Instant)>>>);

impl LoginThrottle {
    /// How long until `keys` may try again, if any of them failed too often.
    fn wait(&self, keys: &[String], now: Instant) -> Option<Duration> {
        let failures = self.0.lock().unwrap_or_else(|poison| poison.into_inner());
        keys.iter()
            .filter_map(|key| failures.get(key))
            .filter(|(count, since)| {
                *count >= MAX_FAILURES && now.duration_since(*since) < FAILURE_WINDOW
            })
            .map(|(_, since)| FAILURE_WINDOW.saturating_sub(now.duration_since(*since)))
            .max()
    }

    fn failed(&self, keys: &[String], now: Instant) {
        let mut failures = self.0.lock().unwrap_or_else(|poison| poison.into_inner());
        failures.retain(|_, (_, since)| now.duration_since(*since) < FAILURE_WINDOW);
        for key in keys {
            failures.entry(key.clone()).or_insert((0, now)).0 += 1;
        }
    }
}

/// The logged-in moderator a request's session cookie belongs to, if any.
pub async fn moderator<'a>(
    state: &'a AppState,
    headers: &HeaderMap,
) -> Result<Option<&'a Moderator>, AppError> {
    let Some(token) = cookie_token(headers) else {
        return Ok(None);
    };
    let name = state
        .storage
        .session_moderator(&identity::edit_token_hash(token))
        .await?;
    Ok(name.and_then(|name| {
        state
            .admin
            .moderators
            .iter()
            .find(|moderator| moderator.name == name)
    }))
}

/// The session token in the request's `Cookie` header.
fn cookie_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value)
        .filter(|value| !value.is_empty())
}

/// `POST /api/v1/admin/login` with `{"name", "password"}`: sets the session cookie.
pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    client: Option<Extension<ClientAddress>>,
    JsonBody(login): JsonBody<wire::Login>,
) -> Result<Response, AppError> {
    let mut keys = vec![format!("name:{}", login.name)];
    if let Some(Extension(ClientAddress(address))) = client {
        keys.push(format!("client:{address}"));
    }
    if let Some(wait) = state.logins.wait(&keys, Instant::now()) {
        return Err(AppError::TooManyRequests(format!(
            "Too many failed logins; please wait {} minutes.",
            wait.as_secs() / 60 + 1
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
        state.logins.failed(&keys, Instant::now());
        return Err(AppError::Unauthorized(
            "That name and password do not match.".to_owned(),
        ));
    };
    let (token, token_hash) = identity::new_edit_token();
    let length = i64::try_from(SESSION_LENGTH.as_millis()).unwrap_or(i64::MAX);
    state
        .storage
        .create_session(&token_hash, &moderator.name, now_millis() + length)
        .await?;
    let cookie = format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
        SESSION_LENGTH.as_secs(),
        if over_tls(&headers) { "; Secure" } else { "" }
    );
    let session = wire::ModeratorSession {
        name: moderator.name.clone(),
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
    let cookie = format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    Ok(with_cookie(StatusCode::NO_CONTENT.into_response(), &cookie))
}

/// `GET /api/v1/admin/me`: who is logged in, or `401`.
pub async fn me(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<wire::ModeratorSession>, AppError> {
    match moderator(&state, &headers).await? {
        Some(moderator) => Ok(Json(wire::ModeratorSession {
            name: moderator.name.clone(),
        })),
        None => Err(AppError::Unauthorized("Please log in.".to_owned())),
    }
}

/// Whether the browser reached the server over TLS (directly or through a proxy).
fn over_tls(headers: &HeaderMap) -> bool {
    let says_https = |name: header::HeaderName| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("https"))
    };
    says_https(header::ORIGIN) || says_https(header::HeaderName::from_static("x-forwarded-proto"))
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

/// A valid hash of no password anyone knows, checked when the login name is unknown.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$bm8tc3VjaC1tb2RlcmF0b3I$2vd6Vn2ehsXcbQL0d5OJ1cBmYDqwzS2zc4Q3VR1cCmQ";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_matches_its_hash_only() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(&hash, "correct horse"));
        assert!(!verify_password(&hash, "correct horse "));
        assert!(!verify_password("not a hash", "correct horse"));
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }

    #[test]
    fn five_failures_close_the_door_for_a_while() {
        let throttle = LoginThrottle::default();
        let keys = vec!["client:192.0.2.1".to_owned()];
        let start = Instant::now();
        for _ in 0..MAX_FAILURES {
            assert!(throttle.wait(&keys, start).is_none());
            throttle.failed(&keys, start);
        }
        assert!(throttle.wait(&keys, start).is_some());
        assert!(
            throttle
                .wait(&["client:192.0.2.2".to_owned()], start)
                .is_none()
        );
        assert!(throttle.wait(&keys, start + FAILURE_WINDOW).is_none());
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("theme=dark; confab_admin=abc123; other=1"),
        );
        assert_eq!(cookie_token(&headers), Some("abc123"));
        headers.insert(header::COOKIE, HeaderValue::from_static("confab_admin="));
        assert_eq!(cookie_token(&headers), None);
    }
}
