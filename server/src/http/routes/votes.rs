//! `PUT /api/v1/comments/{id}/vote`: a reader's vote on a published comment, as the site
//! takes them (`votes = "off" | "up" | "up-down"`). A guest votes with the widget's voter
//! key, a signed-in reader as their identity; one network gets a budget of voters per
//! comment, so clearing the browser's storage does not stuff a thread.

use super::signed_in::{self, Credential};
use crate::http::AppState;
use crate::http::context::{Client, RequestSite};
use crate::http::error::AppError;
use crate::http::extract::{CommentPath, JsonBody};
use crate::identity::{self, client_network};
use crate::storage::{VoteToStore, now_millis};
use crate::validate::votes::{vote_value, voter_key};
use axum::Json;
use axum::extract::State;
use confab_api::{self as wire, VoteMode};

/// Sets the reader's vote on comment `id` (replacing an earlier one; `0` takes it back)
/// and answers with the comment's totals.
pub async fn vote(
    State(state): State<AppState>,
    site: RequestSite,
    Client(client): Client,
    CommentPath(id): CommentPath,
    JsonBody(cast): JsonBody<wire::CastVote>,
) -> Result<Json<wire::VoteTally>, AppError> {
    let value = vote_value(cast.value)?;
    match (site.rules.votes, value) {
        (VoteMode::Off, _) => {
            return Err(AppError::Forbidden {
                code: "votes_off",
                message: "This site does not take votes.".to_owned(),
            });
        }
        (VoteMode::Up, -1) => {
            return Err(AppError::Forbidden {
                code: "down_votes_off",
                message: "This site takes votes for comments only, not against them.".to_owned(),
            });
        }
        _ => {}
    }
    let voter = voter(
        &state,
        &site,
        &cast.voter,
        cast.sso.as_deref(),
        cast.session.as_deref(),
    )
    .await?;
    let counted = state
        .storage
        .vote(VoteToStore {
            comment_id: id,
            voter,
            value,
            network: network(client),
            network_budget: site.rules.votes_per_network,
            at: now_millis(),
        })
        .await?;
    state.pages.voted(&counted.thread_key);
    Ok(Json(wire::VoteTally {
        id,
        up: counted.up,
        down: counted.down,
        value: counted.value,
    }))
}

/// Who votes or reacts: a signed-in reader as their identity (a bad token or an ended
/// session is refused with its reason), a guest as the hash of the widget's voter key.
pub(super) async fn voter(
    state: &AppState,
    site: &RequestSite,
    key: &str,
    sso: Option<&str>,
    session: Option<&str>,
) -> Result<String, AppError> {
    Ok(match Credential::of_fields(sso, session) {
        Some(credential) => {
            let reader = signed_in::reader(state, site, credential).await?;
            identity::signed_in_voter(&reader.identity())
        }
        None => identity::guest_voter(voter_key(key)?),
    })
}

/// The client's network (its address, or its IPv6 /64), whose budget a vote counts in.
pub(super) fn network(client: Option<std::net::IpAddr>) -> String {
    client.map_or_else(
        || "unknown".to_owned(),
        |address| client_network(address).to_string(),
    )
}
