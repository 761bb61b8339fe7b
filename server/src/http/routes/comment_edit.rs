//! A moderator's edit of a comment, and the versions each edit keeps:
//!
//! - `POST /api/v1/admin/comments/{id}/edit` with `{"body", "author_name",
//!   "author_email", "author_website"}`: the comment as moderators now see it. A
//!   published, held or spam comment can be edited; readers see "edited by a moderator".
//! - `GET /api/v1/admin/comments/{id}/versions`: the version readers see and the earlier
//!   ones, newest first, with who wrote each.

use crate::http::AppState;
use crate::http::context::{Actor, Scope};
use crate::http::error::AppError;
use crate::http::extract::JsonBody;
use crate::storage::listing::CommentFilter;
use crate::storage::{ModeratorChange, Ownership, StorageError, now_millis};
use crate::{identity, validate};
use axum::Json;
use axum::extract::{Path, State};
use confab_api::{self as wire, CommentId};

/// `POST /api/v1/admin/comments/{id}/edit`.
pub async fn edit(
    State(state): State<AppState>,
    Actor { name: actor, scope }: Actor,
    Path(id): Path<String>,
    JsonBody(edit): JsonBody<wire::ModeratorEdit>,
) -> Result<Json<wire::ModeratedComment>, AppError> {
    let (id, ownership) = moderated(&state, &scope, &id).await?;
    let (markdown, body) = validate::comment_body(&edit.body)?;
    let (name, email, website) =
        validate::author_fields(&edit.author_name, edit.author_email, edit.author_website)?;
    let current = state
        .storage
        .comment_versions(id)
        .await?
        .ok_or_else(|| no_comment(id))?
        .current;
    // The avatar follows a guest's corrected name or email, as it would have at posting; a
    // signed-in author's comes from their identity.
    let same_author = current.author_name == name && current.author_email == email;
    let avatar_seed = if ownership.author_identity.is_some() || same_author {
        ownership.avatar_seed
    } else {
        identity::avatar_seed(&state.server_key, email.as_deref(), &name)
    };
    let change = ModeratorChange {
        markdown: &markdown,
        body: &body,
        author_name: &name,
        author_email: email.as_deref(),
        author_website: website.as_deref(),
        avatar_seed: &avatar_seed,
        edited_at: now_millis(),
    };
    match state.storage.edit_as_moderator(id, &change, &actor).await {
        Err(StorageError::UnknownComment) => {
            return Err(AppError::Conflict {
                code: "not_editable",
                message: "Only a published, held or spam comment can be edited.".to_owned(),
            });
        }
        other => other?,
    }
    let filter = CommentFilter {
        comment: Some(id),
        ..CommentFilter::default()
    };
    let (mut edited, _) = state.storage.queue(&filter, None, 1).await?;
    edited.pop().map(Json).ok_or_else(|| no_comment(id))
}

/// `GET /api/v1/admin/comments/{id}/versions`.
pub async fn versions(
    State(state): State<AppState>,
    Actor { scope, .. }: Actor,
    Path(id): Path<String>,
) -> Result<Json<wire::CommentVersions>, AppError> {
    let (id, _) = moderated(&state, &scope, &id).await?;
    let versions = state
        .storage
        .comment_versions(id)
        .await?
        .ok_or_else(|| no_comment(id))?;
    Ok(Json(versions))
}

/// Comment `id` (as the path gives it) and what is known of its ownership, if it is on
/// one of the actor's sites.
async fn moderated(
    state: &AppState,
    scope: &Scope,
    id: &str,
) -> Result<(CommentId, Ownership), AppError> {
    let id: CommentId = id
        .parse()
        .map_err(|_| AppError::NotFound("There is no such comment.".to_owned()))?;
    let ownership = state
        .storage
        .ownership(id)
        .await?
        .ok_or_else(|| no_comment(id))?;
    scope.check(&state.sites, &ownership.thread_key)?;
    Ok((id, ownership))
}

fn no_comment(id: CommentId) -> AppError {
    AppError::NotFound(format!("There is no comment {id}."))
}
