//! Moderators' rules: what a comment is matched on (its author's email, name, identity,
//! client address or network, website, the domains its links go to, words, phrases or a
//! regular expression in its text) and what a match does (refuse it with a message, hold
//! it, mark it as spam without a word, or shadow-ban it: shown to its author alone). Pure logic: the rules come from the database
//! and the configuration file, the facts from a new comment or a stored one.

use confab_api::Block;
pub use confab_api::{Rule, RuleAction, RuleKind};
use ipnet::IpNet;
use regex::{Regex, RegexBuilder};
use std::net::IpAddr;

/// Longest pattern a rule may have, in characters.
pub const MAX_PATTERN_CHARS: usize = 1000;

/// The most memory a rule's compiled regular expression may take (the `regex` crate runs
/// in linear time; this bounds its size, so no rule can slow the server).
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// What rules look at in one comment.
#[derive(Debug, Clone, Default)]
pub struct Facts<'a> {
    pub email: Option<&'a str>,
    pub name: &'a str,
    pub identity: Option<&'a str>,
    pub address: Option<IpAddr>,
    pub website: Option<&'a str>,
    pub body: &'a [Block],
}

/// Why a rule cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct RuleError(pub String);

/// A rule ready to match.
#[derive(Debug, Clone)]
pub struct Compiled {
    pub rule: Rule,
    matcher: Matcher,
}

#[derive(Debug, Clone)]
enum Matcher {
    Whole(String),
    EmailDomain(String),
    Network(IpNet),
    Domain(String),
    Words(Vec<String>),
    Phrase(String),
    Regex(Regex),
}

/// Checks `rule` and makes it ready to match.
pub fn compile(rule: Rule) -> Result<Compiled, RuleError> {
    let pattern = rule.pattern.trim();
    if pattern.is_empty() {
        return Err(RuleError("A rule needs a pattern.".to_owned()));
    }
    if pattern.contains('\0') {
        return Err(RuleError(
            "A pattern cannot hold a NUL character.".to_owned(),
        ));
    }
    if pattern.chars().count() > MAX_PATTERN_CHARS {
        return Err(RuleError(format!(
            "A pattern has at most {MAX_PATTERN_CHARS} characters."
        )));
    }
    let lower = pattern.to_lowercase();
    if rule.kind == RuleKind::Words && words_of(&lower).next().is_none() {
        return Err(RuleError(
            "A words rule needs a word (letters or digits).".to_owned(),
        ));
    }
    let matcher = match rule.kind {
        RuleKind::Email => match lower.strip_prefix("*@").or(lower.strip_prefix('@')) {
            Some(domain) => Matcher::EmailDomain(some_domain(domain)?),
            None => Matcher::Whole(lower),
        },
        RuleKind::Name => Matcher::Whole(lower),
        RuleKind::Identity => Matcher::Whole(pattern.to_owned()),
        RuleKind::Address => Matcher::Network(network(pattern)?),
        RuleKind::Website | RuleKind::Link => {
            Matcher::Domain(some_domain(lower.trim_start_matches("*."))?)
        }
        // Split as the text is, so “c++” or “buy-now” means the words it is made of.
        RuleKind::Words => Matcher::Words(words_of(&lower).map(str::to_owned).collect::<Vec<_>>()),
        RuleKind::Phrase => Matcher::Phrase(lower),
        RuleKind::Regex => Matcher::Regex(
            RegexBuilder::new(pattern)
                .case_insensitive(true)
                .size_limit(REGEX_SIZE_LIMIT)
                .dfa_size_limit(REGEX_SIZE_LIMIT)
                .build()
                .map_err(|error| {
                    RuleError(format!("This regular expression cannot be used: {error}"))
                })?,
        ),
    };
    Ok(Compiled {
        rule: Rule {
            pattern: pattern.to_owned(),
            ..rule
        },
        matcher,
    })
}

/// A domain as rules compare them, or why the pattern names none.
fn some_domain(pattern: &str) -> Result<String, RuleError> {
    let domain = pattern.trim_matches('.');
    if domain.is_empty() || domain.contains(['@', '/', ' ']) {
        return Err(RuleError(format!(
            "{pattern:?} is not a domain (like spam.example)."
        )));
    }
    Ok(domain.to_owned())
}

/// The words of `text`: its runs of letters and digits.
pub(crate) fn words_of(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
}

/// An address or a network; a bare IPv6 address stands for its /64.
fn network(pattern: &str) -> Result<IpNet, RuleError> {
    if let Ok(network) = pattern.parse::<IpNet>() {
        return Ok(network.trunc());
    }
    let address = pattern.parse::<IpAddr>().map_err(|_| {
        RuleError(format!(
            "{pattern:?} is neither an address nor a network (like 203.0.113.0/24)."
        ))
    })?;
    let prefix = if address.is_ipv4() { 32 } else { 64 };
    IpNet::new(address, prefix)
        .map(|network| network.trunc())
        .map_err(|error| RuleError(error.to_string()))
}

