//! Sign-in with an identity provider, in a popup the widget opens:
//!
//! - `GET /api/v1/login/{id}/start?origin=<the page's origin>` keeps a new attempt (state,
//!   nonce, PKCE verifier) and sends the popup to the provider;
//! - `GET /api/v1/login/callback?state&code`, where the provider sends it back, takes the
//!   attempt (once), has the provider vouch for the reader, makes a commenter session (a
//!   random token, stored hashed, 30 days), and hands it to the page that opened the popup,
//!   on that page's exact origin only;
//! - `POST /api/v1/login/logout` with `{"session"}` ends the session.

use super::page::Page;
use crate::http::AppState;
use crate::http::extract::JsonBody;
use crate::identity::{self, content_hash};
use crate::login::{AttemptSecrets, LoginError};
use crate::settings::logins::is_loopback;
use crate::storage::{CommenterSession, LoginAttempt, now_millis};
use crate::validate::same_origin;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use confab_api as wire;
use serde::Deserialize;
use std::time::Duration;

/// How long a reader has to sign in at the provider.
const ATTEMPT_LASTS: Duration = Duration::from_secs(10 * 60);
/// How long a commenter stays signed in.
pub const SESSION_LASTS: Duration = Duration::from_secs(30 * 24 * 60 * 60);
/// The provider sends the popup back here, on every site.
const CALLBACK_PATH: &str = "/api/v1/login/callback";
/// What the popup's last page hands to the widget, before the session's lines.
pub const HAND_OVER_PREFIX: &str = "confab-login";

/// The query of the start.
#[derive(Debug, Deserialize)]
pub struct StartQuery {
    /// The origin of the page whose widget opened the popup.
    #[serde(default)]
    origin: String,
}

/// The query the provider sends the popup back with.
#[derive(Debug, Deserialize)]
pub struct CallbackQuery {
    #[serde(default)]
    state: String,
    code: Option<String>,
    error: Option<String>,
}

fn refused(status: StatusCode, title: &str, message: impl Into<String>) -> Response {
    Page::refused(status, title, message).into_response()
}

/// The popup's page when the database fails: nothing was signed in.
fn unavailable() -> Response {
    refused(
        StatusCode::SERVICE_UNAVAILABLE,
        "Sign-in is unavailable",
        "Please try again in a moment.",
    )
}

/// `GET /api/v1/login/{id}/start`: sends the popup to the provider.
pub async fn start(
    State(state): State<AppState>,
    Path(login_id): Path<String>,
    Query(query): Query<StartQuery>,
    headers: HeaderMap,
) -> Response {
    let site = state.sites.for_origin(Some(&query.origin));
    let origin_is_the_sites = !query.origin.is_empty()
        && site
            .rules
            .origins
            .iter()
            .any(|known| same_origin(known, &query.origin));
    if !origin_is_the_sites {
        return refused(
            StatusCode::BAD_REQUEST,
            "Sign-in refused",
            "Sign-in starts from a page of a site this server serves.",
        );
    }
    let Some(login) = site.login(&login_id) else {
        return refused(
            StatusCode::NOT_FOUND,
            "Unknown sign-in",
            "This site offers no such sign-in.",
        );
    };
    let Some(callback) = callback_url(&state, &headers) else {
        return refused(
            StatusCode::SERVICE_UNAVAILABLE,
            "Sign-in is not set up",
            "This server does not know its public address: set public_url in its configuration.",
        );
    };
    let secrets = AttemptSecrets::new();
    let destination = match state
        .logins
        .authorization_url(login, &callback, &secrets)
        .await
    {
        Ok(url) => url,
        Err(error) => return provider_failed(&error),
    };
    let attempt = LoginAttempt {
        site: site.name.clone(),
        login_id: login.id.clone(),
        origin: query.origin.trim_end_matches('/').to_owned(),
        callback,
        nonce: secrets.nonce,
        verifier: secrets.verifier,
        expires_at: now_millis() + millis(ATTEMPT_LASTS),
    };
    let stored = state
        .storage
        .begin_login(&content_hash(secrets.state.as_bytes()), &attempt)
        .await;
    if stored.is_err() {
        return unavailable();
    }
    Redirect::to(&destination).into_response()
}

