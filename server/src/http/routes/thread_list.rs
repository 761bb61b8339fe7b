//! `GET /api/v1/admin/threads?q=&before=&limit=`: the moderators' threads page, newest
//! threads first, with their counts and latest comment, searched by key or title. A
//! moderator with `sites` listed sees those sites' threads only. Their titles, addresses
//! and locks change through `threads/update` and `threads/lock`.

use crate::http::AppState;
use crate::http::context::Actor;
use crate::http::error::AppError;
use crate::http::extract::QueryParams;
use axum::Json;
use axum::extract::State;
use confab_api::ThreadList;
use serde::Deserialize;

/// Threads one page holds unless `limit` says otherwise (at most 200).
const PAGE: usize = 50;

/// The query of `GET /api/v1/admin/threads`.
#[derive(Debug, Deserialize)]
pub struct ThreadQuery {
    /// In the thread's key or title.
    q: Option<String>,
    /// Where the page starts: the `next` of the page before.
    before: Option<String>,
    limit: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    actor: Actor,
    QueryParams(query): QueryParams<ThreadQuery>,
) -> Result<Json<ThreadList>, AppError> {
    let before = match query.before.as_deref().filter(|before| !before.is_empty()) {
        None => None,
        Some(before) => Some(
            before
                .parse::<i64>()
                .ok()
                .filter(|before| *before > 0)
                .ok_or_else(|| {
                    AppError::invalid(
                        "before",
                        "invalid_cursor",
                        "before must be the next of an earlier page.",
                    )
                })?,
        ),
    };
    let limit = super::comment_list::page_limit(query.limit.as_deref(), PAGE)?;
    let search = super::comment_list::searched(&query.q);
    let prefixes = actor.scope.thread_prefixes(&state.sites);
    let (threads, next) = state
        .storage
        .threads(search.as_deref(), prefixes.as_deref(), before, limit)
        .await?;
    Ok(Json(ThreadList {
        threads,
        next: next.map(|next| next.to_string()),
    }))
}
