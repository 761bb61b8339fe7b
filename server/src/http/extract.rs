//! Request extractors that answer bad input with [`AppError`] in Confab's error shape,
//! naming the field at fault, instead of axum's plain-text rejections.

use crate::http::error::AppError;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// A JSON request body of type `T`.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        if !has_json_body(request.headers()) {
            return Err(AppError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|_| AppError::PayloadTooLarge)?;
        parse_json(&bytes).map(JsonBody)
    }
}

/// Whether a request says its body is JSON (`Content-Type: application/json`, with any
/// parameters).
pub fn has_json_body(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
}

fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let field = match path.as_str() {
            _ if !inner.is_data() => None,
            "." | "?" => missing_field_name(&inner.to_string()),
            _ => Some(path),
        };
        let (code, message) = if inner.is_data() {
            match &field {
                Some(field) => ("invalid_field", format!("{field}: {inner}")),
                None => (
                    "invalid_body",
                    format!("the request body is not valid: {inner}"),
                ),
            }
        } else {
            (
                "invalid_json",
                format!("the request body is not valid JSON: {inner}"),
            )
        };
        AppError::BadRequest {
            code,
            message,
            field,
        }
    })
}

/// Serde reports a missing field at the path of its object, naming it only in the text.
fn missing_field_name(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    Some(rest.split('`').next()?.to_owned())
}

/// A query string decoded into `T`.
pub struct QueryParams<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for QueryParams<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        axum::extract::Query::<T>::try_from_uri(&parts.uri)
            .map(|axum::extract::Query(value)| QueryParams(value))
            .map_err(|rejection| AppError::BadRequest {
                code: "invalid_query",
                message: format!("the query string is not valid: {}", rejection.body_text()),
                field: None,
            })
    }
}

/// The comment id of a `/api/v1/comments/{id}` path.
pub struct CommentPath(pub confab_api::CommentId);

impl<S: Send + Sync> FromRequestParts<S> for CommentPath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        axum::extract::Path::<confab_api::CommentId>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(id)| CommentPath(id))
            .map_err(|_| AppError::NotFound("There is no such comment.".to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use confab_api::NewComment;

    #[test]
    fn a_missing_field_is_named() {
        let Err(AppError::BadRequest { field, code, .. }) =
            parse_json::<NewComment>(br#"{"thread":"/p","author_name":"A"}"#)
        else {
            panic!("a body without `body` must be refused");
        };
        assert_eq!(field.as_deref(), Some("body"));
        assert_eq!(code, "invalid_field");
    }

    #[test]
    fn a_field_of_the_wrong_type_is_named() {
        let Err(AppError::BadRequest { field, .. }) =
            parse_json::<NewComment>(br#"{"thread":"/p","author_name":5,"body":"x"}"#)
        else {
            panic!("a number as a name must be refused");
        };
        assert_eq!(field.as_deref(), Some("author_name"));
    }

    #[test]
    fn broken_json_is_a_bad_request_without_a_field() {
        let Err(AppError::BadRequest { field, code, .. }) = parse_json::<NewComment>(b"{nope")
        else {
            panic!("broken JSON must be refused");
        };
        assert_eq!((field, code), (None, "invalid_json"));
    }
}
