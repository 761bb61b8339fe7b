//! The browser's `fetch`, as the widget uses it: a method, a URL with its query, a few
//! headers, a text body, an optional abort signal; the answer read as text.
//!
//! Written on `web_sys` directly: a general HTTP client would bring its error types,
//! streams and exported JS callbacks into every reader's download.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Headers, RequestInit, Response};

/// One request being put together.
pub struct Call {
    url: String,
    init: RequestInit,
    headers: Headers,
}

impl Call {
    /// A request with `method` (`GET`, `POST`, …) to `url`.
    pub fn new(method: &str, url: String) -> Self {
        let init = RequestInit::new();
        init.set_method(method);
        Self {
            url,
            init,
            // Creating an empty `Headers` cannot fail.
            headers: Headers::new().unwrap_or_else(|_| JsValue::NULL.unchecked_into()),
        }
    }

    /// The URL with `pairs` as its query string (each name and value percent-encoded).
    pub fn query(mut self, pairs: &[(&str, &str)]) -> Self {
        for (index, (name, value)) in pairs.iter().enumerate() {
            self.url.push(if index == 0 { '?' } else { '&' });
            self.url
                .push_str(&String::from(js_sys::encode_uri_component(name)));
            self.url.push('=');
            self.url
                .push_str(&String::from(js_sys::encode_uri_component(value)));
        }
        self
    }

    /// Adds a header.
    pub fn header(self, name: &str, value: &str) -> Self {
        let _ = self.headers.set(name, value);
        self
    }

    /// `body` as the request's JSON text.
    pub fn json(self, body: &str) -> Self {
        self.init.set_body(&JsValue::from_str(body));
        self.header("Content-Type", "application/json")
    }

    /// Aborts the request when `signal` fires (a time-out).
    pub fn abort_signal(self, signal: &AbortSignal) -> Self {
        self.init.set_signal(Some(signal));
        self
    }

    /// Sends the request; an error means no answer came (offline, refused, aborted).
    pub async fn send(self) -> Result<Response, String> {
        let window = web_sys::window().ok_or("no window")?;
        self.init.set_headers(&self.headers);
        let answer = JsFuture::from(window.fetch_with_str_and_init(&self.url, &self.init))
            .await
            .map_err(describe)?;
        answer.dyn_into().map_err(describe)
    }
}

/// The body of `response` as text.
pub async fn text(response: &Response) -> Result<String, String> {
    let promise = response.text().map_err(describe)?;
    let text = JsFuture::from(promise).await.map_err(describe)?;
    text.as_string()
        .ok_or_else(|| "the answer is not text".to_owned())
}

/// What a JS error says (its `toString()`).
fn describe(error: JsValue) -> String {
    error.unchecked_into::<js_sys::Object>().to_string().into()
}