/// `GET /api/v1/login/callback`: the provider sent the popup back.
pub async fn callback(
    State(state): State<AppState>,
    Query(query): Query<CallbackQuery>,
) -> Response {
    let attempt = match state
        .storage
        .take_login(&content_hash(query.state.as_bytes()))
        .await
    {
        Ok(Some(attempt)) => attempt,
        Ok(None) => {
            return refused(
                StatusCode::BAD_REQUEST,
                "Sign-in refused",
                "This sign-in is unknown, expired or already used. Start again from the page.",
            );
        }
        Err(_) => {
            return unavailable();
        }
    };
    let (Some(code), None) = (query.code, query.error) else {
        return refused(
            StatusCode::BAD_REQUEST,
            "Sign-in cancelled",
            "The sign-in was cancelled or refused. You can close this window.",
        );
    };
    let Some(site) = state.sites.named(Some(&attempt.site)) else {
        return refused(StatusCode::GONE, "Sign-in refused", "The site is gone.");
    };
    let Some(login) = site.login(&attempt.login_id) else {
        return refused(StatusCode::GONE, "Sign-in refused", "This sign-in is gone.");
    };
    let secrets = AttemptSecrets {
        state: query.state,
        nonce: attempt.nonce,
        verifier: attempt.verifier,
    };
    let person = match state
        .logins
        .person(login, &attempt.callback, &code, &secrets)
        .await
    {
        Ok(person) => person,
        Err(error) => return provider_failed(&error),
    };
    let token = identity::random_secret();
    let session = CommenterSession {
        site: site.name.clone(),
        identity: format!("{}:{}", login.id, person.subject),
        name: person.name,
        email: person.email,
        expires_at: now_millis() + millis(SESSION_LASTS),
    };
    let stored = state
        .storage
        .create_commenter_session(&content_hash(token.as_bytes()), &session)
        .await;
    if stored.is_err() {
        return unavailable();
    }
    // Lines, as the widget reads them: the token, whether there is an email, the name.
    let has_email = if session.email.is_some() { "1" } else { "0" };
    let hand_over = format!("{HAND_OVER_PREFIX}\n{token}\n{has_email}\n{}", session.name);
    Page::done(
        "Signed in",
        format!("Signed in as {}. You can close this window.", session.name),
    )
    .handing_over(hand_over, attempt.origin)
    .into_response()
}

/// `POST /api/v1/login/logout`: ends a commenter's session (`204`, known or not).
pub async fn logout(
    State(state): State<AppState>,
    JsonBody(end): JsonBody<wire::EndSession>,
) -> Result<StatusCode, crate::http::error::AppError> {
    state
        .storage
        .end_commenter_session(&content_hash(end.session.as_bytes()))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The address the provider sends the popup back to: under the public URL, or, when the
/// settings give none, under the address asked if it is this machine's loopback.
fn callback_url(state: &AppState, headers: &HeaderMap) -> Option<String> {
    if let Some(public) = &state.logins.public_url {
        return Some(format!("{public}{CALLBACK_PATH}"));
    }
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let base = format!("http://{host}");
    let parsed = url::Url::parse(&base).ok()?;
    is_loopback(&parsed).then(|| format!("{base}{CALLBACK_PATH}"))
}

/// The popup's page when the provider failed or refused.
fn provider_failed(error: &LoginError) -> Response {
    tracing::info!(error = error.message(), "a sign-in failed");
    let status = match error {
        LoginError::Unreachable(_) => StatusCode::BAD_GATEWAY,
        LoginError::Refused(_) => StatusCode::FORBIDDEN,
    };
    refused(status, "Sign-in failed", error.message())
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}
