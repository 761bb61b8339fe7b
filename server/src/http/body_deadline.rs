//! A request's body must arrive whole within a deadline, counted from its headers: a
//! client that sends one byte now and then is answered `408` and its connection closed,
//! instead of holding it for as long as it likes. The body is read here, up to the
//! route's size limit, and handed on in one piece.

use crate::http::error::AppError;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// How long a body may take, and how large it may be.
#[derive(Debug, Clone, Copy)]
pub struct BodyDeadline {
    pub within: Duration,
    pub max_bytes: usize,
}

/// Reads the body within the deadline, then runs the request with it.
pub async fn read_body(
    State(deadline): State<BodyDeadline>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let reading = axum::body::to_bytes(body, deadline.max_bytes);
    let bytes = match tokio::time::timeout(deadline.within, reading).await {
        Ok(Ok(bytes)) => bytes,
        // Over the limit, or the client went away while sending: the handler would have
        // answered the same.
        Ok(Err(_)) => return AppError::PayloadTooLarge.into_response(),
        Err(_) => {
            let mut response = AppError::RequestTimeout.into_response();
            // The rest of the body is still on its way: the connection cannot be reused.
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            return response;
        }
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}
