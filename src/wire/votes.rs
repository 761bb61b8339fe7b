//! Votes and reactions read from JSON: the vote mode, a comment's totals, and the answers
//! to a vote and to a reaction.

use super::{FromJson, field};
use crate::json::Json;
use confab_api::{ReactionTally, Reactions, Tally, VoteMode, VoteTally};

/// Any other value (or none, from an older server) reads as no votes.
impl FromJson for VoteMode {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        Ok(match value {
            Json::String(mode) if mode == "up" => Self::Up,
            Json::String(mode) if mode == "up-down" => Self::UpDown,
            _ => Self::Off,
        })
    }
}

impl FromJson for Tally {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        Ok(Self {
            id: field(value, "id")?,
            up: field(value, "up")?,
            down: field(value, "down")?,
            reactions: field(value, "reactions")?,
        })
    }
}

/// Absent (`null`) reads as none.
impl FromJson for Reactions {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        match value {
            Json::Object(members) => members
                .iter()
                .map(|(reaction, count)| Ok((reaction.to_string(), u32::from_json(count)?)))
                .collect::<Result<_, String>>()
                .map(Self),
            _ => Ok(Self::default()),
        }
    }
}

impl FromJson for ReactionTally {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        Ok(Self {
            reactions: field(value, "reactions")?,
            on: field(value, "on")?,
        })
    }
}

impl FromJson for VoteTally {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        Ok(Self {
            id: field(value, "id")?,
            up: field(value, "up")?,
            down: field(value, "down")?,
            value: field(value, "value")?,
        })
    }
}
