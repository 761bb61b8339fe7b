//! The page of one commenter's comments on a site, opened with a “Manage my comments”
//! link (`?token=`, mailed to a guest or given to a signed-in reader):
//!
//! - `GET /api/v1/mail/my-comments?token=…` lists them (newest first), with Download and
//!   Erase;
//! - `POST` with `erase=<id>` or `erase=all` asks first; with `confirm=yes` too it erases
//!   (logged as done by “commenter”, naming nobody). Once everything is erased the link
//!   is used up;
//! - `GET /api/v1/mail/my-comments/download?token=…` gives every comment, with its
//!   earlier versions, as JSON.
//!
//! A link nobody issued, an expired one, one a newer link replaced and one used up are
//! refused, each with a page that says so.

mod views;

use super::page::fields;
use super::posting::as_its_author_sees_it;
use crate::http::AppState;
use crate::identity;
use crate::storage::listing::CommentFilter;
use crate::storage::{ManageLink, ManageLinkState, StorageError, now_millis, rfc3339};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use confab_api::html::to_html;
use confab_api::{CommentStatus, ModeratedComment, ModerationAction};
use views::{bad_form, confirm, done, failed, listing, refused};

/// Most comments the page lists (the download holds them all).
const LISTED: usize = 200;

/// Who erases, in the moderation log: nobody by name.
const ACTOR: &str = "commenter";

/// An opened link: its token, the hash it is stored under, and whose comments it opens.
struct Opened {
    token: String,
    token_hash: String,
    link: ManageLink,
}

/// `GET /api/v1/mail/my-comments?token=…`.
pub async fn page(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let opened = match open(&state, query).await {
        Ok(opened) => opened,
        Err(refused) => return refused,
    };
    match comments(&state, &opened.link, None, LISTED + 1).await {
        Ok(mut comments) => {
            // Threads by the keys their pages know them by.
            for item in &mut comments {
                item.thread = state
                    .sites
                    .for_stored_key(&item.thread)
                    .public_key(&item.thread);
            }
            let who = opened
                .link
                .address
                .as_deref()
                .or(opened.link.identity.as_deref());
            listing(&opened.token, who.unwrap_or_default(), &comments, LISTED)
        }
        Err(error) => failed(&error),
    }
}

/// `POST /api/v1/mail/my-comments?token=…` with `erase=<id>|all` (and `confirm=yes`).
pub async fn act(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    body: axum::body::Bytes,
) -> Response {
    let opened = match open(&state, query).await {
        Ok(opened) => opened,
        Err(refused) => return refused,
    };
    let form = fields(&body);
    let confirmed = form.get("confirm").is_some_and(|confirm| confirm == "yes");
    let result = match form.get("erase").map(String::as_str) {
        Some("all") if confirmed => erase_all(&state, &opened).await,
        Some("all") => Ok(confirm(
            &opened.token,
            "all",
            "Erase all your comments?",
            None,
        )),
        Some(id) => match id.parse() {
            Ok(id) => erase_one(&state, &opened, id, confirmed).await,
            Err(_) => Ok(bad_form()),
        },
        None => Ok(bad_form()),
    };
    result.unwrap_or_else(|error| failed(&error))
}

/// `GET /api/v1/mail/my-comments/download?token=…`: every comment, as JSON.
pub async fn download(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let opened = match open(&state, query).await {
        Ok(opened) => opened,
        Err(refused) => return refused,
    };
    let exported = async {
        let mut entries = Vec::new();
        for item in comments(&state, &opened.link, None, usize::MAX).await? {
            let versions = state.storage.comment_versions(item.comment.id).await?;
            entries.push(exported_comment(&state, item, versions));
        }
        Ok::<_, StorageError>(serde_json::json!({
            "email": opened.link.address,
            "identity": opened.link.identity,
            "exported_at": rfc3339(now_millis()),
            "comments": entries,
        }))
    };
    match exported.await {
        Ok(json) => {
            let mut response = (StatusCode::OK, json.to_string()).into_response();
            let headers = response.headers_mut();
            let set = |value: &'static str| HeaderValue::from_static(value);
            headers.insert(header::CONTENT_TYPE, set("application/json"));
            headers.insert(header::CACHE_CONTROL, set("no-store"));
            headers.insert(header::REFERRER_POLICY, set("no-referrer"));
            headers.insert(
                header::CONTENT_DISPOSITION,
                set("attachment; filename=\"my-comments.json\""),
            );
            response
        }
        Err(error) => failed(&error),
    }
}

/// One comment as the download gives it: everything stored about it.
fn exported_comment(
    state: &AppState,
    item: ModeratedComment,
    versions: Option<confab_api::CommentVersions>,
) -> serde_json::Value {
    let site = state.sites.for_stored_key(&item.thread);
    let (current, mut earlier) = versions.map_or((None, Vec::new()), |versions| {
        (Some(versions.current), versions.earlier)
    });
    // Which moderator changed it is theirs to know, not the commenter's.
    for version in &mut earlier {
        if version.written_by.is_some() {
            version.written_by = Some("a moderator".to_owned());
        }
    }
    serde_json::json!({
        "id": item.comment.id,
        "thread": site.public_key(&item.thread),
        "parent_id": item.comment.parent_id,
        "status": as_its_author_sees_it(item.comment.clone()).status,
        "created_at": item.comment.created_at,
        "edited_at": item.comment.edited_at,
        "author_name": item.comment.author.name,
        "author_email": item.author_email,
        "author_website": item.comment.author.website,
        "client_address": item.client_address,
        "identity": item.author_identity,
        "text": current.map(|current| current.body),
        "earlier_versions": earlier,
    })
}

