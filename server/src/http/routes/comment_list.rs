//! The moderators' comment list and what they do to many comments at once:
//! `GET /api/v1/admin/queue` pages through a site's comments (held, spam, published,
//! deleted, or all of them) with filters, newest first, by keyset; `POST
//! /api/v1/admin/comments/bulk` approves, rejects, marks as spam or deletes many, each
//! recorded in the log as if done alone. A moderator with `sites` listed sees and acts
//! on those sites only. `GET /api/v1/admin/commenter` counts one commenter's comments.

use crate::http::AppState;
use crate::http::context::Actor;
use crate::http::error::AppError;
use crate::http::extract::{JsonBody, QueryParams};
use crate::storage::listing::{CommentFilter, LISTED_STATUSES, ListPosition};
use axum::Json;
use axum::extract::State;
use confab_api::{self as wire, BulkModeration, BulkOutcome, BulkRefusal};
use serde::Deserialize;

/// Comments one page holds unless `limit` says otherwise, and at most.
const PAGE: usize = 50;
const MOST_PER_PAGE: usize = 200;

/// Most comments one bulk request acts on (a screen selects a page at a time).
pub const MOST_PER_BULK: usize = 500;

/// Longest text a filter searches for, in characters.
const LONGEST_SEARCH: usize = 200;

/// The query of `GET /api/v1/admin/queue`; every filter given must hold.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    /// `pending` (default), `spam`, `published`, `deleted`, or `all`.
    status: Option<String>,
    /// In the author's name, email or text.
    q: Option<String>,
    /// The thread's stored key, whole.
    thread: Option<String>,
    /// In the author's name.
    author: Option<String>,
    /// The author's email, whole.
    email: Option<String>,
    /// The signed-in author's identity, whole.
    identity: Option<String>,
    /// The client address, whole or its start (`203.0.113.`).
    address: Option<String>,
    /// The client address, whole (one commenter's).
    client: Option<String>,
    /// The first and last day (`YYYY-MM-DD`, UTC) the comments were posted on.
    since: Option<String>,
    until: Option<String>,
    /// Where the page starts: the `next` of the page before.
    before: Option<String>,
    limit: Option<String>,
}

/// `GET /api/v1/admin/queue?status=…&q=…&thread=…&author=…&email=…&address=…&since=…&until=…&before=…&limit=…`.
pub async fn list(
    State(state): State<AppState>,
    actor: Actor,
    QueryParams(query): QueryParams<ListQuery>,
) -> Result<Json<wire::ModerationQueue>, AppError> {
    let after = query
        .before
        .as_deref()
        .filter(|before| !before.is_empty())
        .map(|before| {
            ListPosition::parse(before).ok_or_else(|| {
                AppError::invalid(
                    "before",
                    "invalid_cursor",
                    "before must be the next of an earlier page.",
                )
            })
        })
        .transpose()?;
    let limit = page_limit(query.limit.as_deref(), PAGE)?;
    let mut filter = filter_of(&query)?;
    filter.thread_prefixes = actor.scope.thread_prefixes(&state.sites);
    let (comments, next) = state.storage.queue(&filter, after, limit).await?;
    Ok(Json(wire::ModerationQueue {
        comments,
        next: next.map(|next| next.to_string()),
    }))
}

/// `GET /api/v1/admin/commenter?email=…` (or `identity=…`, `address=…`, with the list's
/// other filters if wanted): how many comments one commenter left on the moderator's
/// sites in each status, in how many threads, first and last. The comments themselves
/// are the list's, with the same query and `status=all`.
pub async fn commenter(
    State(state): State<AppState>,
    actor: Actor,
    QueryParams(query): QueryParams<ListQuery>,
) -> Result<Json<wire::CommentTally>, AppError> {
    let mut filter = filter_of(&query)?;
    let named = [
        &filter.email,
        &filter.identity,
        &filter.address,
        &filter.client,
    ];
    if named.iter().all(|named| named.is_none()) {
        return Err(AppError::BadRequest {
            code: "commenter_needed",
            message: "Name the commenter by email, identity or client address.".to_owned(),
            field: None,
        });
    }
    filter.status = None;
    filter.thread_prefixes = actor.scope.thread_prefixes(&state.sites);
    Ok(Json(state.storage.tally(&filter).await?))
}

/// A page's `limit` from its query: `default` when not given, else 1 to 200.
pub fn page_limit(limit: Option<&str>, default: usize) -> Result<usize, AppError> {
    let Some(limit) = limit.filter(|limit| !limit.is_empty()) else {
        return Ok(default);
    };
    limit
        .parse::<usize>()
        .ok()
        .filter(|limit| (1..=MOST_PER_PAGE).contains(limit))
        .ok_or_else(|| {
            AppError::invalid(
                "limit",
                "invalid_limit",
                format!("limit must be a number from 1 to {MOST_PER_PAGE}."),
            )
        })
}

