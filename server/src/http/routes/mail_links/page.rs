//! The small HTML pages the links in mails answer with, and reading those links.

use crate::notify::links::LinkError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use confab_api::html::escape;
use std::collections::HashMap;

/// A small HTML page (never cached, never sending its signed address on as a referrer).
pub struct Page {
    status: StatusCode,
    title: String,
    message: String,
    /// The label of the button that sends the `POST`, on pages that ask first.
    button: Option<&'static str>,
    /// Where the button sends it, when not to the page's own address.
    target: Option<String>,
}

impl Page {
    pub fn done(title: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::OK,
            title: title.into(),
            message: message.into(),
            button: None,
            target: None,
        }
    }

    pub fn refused(status: StatusCode, title: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            title: title.to_owned(),
            message: message.into(),
            button: None,
            target: None,
        }
    }

    pub fn ask(title: impl Into<String>, message: impl Into<String>, button: &'static str) -> Self {
        Self {
            status: StatusCode::OK,
            title: title.into(),
            message: message.into(),
            button: Some(button),
            target: None,
        }
    }

    /// Adds a button that sends a `POST` to `target`.
    pub fn offering(mut self, button: &'static str, target: String) -> Self {
        self.button = Some(button);
        self.target = Some(target);
        self
    }
}

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        let action = self
            .target
            .map(|target| format!(" action=\"{}\"", escape(&target)))
            .unwrap_or_default();
        let form = self.button.map_or_else(String::new, |label| {
            format!("<form method=\"post\"{action}><button type=\"submit\">{label}</button></form>")
        });
        let html = format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{title}</title><style>body{{font-family:system-ui,sans-serif;\
             max-width:36em;margin:3em auto;padding:0 1em;line-height:1.5}}\
             button{{font:inherit;padding:.5em 1.2em}}</style></head>\
             <body><h1>{title}</h1><p>{message}</p>{form}</body></html>",
            title = escape(&self.title),
            message = escape(&self.message),
        );
        let mut response = (self.status, html).into_response();
        let headers = response.headers_mut();
        let set = |value: &'static str| HeaderValue::from_static(value);
        headers.insert(header::CONTENT_TYPE, set("text/html; charset=utf-8"));
        headers.insert(header::CACHE_CONTROL, set("no-store"));
        headers.insert(header::REFERRER_POLICY, set("no-referrer"));
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            set(
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; \
                 frame-ancestors 'none'; base-uri 'none'",
            ),
        );
        response
    }
}

pub fn parameters(query: Option<String>) -> HashMap<String, String> {
    url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

pub fn broken_link() -> Page {
    Page::refused(
        StatusCode::BAD_REQUEST,
        "This link is incomplete",
        "Part of the link is missing or damaged. Open it again from the mail, whole.",
    )
}

pub fn refused_link(error: LinkError) -> Page {
    match error {
        LinkError::Forged => Page::refused(
            StatusCode::FORBIDDEN,
            "This link is not valid",
            "It was not made by this server, or it was changed.",
        ),
        LinkError::Expired => Page::refused(
            StatusCode::GONE,
            "This link has expired",
            "Links in mails work for a while only. Moderation links work for 7 days: use the \
             moderators' screen instead. A link to confirm reply notifications works for 7 \
             days: ask again with your next comment. “Mail me about replies again” works for \
             a day: open the link to stop notifications in your mail once more.",
        ),
    }
}
