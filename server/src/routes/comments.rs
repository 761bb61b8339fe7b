//! `GET` and `POST /api/v1/comments`: reading a thread and adding to it.

use crate::error::AppError;
use crate::extract::{JsonBody, QueryParams};
use crate::storage::{CommentToStore, StorageError, ThreadToStore, now_millis, rfc3339};
use crate::{AppState, identity, validate};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use confab_api::{self as wire, CommentKind};
use serde::Deserialize;

/// The query of `GET /api/v1/comments`.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    /// The thread's key.
    thread: Option<String>,
}

/// `GET /api/v1/comments?thread=KEY`: the thread and its published comments.
pub async fn list(
    State(state): State<AppState>,
    QueryParams(query): QueryParams<ListQuery>,
) -> Result<Json<wire::ThreadPage>, AppError> {
    let key = validate::thread_key(query.thread.as_deref().unwrap_or_default())?;
    let page = state
        .storage
        .thread_page(&key)
        .await
        .map_err(storage_error)?;
    Ok(Json(page))
}

/// `POST /api/v1/comments`: stores a new comment and answers `201` with it as stored.
pub async fn create(
    State(state): State<AppState>,
    JsonBody(input): JsonBody<wire::NewComment>,
) -> Result<(StatusCode, Json<wire::PostedComment>), AppError> {
    let valid = validate::new_comment(input)?;
    let (edit_token, edit_token_hash) = identity::new_edit_token();
    let created_at = now_millis();
    let avatar_seed = identity::avatar_seed(
        &state.avatar_key,
        valid.author_email.as_deref(),
        &valid.author_name,
    );
    let to_store = CommentToStore {
        thread: ThreadToStore {
            key: valid.thread,
            title: valid.title,
            url: valid.url,
        },
        parent_id: valid.parent_id,
        kind: CommentKind::Comment,
        author_name: valid.author_name,
        author_email: valid.author_email,
        author_website: valid.author_website,
        avatar_seed,
        badge: None,
        body_markdown: valid.body_markdown,
        body: valid.body,
        edit_token_hash: Some(edit_token_hash),
        created_at,
    };
    let comment = state
        .storage
        .insert_comment(to_store)
        .await
        .map_err(storage_error)?;
    let window = i64::try_from(state.edit_window.as_millis()).unwrap_or(i64::MAX);
    let posted = wire::PostedComment {
        comment,
        edit_token,
        editable_until: rfc3339(created_at.saturating_add(window)),
    };
    Ok((StatusCode::CREATED, Json(posted)))
}

/// Explains the storage errors a reader can act on; the rest are the server's fault.
fn storage_error(error: StorageError) -> AppError {
    match error {
        StorageError::UnknownParent | StorageError::ParentInOtherThread | StorageError::TooDeep => {
            let code = match error {
                StorageError::UnknownParent => "unknown_parent",
                StorageError::ParentInOtherThread => "parent_in_other_thread",
                _ => "too_deep",
            };
            AppError::invalid(
                "parent_id",
                code,
                format!("{}.", capitalised(&error.to_string())),
            )
        }
        StorageError::Database(_) | StorageError::Corrupt(_) => {
            AppError::Internal(error.to_string())
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
