//! The spam filter that learns from moderators, without storage or HTTP: what a comment
//! is made of for it (its features), and how likely a comment is spam given how often
//! each feature appeared in spam and in good comments before (each counted once per
//! comment; Robinson's estimates combined by Fisher's method, a naive Bayes that
//! says “unsure” rather than guess).
//!
//! Features: the words of the text and pairs of neighbouring words, the domains its links
//! go to, how many links it has, the domains of the author's email and website, and the
//! text's shape (its length, and whether it shouts).

use crate::rules::{Facts, host_of, words_of};
use std::collections::BTreeSet;

/// Decisions of each kind a site's filter needs before it judges anything.
pub const MIN_DECISIONS: u64 = 50;

/// Most features taken from the words of one comment (a long text adds nothing past
/// them); links, domains and shape come on top.
const MOST_TEXT_FEATURES: usize = 400;

/// Most links of one comment looked at.
const MOST_LINKS: usize = 50;

/// The features of a comment, sorted and each once.
pub fn features(facts: &Facts<'_>) -> Vec<String> {
    let text = confab_api::body::plain_text(facts.body);
    let lower = text.to_lowercase();
    let mut found = BTreeSet::new();
    let words: Vec<&str> = words_of(&lower)
        .filter(|word| (2..=24).contains(&word.chars().count()))
        .collect();
    // Words and pairs as the text has them, up to a limit: padding a comment with junk
    // cannot push out its links or its author's domains, only its own later words.
    for (at, word) in words.iter().enumerate() {
        if found.len() >= MOST_TEXT_FEATURES {
            break;
        }
        found.insert((*word).to_owned());
        if let Some(next) = words.get(at + 1) {
            found.insert(format!("{word} {next}"));
        }
    }
    let mut links: BTreeSet<String> = confab_api::body::link_urls(facts.body)
        .into_iter()
        .collect();
    // Addresses written out as text count as links too (a link's own text is one).
    links.extend(
        text.split_whitespace()
            .filter(|chunk| chunk.starts_with("http://") || chunk.starts_with("https://"))
            .map(str::to_owned),
    );
    for host in links.iter().take(MOST_LINKS).filter_map(|url| host_of(url)) {
        found.insert(format!("link:{}", host.trim_start_matches("www.")));
    }
    found.insert(format!("links:{}", links.len().min(3)));
    if let Some((_, domain)) = facts.email.and_then(|email| email.rsplit_once('@')) {
        found.insert(format!("email:{}", domain.to_lowercase()));
    }
    if let Some(host) = facts.website.and_then(host_of) {
        found.insert(format!("website:{}", host.trim_start_matches("www.")));
    }
    let length = match words.len() {
        0..=5 => "tiny",
        6..=20 => "short",
        21..=80 => "medium",
        _ => "long",
    };
    found.insert(format!("length:{length}"));
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let capitals = text.chars().filter(|c| c.is_uppercase()).count();
    if letters >= 10 && capitals * 3 > letters {
        found.insert("shape:shouting".to_owned());
    }
    found.into_iter().collect()
}

/// How many spam and good comments a site's filter learned from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub spam: u64,
    pub good: u64,
}

impl Totals {
    /// Whether the filter has learned enough to judge.
    pub fn ready(self) -> bool {
        self.spam >= MIN_DECISIONS && self.good >= MIN_DECISIONS
    }
}

/// How often one feature appeared in the spam and the good comments learned from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub feature: String,
    pub spam: u64,
    pub good: u64,
}

/// A comment's score: how likely it is spam (0 to 1), and the features that weighed
/// most, with their weights (the natural log of the odds each gives; above zero towards
/// spam).
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub spam: f64,
    pub weights: Vec<(String, f64)>,
}

/// How strongly a feature seen a few times leans to an even 0.5 (Robinson's `s`).
const STRENGTH: f64 = 1.0;

/// Features closer to even than this say nothing and are left out.
const LEAST_LEAN: f64 = 0.1;

/// Most features a score combines, the most telling first.
const MOST_COMBINED: usize = 150;

/// The score of a comment whose features the filter has `seen` as listed, given the
/// `totals` learned from: Robinson's estimate of each feature's spam probability,
/// combined with Fisher's method (as SpamBayes does), which says “unsure” (near 0.5)
/// rather than guess when the evidence points both ways.
pub fn score(totals: Totals, seen: &[Seen]) -> Score {
    let (spam_total, good_total) = (totals.spam.max(1) as f64, totals.good.max(1) as f64);
    let mut leaning: Vec<(String, f64)> = seen
        .iter()
        .filter(|seen| seen.spam + seen.good > 0)
        .map(|seen| {
            let in_spam = seen.spam as f64 / spam_total;
            let in_good = seen.good as f64 / good_total;
            let probability = in_spam / (in_spam + in_good);
            let count = (seen.spam + seen.good) as f64;
            let adjusted = (STRENGTH * 0.5 + count * probability) / (STRENGTH + count);
            (seen.feature.clone(), adjusted.clamp(0.01, 0.99))
        })
        .filter(|(_, probability)| (probability - 0.5).abs() >= LEAST_LEAN)
        .collect();
    // The most telling first; alike ones by name, so the same comment reads the same.
    leaning.sort_by(|a, b| {
        (b.1 - 0.5)
            .abs()
            .total_cmp(&(a.1 - 0.5).abs())
            .then_with(|| a.0.cmp(&b.0))
    });
    leaning.truncate(MOST_COMBINED);
    if leaning.is_empty() {
        return Score {
            spam: 0.5,
            weights: Vec::new(),
        };
    }
    let freedom = 2 * leaning.len();
    let good_log: f64 = leaning.iter().map(|(_, p)| p.ln()).sum();
    let spam_log: f64 = leaning.iter().map(|(_, p)| (1.0 - p).ln()).sum();
    let not_good = chi_square_survival(-2.0 * good_log, freedom);
    let not_spam = chi_square_survival(-2.0 * spam_log, freedom);
    let weights = leaning
        .into_iter()
        .take(5)
        .map(|(feature, p)| (feature, (p / (1.0 - p)).ln()))
        .collect();
    Score {
        spam: (1.0 + not_good - not_spam) / 2.0,
        weights,
    }
}

/// The chance that a chi-square variable with `freedom` (even) degrees of freedom is at
/// least `value`.
fn chi_square_survival(value: f64, freedom: usize) -> f64 {
    let half = value / 2.0;
    let mut term = (-half).exp();
    let mut sum = term;
    for i in 1..freedom / 2 {
        term *= half / i as f64;
        sum += term;
    }
    sum.min(1.0)
}

impl Score {
    /// The score in words for moderators: “0.97: casino +2.3, free +1.9”.
    pub fn note(&self) -> String {
        let words: Vec<String> = self
            .weights
            .iter()
            .map(|(feature, weight)| format!("{feature} {weight:+.1}"))
            .collect();
        format!("filter {:.2}: {}", self.spam, words.join(", "))
    }
}

#[cfg(test)]
mod tests;
