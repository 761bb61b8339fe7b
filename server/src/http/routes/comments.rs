//! `GET` and `POST /api/v1/comments`: reading a thread and adding to it.

use crate::http::AppState;
use crate::http::context::RequestSite;
use crate::http::error::AppError;
use crate::http::extract::{CommentPath, QueryParams};
use crate::http::page_cache::{Answer, PageKey};
use crate::storage::cursor::Cursor;
use crate::storage::{PagePosition, PageRequest};
use crate::{identity, validate};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use confab_api::{self as wire, CommentId, Sort, limits};
use serde::Deserialize;

/// The query of `GET /api/v1/comments`.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    /// The thread's key.
    thread: Option<String>,
    /// The order of top-level comments (default: oldest first).
    #[serde(default)]
    sort: Sort,
    /// The page after this cursor.
    cursor: Option<String>,
    /// The page before this cursor.
    before: Option<String>,
    /// Top-level comments per page, or `all` for the whole thread.
    limit: Option<String>,
    /// The page holding this comment.
    around: Option<CommentId>,
}

/// `GET /api/v1/comments?thread=KEY`: a page of the thread (or all of it, `limit=all`),
/// with an `ETag`; a request whose `If-None-Match` matches gets `304 Not Modified`.
pub async fn list(
    State(state): State<AppState>,
    site: RequestSite,
    headers: HeaderMap,
    QueryParams(query): QueryParams<ListQuery>,
) -> Result<Response, AppError> {
    let key = site.stored_key(&validate::thread_key(
        query.thread.as_deref().unwrap_or_default(),
    )?);
    let whole = query.limit.as_deref() == Some("all");
    let position = match (&query.cursor, &query.before, query.around) {
        (None, None, None) if whole => PagePosition::Whole,
        _ if whole => {
            return Err(AppError::BadRequest {
                code: "invalid_limit",
                message: "limit=all reads the whole thread; it takes no cursor, before or around."
                    .to_owned(),
                field: Some("limit".to_owned()),
            });
        }
        (Some(cursor), _, _) => PagePosition::After(cursor_param("cursor", cursor)?),
        (None, Some(before), _) => PagePosition::Before(cursor_param("before", before)?),
        (None, None, Some(id)) => PagePosition::Around(id),
        (None, None, None) => PagePosition::First,
    };
    let limit = match query.limit.as_deref() {
        Some("all") => limits::MAX_PAGE_SIZE,
        Some(text) => page_limit(Some(text.parse().map_err(|_| limit_error())?))?,
        None => page_limit(None)?,
    };
    // First pages and whole threads are what most readers ask for: kept ready.
    let cache_key = match position {
        PagePosition::First => Some(Some(limit)),
        PagePosition::Whole => Some(None),
        _ => None,
    }
    .map(|limit| PageKey::Thread {
        thread: key.clone(),
        sort: query.sort,
        limit,
    });
    let generation = state.storage.generation();
    if let Some(answer) = cache_key
        .as_ref()
        .and_then(|cache_key| state.pages.get(cache_key, generation))
    {
        return Ok(respond(&headers, answer));
    }
    let request = PageRequest {
        sort: query.sort,
        limit,
        position,
    };
    let mut page = state.storage.thread_page(&key, &request).await?;
    page.thread.key = site.public_key(&page.thread.key);
    page.thread.reply_notifications = state.notifications.mail.is_some();
    if let Some(sso) = &site.rules.sso {
        page.thread.login_url.clone_from(&sso.login_url);
        page.thread.logout_url.clone_from(&sso.logout_url);
    }
    page.thread.logins = site
        .rules
        .logins
        .iter()
        .map(|login| wire::LoginButton {
            id: login.id.clone(),
            name: login.name.clone(),
        })
        .collect();
    page.thread.votes = site.rules.votes;
    page.thread.reactions = site.rules.reactions.to_vec();
    let answer = encode(&page);
    if let Some(cache_key) = cache_key {
        state.pages.put(cache_key, generation, answer.clone());
    }
    Ok(respond(&headers, answer))
}

/// The query of `GET /api/v1/comments/{id}/replies`.
#[derive(Debug, Deserialize)]
pub struct RepliesQuery {
    /// The last reply already loaded.
    after: Option<CommentId>,
    /// Direct replies per page.
    limit: Option<usize>,
}

/// `GET /api/v1/comments/{id}/replies?after=ID`: more replies of one comment.
pub async fn replies(
    State(state): State<AppState>,
    CommentPath(id): CommentPath,
    QueryParams(query): QueryParams<RepliesQuery>,
) -> Result<Json<wire::RepliesPage>, AppError> {
    let limit = page_limit(query.limit)?;
    let page = state.storage.replies(id, query.after, limit).await?;
    page.map(Json)
        .ok_or_else(|| AppError::NotFound(format!("There is no comment {id}.")))
}

/// `GET /api/v1/counts?thread=A&thread=B`: visible comments of several threads at once.
pub async fn counts(
    State(state): State<AppState>,
    site: RequestSite,
    uri: axum::http::Uri,
) -> Result<Json<wire::Counts>, AppError> {
    let keys: Vec<String> = url::form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
        .filter(|(name, _)| name == "thread")
        .map(|(_, key)| validate::thread_key(&key).map(|key| site.stored_key(&key)))
        .collect::<Result<_, _>>()?;
    if keys.is_empty() || keys.len() > limits::MAX_COUNT_THREADS {
        return Err(AppError::invalid(
            "thread",
            "invalid_count_request",
            format!(
                "Ask for 1 to {} threads at once.",
                limits::MAX_COUNT_THREADS
            ),
        ));
    }
    let counts = state
        .storage
        .counts(&keys)
        .await?
        .into_iter()
        .map(|(key, count)| (site.public_key(&key), count))
        .collect();
    Ok(Json(wire::Counts { counts }))
}

fn cursor_param(name: &'static str, value: &str) -> Result<Cursor, AppError> {
    Cursor::decode(value).ok_or_else(|| AppError::BadRequest {
        code: "invalid_cursor",
        message: format!("The {name} is not one this server gave out."),
        field: Some(name.to_owned()),
    })
}

fn page_limit(limit: Option<usize>) -> Result<usize, AppError> {
    match limit.unwrap_or(limits::DEFAULT_PAGE_SIZE) {
        limit @ 1..=limits::MAX_PAGE_SIZE => Ok(limit),
        _ => Err(limit_error()),
    }
}

fn limit_error() -> AppError {
    AppError::BadRequest {
        code: "invalid_limit",
        message: format!(
            "The limit must be 1 to {}, or all (threads of up to {} comments).",
            limits::MAX_PAGE_SIZE,
            limits::MAX_WHOLE_THREAD
        ),
        field: Some("limit".to_owned()),
    }
}

/// The JSON of `value` and its strong `ETag`.
pub(super) fn encode(value: &impl serde::Serialize) -> Answer {
    let body = serde_json::to_vec(value).unwrap_or_default();
    let etag = format!("\"{}\"", &identity::content_hash(&body)[..32]);
    Answer {
        body: body.into(),
        etag,
    }
}

/// The answer, or `304` when the client's `If-None-Match` names its `ETag`.
pub(super) fn respond(headers: &HeaderMap, Answer { body, etag }: Answer) -> Response {
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == etag));
    let status = if fresh {
        StatusCode::NOT_MODIFIED
    } else {
        StatusCode::OK
    };
    let mut response = if fresh {
        status.into_response()
    } else {
        (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
    };
    if let Ok(value) = HeaderValue::from_str(&etag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}
