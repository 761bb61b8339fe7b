//! The proof-of-work challenge read from JSON (`GET /api/v1/challenge`).

use super::{FromJson, field};
use crate::json::Json;
use confab_api::Challenge;

impl FromJson for Challenge {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        let difficulty: u32 = field(value, "difficulty")?;
        Ok(Self {
            challenge: field(value, "challenge")?,
            // More than a hash has bits cannot be met; the server never asks it.
            difficulty: difficulty.min(255) as u8,
        })
    }
}
