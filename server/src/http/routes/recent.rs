//! `GET /api/v1/comments/recent?limit=N`: a site's latest published comments, with their
//! threads' titles and pages and a plain-text excerpt, for the `<confab-recent>` element
//! that `embed.js` fills on sidebars and home pages. Kept ready until the next write.

use super::comments::{encode, respond};
use crate::http::AppState;
use crate::http::context::RequestSite;
use crate::http::error::AppError;
use crate::http::extract::QueryParams;
use crate::http::page_cache::PageKey;
use crate::storage::{FeedEntry, FeedScope};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use confab_api::{self as wire, limits};
use serde::Deserialize;

/// The query of `GET /api/v1/comments/recent`.
#[derive(Debug, Deserialize)]
pub struct RecentQuery {
    limit: Option<usize>,
}

/// `GET /api/v1/comments/recent`.
pub async fn recent(
    State(state): State<AppState>,
    site: RequestSite,
    headers: HeaderMap,
    QueryParams(query): QueryParams<RecentQuery>,
) -> Result<Response, AppError> {
    let limit = query.limit.unwrap_or(limits::DEFAULT_RECENT_COMMENTS);
    if !(1..=limits::MAX_RECENT_COMMENTS).contains(&limit) {
        return Err(AppError::invalid(
            "limit",
            "out_of_range",
            format!(
                "Ask for 1 to {} recent comments.",
                limits::MAX_RECENT_COMMENTS
            ),
        ));
    }
    let key = PageKey::Recent {
        site: site.stored_key(""),
        limit,
    };
    let generation = state.storage.generation();
    if let Some(answer) = state.pages.get(&key, generation) {
        return Ok(respond(&headers, answer));
    }
    let entries = state
        .storage
        .feed(FeedScope::Threads(&site.stored_key("/")), limit)
        .await?;
    let recent = wire::RecentComments {
        comments: entries
            .into_iter()
            .map(|entry| recent_comment(&site, entry))
            .collect(),
    };
    let answer = encode(&recent);
    state.pages.put(key, generation, answer.clone());
    Ok(respond(&headers, answer))
}

fn recent_comment(site: &RequestSite, entry: FeedEntry) -> wire::RecentComment {
    let comment = entry.comment;
    wire::RecentComment {
        id: comment.id,
        thread: site.public_key(&entry.thread_key),
        thread_title: entry.thread_title,
        // Checked against the site's pages when stored (by a post or a moderator).
        thread_url: entry.thread_url,
        author: comment.author.name,
        created_at: comment.created_at,
        excerpt: excerpt(&confab_api::body::plain_text(&comment.body)),
    }
}

/// `text` on one line, cut at a word near [`limits::RECENT_EXCERPT_CHARS`] characters.
pub fn excerpt(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = String::new();
    for word in words {
        let length = out.chars().count() + word.chars().count() + 1;
        if length > limits::RECENT_EXCERPT_CHARS {
            if out.is_empty() {
                out = word.chars().take(limits::RECENT_EXCERPT_CHARS).collect();
            }
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_is_one_line_cut_at_a_word() {
        assert_eq!(excerpt("Hello\n\nworld  again"), "Hello world again");
        let long = "word ".repeat(100);
        let cut = excerpt(&long);
        assert!(cut.ends_with("word…"), "{cut}");
        assert!(cut.chars().count() <= limits::RECENT_EXCERPT_CHARS + 1);
        let unbroken = "x".repeat(500);
        assert_eq!(
            excerpt(&unbroken).chars().count(),
            limits::RECENT_EXCERPT_CHARS + 1
        );
        assert_eq!(excerpt(""), "");
    }
}
