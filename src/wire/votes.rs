//! Votes read from JSON: the vote mode, a comment's totals, and the answer to a vote.

use super::{FromJson, field};
use crate::json::Json;
use confab_api::{Tally, VoteMode, VoteTally};

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
