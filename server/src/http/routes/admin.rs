//! The admin API for moderators, behind `Authorization: Bearer <admin token>` or a
//! moderator's session cookie: one action on one comment, locking threads, and the log
//! (the comment list and bulk actions are in `comment_list.rs`). A moderator with `sites` listed sees and acts
//! on those sites only; deliveries and imports are for owners.

use crate::http::AppState;
use crate::http::context::Actor;
use crate::http::error::AppError;
use crate::http::extract::{JsonBody, QueryParams};
use crate::storage::outbox::Purpose;
use crate::validate;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use confab_api::{self as wire, CommentId, ModerationAction};
use serde::Deserialize;

/// Most entries one listing returns.
const LIST_LIMIT: usize = 200;

/// The query of a moderation action.
#[derive(Debug, Deserialize)]
pub struct ModerateQuery {
    /// For an approval: the comment's `edited_at` as the moderator saw it (empty when it
    /// was never edited). A text changed since is not approved (`409`).
    edited_at: Option<String>,
}

/// `POST /api/v1/admin/comments/{id}/{approve|reject|spam|delete}[?edited_at=…]` (`204`).
pub async fn moderate(
    State(state): State<AppState>,
    Actor { name: actor, scope }: Actor,
    Path((id, action)): Path<(String, String)>,
    QueryParams(query): QueryParams<ModerateQuery>,
) -> Result<StatusCode, AppError> {
    let id: CommentId = id
        .parse()
        .map_err(|_| AppError::NotFound("There is no such comment.".to_owned()))?;
    let action = ModerationAction::from_name(&action)
        .ok_or_else(|| AppError::NotFound(format!("There is no action {action:?}.")))?;
    let seen = query.edited_at.as_deref().map(text_version).transpose()?;
    if let Some(ownership) = state.storage.ownership(id).await? {
        scope.check(&state.sites, &ownership.thread_key)?;
    }
    state.storage.moderate(id, action, &actor, seen).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The version of a comment's text named by its `edited_at` (0: never edited).
fn text_version(edited_at: &str) -> Result<i64, AppError> {
    if edited_at.is_empty() {
        return Ok(0);
    }
    time::OffsetDateTime::parse(edited_at, &time::format_description::well_known::Rfc3339)
        .ok()
        .and_then(|at| i64::try_from(at.unix_timestamp_nanos() / 1_000_000).ok())
        .ok_or_else(|| {
            AppError::invalid(
                "edited_at",
                "invalid_edited_at",
                "edited_at must be the comment's edited_at as the API gave it, or empty.",
            )
        })
}

/// `POST /api/v1/admin/threads/lock` with `{"thread", "locked"}` (`204`).
pub async fn lock(
    State(state): State<AppState>,
    Actor { name: actor, scope }: Actor,
    JsonBody(request): JsonBody<wire::LockThread>,
) -> Result<StatusCode, AppError> {
    let key = validate::stored_thread_key(&request.thread)?;
    scope.check(&state.sites, &key)?;
    state.storage.set_locked(&key, request.locked).await?;
    let action = if request.locked { "lock" } else { "unlock" };
    state.storage.record(&actor, action, &key).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/admin/threads/update` with `{"thread", "title", "url"}` (`204`): a
/// moderator corrects what the first commenter's page said the thread is.
pub async fn update_thread(
    State(state): State<AppState>,
    Actor { name: actor, scope }: Actor,
    JsonBody(request): JsonBody<wire::UpdateThread>,
) -> Result<StatusCode, AppError> {
    let key = validate::stored_thread_key(&request.thread)?;
    scope.check(&state.sites, &key)?;
    let site = state.sites.for_stored_key(&key);
    let (title, url) = validate::thread_details(request.title, request.url, &site.rules.origins)?;
    state
        .storage
        .update_thread(&key, title.as_deref(), url.as_deref(), &actor)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/admin/log`: the latest moderation actions, newest first.
pub async fn log(
    State(state): State<AppState>,
    actor: Actor,
) -> Result<Json<wire::ModerationLog>, AppError> {
    let mut entries = state.storage.moderation_log(LIST_LIMIT).await?;
    // A moderator of some sites sees what was done on them; an entry about no thread is
    // an owner's to see.
    entries.retain(|entry| match &entry.thread {
        Some(thread) => actor.scope.allows(&state.sites, thread),
        None => actor.scope.owner_only().is_ok(),
    });
    Ok(Json(wire::ModerationLog { entries }))
}

/// The query of `GET /api/v1/admin/deliveries`.
#[derive(Debug, Deserialize)]
pub struct DeliveriesQuery {
    /// Only `owner`, `reply`, `confirm` or `webhook` deliveries.
    purpose: Option<String>,
}

/// `GET /api/v1/admin/deliveries?purpose=webhook`: the latest mails and webhook calls,
/// newest first, with their attempts and last error.
pub async fn deliveries(
    State(state): State<AppState>,
    actor: Actor,
    QueryParams(query): QueryParams<DeliveriesQuery>,
) -> Result<Json<wire::Deliveries>, AppError> {
    // Mails to every site's commenters and owners: an owner's to see.
    actor.scope.owner_only()?;
    let purpose = match query.purpose.as_deref() {
        None | Some("") => None,
        Some(name) => Some(
            Purpose::from_label(name).ok_or_else(|| AppError::BadRequest {
                code: "invalid_purpose",
                message: format!(
                    "Deliveries are owner, reply, confirm, webhook, chat or manage, not {name:?}."
                ),
                field: Some("purpose".to_owned()),
            })?,
        ),
    };
    let deliveries = state.storage.deliveries(purpose, LIST_LIMIT).await?;
    Ok(Json(wire::Deliveries { deliveries }))
}
