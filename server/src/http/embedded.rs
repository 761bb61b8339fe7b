//! The built widget, its loader, the language files, the moderators' screen and the demo
//! page, served from the binary itself when it was built with them (`cargo xtask dist`)
//! and no `--static-dir` names other files. The files are also served under
//! `/_/<digest>/`, named by a digest of everything embedded, and browsers keep those for
//! a year; `embed.js` (which host pages name) and the pages are kept for five minutes, and
//! the loader served points at the versioned directory, so a new release reaches readers
//! within minutes and no reader mixes two releases' files. Brotli and gzip copies made at
//! build time are sent to the clients that take them.

use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use std::borrow::Cow;

mod files {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// Whether this binary carries the built files.
pub fn is_present() -> bool {
    !files::FILES.is_empty()
}

/// The embedded file `name` (a path relative to `dist/`), if there is one.
pub fn file(name: &str) -> Option<&'static [u8]> {
    files::FILES
        .binary_search_by(|(known, _)| (*known).cmp(name))
        .ok()
        .map(|at| files::FILES[at].1)
}

/// The fallback route: any path not taken by the API, from the embedded files.
pub async fn serve(headers: HeaderMap, uri: Uri) -> Response {
    let path = uri.path();
    let (name, versioned) = match path.strip_prefix(files::VERSIONED) {
        Some(name) => (name, true),
        None => (path.trim_start_matches('/'), false),
    };
    let name = if name.is_empty() || name.ends_with('/') {
        format!("{name}index.html")
    } else {
        name.to_owned()
    };
    response(&name, &headers, versioned)
}

/// The embedded file `name` as an answer to a request with `headers`: `404` when there
/// is none, `304` when the client has it already.
pub fn response(name: &str, headers: &HeaderMap, versioned: bool) -> Response {
    let accepted = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    // The loader is rewritten to point at the versioned directory, so it goes plain.
    let found = if name == "embed.js" {
        file(name).map(|_| (Cow::Borrowed(loader()), None))
    } else {
        encoded(name, accepted)
    };
    let Some((body, encoding)) = found else {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    };
    let etag = format!("\"{}-{}\"", files::DIGEST, encoding.unwrap_or("identity"));
    let cached = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == etag));
    let cache_control = match (versioned, name.ends_with(".html")) {
        (true, _) => "public, max-age=31536000, immutable",
        (false, true) => "no-cache",
        (false, false) => "public, max-age=300",
    };
    let mut response = if cached {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        body.into_response()
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(media_type(name)),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, etag);
    }
    if let Some(encoding) = encoding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    response
}

/// The file with the best encoding the client takes, and that encoding.
fn encoded(name: &str, accepted: &str) -> Option<(Cow<'static, [u8]>, Option<&'static str>)> {
    for (suffix, encoding) in [("br", "br"), ("gz", "gzip")] {
        if takes(accepted, encoding)
            && let Some(bytes) = file(&format!("{name}.{suffix}"))
        {
            return Some((Cow::Borrowed(bytes), Some(encoding)));
        }
    }
    file(name).map(|bytes| (Cow::Borrowed(bytes), None))
}

/// Whether an `Accept-Encoding` value takes `encoding` (not with `q=0`).
fn takes(accepted: &str, encoding: &str) -> bool {
    accepted.split(',').any(|offer| {
        let mut parts = offer.split(';').map(str::trim);
        parts.next() == Some(encoding) && !parts.any(|parameter| parameter == "q=0")
    })
}

/// The loader, loading the widget from the versioned directory (rewritten once).
fn loader() -> &'static [u8] {
    static LOADER: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    LOADER.get_or_init(|| rewritten_loader(file("embed.js").unwrap_or_default()))
}

/// `bytes` of the loader, made to load from the versioned directory.
fn rewritten_loader(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let versioned = format!("new URL(\".{}\",", files::VERSIONED);
    text.replacen("new URL(\"./\",", &versioned, 1).into_bytes()
}

/// The `Content-Type` of a file, by its name.
fn media_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_taken_unless_refused() {
        assert!(takes("gzip, deflate, br", "br"));
        assert!(takes("br;q=0.9", "br"));
        assert!(!takes("gzip, br;q=0", "br"));
        assert!(!takes("", "gzip"));
    }

    #[test]
    fn the_loader_points_at_the_versioned_directory() {
        let source = b"var base = new URL(\"./\", script ? script.src : location.href).href;";
        let served = String::from_utf8(rewritten_loader(source)).unwrap();
        assert!(served.contains(&format!("new URL(\".{}\",", files::VERSIONED)));
        assert_eq!(media_type("confab_bg.wasm"), "application/wasm");
    }
}
