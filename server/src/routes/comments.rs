//! `GET` and `POST /api/v1/comments`: reading a thread and adding to it.

use crate::error::AppError;
use crate::extract::{JsonBody, QueryParams};
use crate::options::Moderation;
use crate::storage::{
    CommentToStore, IdempotencyClaim, StorageError, ThreadToStore, now_millis, rfc3339,
};
use crate::{AppState, identity, validate};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use confab_api::{self as wire, CommentKind, CommentStatus};
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
/// With an `Idempotency-Key`, a retry of the same request gets the same answer (edit token
/// included) and stores nothing; the same key with another request is refused (`422`).
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    JsonBody(input): JsonBody<wire::NewComment>,
) -> Result<(StatusCode, Json<wire::PostedComment>), AppError> {
    let claim = match headers.get(wire::IDEMPOTENCY_KEY_HEADER) {
        Some(value) => Some(IdempotencyClaim {
            key: validate::idempotency_key(value.to_str().unwrap_or_default())?,
            request_hash: identity::request_hash(&input),
        }),
        None => None,
    };
    let valid = validate::new_comment(input)?;
    let (edit_token, edit_token_hash) = match &claim {
        Some(claim) => identity::derived_edit_token(&state.server_key, &claim.key),
        None => identity::new_edit_token(),
    };
    let avatar_seed = identity::avatar_seed(
        &state.server_key,
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
        status: match state.moderation {
            Moderation::None => CommentStatus::Published,
            Moderation::All => CommentStatus::Pending,
        },
        author_name: valid.author_name,
        author_email: valid.author_email,
        author_website: valid.author_website,
        avatar_seed,
        badge: None,
        body_markdown: valid.body_markdown,
        body: valid.body,
        edit_token_hash: Some(edit_token_hash),
        created_at: now_millis(),
    };
    let inserted = state
        .storage
        .insert_comment(to_store, claim)
        .await
        .map_err(storage_error)?;
    let window = i64::try_from(state.edit_window.as_millis()).unwrap_or(i64::MAX);
    let posted = wire::PostedComment {
        comment: inserted.comment,
        edit_token,
        editable_until: rfc3339(inserted.created_at.saturating_add(window)),
    };
    let status = match posted.comment.status {
        CommentStatus::Pending => StatusCode::ACCEPTED,
        _ => StatusCode::CREATED,
    };
    Ok((status, Json(posted)))
}

/// Explains the storage errors a reader can act on; the rest are the server's fault.
pub(crate) fn storage_error(error: StorageError) -> AppError {
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
        StorageError::IdempotencyMismatch => AppError::Invalid {
            code: "idempotency_key_reused",
            message: "This Idempotency-Key was already used for a different comment.".to_owned(),
            field: "idempotency_key",
        },
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