/// The link in `query`, if it opens a page now; else the page that says why not.
async fn open(state: &AppState, query: Option<String>) -> Result<Opened, Response> {
    let parameters = fields(query.unwrap_or_default().as_bytes());
    let Some(token) = parameters.get("token").filter(|token| !token.is_empty()) else {
        return Err(refused(
            StatusCode::BAD_REQUEST,
            "This link is incomplete",
            "Part of the link is missing. Open it again from the mail, whole.",
        ));
    };
    let token_hash = identity::edit_token_hash(token);
    let state = match state.storage.manage_link(&token_hash, now_millis()).await {
        Ok(state) => state,
        Err(error) => return Err(failed(&error)),
    };
    let gone = |message: &str| refused(StatusCode::GONE, "This link no longer works", message);
    match state {
        Some(ManageLinkState::Valid(link)) => Ok(Opened {
            token: token.clone(),
            token_hash,
            link,
        }),
        None => Err(refused(
            StatusCode::FORBIDDEN,
            "This link is not valid",
            "It was not made by this server, or it was changed.",
        )),
        Some(ManageLinkState::Expired) => Err(gone(
            "It worked for 24 hours. Ask for a new one under the comments of the site.",
        )),
        Some(ManageLinkState::Replaced) => Err(gone(
            "A newer link was sent since: use the newest one, or ask for another.",
        )),
        Some(ManageLinkState::Spent) => Err(gone(
            "Everything was erased with it. There is nothing more to manage.",
        )),
    }
}

/// The commenter's comments (not those deleted), newest first: at most `limit`, or the one
/// with id `only`.
async fn comments(
    state: &AppState,
    link: &ManageLink,
    only: Option<i64>,
    limit: usize,
) -> Result<Vec<ModeratedComment>, StorageError> {
    let filter = CommentFilter {
        email: link.address.clone(),
        identity: link.identity.clone(),
        thread_prefixes: Some(vec![link.site.clone()]),
        comment: only,
        ..CommentFilter::default()
    };
    let mut found = Vec::new();
    let mut after = None;
    loop {
        let (page, next) = state.storage.queue(&filter, after, 200).await?;
        found.extend(
            page.into_iter()
                .filter(|item| item.comment.status != CommentStatus::Deleted),
        );
        match next {
            Some(next) if found.len() < limit => after = Some(next),
            _ => {
                found.truncate(limit);
                return Ok(found);
            }
        }
    }
}

async fn erase_one(
    state: &AppState,
    opened: &Opened,
    id: i64,
    confirmed: bool,
) -> Result<Response, StorageError> {
    let Some(item) = comments(state, &opened.link, Some(id), 1).await?.pop() else {
        return Ok(refused(
            StatusCode::NOT_FOUND,
            "Nothing to erase",
            "This comment is not among yours, or it was erased already.",
        ));
    };
    if !confirmed {
        let text = to_html(&item.comment.body);
        return Ok(confirm(
            &opened.token,
            &id.to_string(),
            "Erase this comment?",
            Some(&text),
        ));
    }
    state
        .storage
        .moderate(id, ModerationAction::Erase, ACTOR, None)
        .await?;
    let rest = comments(state, &opened.link, None, 1).await?;
    if rest.is_empty() {
        state
            .storage
            .spend_manage_link(&opened.token_hash, now_millis())
            .await?;
    }
    Ok(done(
        &opened.token,
        "Erased",
        "The comment is erased, with your name, email, website and address on it.",
        !rest.is_empty(),
    ))
}

async fn erase_all(state: &AppState, opened: &Opened) -> Result<Response, StorageError> {
    let mut erased = 0;
    loop {
        let round = comments(state, &opened.link, None, 200).await?;
        let mut erased_now = 0;
        for item in &round {
            match state
                .storage
                .moderate(item.comment.id, ModerationAction::Erase, ACTOR, None)
                .await
            {
                Ok(()) => erased_now += 1,
                // Erased meanwhile (by a moderator, or another tab): nothing to do.
                Err(StorageError::UnknownComment) => {}
                Err(error) => return Err(error),
            }
        }
        erased += erased_now;
        if erased_now == 0 {
            break;
        }
    }
    // And what lists no longer show: rejected comments, and deleted ones that still carry
    // an address or identity.
    state
        .storage
        .erase_remains(
            opened.link.address.as_deref(),
            opened.link.identity.as_deref(),
            &opened.link.site,
        )
        .await?;
    state
        .storage
        .spend_manage_link(&opened.token_hash, now_millis())
        .await?;
    let message = match erased {
        1 => "1 comment is erased, with your name, email, website and address on it. This link is used up.".to_owned(),
        count => format!("{count} comments are erased, with your name, email, website and address on them. This link is used up."),
    };
    Ok(done(&opened.token, "Everything is erased", &message, false))
}
