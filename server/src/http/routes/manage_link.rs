//! `POST /api/v1/my-comments/link`: “Manage my comments” from the widget. A guest gives
//! an email address and gets `202` whatever it is; if the address wrote on the site, a
//! mail with a link to the page of its comments is on its way (one an hour at most). A
//! signed-in reader gets the page's path at once, for their identity.

use super::signed_in::{self, Credential};
use crate::http::AppState;
use crate::http::context::RequestSite;
use crate::http::error::AppError;
use crate::http::extract::JsonBody;
use crate::identity;
use crate::notify::compose::manage_mail;
use crate::storage::listing::CommentFilter;
use crate::storage::outbox::{NewDelivery, Purpose};
use crate::storage::{ManageLink, now_millis};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use confab_api::{ManageAnswer, ManageRequest, limits};

/// How long a link works.
pub const LINK_LIFETIME_MILLIS: i64 = 24 * 60 * 60 * 1000;

/// How long an address waits between two mailed links.
const ONE_MAIL_PER_MILLIS: i64 = 60 * 60 * 1000;

/// Where a link's page is, below the API's base.
pub const PAGE_PATH: &str = "/api/v1/mail/my-comments";

/// `POST /api/v1/my-comments/link` with `{"email"}` (`202`) or `{"sso"}` / `{"session"}`
/// (`200` with the page's `url`).
pub async fn link(
    State(state): State<AppState>,
    site: RequestSite,
    JsonBody(request): JsonBody<ManageRequest>,
) -> Result<(StatusCode, Json<ManageAnswer>), AppError> {
    let now = now_millis();
    // Only the token's hash is stored.
    let token = identity::random_secret();
    let token_hash = identity::edit_token_hash(&token);
    let mut link = ManageLink {
        site: site.stored_key("/"),
        address: None,
        identity: None,
        created_at: now,
        expires_at: now + LINK_LIFETIME_MILLIS,
    };
    let credential = Credential::of_fields(request.sso.as_deref(), request.session.as_deref());
    if let Some(credential) = credential {
        link.identity = Some(
            signed_in::reader(&state, &site, credential)
                .await?
                .identity(),
        );
        state
            .storage
            .issue_manage_link(&token_hash, &link, None, now)
            .await?;
        let url = Some(format!("{PAGE_PATH}?token={token}"));
        return Ok((StatusCode::OK, Json(ManageAnswer { url })));
    }
    let address = mail_address(request.email.as_deref())?;
    let Some(mail) = &state.notifications.mail else {
        return Err(AppError::Unavailable(
            "This site sends no mail: sign in to manage your comments, or ask its owner."
                .to_owned(),
        ));
    };
    // Only an address that wrote here gets a mail; the answer is the same either way.
    let filter = CommentFilter {
        email: Some(address.clone()),
        thread_prefixes: Some(vec![link.site.clone()]),
        ..CommentFilter::default()
    };
    let wrote = state.storage.tally(&filter).await?;
    if wrote.published + wrote.held + wrote.spam > 0 {
        let url = format!("{}{PAGE_PATH}?token={token}", mail.public_url);
        let host = site
            .host(&mail.public_url)
            .unwrap_or_else(|| mail.public_url.clone());
        let payload = manage_mail(&host, &url, request.lang.as_deref());
        let delivery = NewDelivery {
            purpose: Purpose::Manage,
            recipient: address.clone(),
            payload: serde_json::to_string(&payload)
                .map_err(|error| AppError::Internal(error.to_string()))?,
        };
        link.address = Some(address);
        state
            .storage
            .issue_manage_link(
                &token_hash,
                &link,
                Some(&delivery),
                now - ONE_MAIL_PER_MILLIS,
            )
            .await?;
    }
    Ok((StatusCode::ACCEPTED, Json(ManageAnswer::default())))
}

/// The address a link is mailed to, lower-cased, or why it cannot be.
fn mail_address(email: Option<&str>) -> Result<String, AppError> {
    let email = email.map(str::trim).unwrap_or_default();
    if email.is_empty() {
        return Err(AppError::invalid(
            "email",
            "required",
            "Please enter the email address you comment with.",
        ));
    }
    if email.chars().count() > limits::MAX_EMAIL_CHARS || email.parse::<lettre::Address>().is_err()
    {
        return Err(AppError::invalid(
            "email",
            "invalid_email",
            "Please enter a valid email address, like name@example.com.",
        ));
    }
    Ok(email.to_lowercase())
}
