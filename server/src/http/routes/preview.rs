//! `POST /api/v1/preview`: what a body would look like, without storing anything.

use crate::http::error::AppError;
use crate::http::extract::JsonBody;
use crate::validate;
use axum::Json;
use confab_api as wire;

/// Answers with the node tree `body` would be stored as, checked against the same limits.
pub async fn preview(
    JsonBody(request): JsonBody<wire::PreviewRequest>,
) -> Result<Json<wire::Preview>, AppError> {
    let body = validate::preview_body(&request.body)?;
    Ok(Json(wire::Preview { body }))
}
