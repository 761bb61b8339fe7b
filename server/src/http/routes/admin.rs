//! The admin API for moderators, behind `Authorization: Bearer <admin token>` or a
//! moderator's session cookie: the queue of held (or spam) comments, one action on one
//! comment, locking threads, and the log.

use crate::http::error::AppError;
use crate::http::extract::{JsonBody, QueryParams};
use crate::http::{AppState, session};
use crate::storage::outbox::Purpose;
use crate::{identity, validate};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use confab_api::{self as wire, CommentId, CommentStatus, ModerationAction};
use serde::Deserialize;

/// Who the log says acted with the bearer token.
const TOKEN_ACTOR: &str = "admin token";
/// Most entries one listing returns.
const LIST_LIMIT: usize = 200;

/// Who is acting: the logged-in moderator's name, or "admin token" for a request with the
/// configured bearer token (compared in constant time).
pub(crate) async fn authorize(state: &AppState, headers: &HeaderMap) -> Result<String, AppError> {
    if let Some(moderator) = session::moderator(state, headers).await? {
        return Ok(moderator.name.clone());
    }
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    let Some(expected) = &state.admin.token else {
        if state.admin.moderators.is_empty() {
            return Err(AppError::Forbidden {
                code: "admin_disabled",
                message: "The admin API is closed: the server has no admin token and no \
                          moderators."
                    .to_owned(),
            });
        }
        return Err(AppError::Unauthorized("Please log in.".to_owned()));
    };
    let given = given.ok_or_else(|| {
        AppError::Unauthorized("The admin API needs the admin token or a login.".to_owned())
    })?;
    if identity::token_matches(given, &identity::edit_token_hash(expected)) {
        Ok(TOKEN_ACTOR.to_owned())
    } else {
        Err(AppError::Forbidden {
            code: "wrong_admin_token",
            message: "That is not the admin token.".to_owned(),
        })
    }
}

/// The query of `GET /api/v1/admin/queue`.
#[derive(Debug, Deserialize)]
pub struct QueueQuery {
    /// `pending` (default) or `spam`.
    status: Option<String>,
    /// Only comments whose author, email or text contains this.
    q: Option<String>,
}

/// `GET /api/v1/admin/queue?status=pending|spam`: held or spam comments, newest first.
pub async fn queue(
    State(state): State<AppState>,
    headers: HeaderMap,
    QueryParams(query): QueryParams<QueueQuery>,
) -> Result<Json<wire::ModerationQueue>, AppError> {
    authorize(&state, &headers).await?;
    let status = match query.status.as_deref().unwrap_or("pending") {
        "pending" => CommentStatus::Pending,
        "spam" => CommentStatus::Spam,
        other => {
            return Err(AppError::BadRequest {
                code: "invalid_status",
                message: format!("The queue holds pending or spam comments, not {other:?}."),
                field: Some("status".to_owned()),
            });
        }
    };
    // Nothing stored holds a NUL (see `validate::comment_body`), so a search drops them.
    let search = query
        .q
        .as_deref()
        .map(|q| q.replace('\0', ""))
        .filter(|q| !q.trim().is_empty())
        .map(|q| q.trim().chars().take(200).collect::<String>());
    let comments = state
        .storage
        .queue(status, search.as_deref(), LIST_LIMIT)
        .await?;
    Ok(Json(wire::ModerationQueue { comments }))
}

/// `POST /api/v1/admin/comments/{id}/{approve|reject|spam|delete}` (`204`).
pub async fn moderate(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, action)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    let actor = authorize(&state, &headers).await?;
    let id: CommentId = id
        .parse()
        .map_err(|_| AppError::NotFound("There is no such comment.".to_owned()))?;
    let action = ModerationAction::from_name(&action)
        .ok_or_else(|| AppError::NotFound(format!("There is no action {action:?}.")))?;
    state.storage.moderate(id, action, &actor).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/admin/threads/lock` with `{"thread", "locked"}` (`204`).
pub async fn lock(
    State(state): State<AppState>,
    headers: HeaderMap,
    JsonBody(request): JsonBody<wire::LockThread>,
) -> Result<StatusCode, AppError> {
    let actor = authorize(&state, &headers).await?;
    let key = validate::stored_thread_key(&request.thread)?;
    state.storage.set_locked(&key, request.locked).await?;
    let action = if request.locked { "lock" } else { "unlock" };
    state.storage.record(&actor, action, &key).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/admin/log`: the latest moderation actions, newest first.
pub async fn log(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<wire::ModerationLog>, AppError> {
    authorize(&state, &headers).await?;
    let entries = state.storage.moderation_log(LIST_LIMIT).await?;
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
    headers: HeaderMap,
    QueryParams(query): QueryParams<DeliveriesQuery>,
) -> Result<Json<wire::Deliveries>, AppError> {
    authorize(&state, &headers).await?;
    let purpose = match query.purpose.as_deref() {
        None | Some("") => None,
        Some(name) => Some(
            Purpose::from_label(name).ok_or_else(|| AppError::BadRequest {
                code: "invalid_purpose",
                message: format!("Deliveries are owner, reply, confirm or webhook, not {name:?}."),
                field: Some("purpose".to_owned()),
            })?,
        ),
    };
    let deliveries = state.storage.deliveries(purpose, LIST_LIMIT).await?;
    Ok(Json(wire::Deliveries { deliveries }))
}
