//! Writes only from allowed origins: a browser request that changes something (POST, PUT,
//! DELETE) and says it comes from a page on another origin than the server's, or than one
//! of the configured sites, is refused. Requests without an `Origin` (scripts, curl) pass:
//! the check is against pages that would write in a reader's name. (The signed links of
//! mails are routed outside this check: their signature authorises them.)

use crate::http::context::origin_header;
use crate::http::error::AppError;
use crate::validate::same_origin;
use axum::extract::{Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The origins whose pages may write, besides the server's own.
#[derive(Debug, Clone, Default)]
pub struct AllowedOrigins(pub Arc<Vec<String>>);

/// Refuses (`403`) writes from pages of other origins.
pub async fn check_origin(
    State(allowed): State<AllowedOrigins>,
    request: Request,
    next: Next,
) -> Response {
    let writes = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let origin = origin_header(request.headers());
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|value| value.to_str().ok());
    match origin {
        Some(origin) if writes && !is_allowed(origin, host, &allowed.0) => AppError::Forbidden {
            code: "origin_not_allowed",
            message: format!("Pages on {origin} may not post to this Confab server."),
        }
        .into_response(),
        _ => next.run(request).await,
    }
}

/// Whether a page on `origin` may write: it is the server's own (same host and port as
/// the request was sent to) or one of the configured sites.
fn is_allowed(origin: &str, host: Option<&str>, allowed: &[String]) -> bool {
    let origin = origin.trim_end_matches('/');
    let same_host = origin
        .split_once("://")
        .is_some_and(|(_, origin_host)| Some(origin_host) == host);
    same_host || allowed.iter().any(|site| same_origin(site, origin))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_servers_own_pages_and_configured_sites_may_write() {
        let sites = vec!["https://blog.example".to_owned()];
        assert!(is_allowed(
            "http://127.0.0.1:8787",
            Some("127.0.0.1:8787"),
            &[]
        ));
        assert!(is_allowed(
            "https://blog.example",
            Some("comments.example"),
            &sites
        ));
        assert!(!is_allowed(
            "https://evil.example",
            Some("comments.example"),
            &sites
        ));
        assert!(!is_allowed("null", Some("comments.example"), &sites));
        assert!(!is_allowed(
            "http://127.0.0.1:9999",
            Some("127.0.0.1:8787"),
            &[]
        ));
    }
}
