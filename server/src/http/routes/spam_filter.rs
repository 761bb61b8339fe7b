//! The spam filter's judgement of a new comment: its score from what the site's filter
//! learned (see [`crate::filter`]), and whether that holds it or marks it as spam.

use crate::filter::{self, features};
use crate::http::AppState;
use crate::http::error::AppError;
use crate::rules::{Facts, RuleAction};
use crate::settings::SiteSettings;

/// The filter sites seen ready to judge (a filter stays so but for a retraining, which
/// the full read notices). By site key, as filters are stored: a process serving several
/// databases reads them whole at worst.
static READY_SITES: std::sync::Mutex<std::collections::BTreeSet<String>> =
    std::sync::Mutex::new(std::collections::BTreeSet::new());

/// A new comment's score, in words for moderators, and what it does.
pub struct Scored {
    pub action: Option<RuleAction>,
    pub note: String,
}

/// Scores a new comment with `facts` on `site`; none while the site's filter is off or
/// has not learned enough of both kinds.
pub async fn score(
    state: &AppState,
    site: &SiteSettings,
    facts: &Facts<'_>,
) -> Result<Option<Scored>, AppError> {
    let settings = site.rules.spam_filter;
    if !settings.on {
        return Ok(None);
    }
    // A filter that has not learned enough (most sites, at first) costs one small read;
    // one seen ready reads its totals with the features' counts, once.
    let known_ready = READY_SITES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .contains(site.filter_site());
    if !known_ready {
        let (totals, _) = state.storage.filter_seen(site.filter_site(), &[]).await?;
        if !totals.ready() {
            return Ok(None);
        }
        READY_SITES
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(site.filter_site().to_owned());
    }
    let features = features(facts);
    let (totals, seen) = state
        .storage
        .filter_seen(site.filter_site(), &features)
        .await?;
    // Retraining can take a filter back below what it needs to judge.
    if !totals.ready() {
        return Ok(None);
    }
    let score = filter::score(totals, &seen);
    // A threshold of 1 is never reached (a score rounds to 1 when the evidence is strong).
    let reaches = |threshold: f64| threshold < 1.0 && score.spam >= threshold;
    let action = if reaches(settings.spam) {
        Some(RuleAction::Spam)
    } else if reaches(settings.hold) {
        Some(RuleAction::Hold)
    } else {
        None
    };
    Ok(Some(Scored {
        action,
        note: score.note(),
    }))
}
