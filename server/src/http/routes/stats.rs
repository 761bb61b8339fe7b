//! `GET /api/v1/admin/stats?days=30|90|365`: the moderators' numbers, comments per day
//! (published, held, spam) and the busiest threads, within a moderator's sites.

use crate::http::AppState;
use crate::http::context::Actor;
use crate::http::error::AppError;
use crate::http::extract::QueryParams;
use axum::Json;
use axum::extract::State;
use confab_api::Stats;
use serde::Deserialize;

/// The periods the numbers cover, in days.
const PERIODS: [u32; 3] = [30, 90, 365];

#[derive(Debug, Deserialize)]
pub struct StatsQuery {
    days: Option<String>,
}

pub async fn stats(
    State(state): State<AppState>,
    actor: Actor,
    QueryParams(query): QueryParams<StatsQuery>,
) -> Result<Json<Stats>, AppError> {
    let days = match query.days.as_deref().filter(|days| !days.is_empty()) {
        None => PERIODS[0],
        Some(days) => days
            .parse::<u32>()
            .ok()
            .filter(|days| PERIODS.contains(days))
            .ok_or_else(|| {
                AppError::invalid("days", "invalid_days", "days must be 30, 90 or 365.")
            })?,
    };
    let prefixes = actor.scope.thread_prefixes(&state.sites);
    Ok(Json(state.storage.stats(days, prefixes.as_deref()).await?))
}
