//! Reading the links in mails, and the pages a broken or refused one answers with.

pub use super::super::page::Page;
use crate::notify::links::LinkError;
use axum::http::StatusCode;
use std::collections::HashMap;

pub fn parameters(query: Option<String>) -> HashMap<String, String> {
    super::super::page::fields(query.unwrap_or_default().as_bytes())
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
