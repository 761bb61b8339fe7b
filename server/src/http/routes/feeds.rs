//! Atom feeds of published comments: `GET /api/v1/feeds/thread.atom?thread=KEY` for one
//! thread and `GET /api/v1/feeds/recent.atom` for a site's latest comments. Feed readers
//! send no `Origin`, so `origin=` in the query picks the site (the widget's links carry it).

use crate::atom::{self, FeedHead};
use crate::http::AppState;
use crate::http::context::RequestSite;
use crate::http::error::AppError;
use crate::http::extract::QueryParams;
use crate::http::page_cache::{Answer, PageKey};
use crate::settings::SiteSettings;
use crate::storage::{FeedScope, rfc3339};
use crate::validate;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// How many comments a feed holds.
pub const FEED_LENGTH: usize = 50;

/// The query of either feed.
#[derive(Debug, Deserialize)]
pub struct FeedQuery {
    thread: Option<String>,
    /// The origin of the site's pages, which picks the site.
    origin: Option<String>,
}

/// The site `origin=` names, else the request's own.
fn site<'a>(
    state: &'a AppState,
    request_site: &'a RequestSite,
    query: &FeedQuery,
) -> &'a SiteSettings {
    match query.origin.as_deref() {
        Some(origin) => state.sites.for_origin(Some(origin)),
        None => request_site,
    }
}

/// `GET /api/v1/feeds/thread.atom?thread=KEY`.
pub async fn thread(
    State(state): State<AppState>,
    request_site: RequestSite,
    uri: Uri,
    QueryParams(query): QueryParams<FeedQuery>,
) -> Result<Response, AppError> {
    let key = validate::thread_key(query.thread.as_deref().unwrap_or_default())?;
    let site = site(&state, &request_site, &query);
    kept_ready(&state, site, &uri, || async {
        let stored = site.stored_key(&key);
        let entries = state
            .storage
            .feed(FeedScope::Thread(&stored), FEED_LENGTH)
            .await?;
        let first = entries.first();
        let title = first
            .and_then(|entry| entry.thread_title.clone())
            .unwrap_or_else(|| key.clone());
        let head = FeedHead {
            id: format!("urn:confab:thread:{}", iri_part(&stored)),
            title: format!("Comments on “{title}”"),
            self_link: &self_link(&uri),
            page: first.and_then(|entry| entry.thread_url.as_deref()),
            empty_updated: &rfc3339(0),
        };
        Ok(atom::write(&head, &entries))
    })
    .await
}

/// `GET /api/v1/feeds/recent.atom`.
pub async fn recent(
    State(state): State<AppState>,
    request_site: RequestSite,
    uri: Uri,
    QueryParams(query): QueryParams<FeedQuery>,
) -> Result<Response, AppError> {
    let site = site(&state, &request_site, &query);
    kept_ready(&state, site, &uri, || async {
        let entries = state
            .storage
            .feed(FeedScope::Threads(&site.stored_key("/")), FEED_LENGTH)
            .await?;
        let head = FeedHead {
            id: format!("urn:confab:site:{}", iri_part(&site.name)),
            title: "Recent comments".to_owned(),
            self_link: &self_link(&uri),
            page: site.rules.origins.first().map(String::as_str),
            empty_updated: &rfc3339(0),
        };
        Ok(atom::write(&head, &entries))
    })
    .await
}

/// The feed kept ready for this site and address (until the next write), or the one
/// `write` makes, kept for the next reader.
async fn kept_ready<F>(
    state: &AppState,
    site: &SiteSettings,
    uri: &Uri,
    write: impl FnOnce() -> F,
) -> Result<Response, AppError>
where
    F: Future<Output = Result<String, AppError>>,
{
    let key = PageKey::Feed {
        site: site.stored_key(""),
        address: self_link(uri),
    };
    let generation = state.storage.generation();
    if let Some(answer) = state.pages.get(&key, generation) {
        return Ok(feed_response(answer.body));
    }
    let body = Bytes::from(write().await?);
    let answer = Answer {
        body: body.clone(),
        etag: String::new(),
    };
    state.pages.put(key, generation, answer);
    Ok(feed_response(body))
}

fn self_link(uri: &Uri) -> String {
    uri.path_and_query()
        .map_or_else(|| uri.path().to_owned(), ToString::to_string)
}

/// Text made safe to stand in an IRI.
fn iri_part(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn feed_response(xml: Bytes) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/atom+xml; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=60"),
            ),
        ],
        xml,
    )
        .into_response()
}
