//! `[[site.chat]]`: where a site's moderators hear of new comments in their chat: a Slack
//! or Discord incoming webhook, a Matrix room (as a bot account), or a Telegram chat
//! (through a bot). The messages themselves are in `notify/chat.rs`.

use super::logins::is_provider_address;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::fmt;

/// Which chat service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChatKind {
    Slack,
    Discord,
    Matrix,
    Telegram,
}

impl ChatKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Slack => "slack",
            Self::Discord => "discord",
            Self::Matrix => "matrix",
            Self::Telegram => "telegram",
        }
    }
}

/// Which new comments a chat hears of.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChatEvents {
    /// Every new comment.
    #[default]
    All,
    /// Only comments held for moderation.
    Held,
}

/// `[[site.chat]]` as the file gives it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatFile {
    pub kind: ChatKind,
    /// Slack and Discord: the incoming webhook's address.
    pub url: Option<String>,
    /// Matrix: the homeserver, the room (`!id:server`) and the bot account's token.
    pub homeserver: Option<String>,
    pub room: Option<String>,
    pub access_token: Option<String>,
    /// Telegram: the bot's token, the chat, and the Bot API server (Telegram's own by
    /// default).
    pub bot_token: Option<String>,
    pub chat_id: Option<String>,
    pub api: Option<String>,
    /// Every new comment (`all`, the default) or only those held for moderation.
    pub events: Option<ChatEvents>,
}

/// A site's chat, checked.
#[derive(Clone, PartialEq, Eq)]
pub struct Chat {
    /// How deliveries, the log and moderation links name this chat (`slack:1a2b3c4d5e6f`),
    /// without its secrets; it changes when the chat's settings do.
    pub id: String,
    pub kind: ChatKind,
    /// The webhook (Slack, Discord), the homeserver (Matrix) or the Bot API server
    /// (Telegram), without a trailing `/`.
    pub address: String,
    /// The Matrix room or the Telegram chat; empty for webhooks.
    pub room: String,
    /// The Matrix access token or the Telegram bot token; empty for webhooks.
    pub token: String,
    pub events: ChatEvents,
}

/// Never prints the webhook address or the token (either lets anyone post there).
impl fmt::Debug for Chat {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Chat")
            .field("id", &self.id)
            .field("room", &self.room)
            .field("events", &self.events)
            .finish_non_exhaustive()
    }
}

/// A chat's id: its kind and a hash of its address, room and token.
fn chat_id(kind: ChatKind, address: &str, room: &str, token: &str) -> String {
    let digest = Sha256::new()
        .chain_update(address.as_bytes())
        .chain_update([0])
        .chain_update(room.as_bytes())
        .chain_update([0])
        .chain_update(token.as_bytes())
        .finalize();
    let hex: String = digest[..6]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("{}:{hex}", kind.as_str())
}

impl ChatFile {
    /// Checks that the kind has what it needs, at an https address (http on loopback).
    pub fn resolve(self, site: &str) -> Result<Chat, String> {
        let kind = self.kind.as_str();
        let missing = |what: &str| format!("site {site:?}: a {kind} chat needs {what}");
        let (address, room, token) = match self.kind {
            ChatKind::Slack | ChatKind::Discord => (
                self.url.ok_or_else(|| missing("a url"))?,
                String::new(),
                String::new(),
            ),
            ChatKind::Matrix => (
                self.homeserver.ok_or_else(|| missing("a homeserver"))?,
                self.room.ok_or_else(|| missing("a room"))?,
                self.access_token
                    .ok_or_else(|| missing("an access_token"))?,
            ),
            ChatKind::Telegram => (
                self.api
                    .unwrap_or_else(|| "https://api.telegram.org".to_owned()),
                self.chat_id.ok_or_else(|| missing("a chat_id"))?,
                self.bot_token.ok_or_else(|| missing("a bot_token"))?,
            ),
        };
        if !is_provider_address(&address) {
            return Err(format!(
                "site {site:?}: the {kind} chat's address must be https (http only on loopback)"
            ));
        }
        let address = address.trim_end_matches('/').to_owned();
        Ok(Chat {
            id: chat_id(self.kind, &address, &room, &token),
            kind: self.kind,
            address,
            room,
            token,
            events: self.events.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(text: &str) -> Result<Chat, String> {
        toml::from_str::<ChatFile>(text)
            .map_err(|error| error.to_string())?
            .resolve("blog")
    }

    #[test]
    fn each_kind_needs_its_own_settings_at_a_secure_address() {
        let slack =
            resolve("kind = \"slack\"\nurl = \"https://hooks.slack.com/services/T/B/x\"").unwrap();
        assert!(slack.id.starts_with("slack:"));
        assert!(
            !format!("{slack:?}").contains("hooks.slack.com"),
            "no secret printed"
        );
        let telegram =
            resolve("kind = \"telegram\"\nbot_token = \"1:AA\"\nchat_id = \"-100\"").unwrap();
        assert_eq!(telegram.address, "https://api.telegram.org");
        assert!(
            resolve(
                "kind = \"matrix\"\nhomeserver = \"https://m.example\"\nroom = \"!r:m.example\""
            )
            .is_err()
        );
        assert!(
            resolve("kind = \"discord\"\nurl = \"http://discord.example/api/webhooks/1/x\"")
                .is_err()
        );
        assert!(resolve("kind = \"discord\"\nurl = \"http://127.0.0.1:9/hook\"").is_ok());
        assert!(resolve("kind = \"irc\"\nurl = \"https://x.example\"").is_err());
    }
}
