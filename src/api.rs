//! All HTTP between the widget and the Confab server, as typed async functions.
//!
//! "The network is down", "the server refused this input" and "the server broke" stay
//! distinct, so the reader is told the right thing.

use crate::config::PageSize;
use crate::fetch::{self, Call};
use crate::json::Json;
use crate::wire::{self, FromJson};
use confab_api::{
    Block, CastVote, Challenge, Comment, CommentId, CommentKey, EditComment, ErrorBody,
    ErrorDetail, IDEMPOTENCY_KEY_HEADER, ManageRequest, NewComment, OwnComments,
    OwnCommentsRequest, PostedComment, PreviewRequest, React, ReactionTally, RepliesPage, Sort,
    ThreadPage, VoteTally,
};
use std::fmt;
use web_sys::Response;

/// Why a call to the server did not give the expected answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The request never got an answer (offline, server down, blocked by CORS).
    Network(String),
    /// The server refused the input and said why (a 4xx with Confab's error body).
    Refused(ErrorDetail),
    /// The server failed or answered something the widget does not understand.
    Server(String),
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Network(_) => f.write_str(&crate::messages::text("network-error")),
            Self::Refused(detail) => f.write_str(&crate::messages::server_error(
                &detail.code,
                &detail.message,
            )),
            Self::Server(_) => f.write_str(&crate::messages::text("server-error")),
        }
    }
}

/// Which page of a thread to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PagePosition {
    /// The first page.
    First,
    /// The page after this cursor.
    After(String),
    /// The page before this cursor.
    Before(String),
    /// The page holding this comment.
    Around(CommentId),
}

/// What thread to read, and how.
#[derive(Debug, Clone, Copy)]
pub struct ThreadQuery<'a> {
    pub thread: &'a str,
    pub sort: Sort,
    /// Top-level comments per page, or all.
    pub page_size: PageSize,
}

/// Loads a page of a thread from the API at `api_base`. A widget set to show whole
/// threads reads a thread too big for that in pages instead.
pub async fn fetch_thread(
    api_base: &str,
    thread: ThreadQuery<'_>,
    position: &PagePosition,
) -> Result<ThreadPage, ApiError> {
    let paged = ThreadQuery {
        page_size: PageSize::Top(confab_api::limits::DEFAULT_PAGE_SIZE),
        ..thread
    };
    match (thread.page_size, position) {
        // Cursors exist only after such a fall back to pages.
        (PageSize::All, PagePosition::After(_) | PagePosition::Before(_)) => {
            fetch_page(api_base, paged, position).await
        }
        (PageSize::All, _) => match fetch_page(api_base, thread, position).await {
            Err(ApiError::Refused(detail)) if detail.code == "too_big_to_read_whole" => {
                fetch_page(api_base, paged, position).await
            }
            answer => answer,
        },
        _ => fetch_page(api_base, thread, position).await,
    }
}

async fn fetch_page(
    api_base: &str,
    thread: ThreadQuery<'_>,
    position: &PagePosition,
) -> Result<ThreadPage, ApiError> {
    let (around, limit) = (
        match position {
            PagePosition::Around(id) => id.to_string(),
            _ => String::new(),
        },
        thread.page_size.as_query(),
    );
    let mut query = vec![
        ("thread", thread.thread),
        ("sort", thread.sort.as_str()),
        ("limit", limit.as_str()),
    ];
    match position {
        // The whole thread holds every page.
        _ if thread.page_size == PageSize::All => {}
        PagePosition::First => {}
        PagePosition::After(cursor) => query.push(("cursor", cursor)),
        PagePosition::Before(cursor) => query.push(("before", cursor)),
        PagePosition::Around(_) => query.push(("around", &around)),
    }
    let key = format!(
        "{} {} {} {api_base}",
        thread.thread,
        thread.sort.as_str(),
        thread.page_size.as_query()
    );
    if matches!(position, PagePosition::First)
        && let Some(response) = prefetched(&key).await
    {
        return decode(response, Within::Whole).await;
    }
    let response = Call::new("GET", format!("{api_base}/api/v1/comments"))
        .query(&query)
        .send()
        .await
        .map_err(ApiError::Network)?;
    decode(response, Within::Whole).await
}

