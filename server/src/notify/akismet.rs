//! The optional outside spam check: Akismet's API (`comment-check`, `submit-spam`,
//! `submit-ham`), called through the outbox so that a slow service never delays a post.
//!
//! A new comment, published or held, is checked once it is stored; a `true` marks it as
//! spam unless a moderator decided on it first. A moderator's Spam decision is reported
//! as missed spam, and approving a comment that was spam as a false positive. The API key
//! is added when a call is made, so it is never stored with the delivery.

use super::send::Failure;
use crate::settings::SiteSettings;
use crate::settings::akismet::AkismetSettings;
use crate::storage::outbox::{EventKind, OutboxEvent};
use crate::storage::rfc3339;
use crate::validate;
use confab_api::body::plain_text;
use confab_api::{CommentId, CommentStatus};
use serde::{Deserialize, Serialize};

/// The actor the moderation log names for the service's verdicts.
pub const ACTOR: &str = "akismet";

/// Which of the API's methods a delivery calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    CommentCheck,
    SubmitSpam,
    SubmitHam,
}

impl Method {
    /// The method's name, the last part of its address.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CommentCheck => "comment-check",
            Self::SubmitSpam => "submit-spam",
            Self::SubmitHam => "submit-ham",
        }
    }
}

/// One call, as the delivery keeps it (everything but the key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Call {
    pub method: Method,
    pub comment: CommentId,
    /// The form's fields, in order.
    pub form: Vec<(String, String)>,
}

/// The call an event causes, if any: a check of a new comment that is still as it was
/// stored, a report of a moderator's Spam decision, or of an approval of one that was
/// spam. Without the author's address (erased after a while) there is nothing to send,
/// since the API requires it.
pub fn call_for(event: &OutboxEvent, site: &SiteSettings) -> Option<Call> {
    let comment = &event.comment;
    let method = match event.kind {
        EventKind::Created
            if matches!(
                event.created_status,
                Some(CommentStatus::Published | CommentStatus::Pending)
            ) && Some(comment.status) == event.created_status =>
        {
            Method::CommentCheck
        }
        EventKind::Spam if comment.status == CommentStatus::Spam => Method::SubmitSpam,
        EventKind::Approved
            if event.created_status == Some(CommentStatus::Spam)
                && comment.status == CommentStatus::Published =>
        {
            Method::SubmitHam
        }
        _ => return None,
    };
    let blog = site
        .rules
        .origins
        .first()
        .cloned()
        .or_else(|| comment.thread_url.as_deref().map(validate::origin_of))
        .filter(|blog| blog.starts_with("http"))?;
    let mut form = vec![
        ("blog".to_owned(), blog),
        ("user_ip".to_owned(), comment.client_address.clone()?),
        ("comment_type".to_owned(), "comment".to_owned()),
        ("comment_author".to_owned(), comment.author_name.clone()),
        ("comment_content".to_owned(), plain_text(&comment.body)),
        ("comment_date_gmt".to_owned(), rfc3339(comment.created_at)),
        ("blog_charset".to_owned(), "UTF-8".to_owned()),
    ];
    let optional = [
        ("permalink", &comment.thread_url),
        ("comment_author_email", &comment.author_email),
        ("comment_author_url", &comment.author_website),
        ("blog_lang", &comment.lang),
    ];
    for (name, value) in optional {
        if let Some(value) = value {
            form.push((name.to_owned(), value.clone()));
        }
    }
    Some(Call {
        method,
        comment: comment.id,
        form,
    })
}

/// What the service answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// `comment-check` said spam; `blatant` when it added `X-akismet-pro-tip: discard`.
    Spam { blatant: bool },
    /// `comment-check` said not spam.
    NotSpam,
    /// A report was taken.
    Taken,
}

impl Answer {
    /// The note a comment marked as spam carries for moderators.
    pub fn note(self) -> &'static str {
        match self {
            Self::Spam { blatant: true } => "Akismet: blatant spam",
            _ => "Akismet: spam",
        }
    }
}

/// Makes `call` with `settings`' key.
pub async fn send(
    client: &reqwest::Client,
    settings: &AkismetSettings,
    call: &Call,
) -> Result<Answer, Failure> {
    let url = format!("{}/{}", settings.endpoint, call.method.as_str());
    let body = {
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        form.append_pair("api_key", &settings.key);
        for (name, value) in &call.form {
            form.append_pair(name, value);
        }
        if settings.test {
            form.append_pair("is_test", "1");
        }
        form.finish()
    };
    let response = client
        .post(&url)
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .body(body)
        .send()
        .await
        .map_err(|error| Failure::Temporary(format!("{url}: {error}")))?;
    let status = response.status();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    let blatant = header("x-akismet-pro-tip").as_deref() == Some("discard");
    let help = header("x-akismet-debug-help");
    if let Some(alert) = header("x-akismet-alert-msg") {
        tracing::warn!("Akismet says: {alert}");
    }
    if !status.is_success() {
        return Err(Failure::Temporary(format!("{url} answered {status}")));
    }
    let text = response
        .text()
        .await
        .map_err(|error| Failure::Temporary(format!("{url}: {error}")))?;
    match (call.method, text.trim()) {
        (Method::CommentCheck, "true") => Ok(Answer::Spam { blatant }),
        (Method::CommentCheck, "false") => Ok(Answer::NotSpam),
        (Method::SubmitSpam | Method::SubmitHam, answer) if answer != "invalid" => {
            Ok(Answer::Taken)
        }
        // "invalid": the key or a required field is wrong, and stays so.
        (_, answer) => Err(Failure::Permanent(format!(
            "{url} answered {:?}{}",
            answer.chars().take(200).collect::<String>(),
            help.map(|help| format!(" ({help})")).unwrap_or_default()
        ))),
    }
}

#[cfg(test)]
mod tests;