/// The filters `query` names, each checked.
fn filter_of(query: &ListQuery) -> Result<CommentFilter, AppError> {
    let status = match query.status.as_deref().unwrap_or("pending") {
        "all" => None,
        wanted => Some(
            LISTED_STATUSES
                .into_iter()
                .find(|status| *status == wanted)
                .ok_or_else(|| AppError::BadRequest {
                    code: "invalid_status",
                    message: format!(
                        "The list shows pending, spam, shadow, published, deleted or all comments, not {wanted:?}."
                    ),
                    field: Some("status".to_owned()),
                })?,
        ),
    };
    let address = searched(&query.address);
    if address.as_deref().is_some_and(|address| {
        address.len() > 45
            || !address
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == '.' || c == ':')
    }) {
        return Err(AppError::invalid(
            "address",
            "invalid_address",
            "address must be an IP address or its start, such as 203.0.113. or 2001:db8:",
        ));
    }
    let client = match searched(&query.client) {
        Some(client) => Some(
            client
                .parse::<std::net::IpAddr>()
                .map(|address| address.to_string())
                .map_err(|_| {
                    AppError::invalid(
                        "client",
                        "invalid_address",
                        "client must be a whole IP address, such as 203.0.113.7.",
                    )
                })?,
        ),
        None => None,
    };
    let since = query
        .since
        .as_deref()
        .map(|day| first_moment("since", day))
        .transpose()?;
    let until = query
        .until
        .as_deref()
        .map(|day| first_moment("until", day))
        .transpose()?;
    Ok(CommentFilter {
        status,
        text: searched(&query.q),
        thread: query.thread.clone().filter(|thread| !thread.is_empty()),
        author: searched(&query.author),
        email: searched(&query.email),
        // Whole, as stored (identities keep their case); no stored value holds a NUL.
        identity: query
            .identity
            .as_deref()
            .map(|identity| identity.replace('\0', "").trim().to_owned())
            .filter(|identity| !identity.is_empty()),
        address,
        client,
        since: since.flatten(),
        // The last day is included: up to the first moment of the day after it.
        until: until.flatten().map(|until| until + 86_400_000),
        thread_prefixes: None,
        comment: None,
    })
}

/// A searched text as stored text is compared: trimmed, at most 200 characters, in lower
/// case, without NULs (nothing stored holds one); none when empty.
pub fn searched(text: &Option<String>) -> Option<String> {
    let text = text.as_deref()?.replace('\0', "");
    let text: String = text.trim().chars().take(LONGEST_SEARCH).collect();
    (!text.is_empty()).then(|| text.to_lowercase())
}

/// The first moment (milliseconds since 1970, UTC) of `day` (`YYYY-MM-DD`); none when
/// the field is empty.
fn first_moment(field: &'static str, day: &str) -> Result<Option<i64>, AppError> {
    if day.is_empty() {
        return Ok(None);
    }
    let parsed = (|| {
        let mut parts = day.splitn(3, '-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u8 = parts.next()?.parse().ok()?;
        let date = time::Date::from_calendar_date(
            year,
            time::Month::try_from(month).ok()?,
            parts.next()?.parse().ok()?,
        )
        .ok()?;
        (day.len() == 10).then(|| date.midnight().assume_utc().unix_timestamp() * 1000)
    })();
    parsed.map(Some).ok_or_else(|| {
        AppError::invalid(
            field,
            "invalid_date",
            format!("{field} must be a day written YYYY-MM-DD."),
        )
    })
}

/// `POST /api/v1/admin/comments/bulk` with `{"action", "ids": [...]}`: the action on each
/// comment, as if done one by one; those it cannot be done to are listed with the error
/// they would have answered alone.
pub async fn bulk(
    State(state): State<AppState>,
    Actor { name: actor, scope }: Actor,
    JsonBody(request): JsonBody<BulkModeration>,
) -> Result<Json<BulkOutcome>, AppError> {
    if request.ids.is_empty() || request.ids.len() > MOST_PER_BULK {
        return Err(AppError::invalid(
            "ids",
            "invalid_ids",
            format!("ids must list from 1 to {MOST_PER_BULK} comments."),
        ));
    }
    let mut outcome = BulkOutcome::default();
    let mut ids = request.ids;
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        let done = async {
            let ownership = state
                .storage
                .ownership(id)
                .await?
                .ok_or_else(|| AppError::NotFound("There is no such comment.".to_owned()))?;
            scope.check(&state.sites, &ownership.thread_key)?;
            state
                .storage
                .moderate(id, request.action, &actor, None)
                .await?;
            Ok::<(), AppError>(())
        };
        match done.await {
            Ok(()) => outcome.done.push(id),
            Err(AppError::Internal(error)) => return Err(AppError::Internal(error)),
            Err(refused) => outcome.refused.push(BulkRefusal {
                id,
                code: refused.detail().code,
            }),
        }
    }
    Ok(Json(outcome))
}
