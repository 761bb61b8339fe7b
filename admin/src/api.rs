//! The admin API as typed async calls; the session cookie rides along (same origin).

use confab_api::{
    BulkModeration, BulkOutcome, CommentId, CommentTally, CommentVersions, Deliveries, EditComment,
    ErrorBody, LockThread, Login, ModeratedComment, ModerationAction, ModerationLog,
    ModerationQueue, ModeratorEdit, ModeratorSession, Rule, RuleList, RuleTrial, Stats,
    StoredComment, ThreadList, UpdateThread,
};
use gloo_net::http::{Request, Response};
use leptos::prelude::{RwSignal, Set};
use serde::de::DeserializeOwned;

/// The header that makes a write without a JSON body a request no other page's form can
/// send (the server refuses a moderator's write without one).
const SCRIPT_HEADER: &str = "X-Confab-Request";

/// The API's path on the server that serves this page.
const API: &str = "/api/v1/admin";

/// Why a call failed, in words for the moderator; `LoggedOut` when the session is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminError {
    LoggedOut,
    Failed(String),
}

impl AdminError {
    pub fn message(&self) -> String {
        match self {
            Self::LoggedOut => "Please log in again.".to_owned(),
            Self::Failed(message) => message.clone(),
        }
    }
}

/// Who is logged in (`LoggedOut` when nobody).
pub async fn me() -> Result<ModeratorSession, AdminError> {
    decode(send(Request::get(&format!("{API}/me")).build()).await?).await
}

/// Logs in; the server sets the session cookie.
pub async fn login(name: String, password: String) -> Result<ModeratorSession, AdminError> {
    let request = Request::post(&format!("{API}/login")).json(&Login { name, password });
    match send(request).await? {
        response if response.status() == 401 => Err(AdminError::Failed(
            "That name and password do not match.".to_owned(),
        )),
        response => decode(response).await,
    }
}

/// Ends the session.
pub async fn logout() -> Result<(), AdminError> {
    let request = Request::post(&format!("{API}/logout"))
        .header(SCRIPT_HEADER, "1")
        .build();
    expect_empty(send(request).await?).await
}

/// Most comments one page of the list asks for (the server's most).
pub const PAGE: usize = 200;

