//! Webhook calls: the event as JSON, POSTed with an HMAC-SHA256 signature over the
//! timestamp and the body, so a receiver can check who sent it and when.
//!
//! Headers: `Confab-Delivery` (the delivery's id, the same on every retry),
//! `Confab-Timestamp` (Unix seconds of this attempt) and
//! `Confab-Signature: sha256=<hex of HMAC(secret, "<timestamp>.<body>")>`.

use crate::settings::SiteSettings;
use crate::storage::outbox::{EventComment, EventKind};
use crate::storage::rfc3339;
use confab_api::body::plain_text;
use confab_api::html::to_html;
use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::Sha256;
use std::time::Duration;

/// The body sent for `kind` happening to `comment` on `site`. Private details (the
/// author's email and address) stay out; a deleted comment is named by its id only.
pub fn body(kind: EventKind, comment: &EventComment, site: &SiteSettings) -> String {
    let thread = json!({
        "key": site.public_key(&comment.thread_key),
        "title": comment.thread_title,
        "url": comment.thread_url,
    });
    let details = match kind {
        EventKind::Deleted => json!({ "id": comment.id }),
        EventKind::Created
        | EventKind::Approved
        | EventKind::Edited
        | EventKind::Held
        | EventKind::Spam => json!({
            "id": comment.id,
            "parent_id": comment.parent_id,
            "status": comment.status,
            "author": { "name": comment.author_name, "website": comment.author_website },
            "text": plain_text(&comment.body),
            "html": to_html(&comment.body),
            "created_at": rfc3339(comment.created_at),
            "url": comment.thread_url.as_ref().map(|url| format!("{url}#confab-comment-{}", comment.id)),
        }),
    };
    json!({
        "event": format!("comment.{}", kind.as_str()),
        "site": site.name,
        "thread": thread,
        "comment": details,
    })
    .to_string()
}

/// The `Confab-Signature` value of `body` sent at `timestamp`.
pub fn signature(secret: &str, timestamp: u64, body: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("sha256={hex}")
}

/// An HTTP client for webhook calls: short timeouts, no redirects.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .connect_timeout(Duration::from_secs(5))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("Confab/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("a client with these settings builds")
}

/// POSTs `body` to `url`; any answer but 2xx is a failure (and is retried).
pub async fn send(
    client: &reqwest::Client,
    url: &str,
    secret: &str,
    delivery: i64,
    body: &str,
) -> Result<(), String> {
    let timestamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let response = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("Confab-Delivery", delivery.to_string())
        .header("Confab-Timestamp", timestamp.to_string())
        .header("Confab-Signature", signature(secret, timestamp, body))
        .body(body.to_owned())
        .send()
        .await
        .map_err(|error| format!("{url}: {error}"))?;
    if response.status().is_success() {
        Ok(())
    } else {
        Err(format!("{url} answered {}", response.status()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_covers_the_timestamp_and_the_body() {
        let signed = signature("0123456789abcdef", 1_700_000_000, "{}");
        assert!(signed.starts_with("sha256="));
        assert_eq!(signed.len(), 7 + 64);
        assert_ne!(signed, signature("0123456789abcdef", 1_700_000_001, "{}"));
        assert_ne!(signed, signature("0123456789abcdef", 1_700_000_000, "{ }"));
        assert_ne!(signed, signature("fedcba9876543210", 1_700_000_000, "{}"));
    }
}
