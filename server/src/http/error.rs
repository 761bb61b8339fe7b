//! The one error type of the HTTP API and how each case is answered.

use crate::storage::StorageError;
use crate::validate::ValidationError;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use confab_api as wire;

/// Everything a request can fail with. Each variant's doc names its status.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 400: the request itself is malformed (broken JSON, bad query string).
    #[error("{message}")]
    BadRequest {
        code: &'static str,
        message: String,
        field: Option<String>,
    },
    /// 422: the request is well-formed but a field's value is not acceptable.
    #[error("{message}")]
    Invalid {
        code: &'static str,
        message: String,
        field: &'static str,
    },
    /// 401: the request needs an edit token and has none.
    #[error("{0}")]
    Unauthorized(String),
    /// 403: the edit token does not fit, or the edit window has closed.
    #[error("{message}")]
    Forbidden { code: &'static str, message: String },
    /// 409: the resource changed since the client saw it.
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    /// 404: no such resource.
    #[error("{0}")]
    NotFound(String),
    /// 405: the path exists but not with this method.
    #[error("this endpoint does not support that method")]
    MethodNotAllowed,
    /// 408: the request body did not arrive within the body deadline.
    #[error("the request body did not arrive in time; send it again")]
    RequestTimeout,
    /// 413: the request body is larger than the server accepts.
    #[error("the request body is too large")]
    PayloadTooLarge,
    /// 415: the request body is not JSON.
    #[error("the request body must be JSON (Content-Type: application/json)")]
    UnsupportedMediaType,
    /// 429: the client sent too many requests; `Retry-After` says when to come back.
    #[error("{0}")]
    TooManyRequests(String),
    /// 503: the server cannot take this now; `Retry-After` says when to come back.
    #[error("{0}")]
    Unavailable(String),
    /// 500: something broke on the server; the detail is logged, never sent.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// A field's value is not acceptable (422).
    pub fn invalid(field: &'static str, code: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid {
            code,
            message: message.into(),
            field,
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden { .. } => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn detail(&self) -> wire::ErrorDetail {
        let (code, field) = match self {
            Self::BadRequest { code, field, .. } => (*code, field.clone()),
            Self::Invalid { code, field, .. } => (*code, Some((*field).to_owned())),
            Self::Unauthorized(_) => ("missing_token", None),
            Self::Forbidden { code, .. } => (*code, None),
            Self::NotFound(_) => ("not_found", None),
            Self::Conflict { code, .. } => (*code, None),
            Self::MethodNotAllowed => ("method_not_allowed", None),
            Self::RequestTimeout => ("body_too_slow", None),
            Self::PayloadTooLarge => ("too_large", None),
            Self::UnsupportedMediaType => ("unsupported_media_type", None),
            Self::TooManyRequests(_) => ("rate_limited", None),
            Self::Unavailable(_) => ("busy", None),
            Self::Internal(_) => ("internal", None),
        };
        let message = match self {
            Self::Internal(_) => "Something went wrong on the server. Please try again.".to_owned(),
            other => other.to_string(),
        };
        wire::ErrorDetail {
            code: code.to_owned(),
            message,
            field,
        }
    }
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(format!("database: {error}"))
    }
}

/// A refused field is 422 with the field named; a malformed header is 400.
impl From<ValidationError> for AppError {
    fn from(error: ValidationError) -> Self {
        match error {
            ValidationError::Field {
                field,
                code,
                message,
            } => AppError::Invalid {
                code,
                message,
                field,
            },
            ValidationError::Malformed { code, message } => AppError::BadRequest {
                code,
                message,
                field: None,
            },
        }
    }
}

/// Explains the storage errors a reader can act on; the rest are the server's fault.
impl From<StorageError> for AppError {
    fn from(error: StorageError) -> Self {
        match error {
            StorageError::UnknownParent | StorageError::TooDeep => {
                let code = match error {
                    StorageError::UnknownParent => "unknown_parent",
                    _ => "too_deep",
                };
                AppError::invalid(
                    "parent_id",
                    code,
                    format!("{}.", capitalised(&error.to_string())),
                )
            }
            StorageError::TooBigToReadWhole(_) => AppError::invalid(
                "limit",
                "too_big_to_read_whole",
                format!("{}.", capitalised(&error.to_string())),
            ),
            StorageError::UnknownComment => {
                AppError::NotFound("There is no such comment to act on.".to_owned())
            }
            StorageError::UnknownThread => {
                AppError::NotFound("There is no such thread.".to_owned())
            }
            StorageError::Locked => AppError::Forbidden {
                code: "thread_locked",
                message: "Comments are closed on this page.".to_owned(),
            },
            StorageError::Duplicate => AppError::invalid(
                "body",
                "duplicate",
                "You already posted this comment here a moment ago.",
            ),
            StorageError::IdempotencyMismatch => AppError::Invalid {
                code: "idempotency_key_reused",
                message: "This Idempotency-Key was already used for a different comment."
                    .to_owned(),
                field: "idempotency_key",
            },
            StorageError::ChangedSince => AppError::Conflict {
                code: "changed_since",
                message: "This comment was changed after you saw it: look at it again before \
                          approving it."
                    .to_owned(),
            },
            StorageError::OwnComment => AppError::Forbidden {
                code: "own_comment",
                message: "You cannot vote on or react to your own comment.".to_owned(),
            },
            StorageError::NetworkVotedEnough => AppError::TooManyRequests(
                "Your network has already voted on this comment as often as one may.".to_owned(),
            ),
            StorageError::NetworkReactedEnough => AppError::TooManyRequests(
                "Your network has already chosen this reaction here as often as one may."
                    .to_owned(),
            ),
            StorageError::TooManyPinned => AppError::Conflict {
                code: "too_many_pinned",
                message: format!("{}.", capitalised(&error.to_string())),
            },
            StorageError::NotPinnable => AppError::Conflict {
                code: "not_pinnable",
                message: format!("{}.", capitalised(&error.to_string())),
            },
            StorageError::Database(_)
            | StorageError::Corrupt(_)
            | StorageError::Missing(_)
            | StorageError::CommitFailed(_) => AppError::Internal(error.to_string()),
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

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let Self::Internal(detail) = &self {
            // Debug-formatted: nothing a request put in it can forge a log line.
            tracing::error!(?detail, "request failed");
        }
        let body = wire::ErrorBody {
            error: self.detail(),
        };
        (self.status(), Json(body)).into_response()
    }
}
