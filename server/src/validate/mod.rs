//! Checking and normalising what a reader sent before anything is stored.
//!
//! Each check names the field it concerns and says what would be accepted, so the widget
//! can show the message next to that field.

use confab_api::limits::{self, char_count};
use confab_api::{Block, CommentId, NewComment, markdown};

pub mod votes;

/// Why a value was refused; the HTTP edge answers a field's error with 422 and a
/// malformed header with 400.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidationError {
    /// A field's value is not acceptable.
    #[error("{message}")]
    Field {
        field: &'static str,
        code: &'static str,
        message: String,
    },
    /// A value outside the fields (a header) is not well formed.
    #[error("{message}")]
    Malformed { code: &'static str, message: String },
}

impl ValidationError {
    fn field(field: &'static str, code: &'static str, message: impl Into<String>) -> Self {
        Self::Field {
            field,
            code,
            message: message.into(),
        }
    }
}

/// A new comment whose every field passed its checks.
#[derive(Debug, Clone)]
pub struct ValidComment {
    pub thread: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub parent_id: Option<CommentId>,
    pub author_name: String,
    pub author_email: Option<String>,
    pub author_website: Option<String>,
    pub body_markdown: String,
    pub body: Vec<Block>,
    pub notify_replies: bool,
    pub lang: Option<String>,
    /// The widget's voter key, as sent.
    pub voter: Option<String>,
}

/// Checks every field of `input`, returning the first problem found.
pub fn new_comment(input: NewComment) -> Result<ValidComment, ValidationError> {
    let thread = thread_key(&input.thread)?;
    let (author_name, author_email, author_website) =
        author_fields(&input.author_name, input.author_email, input.author_website)?;
    let (body_markdown, body) = comment_body(&input.body)?;
    let title = thread_title(input.title);
    let url = page_url(input.url)?;
    if input.notify_replies {
        notification_address(author_email.as_deref())?;
    }
    let lang = optional(input.lang).map(language).transpose()?;
    let voter = optional(input.voter)
        .map(|key| votes::voter_key(&key).map(str::to_owned))
        .transpose()?;
    Ok(ValidComment {
        thread,
        title,
        url,
        parent_id: input.parent_id,
        author_name,
        author_email,
        author_website,
        body_markdown,
        body,
        notify_replies: input.notify_replies,
        lang,
        voter,
    })
}

/// A comment's author fields (name, email, website) checked; a blank email or website
/// means none.
pub fn author_fields(
    name: &str,
    email_address: Option<String>,
    website: Option<String>,
) -> Result<(String, Option<String>, Option<String>), ValidationError> {
    let name = author_name(name)?;
    let email_address = optional(email_address).map(email).transpose()?;
    let website = optional(website)
        .map(|url| http_url(url, "author_website", limits::MAX_WEBSITE_CHARS, "Website"))
        .transpose()?;
    Ok((name, email_address, website))
}