/// One page of the comments of `status` (`pending`, `spam`, `published`, `deleted` or
/// `all`) that `filters` match, newest first, after `before` (the page before's `next`).
pub async fn queue(
    status: &str,
    filters: &[(&'static str, String)],
    before: Option<&str>,
) -> Result<ModerationQueue, AdminError> {
    let page = PAGE.to_string();
    let mut query: Vec<(&str, &str)> = vec![("status", status), ("limit", &page)];
    query.extend(filters.iter().map(|(name, value)| (*name, value.as_str())));
    query.extend(before.map(|before| ("before", before)));
    let request = Request::get(&format!("{API}/queue")).query(query).build();
    decode(send(request).await?).await
}

/// How many comments one commenter (named by `query`: email, identity or address) left
/// in each status, in how many threads, first and last.
pub async fn commenter(query: &[(&'static str, String)]) -> Result<CommentTally, AdminError> {
    let query = query.iter().map(|(name, value)| (*name, value.as_str()));
    let request = Request::get(&format!("{API}/commenter"))
        .query(query)
        .build();
    decode(send(request).await?).await
}

/// One page of threads, newest first, whose key or title contains `search`, after
/// `before` (the page before's `next`).
pub async fn threads(search: &str, before: Option<&str>) -> Result<ThreadList, AdminError> {
    let page = PAGE.to_string();
    let mut query = vec![("q", search), ("limit", page.as_str())];
    query.extend(before.map(|before| ("before", before)));
    let request = Request::get(&format!("{API}/threads")).query(query).build();
    decode(send(request).await?).await
}

/// Comments per day over the last `days` days (30, 90 or 365), and the busiest threads.
pub async fn stats(days: u32) -> Result<Stats, AdminError> {
    let days = days.to_string();
    let request = Request::get(&format!("{API}/stats"))
        .query([("days", days.as_str())])
        .build();
    decode(send(request).await?).await
}

/// Does `action` to each of `ids` (at most 500), as if one by one.
pub async fn bulk(
    action: ModerationAction,
    ids: Vec<CommentId>,
) -> Result<BulkOutcome, AdminError> {
    let request =
        Request::post(&format!("{API}/comments/bulk")).json(&BulkModeration { action, ids });
    decode(send(request).await?).await
}

/// Approves, rejects, marks as spam or deletes comment `id`, whose text the moderator
/// saw as of `edited_at` (none: never edited): a text changed since is not approved.
pub async fn moderate(
    id: CommentId,
    action: ModerationAction,
    edited_at: Option<&str>,
) -> Result<(), AdminError> {
    let action = action.as_str();
    let request = Request::post(&format!("{API}/comments/{id}/{action}"))
        .header(SCRIPT_HEADER, "1")
        .query([("edited_at", edited_at.unwrap_or_default())])
        .build();
    expect_empty(send(request).await?).await
}

/// Pins comment `id` (it comes first in its thread) or unpins it.
pub async fn pin(id: CommentId, pinned: bool) -> Result<(), AdminError> {
    let action = if pinned { "pin" } else { "unpin" };
    let request = Request::post(&format!("{API}/comments/{id}/{action}"))
        .header(SCRIPT_HEADER, "1")
        .build();
    expect_empty(send(request).await?).await
}

/// Answers comment `id` as the logged-in moderator (a held one is approved with it).
pub async fn reply(id: CommentId, body: String) -> Result<StoredComment, AdminError> {
    let request = Request::post(&format!("{API}/comments/{id}/reply")).json(&EditComment { body });
    decode(send(request).await?).await
}

/// The version of comment `id` readers see and its earlier ones, newest first.
pub async fn versions(id: CommentId) -> Result<CommentVersions, AdminError> {
    decode(send(Request::get(&format!("{API}/comments/{id}/versions")).build()).await?).await
}

/// Replaces the text and author fields of comment `id` with the moderator's version.
pub async fn edit(id: CommentId, edit: &ModeratorEdit) -> Result<ModeratedComment, AdminError> {
    decode(send(Request::post(&format!("{API}/comments/{id}/edit")).json(edit)).await?).await
}

/// The rules on new comments the moderator may see: configured ones, then stored ones.
pub async fn rules() -> Result<RuleList, AdminError> {
    decode(send(Request::get(&format!("{API}/rules")).build()).await?).await
}

/// Stores a rule; the answer is it, with its id.
pub async fn add_rule(rule: &Rule) -> Result<Rule, AdminError> {
    decode(send(Request::post(&format!("{API}/rules")).json(rule)).await?).await
}

/// How many of the latest comments `rule` would have matched.
pub async fn test_rule(rule: &Rule) -> Result<RuleTrial, AdminError> {
    decode(send(Request::post(&format!("{API}/rules/test")).json(rule)).await?).await
}

/// Removes rule `id`.
pub async fn remove_rule(id: i64) -> Result<(), AdminError> {
    let request = Request::delete(&format!("{API}/rules/{id}"))
        .header(SCRIPT_HEADER, "1")
        .build();
    expect_empty(send(request).await?).await
}

/// Locks or unlocks a thread (by its stored key, as the queue shows it).
pub async fn lock(thread: String, locked: bool) -> Result<(), AdminError> {
    let request =
        Request::post(&format!("{API}/threads/lock")).json(&LockThread { thread, locked });
    expect_empty(send(request).await?).await
}

/// Corrects a thread's title and page address (empty: none).
pub async fn update_thread(thread: String, title: String, url: String) -> Result<(), AdminError> {
    let given = |text: String| Some(text.trim().to_owned()).filter(|text| !text.is_empty());
    let body = UpdateThread {
        thread,
        title: given(title),
        url: given(url),
    };
    let request = Request::post(&format!("{API}/threads/update")).json(&body);
    expect_empty(send(request).await?).await
}

/// The latest moderation actions.
pub async fn log() -> Result<ModerationLog, AdminError> {
    decode(send(Request::get(&format!("{API}/log")).build()).await?).await
}

/// The latest mails and webhook calls.
pub async fn deliveries() -> Result<Deliveries, AdminError> {
    decode(send(Request::get(&format!("{API}/deliveries")).build()).await?).await
}

/// Loads a list once: the signal holds it when it came, the notice what went wrong (and
/// `on_error` hears of it, to notice a lost session).
pub fn load_once<T, F>(
    request: F,
    on_error: impl Fn(AdminError) + 'static,
) -> (RwSignal<Option<T>>, RwSignal<Option<String>>)
where
    T: Send + Sync + 'static,
    F: std::future::Future<Output = Result<T, AdminError>> + 'static,
{
    let loaded = RwSignal::new(None::<T>);
    let failure = RwSignal::new(None::<String>);
    leptos::task::spawn_local(async move {
        match request.await {
            Ok(value) => loaded.set(Some(value)),
            Err(error) => {
                failure.set(Some(error.message()));
                on_error(error);
            }
        }
    });
    (loaded, failure)
}

async fn send(request: Result<Request, gloo_net::Error>) -> Result<Response, AdminError> {
    let request = request.map_err(|error| AdminError::Failed(error.to_string()))?;
    request
        .send()
        .await
        .map_err(|_| AdminError::Failed("The server cannot be reached.".to_owned()))
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, AdminError> {
    if response.ok() {
        return response
            .json()
            .await
            .map_err(|error| AdminError::Failed(format!("An unreadable answer: {error}")));
    }
    Err(refusal(response).await)
}

async fn expect_empty(response: Response) -> Result<(), AdminError> {
    if response.ok() {
        Ok(())
    } else {
        Err(refusal(response).await)
    }
}

async fn refusal(response: Response) -> AdminError {
    if response.status() == 401 {
        return AdminError::LoggedOut;
    }
    let status = response.status();
    match response.json::<ErrorBody>().await {
        Ok(body) => AdminError::Failed(body.error.message),
        Err(_) => AdminError::Failed(format!("The server answered {status}.")),
    }
}