/// The answer to the thread's first request when `embed.js` already asked the same
/// question (`key`: thread, order, page size and server) while the widget downloaded; taken
/// once. `None` sends the widget's own request (also when the early one failed).
async fn prefetched(key: &str) -> Option<Response> {
    use wasm_bindgen::JsCast;
    let window: wasm_bindgen::JsValue = web_sys::window()?.into();
    let slot_name = wasm_bindgen::JsValue::from_str("confabPrefetch");
    let slot = js_sys::Reflect::get(&window, &slot_name).ok()?;
    let slot_key = js_sys::Reflect::get(&slot, &"key".into())
        .ok()?
        .as_string()?;
    if slot_key != key {
        return None;
    }
    let response = js_sys::Reflect::get(&slot, &"response".into()).ok()?;
    js_sys::Reflect::delete_property(window.unchecked_ref::<js_sys::Object>(), &slot_name).ok()?;
    let response =
        wasm_bindgen_futures::JsFuture::from(response.dyn_into::<js_sys::Promise>().ok()?)
            .await
            .ok()?;
    response.dyn_into::<Response>().ok()
}

/// How long a post may take before the reader is told and offered to try again.
const POST_TIMEOUT_MS: u32 = 20_000;

/// Loads the replies of comment `id` after reply `after` (or from the first).
pub async fn fetch_replies(
    api_base: &str,
    id: CommentId,
    after: Option<CommentId>,
) -> Result<RepliesPage, ApiError> {
    let after = after.map(|after| after.to_string());
    let query: Vec<(&str, &str)> = after
        .iter()
        .map(|after| ("after", after.as_str()))
        .collect();
    let response = Call::new("GET", format!("{api_base}/api/v1/comments/{id}/replies"))
        .query(&query)
        .send()
        .await
        .map_err(ApiError::Network)?;
    decode(response, Within::Whole).await
}

/// Posts a new comment; the answer is the comment exactly as stored. Sending it again with
/// the same `idempotency_key` returns the same comment instead of storing a second one.
pub async fn post_comment(
    api_base: &str,
    comment: &NewComment,
    idempotency_key: &str,
) -> Result<PostedComment, ApiError> {
    let timeout = web_sys::AbortSignal::timeout_with_u32(POST_TIMEOUT_MS);
    let request = Call::new("POST", format!("{api_base}/api/v1/comments"))
        .header(IDEMPOTENCY_KEY_HEADER, idempotency_key)
        .abort_signal(&timeout);
    send_json(request, wire::new_comment_json(comment), Within::Whole).await
}

/// A proof-of-work challenge for the next post (see [`crate::proof`]).
pub async fn challenge(api_base: &str) -> Result<Challenge, ApiError> {
    let timeout = web_sys::AbortSignal::timeout_with_u32(POST_TIMEOUT_MS);
    let response = Call::new("GET", format!("{api_base}/api/v1/challenge"))
        .abort_signal(&timeout)
        .send()
        .await
        .map_err(ApiError::Network)?;
    decode(response, Within::Whole).await
}

/// Sets the reader's vote on comment `id`; the answer holds the comment's new totals.
pub async fn vote(api_base: &str, id: CommentId, vote: &CastVote) -> Result<VoteTally, ApiError> {
    let request = Call::new("PUT", format!("{api_base}/api/v1/comments/{id}/vote"));
    send_json(request, wire::cast_vote_json(vote), Within::Whole).await
}

/// Adds or takes back the reader's reaction to comment `id`, or to the page (`None`); the
/// answer holds the new totals.
pub async fn react(
    api_base: &str,
    id: Option<CommentId>,
    react: &React,
) -> Result<ReactionTally, ApiError> {
    let path = match id {
        Some(id) => format!("comments/{id}"),
        None => "threads".to_owned(),
    };
    let request = Call::new("PUT", format!("{api_base}/api/v1/{path}/reaction"));
    send_json(request, wire::react_json(react), Within::Whole).await
}

/// Those of this browser's comments the server still knows, pending ones included.
pub async fn own_comments(api_base: &str, keys: Vec<CommentKey>) -> Result<Vec<Comment>, ApiError> {
    let request = Call::new("POST", format!("{api_base}/api/v1/comments/mine"));
    let body = wire::own_comments_request_json(&OwnCommentsRequest {
        comments: keys,
        thread: None,
        sso: None,
        session: None,
    });
    send_json(request, body, Within::Member("comments")).await
}

/// The signed-in reader's comments in the thread (`request` names it, with their token or
/// session), and what changing them needs.
pub async fn signed_in_comments(
    api_base: &str,
    request: &OwnCommentsRequest,
) -> Result<OwnComments, ApiError> {
    let call = Call::new("POST", format!("{api_base}/api/v1/comments/mine"));
    send_json(
        call,
        wire::own_comments_request_json(request),
        Within::Whole,
    )
    .await
}

