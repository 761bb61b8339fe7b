//! `POST /api/v1/admin/comments/{id}/reply` with `{"body"}`: a moderator answers a comment
//! from the moderators' screen, into its thread, under their name with the Moderator badge.
//! A held comment is approved first (one answers what one keeps); a comment marked as spam,
//! rejected or deleted is not answered.

use crate::http::AppState;
use crate::http::context::Actor;
use crate::http::error::AppError;
use crate::http::extract::JsonBody;
use crate::identity;
use crate::storage::{CommentToStore, ThreadToStore, now_millis};
use crate::validate;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use confab_api::{self as wire, Badge, CommentId, CommentKind, CommentStatus, ModerationAction};

/// The name a reply made with the admin token carries.
const TOKEN_AUTHOR: &str = "Moderator";

/// `POST /api/v1/admin/comments/{id}/reply` (`201` with the reply as stored).
pub async fn reply(
    State(state): State<AppState>,
    Actor { name: actor, scope }: Actor,
    Path(id): Path<String>,
    JsonBody(reply): JsonBody<wire::EditComment>,
) -> Result<(StatusCode, Json<wire::StoredComment>), AppError> {
    let id: CommentId = id
        .parse()
        .map_err(|_| AppError::NotFound("There is no such comment.".to_owned()))?;
    let (markdown, body) = validate::comment_body(&reply.body)?;
    let parent = state
        .storage
        .ownership(id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("There is no comment {id}.")))?;
    scope.check(&state.sites, &parent.thread_key)?;
    match parent.status {
        CommentStatus::Published => {}
        CommentStatus::Pending => {
            state
                .storage
                .moderate(id, ModerationAction::Approve, &actor, None)
                .await?;
        }
        _ => {
            return Err(AppError::Conflict {
                code: "not_published",
                message: "Only a published or held comment can be answered.".to_owned(),
            });
        }
    }
    let moderator = state
        .admin
        .moderators
        .iter()
        .find(|moderator| moderator.name == actor);
    let author_name = moderator.map_or(TOKEN_AUTHOR, |moderator| moderator.name.as_str());
    let author_email = moderator.and_then(|moderator| moderator.email.clone());
    let to_store = CommentToStore {
        thread: ThreadToStore {
            key: parent.thread_key.clone(),
            title: None,
            url: None,
        },
        parent_id: Some(id),
        kind: CommentKind::Comment,
        status: CommentStatus::Published,
        author_name: author_name.to_owned(),
        avatar_seed: identity::avatar_seed(&state.server_key, author_email.as_deref(), author_name),
        author_email,
        author_website: None,
        badge: Some(Badge::Moderator),
        body_markdown: markdown,
        body,
        edit_token_hash: None,
        created_at: now_millis(),
        client_address: None,
        author_identity: None,
        author_voter: None,
        up_votes: 0,
        down_votes: 0,
        reactions: Default::default(),
        notify_replies: false,
        lang: None,
    };
    let inserted = state.storage.insert_comment(to_store, None).await?;
    Ok((
        StatusCode::CREATED,
        Json(wire::StoredComment {
            comment: inserted.comment,
        }),
    ))
}
