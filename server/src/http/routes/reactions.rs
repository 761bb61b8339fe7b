//! `PUT /api/v1/comments/{id}/reaction` and `PUT /api/v1/threads/reaction`: a reader's
//! reaction to a published comment or to the page itself, one of the site's reactions
//! (`reactions = false` turns them off). Readers are told apart as for votes, and one
//! network gets the same budget of readers per reaction and target.

use super::votes::{network, voter};
use crate::http::AppState;
use crate::http::context::{Client, RequestSite};
use crate::http::error::AppError;
use crate::http::extract::{CommentPath, JsonBody};
use crate::storage::{ReactionTarget, ReactionToStore, ThreadToStore, now_millis};
use crate::validate;
use axum::Json;
use axum::extract::State;
use confab_api as wire;
use std::net::IpAddr;

/// Adds or takes back the reader's reaction to comment `id`; answers with its totals.
pub async fn react_to_comment(
    State(state): State<AppState>,
    site: RequestSite,
    Client(client): Client,
    CommentPath(id): CommentPath,
    JsonBody(react): JsonBody<wire::React>,
) -> Result<Json<wire::ReactionTally>, AppError> {
    count(state, site, client, ReactionTarget::Comment(id), react).await
}

/// Adds or takes back the reader's reaction to the page whose thread is `thread` (the
/// thread starts here if the page has no comments yet); answers with the page's totals.
pub async fn react_to_page(
    State(state): State<AppState>,
    site: RequestSite,
    Client(client): Client,
    JsonBody(mut react): JsonBody<wire::React>,
) -> Result<Json<wire::ReactionTally>, AppError> {
    let key = validate::thread_key(react.thread.as_deref().unwrap_or_default())?;
    let (title, url) =
        validate::thread_details(react.title.take(), react.url.take(), &site.rules.origins)?;
    let thread = ThreadToStore {
        key: site.stored_key(&key),
        title,
        url,
    };
    count(state, site, client, ReactionTarget::Page(thread), react).await
}

async fn count(
    state: AppState,
    site: RequestSite,
    client: Option<IpAddr>,
    target: ReactionTarget,
    react: wire::React,
) -> Result<Json<wire::ReactionTally>, AppError> {
    if site.rules.reactions.is_empty() {
        return Err(AppError::Forbidden {
            code: "reactions_off",
            message: "This site does not take reactions.".to_owned(),
        });
    }
    if !site.rules.reactions.contains(&react.reaction) {
        return Err(AppError::invalid(
            "reaction",
            "unknown_reaction",
            format!(
                "Choose one of this site's reactions: {}.",
                site.rules.reactions.join(" ")
            ),
        ));
    }
    let voter = voter(
        &state,
        &site,
        &react.voter,
        react.sso.as_deref(),
        react.session.as_deref(),
    )
    .await?;
    let counted = state
        .storage
        .react(ReactionToStore {
            target,
            reaction: react.reaction,
            on: react.on,
            voter,
            network: network(client),
            network_budget: site.rules.votes_per_network,
            at: now_millis(),
        })
        .await?;
    state.pages.voted(&counted.thread_key);
    Ok(Json(wire::ReactionTally {
        reactions: counted.reactions,
        on: counted.on,
    }))
}
