//! The small HTML pages the server answers a browser's visit with (the links in mails,
//! the sign-in popup): never cached, never sending their address on as a referrer.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use confab_api::html::escape;

/// The fields of a query string or a form's body, by name.
pub fn fields(encoded: &[u8]) -> std::collections::HashMap<String, String> {
    url::form_urlencoded::parse(encoded).into_owned().collect()
}

/// A small HTML page (never cached, never sending its signed address on as a referrer).
pub struct Page {
    status: StatusCode,
    title: String,
    message: String,
    /// The label of the button that sends the `POST`, on pages that ask first.
    button: Option<&'static str>,
    /// Where the button sends it, when not to the page's own address.
    target: Option<String>,
    /// A message `embed.js` hands to the window that opened this one, and the origin
    /// that alone may read it (the sign-in popup's last page).
    hand_over: Option<Box<(String, String)>>,
}

impl Page {
    pub fn done(title: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::OK,
            title: title.into(),
            message: message.into(),
            button: None,
            target: None,
            hand_over: None,
        }
    }

    pub fn refused(status: StatusCode, title: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            title: title.to_owned(),
            message: message.into(),
            button: None,
            target: None,
            hand_over: None,
        }
    }

    pub fn ask(title: impl Into<String>, message: impl Into<String>, button: &'static str) -> Self {
        Self {
            status: StatusCode::OK,
            title: title.into(),
            message: message.into(),
            button: Some(button),
            target: None,
            hand_over: None,
        }
    }

    /// Has `embed.js` post `message` to the window that opened this one, on `origin`
    /// only, and close this one.
    pub fn handing_over(mut self, message: String, origin: String) -> Self {
        self.hand_over = Some(Box::new((message, origin)));
        self
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
        // The page sits at /api/v1/…/…: the loader is at the root the widget is served from.
        let script = self.hand_over.map_or_else(String::new, |hand_over| {
            let (message, origin) = *hand_over;
            format!(
                "<script src=\"../../../embed.js\" data-confab-login=\"{}\" \
                 data-confab-origin=\"{}\"></script>",
                escape(&message),
                escape(&origin)
            )
        });
        let body = format!(
            "<h1>{title}</h1><p>{message}</p>{form}{script}",
            title = escape(&self.title),
            message = escape(&self.message),
        );
        html_response(self.status, &self.title, &body, "")
    }
}

/// A whole page around `body` (HTML), titled `title`, with `style` added to the common
/// one: never cached, sending no referrer, and allowed nothing but its own forms and the
/// loader script.
pub fn html_response(status: StatusCode, title: &str, body: &str, style: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>body{{font-family:system-ui,sans-serif;\
         max-width:36em;margin:3em auto;padding:0 1em;line-height:1.5}}\
         button{{font:inherit;padding:.5em 1.2em}}{style}</style></head>\
         <body>{body}</body></html>",
        title = escape(title),
    );
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    let set = |value: &'static str| HeaderValue::from_static(value);
    headers.insert(header::CONTENT_TYPE, set("text/html; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, set("no-store"));
    headers.insert(header::REFERRER_POLICY, set("no-referrer"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        set(
            "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; \
             form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    response
}
