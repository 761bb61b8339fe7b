//! Moderators' rules on new comments:
//!
//! - `GET /api/v1/admin/rules`: the configured rules (without an id) and the stored ones;
//! - `POST /api/v1/admin/rules` with a rule: checked and stored (`201`);
//! - `DELETE /api/v1/admin/rules/{id}` (`204`);
//! - `POST /api/v1/admin/rules/test` with a rule: how many of the site's latest comments
//!   it would have matched, before it is turned on.
//!
//! A moderator with `sites` listed sees and manages the rules of those sites only; a rule
//! for every site is an owner's. [`judge`] applies them to a new comment.

use crate::http::AppState;
use crate::http::context::Actor;
use crate::http::error::AppError;
use crate::http::extract::JsonBody;
use crate::rules::{self, Compiled, Facts, Refusal, Rule, RuleAction};
use crate::settings::SiteSettings;
use crate::storage::listing::CommentFilter;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use confab_api::{RuleList, RuleTrial};

/// How many of the latest comments a trial reads.
const TRIAL_READS: usize = 10_000;

/// What the rules say of a new comment: the action of the strictest rule it matches, the
/// note moderators see, and what a refused author is told.
pub struct Judgement {
    pub action: RuleAction,
    pub note: String,
    pub message: String,
}

/// The rules of the configuration file and of the database that apply on `site`.
pub async fn site_rules(state: &AppState, site: &str) -> Result<Vec<Compiled>, AppError> {
    let applies = |rule: &Rule| rule.site.as_deref().is_none_or(|name| name == site);
    let mut compiled: Vec<Compiled> = state
        .admin
        .rules
        .iter()
        .filter(|configured| applies(&configured.rule))
        .cloned()
        .collect();
    let stored = compiled_once(state.storage.rules().await?);
    compiled.extend(stored.into_iter().filter(|stored| applies(&stored.rule)));
    Ok(compiled)
}

/// The stored rules last compiled, so that a post compiles (regular expressions above
/// all) only rules that changed since. Found by their whole content, so one process
/// serving several databases still gets each rule exactly as stored.
static LAST_COMPILED: std::sync::Mutex<Vec<Compiled>> = std::sync::Mutex::new(Vec::new());

/// `stored`, compiled, from [`LAST_COMPILED`] where it holds the same rule.
fn compiled_once(stored: Vec<Rule>) -> Vec<Compiled> {
    let mut last = LAST_COMPILED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let fresh: Vec<Compiled> = stored
        .into_iter()
        .filter_map(|rule| match last.iter().find(|known| known.rule == rule) {
            Some(known) => Some(known.clone()),
            // Checked when stored; one that no longer compiles is skipped.
            None => rules::compile(rule).ok(),
        })
        .collect();
    last.clone_from(&fresh);
    fresh
}

/// Applies `site`'s rules to a new comment.
pub async fn judge(
    state: &AppState,
    site: &SiteSettings,
    facts: &Facts<'_>,
) -> Result<Option<Judgement>, AppError> {
    let compiled = site_rules(state, &site.name).await?;
    Ok(rules::first_match(&compiled, facts).map(|(rule, why)| {
        let by = rule
            .id
            .map_or_else(|| "a configured rule".to_owned(), |id| format!("rule {id}"));
        Judgement {
            action: rule.action,
            note: format!("{} by {by}: {why}", rule.action.as_str()),
            message: rule
                .message
                .clone()
                .unwrap_or_else(|| "This comment cannot be posted here.".to_owned()),
        }
    }))
}

/// `GET /api/v1/admin/rules`.
pub async fn list(
    State(state): State<AppState>,
    Actor { scope, .. }: Actor,
) -> Result<Json<RuleList>, AppError> {
    let configured = state
        .admin
        .rules
        .iter()
        .map(|compiled| compiled.rule.clone());
    let stored = state.storage.rules().await?;
    let rules = configured
        .chain(stored)
        .filter(|rule| scope.covers_site(rule.site.as_deref()))
        .collect();
    let mut filters = Vec::new();
    for site in state.sites.iter() {
        if !scope.covers_site(Some(&site.name)) {
            continue;
        }
        let (totals, _) = state.storage.filter_seen(site.filter_site(), &[]).await?;
        let settings = site.rules.spam_filter;
        let hundredths = |score: f64| (score * 100.0).round() as u32;
        filters.push(confab_api::FilterState {
            site: site.name.clone(),
            spam: totals.spam,
            good: totals.good,
            needed: crate::filter::MIN_DECISIONS,
            judging: settings.on && totals.ready(),
            hold_at: hundredths(settings.hold),
            spam_at: hundredths(settings.spam),
        });
    }
    Ok(Json(RuleList { rules, filters }))
}

