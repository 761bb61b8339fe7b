//! Moderators' rules (`/api/v1/admin/rules`): what a new comment is matched on, and what
//! a match does.

use crate::CommentId;
use serde::{Deserialize, Serialize};

/// What a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// The whole address, or `@domain` for every address there and at its subdomains.
    Email,
    /// The whole name.
    Name,
    /// A signed-in author's identity, whole (`sso:u-1`).
    Identity,
    /// A client address or a network (`203.0.113.0/24`); a bare IPv6 address stands for
    /// its /64.
    Address,
    /// The domain of the author's website, or a parent of it.
    Website,
    /// The domain any link in the text goes to, or a parent of it.
    Link,
    /// Any of these words (separated by spaces), whole.
    Words,
    /// This phrase, anywhere in the text.
    Phrase,
    /// A regular expression found in the text.
    Regex,
}

impl RuleKind {
    pub const ALL: [Self; 9] = [
        Self::Email,
        Self::Name,
        Self::Identity,
        Self::Address,
        Self::Website,
        Self::Link,
        Self::Words,
        Self::Phrase,
        Self::Regex,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Name => "name",
            Self::Identity => "identity",
            Self::Address => "address",
            Self::Website => "website",
            Self::Link => "link",
            Self::Words => "words",
            Self::Phrase => "phrase",
            Self::Regex => "regex",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

/// What a match does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleAction {
    /// Refused, with the rule's message (or a plain one).
    Refuse,
    /// Held for a moderator.
    Hold,
    /// Marked as spam, silently: the author is told it waits for a moderator.
    Spam,
    /// Shadow-banned: published to its author's own browser, and to nobody else.
    Shadow,
}

impl RuleAction {
    pub const ALL: [Self; 4] = [Self::Refuse, Self::Hold, Self::Spam, Self::Shadow];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Refuse => "refuse",
            Self::Hold => "hold",
            Self::Spam => "spam",
            Self::Shadow => "shadow",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|action| action.as_str() == name)
    }
}

/// One rule: stored (with its `id`), or from the configuration file (without).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// The site it applies to (its name); none: every site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    pub kind: RuleKind,
    pub pattern: String,
    pub action: RuleAction,
    /// What a refused author is told.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// The answer to `GET /api/v1/admin/rules`: the rules, and what each of the moderator's
/// sites' spam filters has learned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleList {
    pub rules: Vec<Rule>,
    #[serde(default)]
    pub filters: Vec<FilterState>,
}

/// One site's spam filter: how many spam and good comments it learned from, whether it
/// judges new comments (it waits for `needed` of each), and from which scores, in
/// hundredths, it holds one or marks it as spam.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterState {
    pub site: String,
    pub spam: u64,
    pub good: u64,
    pub needed: u64,
    pub judging: bool,
    pub hold_at: u32,
    pub spam_at: u32,
}

/// The answer to `POST /api/v1/admin/rules/test`: how many of the latest comments the
/// rule would have matched, of how many read, and the first few.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleTrial {
    pub matched: u32,
    pub read: u32,
    pub examples: Vec<CommentId>,
}