/// A language tag as BCP 47 writes them (`de`, `pt-BR`, `zh-Hant`): letters and digits in
/// parts of up to 8, joined by `-`.
fn language(tag: String) -> Result<String, ValidationError> {
    let tag = tag.trim();
    let well_formed = tag.len() <= 35
        && tag.split('-').all(|part| {
            (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
        });
    if well_formed {
        Ok(tag.to_owned())
    } else {
        Err(ValidationError::field(
            "lang",
            "invalid_language",
            "The language must be a tag like en or pt-BR.",
        ))
    }
}

/// An address that reply notifications can go to: given, and one that mail can reach.
fn notification_address(email: Option<&str>) -> Result<(), ValidationError> {
    let Some(email) = email else {
        return Err(ValidationError::field(
            "author_email",
            "email_needed_for_notifications",
            "Please enter your email address to be told of replies.",
        ));
    };
    if email.parse::<lettre::Address>().is_err() {
        return Err(ValidationError::field(
            "author_email",
            "invalid_email",
            "This address cannot receive mail; check it, or do not ask to be told of replies.",
        ));
    }
    Ok(())
}

/// A thread key as the API accepts it in any request.
pub fn thread_key(key: &str) -> Result<String, ValidationError> {
    let key = key.trim();
    if key.is_empty() {
        return Err(ValidationError::field(
            "thread",
            "required",
            "The thread is missing.",
        ));
    }
    if !key.starts_with('/') || key.chars().any(char::is_control) {
        return Err(ValidationError::field(
            "thread",
            "invalid_thread",
            "The thread must be a path starting with “/”.",
        ));
    }
    if char_count(key) > limits::MAX_THREAD_KEY_CHARS {
        return Err(too_long(
            "thread",
            "The thread key",
            limits::MAX_THREAD_KEY_CHARS,
        ));
    }
    Ok(key.to_owned())
}

/// A thread key as stored: a path, or `site:` and a path for the threads of every site but
/// the first (as the moderators' queue shows them).
pub fn stored_thread_key(key: &str) -> Result<String, ValidationError> {
    let key = key.trim();
    match key.split_once(':') {
        Some((site, path)) if is_site_name(site) => Ok(format!("{site}:{}", thread_key(path)?)),
        _ => thread_key(key),
    }
}

/// A site's name: lower-case letters, digits and `-`, at least one.
pub fn is_site_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Whether two origins (`scheme://host[:port]`) are the same, case and a trailing `/`
/// aside.
pub fn same_origin(one: &str, other: &str) -> bool {
    one.trim_end_matches('/')
        .eq_ignore_ascii_case(other.trim_end_matches('/'))
}

/// The origin of an absolute URL; empty for text that is none.
pub fn origin_of(url: &str) -> String {
    url::Url::parse(url)
        .map(|parsed| parsed.origin().ascii_serialization())
        .unwrap_or_default()
}

/// Whether `url` is a page on one of `origins`.
pub fn is_on_origins(url: &str, origins: &[String]) -> bool {
    let origin = origin_of(url);
    origins.iter().any(|known| same_origin(&origin, known))
}

/// A page URL must be on the site: on the origin of the page that posted it, or, from a
/// request without an `Origin` (a script), on one of the site's configured origins. So no
/// page can file comments under another site's address, and no script can name any
/// address it likes.
pub fn page_url_origin(
    url: Option<&str>,
    origin: Option<&str>,
    site_origins: &[String],
) -> Result<(), ValidationError> {
    let Some(url) = url else {
        return Ok(());
    };
    let url_origin = origin_of(url);
    match origin {
        Some(origin) if same_origin(&url_origin, origin) => Ok(()),
        Some(origin) => Err(ValidationError::field(
            "url",
            "url_not_on_origin",
            format!("The page URL must be on {origin}, where the comment was written."),
        )),
        None if is_on_origins(url, site_origins) => Ok(()),
        None => Err(ValidationError::field(
            "url",
            "url_not_on_site",
            "The page URL must be on one of the site's own origins.",
        )),
    }
}

/// A thread's title and page address as moderators correct them: the title within its
/// limit (and without hidden characters), the address a web address on one of
/// `site_origins` when the site names any.
pub fn thread_details(
    title: Option<String>,
    url: Option<String>,
    site_origins: &[String],
) -> Result<(Option<String>, Option<String>), ValidationError> {
    let title = thread_title(title);
    let url = page_url(url)?;
    if !site_origins.is_empty() {
        page_url_origin(url.as_deref(), None, site_origins)?;
    }
    Ok((title, url))
}

/// A thread's title: without hidden characters, cut to its limit; blank means none.
fn thread_title(title: Option<String>) -> Option<String> {
    optional(title).map(|title| {
        let title = without_hidden_characters(&title);
        title.chars().take(limits::MAX_TITLE_CHARS).collect()
    })
}

/// A thread's page address: a web address within its limit; blank means none.
fn page_url(url: Option<String>) -> Result<Option<String>, ValidationError> {
    optional(url)
        .map(|url| http_url(url, "url", limits::MAX_PAGE_URL_CHARS, "The page URL"))
        .transpose()
}

fn author_name(name: &str) -> Result<String, ValidationError> {
    let name = without_hidden_characters(name);
    let name = name.trim();
    if name.is_empty() {
        return Err(ValidationError::field(
            "author_name",
            "required",
            "Please enter your name.",
        ));
    }
    if char_count(name) > limits::MAX_NAME_CHARS {
        return Err(too_long("author_name", "Name", limits::MAX_NAME_CHARS));
    }
    Ok(name.to_owned())
}

fn email(email: String) -> Result<String, ValidationError> {
    if char_count(&email) > limits::MAX_EMAIL_CHARS {
        return Err(too_long("author_email", "Email", limits::MAX_EMAIL_CHARS));
    }
    let well_formed = match email.rsplit_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    };
    if !well_formed {
        return Err(ValidationError::field(
            "author_email",
            "invalid_email",
            "Please enter a valid email address, like name@example.com.",
        ));
    }
    Ok(email)
}

