//! The moderators' screen's files at `/admin/` (from a directory, or from the binary when
//! it carries them), under a strict Content-Security-Policy: scripts, styles and requests
//! only from this server, and Trunk's one inline loader script allowed by its SHA-256
//! hash, never by `'unsafe-inline'`.

use axum::Router;
use axum::extract::{Path, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use tower::ServiceExt;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy of every file under `/admin/`, before the inline scripts' hashes.
const POLICY: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
                      style-src 'self'; img-src 'self' data:; connect-src 'self'; \
                      base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Where the screen's built files are.
#[derive(Debug, Clone)]
pub enum Source {
    /// A directory (`dist/admin/`), read on each request.
    Dir(PathBuf),
    /// The binary's own copy.
    Embedded,
}

impl Source {
    /// The screen's page, if it is built.
    fn index(&self) -> Option<String> {
        match self {
            Self::Dir(dir) => std::fs::read_to_string(dir.join("index.html")).ok(),
            Self::Embedded => super::embedded::file("admin/index.html")
                .map(|bytes| String::from_utf8_lossy(bytes).into_owned()),
        }
    }
}

/// `/admin` and everything under it, from the built files in `source`.
pub fn router(source: Source) -> Router {
    let index = source.clone();
    let page = move || {
        let index = index.clone();
        async move { index_page(index.index()) }
    };
    let file = move |Path(file): Path<String>, request: Request| {
        let source = source.clone();
        async move {
            if file == "index.html" {
                return index_page(source.index());
            }
            let dir = match source {
                Source::Dir(dir) => dir,
                Source::Embedded => {
                    let name = format!("admin/{file}");
                    return super::embedded::response(&name, request.headers(), false);
                }
            };
            // The directory's files by the path after /admin/ (ServeDir refuses `..`).
            let (mut parts, body) = request.into_parts();
            parts.uri = match format!("/{file}").parse() {
                Ok(uri) => uri,
                Err(_) => return StatusCode::NOT_FOUND.into_response(),
            };
            match ServeDir::new(dir)
                .oneshot(Request::from_parts(parts, body))
                .await
            {
                Ok(response) => response.into_response(),
                Err(never) => match never {},
            }
        }
    };
    Router::new()
        .route("/admin", get(|| async { Redirect::permanent("/admin/") }))
        .route("/admin/", get(page))
        .route("/admin/{*file}", get(file))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&POLICY.replace("{hashes}", "")).expect("an ASCII policy"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
}

/// The page itself, read on each request (it changes when the screen is rebuilt), with
/// the hashes of its inline scripts in its policy.
fn index_page(html: Option<String>) -> Response {
    let Some(html) = html else {
        return (
            StatusCode::NOT_FOUND,
            "The moderators' screen is not built: run `cargo xtask build`.",
        )
            .into_response();
    };
    let hashes: String = inline_scripts(&html)
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    let policy = POLICY.replace("{hashes}", &hashes);
    let mut response = (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

/// The text of each `<script>` element without a `src`.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (attributes, rest) = rest.split_once('>')?;
        let (text, _) = rest.split_once("</script>")?;
        (!attributes.contains("src=")).then_some(text)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inline_scripts_are_hashed() {
        let html = r#"<head><script type="module" src="/a.js"></script>
            <script type="module">import init from '/admin/x.js';await init();</script></head>"#;
        let scripts: Vec<&str> = inline_scripts(html).collect();
        assert_eq!(scripts, ["import init from '/admin/x.js';await init();"]);
    }
}
