//! `POST /api/v1/admin/comments/{id}/pin` and `…/unpin`: a moderator puts a published
//! top-level comment before the rest of its thread, in every order (at most
//! [`MAX_PINNED`](crate::storage::MAX_PINNED) per thread), or takes it back (`204`).

use crate::http::AppState;
use crate::http::context::Actor;
use crate::http::error::AppError;
use crate::http::extract::CommentPath;
use axum::extract::State;
use axum::http::StatusCode;
use confab_api::CommentId;

/// Pins comment `id`.
pub async fn pin(
    State(state): State<AppState>,
    actor: Actor,
    CommentPath(id): CommentPath,
) -> Result<StatusCode, AppError> {
    set_pinned(&state, actor, id, true).await
}

/// Unpins comment `id`.
pub async fn unpin(
    State(state): State<AppState>,
    actor: Actor,
    CommentPath(id): CommentPath,
) -> Result<StatusCode, AppError> {
    set_pinned(&state, actor, id, false).await
}

async fn set_pinned(
    state: &AppState,
    Actor { name, scope }: Actor,
    id: CommentId,
    pinned: bool,
) -> Result<StatusCode, AppError> {
    if let Some(ownership) = state.storage.ownership(id).await? {
        scope.check(&state.sites, &ownership.thread_key)?;
    }
    let thread = state.storage.pin(id, pinned).await?;
    let action = if pinned { "pin" } else { "unpin" };
    state.storage.record(&name, action, &thread).await?;
    Ok(StatusCode::NO_CONTENT)
}
