//! Readers' votes on comments: which votes a site takes, a vote as the widget casts it,
//! and the tally it gets back.

use crate::{CommentId, Reactions};
use serde::{Deserialize, Serialize};

/// Which votes a site's readers may cast.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VoteMode {
    /// No votes: comments show no score.
    #[default]
    Off,
    /// Up-votes only (“likes”).
    Up,
    /// Up- and down-votes.
    UpDown,
}

impl VoteMode {
    /// Its name in the configuration and on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::Up => "up",
            Self::UpDown => "up-down",
        }
    }

    /// Every mode, for parsers.
    pub const ALL: [Self; 3] = [Self::Off, Self::Up, Self::UpDown];
}

/// The body of `PUT /api/v1/comments/{id}/vote`: the reader's vote, replacing any earlier
/// one of theirs on that comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CastVote {
    /// `1` for, `-1` against, `0` to take the vote back.
    pub value: i8,
    /// The random key the widget keeps for this reader (16 to 64 letters, digits, `-` or
    /// `_`); ignored when the reader is signed in, who votes as their identity.
    pub voter: String,
    /// A signed-in reader's single sign-on token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sso: Option<String>,
    /// A signed-in reader's session from an identity provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// The answer to a vote: the comment's totals once it counted, and the reader's vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteTally {
    pub id: CommentId,
    pub up: u32,
    pub down: u32,
    /// The reader's vote now: `1`, `-1` or `0`.
    pub value: i8,
}

/// A comment's totals, as live updates bring them (`ThreadChange::Tallied`): its votes,
/// and its reactions (absent when none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub id: CommentId,
    pub up: u32,
    pub down: u32,
    #[serde(default, skip_serializing_if = "Reactions::is_empty")]
    pub reactions: Reactions,
}

/// The lower bound of the Wilson score interval (95 %) of `up` votes out of `up + down`,
/// scaled to an integer: what `sort=best` orders by. A comment with 40 up and 2 down
/// (about 0.84) ranks above one with 1 up and none down (about 0.21), and a comment
/// without votes ranks 0.
///
/// With n = up + down, p = up / n and z = 1.96:
/// (p + z²/2n − z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n).
pub fn wilson_rank(up: u32, down: u32) -> i64 {
    let n = f64::from(up) + f64::from(down);
    if n == 0.0 {
        return 0;
    }
    let z = 1.96_f64;
    let p = f64::from(up) / n;
    let spread = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    let lower = (p + z * z / (2.0 * n) - spread) / (1.0 + z * z / n);
    // Nine decimals are plenty to tell comments apart and fit an integer column.
    (lower.clamp(0.0, 1.0) * 1e9).round() as i64
}

/// Whether a count is zero (left out of the JSON).
pub(crate) fn is_zero(count: &u32) -> bool {
    *count == 0
}