fn http_url(
    url: String,
    field: &'static str,
    max_chars: usize,
    label: &str,
) -> Result<String, ValidationError> {
    if char_count(&url) > max_chars {
        return Err(too_long(field, label, max_chars));
    }
    let parsed = url::Url::parse(&url).ok().filter(|parsed| {
        matches!(parsed.scheme(), "http" | "https") && parsed.host_str().is_some()
    });
    match parsed {
        Some(parsed) => Ok(parsed.into()),
        None => Err(ValidationError::field(
            field,
            "invalid_url",
            format!("{label} must be a web address starting with http:// or https://."),
        )),
    }
}

/// A comment's markdown, trimmed and within the limit, and the tree it becomes. A NUL
/// character becomes U+FFFD, as CommonMark reads it (and no database must store a NUL).
pub fn comment_body(markdown: &str) -> Result<(String, Vec<Block>), ValidationError> {
    let markdown = markdown.trim_end().replace('\0', "\u{FFFD}");
    let markdown = markdown.as_str();
    if char_count(markdown) > limits::MAX_BODY_CHARS {
        return Err(too_long("body", "Your comment", limits::MAX_BODY_CHARS));
    }
    let blocks = markdown::to_blocks(markdown);
    if blocks.is_empty() {
        return Err(ValidationError::field(
            "body",
            "required",
            "Please write a comment.",
        ));
    }
    Ok((markdown.to_owned(), blocks))
}

/// A body for preview: the same length limit as a comment, but an empty one is fine.
pub fn preview_body(markdown: &str) -> Result<Vec<Block>, ValidationError> {
    if char_count(markdown) > limits::MAX_BODY_CHARS {
        return Err(too_long("body", "Your comment", limits::MAX_BODY_CHARS));
    }
    Ok(markdown::to_blocks(markdown))
}

/// An `Idempotency-Key` header: 1 to 128 visible ASCII characters.
pub fn idempotency_key(value: &str) -> Result<String, ValidationError> {
    let valid = !value.is_empty()
        && value.len() <= limits::MAX_IDEMPOTENCY_KEY_CHARS
        && value.bytes().all(|byte| byte.is_ascii_graphic());
    if valid {
        Ok(value.to_owned())
    } else {
        Err(ValidationError::Malformed {
            code: "invalid_idempotency_key",
            message: format!(
                "The Idempotency-Key header must be 1 to {} visible ASCII characters.",
                limits::MAX_IDEMPOTENCY_KEY_CHARS
            ),
        })
    }
}

/// An optional text field: absent, empty and blank all mean "not given".
fn optional(value: Option<String>) -> Option<String> {
    value
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

/// Removes control characters and the Unicode controls that reorder or hide text.
fn without_hidden_characters(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            !c.is_control()
                && !matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
        })
        .collect()
}

fn too_long(field: &'static str, label: &str, max_chars: usize) -> ValidationError {
    ValidationError::field(
        field,
        "too_long",
        format!("{label} is too long (at most {max_chars} characters)."),
    )
}

#[cfg(test)]
mod tests;
