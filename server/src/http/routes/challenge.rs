//! `GET /api/v1/challenge`: a proof-of-work challenge for the next post, and the check
//! of a post's proof (see [`crate::proof`]). How hard a challenge is follows the site's
//! `proof_of_work`: never asked, always asked at a fixed difficulty, or (`auto`) asked
//! only of a client, a network or a whole site posting faster than usual, harder the
//! faster, and no longer once the pace is back to calm.

use crate::http::AppState;
use crate::http::context::{Client, RequestSite};
use crate::http::error::AppError;
use crate::proof::{self, Pace, Refusal};
use crate::settings::SiteSettings;
use crate::settings::proof::ProofOfWork;
use crate::storage::{IdempotencyClaim, now_millis};
use axum::Json;
use axum::extract::State;
use axum::http::header;
use confab_api::Challenge;
use std::net::IpAddr;

/// Recent posts looked at to see the pace: a site past this many within the window is
/// flooded anyway.
const MOST_POSTS_LOOKED_AT: i64 = 2_000;

/// Past posts `auto` averages to learn a site's usual pace: a week's.
const USUAL_PACE_OVER_MILLIS: i64 = 7 * 24 * 60 * 60 * 1000;

/// A challenge for the next post from this client, and how hard it is (`0`: none is
/// asked now, and a post may go without).
pub async fn challenge(
    State(state): State<AppState>,
    site: RequestSite,
    Client(client): Client,
) -> Result<([(header::HeaderName, &'static str); 1], Json<Challenge>), AppError> {
    let difficulty = asked(&state, &site, client).await?;
    let challenge = proof::issue(&state.server_key, &site.name, difficulty, now_millis());
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(Challenge {
            challenge,
            difficulty,
        }),
    ))
}

/// Checks a post's `proof` and spends it, unless the site asks none of this client now.
/// `claim` is the post's idempotency key: a retry of a stored post needs no proof, and
/// one whose storing failed may show the same proof again.
pub async fn require(
    state: &AppState,
    site: &SiteSettings,
    client: Option<IpAddr>,
    proof: Option<&str>,
    claim: Option<&IdempotencyClaim>,
) -> Result<(), AppError> {
    let required = asked(state, site, client).await?;
    if required == 0 {
        return Ok(());
    }
    // Asked only when a proof is: most posts are calm, and the lookup would be wasted.
    if let Some(claim) = claim
        && state
            .storage
            .stored_post(&claim.key, &claim.request_hash)
            .await?
    {
        return Ok(());
    }
    let request_key = claim.map(|claim| claim.key.as_str());
    let refused = |refusal: Refusal| AppError::Forbidden {
        code: refusal.code(),
        message: refusal.message().to_owned(),
    };
    let proof = proof.ok_or(refused(Refusal::Missing))?;
    let valid = proof::check(&state.server_key, &site.name, proof, required, now_millis())
        .map_err(refused)?;
    if !state
        .storage
        .spend_proof(&valid.challenge_hash, request_key, valid.expires_at)
        .await?
    {
        return Err(refused(Refusal::Replayed));
    }
    Ok(())
}

/// How many bits the site asks of the next post from `client`.
async fn asked(
    state: &AppState,
    site: &SiteSettings,
    client: Option<IpAddr>,
) -> Result<u8, AppError> {
    match site.rules.proof_of_work {
        ProofOfWork::Off => Ok(0),
        ProofOfWork::Fixed(bits) => Ok(bits),
        ProofOfWork::Auto => {
            let window = i64::try_from(site.rules.proof_window.as_millis()).unwrap_or(i64::MAX);
            let thread_prefix = site.stored_key("/");
            let now = now_millis();
            let recent = state
                .storage
                .recent_posters(&thread_prefix, now - window, MOST_POSTS_LOOKED_AT)
                .await?;
            let pace = Pace::of(client, &recent);
            let mut excess = pace.excess(0);
            // Past the calm floor, a site busy as usual is still calm: ask its history.
            if excess > 1.0 && pace.site > proof::CALM_SITE_POSTS {
                let week = state
                    .storage
                    .posts_since(&thread_prefix, now - USUAL_PACE_OVER_MILLIS)
                    .await?;
                let windows = (USUAL_PACE_OVER_MILLIS / window.max(1)).max(1);
                let usual = u32::try_from(week / windows.unsigned_abs()).unwrap_or(u32::MAX);
                excess = pace.excess(usual);
            }
            Ok(proof::auto_difficulty(excess))
        }
    }
}
