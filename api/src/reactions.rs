//! Readers' reactions: the emoji a site offers, a reaction as the widget sends it, and the
//! totals of a comment or of the page itself.

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The reactions a site offers unless its configuration names others.
pub const DEFAULT_REACTIONS: [&str; 6] = ["👍", "❤️", "😄", "🎉", "😮", "😢"];

/// How many reactions a site may offer.
pub const MAX_REACTIONS: usize = 12;

/// How long one reaction may be, in bytes (an emoji with modifiers fits).
pub const MAX_REACTION_BYTES: usize = 32;

/// Whether `reaction` may be one of a site's reactions: 1 to [`MAX_REACTION_BYTES`] bytes,
/// without spaces, control characters or commas (the flag lists them with commas).
pub fn is_well_formed(reaction: &str) -> bool {
    !reaction.is_empty()
        && reaction.len() <= MAX_REACTION_BYTES
        && !reaction
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == ',')
}

/// How many readers reacted with each reaction, in the order the reactions were first
/// counted; a reaction nobody chose is left out. On the wire it is an object, such as
/// `{"👍": 3, "🎉": 1}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reactions(pub Vec<(String, u32)>);

impl Reactions {
    /// Whether nobody reacted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many readers chose `reaction`.
    pub fn count(&self, reaction: &str) -> u32 {
        self.0
            .iter()
            .find(|(chosen, _)| chosen == reaction)
            .map_or(0, |(_, count)| *count)
    }

    /// Counts one reader more (`on`) or fewer for `reaction`; a count that falls to zero
    /// is left out.
    pub fn change(&mut self, reaction: &str, on: bool) {
        match self.0.iter().position(|(chosen, _)| chosen == reaction) {
            Some(at) if on => self.0[at].1 += 1,
            Some(at) if self.0[at].1 <= 1 => drop(self.0.remove(at)),
            Some(at) => self.0[at].1 -= 1,
            None if on => self.0.push((reaction.to_owned(), 1)),
            None => {}
        }
    }
}

impl Serialize for Reactions {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (reaction, count) in &self.0 {
            map.serialize_entry(reaction, count)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Reactions {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Counts;
        impl<'de> Visitor<'de> for Counts {
            type Value = Reactions;
            fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
                formatter.write_str("an object of reactions and their counts")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Reactions, A::Error> {
                let mut counts = Vec::new();
                while let Some((reaction, count)) = map.next_entry::<String, u32>()? {
                    if count > 0 && !counts.iter().any(|(seen, _)| *seen == reaction) {
                        counts.push((reaction, count));
                    }
                }
                Ok(Reactions(counts))
            }
        }
        deserializer.deserialize_map(Counts)
    }
}

/// The body of `PUT /api/v1/comments/{id}/reaction` (a reaction to a comment) and of
/// `PUT /api/v1/threads/reaction` (to the page itself, named by `thread`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct React {
    /// One of the site's reactions.
    pub reaction: String,
    /// `true` to add the reader's reaction, `false` to take it back.
    pub on: bool,
    /// The random key the widget keeps for this reader, as for votes; ignored when the
    /// reader is signed in.
    pub voter: String,
    /// The page's thread key (for a reaction to the page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread: Option<String>,
    /// The page's title and URL, kept if the reaction starts the thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A signed-in reader's single sign-on token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sso: Option<String>,
    /// A signed-in reader's session from an identity provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// The answer to a reaction: the totals once it counted, and whether the reader's reaction
/// is now on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReactionTally {
    pub reactions: Reactions,
    pub on: bool,
}

#[cfg(test)]
mod tests {
    use super::Reactions;

    #[test]
    fn counts_rise_fall_and_vanish_at_zero() {
        let mut reactions = Reactions::default();
        reactions.change("👍", true);
        reactions.change("🎉", true);
        reactions.change("👍", true);
        assert_eq!(reactions.count("👍"), 2);
        reactions.change("🎉", false);
        reactions.change("😢", false);
        assert_eq!(reactions.0, vec![("👍".to_owned(), 2)]);
    }

    #[test]
    fn travel_as_an_object_in_their_order() {
        let reactions = Reactions(vec![("🎉".to_owned(), 1), ("👍".to_owned(), 3)]);
        let text = serde_json::to_string(&reactions).unwrap();
        assert_eq!(text, r#"{"🎉":1,"👍":3}"#);
        assert_eq!(serde_json::from_str::<Reactions>(&text).unwrap(), reactions);
        let zero = serde_json::from_str::<Reactions>(r#"{"👍":0,"🎉":2,"🎉":5}"#).unwrap();
        assert_eq!(zero.0, vec![("🎉".to_owned(), 2)]);
        assert!(serde_json::from_str::<Reactions>(r#"{"👍":-1}"#).is_err());
    }
}
