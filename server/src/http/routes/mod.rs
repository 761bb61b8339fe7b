//! The HTTP handlers, one module per resource.

pub mod admin;
pub mod challenge;
pub mod comment_edit;
pub mod comment_list;
pub mod comments;
pub mod events;
pub mod feeds;
pub mod import;
pub mod login;
pub mod mail_links;
pub mod manage_link;
pub mod moderator_reply;
pub mod my_comments;
pub mod own;
pub mod page;
pub mod pins;
pub mod posting;
pub mod preview;
pub mod reactions;
pub mod recent;
pub mod rules;
pub mod signed_in;
pub mod spam_filter;
pub mod stats;
pub mod thread_list;
pub mod votes;

use crate::http::error::AppError;
use axum::Json;
use axum::http::Uri;

/// `GET /api/v1/health`: the server is up and its database open.
pub async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

/// Any other path under `/api/`.
pub async fn api_not_found(uri: Uri) -> AppError {
    AppError::NotFound(format!("There is no API endpoint at {}.", uri.path()))
}

/// A known path with a method it does not support.
pub async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}