/// Whether `host` is `domain` or one of its subdomains.
fn within(host: &str, domain: &str) -> bool {
    let host = host.trim_end_matches('.').to_lowercase();
    host == domain || host.ends_with(&format!(".{domain}"))
}

pub(crate) fn host_of(url: &str) -> Option<String> {
    url::Url::parse(url).ok()?.host_str().map(str::to_owned)
}

impl Compiled {
    /// Why this rule matches `facts`, in words for moderators; none if it does not.
    pub fn matches(&self, facts: &Facts<'_>, text: &str) -> Option<String> {
        let kind = self.rule.kind;
        let found = match (&self.matcher, kind) {
            (Matcher::Whole(whole), RuleKind::Email) => facts
                .email
                .is_some_and(|email| email.to_lowercase() == *whole),
            (Matcher::EmailDomain(domain), _) => facts
                .email
                .and_then(|email| email.rsplit_once('@'))
                .is_some_and(|(_, host)| within(host, domain)),
            (Matcher::Whole(whole), RuleKind::Name) => facts.name.trim().to_lowercase() == *whole,
            (Matcher::Whole(whole), _) => facts.identity == Some(whole.as_str()),
            (Matcher::Network(network), _) => facts
                .address
                .is_some_and(|address| network.contains(&address)),
            (Matcher::Domain(domain), RuleKind::Website) => facts
                .website
                .and_then(host_of)
                .is_some_and(|host| within(&host, domain)),
            (Matcher::Domain(domain), _) => confab_api::body::link_urls(facts.body)
                .iter()
                .filter_map(|url| host_of(url))
                .any(|host| within(&host, domain)),
            (Matcher::Words(words), _) => {
                let lower = text.to_lowercase();
                words_of(&lower).any(|word| words.iter().any(|wanted| wanted == word))
            }
            (Matcher::Phrase(phrase), _) => text.to_lowercase().contains(phrase.as_str()),
            (Matcher::Regex(regex), _) => regex.is_match(text),
        };
        found.then(|| format!("{} matches {:?}", kind_label(kind), self.rule.pattern))
    }
}

fn kind_label(kind: RuleKind) -> &'static str {
    match kind {
        RuleKind::Email => "email",
        RuleKind::Name => "name",
        RuleKind::Identity => "identity",
        RuleKind::Address => "address",
        RuleKind::Website => "website",
        RuleKind::Link => "a link",
        RuleKind::Words => "a word",
        RuleKind::Phrase => "the text",
        RuleKind::Regex => "the text",
    }
}

/// The first of `rules` that `facts` match, with why: refusals first, then shadow-bans,
/// spam and holds, so the strictest action wins.
pub fn first_match<'r>(rules: &'r [Compiled], facts: &Facts<'_>) -> Option<(&'r Rule, String)> {
    let text = confab_api::body::plain_text(facts.body);
    [
        RuleAction::Refuse,
        RuleAction::Shadow,
        RuleAction::Spam,
        RuleAction::Hold,
    ]
    .into_iter()
    .find_map(|action| {
        rules
            .iter()
            .filter(|compiled| compiled.rule.action == action)
            .find_map(|compiled| {
                compiled
                    .matches(facts, &text)
                    .map(|why| (&compiled.rule, why))
            })
    })
}

/// Longest message a refusing rule may give, in characters.
pub const MAX_MESSAGE_CHARS: usize = 500;

/// Why a rule is not taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("there is no site {0:?}")]
    UnknownSite(String),
    #[error("a rule's message has at most {MAX_MESSAGE_CHARS} characters")]
    MessageTooLong,
    #[error("{0}")]
    Pattern(#[from] RuleError),
}

/// A new rule (from the screen, the API, the command line or the file) checked: its site
/// among `site_names`, its message (trimmed, without NULs), and its pattern; ready to
/// match, without an id.
pub fn check(rule: Rule, site_names: &[&str]) -> Result<Compiled, Refusal> {
    if let Some(site) = rule
        .site
        .as_deref()
        .filter(|site| !site_names.contains(site))
    {
        return Err(Refusal::UnknownSite(site.to_owned()));
    }
    let message = rule
        .message
        .as_deref()
        .map(|message| message.replace('\0', "").trim().to_owned())
        .filter(|message| !message.is_empty());
    if message
        .as_deref()
        .is_some_and(|message| message.chars().count() > MAX_MESSAGE_CHARS)
    {
        return Err(Refusal::MessageTooLong);
    }
    Ok(compile(Rule {
        id: None,
        message,
        ..rule
    })?)
}

/// The configuration file's `[[admin.rule]]` entries, each checked.
pub fn configured(rules: Vec<Rule>, site_names: &[&str]) -> Result<Vec<Compiled>, String> {
    rules
        .into_iter()
        .enumerate()
        .map(|(index, rule)| {
            check(rule, site_names)
                .map_err(|error| format!("[[admin.rule]] number {}: {error}", index + 1))
        })
        .collect()
}

#[cfg(test)]
mod tests;