/// Ends the session an identity provider's sign-in gave (logging out); whatever the
/// answer, the widget forgets it.
pub async fn end_session(api_base: &str, session: &str) {
    let request = Call::new("POST", format!("{api_base}/api/v1/login/logout"));
    let body = wire::end_session_json(session);
    let _ = request.json(&body).send().await;
}

/// Replaces the body of one's own comment, proven by `authorization` (`Bearer <edit
/// token>`, or the signed-in reader's `SSO …` or `Session …`); the answer is the comment as
/// now stored.
pub async fn edit_comment(
    api_base: &str,
    id: CommentId,
    authorization: &str,
    markdown: &str,
) -> Result<Comment, ApiError> {
    let request = Call::new("PUT", format!("{api_base}/api/v1/comments/{id}"))
        .header("Authorization", authorization);
    let body = wire::edit_comment_json(&EditComment {
        body: markdown.to_owned(),
    });
    send_json(request, body, Within::Member("comment")).await
}

/// Deletes one's own comment, proven as for an edit.
pub async fn delete_comment(
    api_base: &str,
    id: CommentId,
    authorization: &str,
) -> Result<(), ApiError> {
    let response = Call::new("DELETE", format!("{api_base}/api/v1/comments/{id}"))
        .header("Authorization", authorization)
        .send()
        .await
        .map_err(ApiError::Network)?;
    if response.ok() {
        Ok(())
    } else {
        decode::<()>(response, Within::Whole).await
    }
}

/// Asks for the page of the reader's own comments: mailed to a guest (`None`), or its
/// path on the server at once for a signed-in reader.
pub async fn manage_link(
    api_base: &str,
    request: &ManageRequest,
) -> Result<Option<String>, ApiError> {
    let call = Call::new("POST", format!("{api_base}/api/v1/my-comments/link"));
    send_json(
        call,
        wire::manage_request_json(request),
        Within::Member("url"),
    )
    .await
}

/// The node tree `markdown` would be stored as.
pub async fn preview(api_base: &str, markdown: &str) -> Result<Vec<Block>, ApiError> {
    let request = Call::new("POST", format!("{api_base}/api/v1/preview"));
    let body = wire::preview_request_json(&PreviewRequest {
        body: markdown.to_owned(),
    });
    send_json(request, body, Within::Member("body")).await
}

/// A fresh key for one comment's submissions (retries reuse it).
pub fn new_idempotency_key() -> String {
    web_sys::window()
        .and_then(|window| window.crypto().ok())
        .map(|crypto| crypto.random_uuid())
        // Whole numbers: formatting a float would add 14 KB of code to the widget.
        .unwrap_or_else(|| {
            let random = (js_sys::Math::random() * 1e15) as u64;
            format!("{}-{random}", js_sys::Date::now() as u64)
        })
}

/// Sends `request` with the JSON text `body` and decodes the answer as `T`.
async fn send_json<T: FromJson>(
    request: Call,
    body: String,
    within: Within,
) -> Result<T, ApiError> {
    let response = request
        .json(&body)
        .send()
        .await
        .map_err(ApiError::Network)?;
    decode(response, within).await
}

/// Where in a successful answer the value the widget wants is.
#[derive(Debug, Clone, Copy)]
enum Within {
    /// The whole answer.
    Whole,
    /// One member of the object the answer wraps it in.
    Member(&'static str),
}

/// Checks the status first: a success decodes as `T`, a failure as Confab's error body.
async fn decode<T: FromJson>(response: Response, within: Within) -> Result<T, ApiError> {
    let status = response.status();
    let text = fetch::text(&response).await;
    if response.ok() {
        let text = text.map_err(ApiError::Network)?;
        let answer = Json::parse(&text);
        return match within {
            Within::Whole => answer.and_then(|answer| T::from_json(&answer)),
            Within::Member(name) => answer.and_then(|answer| wire::field(&answer, name)),
        }
        .map_err(|error| ApiError::Server(format!("unreadable answer: {error}")));
    }
    let body = text
        .ok()
        .and_then(|text| wire::parse::<ErrorBody>(&text).ok());
    match body {
        Some(body) if (400..500).contains(&status) => Err(ApiError::Refused(body.error)),
        _ => Err(ApiError::Server(format!("status {status}"))),
    }
}