/// `POST /api/v1/admin/rules` (`201` with the rule as stored).
pub async fn add(
    State(state): State<AppState>,
    Actor { name, scope }: Actor,
    JsonBody(rule): JsonBody<Rule>,
) -> Result<(StatusCode, Json<Rule>), AppError> {
    let compiled = checked(&state, &scope, rule)?;
    let mut rule = compiled.rule;
    rule.id = Some(state.storage.add_rule(&rule, &name).await?);
    Ok((StatusCode::CREATED, Json(rule)))
}

/// `DELETE /api/v1/admin/rules/{id}` (`204`).
pub async fn remove(
    State(state): State<AppState>,
    Actor { name, scope }: Actor,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    let missing = || AppError::NotFound("There is no such rule.".to_owned());
    let id: i64 = id.parse().map_err(|_| missing())?;
    let rule = state
        .storage
        .rules()
        .await?
        .into_iter()
        .find(|rule| rule.id == Some(id))
        .ok_or_else(missing)?;
    scope.check_site(rule.site.as_deref())?;
    if !state.storage.remove_rule(id, &name).await? {
        return Err(missing());
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/admin/rules/test`: the rule against the latest comments of its site (or
/// of the moderator's sites), without storing it.
pub async fn test(
    State(state): State<AppState>,
    Actor { scope, .. }: Actor,
    JsonBody(rule): JsonBody<Rule>,
) -> Result<Json<RuleTrial>, AppError> {
    let compiled = checked(&state, &scope, rule)?;
    let prefixes = match compiled.rule.site.as_deref() {
        Some(name) => state
            .sites
            .iter()
            .filter(|site| site.name == name)
            .map(|site| site.stored_key("/"))
            .collect(),
        None => scope
            .thread_prefixes(&state.sites)
            .unwrap_or_else(|| vec![String::new()]),
    };
    let filter = CommentFilter {
        thread_prefixes: Some(prefixes),
        ..CommentFilter::default()
    };
    let mut trial = RuleTrial {
        matched: 0,
        read: 0,
        examples: Vec::new(),
    };
    let mut after = None;
    while (trial.read as usize) < TRIAL_READS {
        let (page, next) = state.storage.queue(&filter, after, 200).await?;
        for item in &page {
            trial.read += 1;
            let address = item
                .client_address
                .as_deref()
                .and_then(|address| address.parse().ok());
            let facts = Facts {
                email: item.author_email.as_deref(),
                name: &item.comment.author.name,
                identity: item.author_identity.as_deref(),
                address,
                website: item.comment.author.website.as_deref(),
                body: &item.comment.body,
            };
            let text = confab_api::body::plain_text(&item.comment.body);
            if compiled.matches(&facts, &text).is_some() {
                trial.matched += 1;
                if trial.examples.len() < 5 {
                    trial.examples.push(item.comment.id);
                }
            }
        }
        match next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    Ok(Json(trial))
}

/// `rule` checked: its pattern, its message, and its site among the actor's.
fn checked(
    state: &AppState,
    scope: &crate::http::context::Scope,
    rule: Rule,
) -> Result<Compiled, AppError> {
    let site_names: Vec<&str> = state.sites.iter().map(|site| site.name.as_str()).collect();
    let site = rule.site.clone();
    let compiled = rules::check(rule, &site_names).map_err(|refusal| {
        let (field, code) = match &refusal {
            Refusal::UnknownSite(_) => ("site", "unknown_site"),
            Refusal::MessageTooLong => ("message", "too_long"),
            Refusal::Pattern(_) => ("pattern", "invalid_pattern"),
        };
        AppError::invalid(field, code, capitalised(&refusal.to_string()))
    })?;
    scope.check_site(site.as_deref())?;
    Ok(compiled)
}

/// `text` with its first letter a capital, as the API's messages are written.
fn capitalised(text: &str) -> String {
    let mut letters = text.chars();
    letters.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(letters).collect()
    })
}
