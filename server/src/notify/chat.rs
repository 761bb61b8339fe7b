//! Messages to moderators' chats (`[[site.chat]]`), each in its service's documented
//! format: Slack's incoming webhook (`text` and Block Kit `blocks`), Discord's webhook
//! (`content`, with mentions turned off), Matrix's `m.room.message` (sent with the
//! delivery's id as the transaction id, so a retry never posts twice), and Telegram's
//! `sendMessage` (HTML). Each carries the comment, its author, its page, and the signed
//! moderation links owner mails carry. The message is rendered once, into the outbox;
//! the chat's address and token are looked up when it is sent, never stored with it.

use super::compose::{comment_url, name_of, one_line, title_of};
use crate::settings::chat::{Chat, ChatKind};
use crate::storage::outbox::EventComment;
use confab_api::CommentStatus;
use confab_api::body::plain_text;
use confab_api::html::escape;
use serde_json::json;

/// The longest quote of a comment in a chat message, in characters.
const QUOTE_CHARS: usize = 500;

/// The message for `chat` about `comment`, with `actions` (labels and signed links).
pub fn message(chat: &Chat, comment: &EventComment, actions: &[(&str, String)]) -> String {
    let title = title_of(comment);
    let name = name_of(&comment.author_name);
    let headline = if comment.status == CommentStatus::Pending {
        format!("Held for moderation: {name} on “{title}”")
    } else {
        format!("New comment by {name} on “{title}”")
    };
    let quote = one_line(&plain_text(&comment.body), QUOTE_CHARS);
    let page = comment_url(comment);
    match chat.kind {
        ChatKind::Slack => {
            // Slack's mrkdwn: &, < and > escaped; links as <url|label>.
            let slack = |text: &str| {
                text.replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
            };
            let mut blocks = vec![json!({"type": "section", "text": {"type": "mrkdwn",
                "text": format!("*{}*\n>{}", slack(&headline), slack(&quote))}})];
            if let Some(page) = &page {
                blocks.push(json!({"type": "context", "elements": [{"type": "mrkdwn",
                    "text": format!("<{}|Open the comment>", slack(page))}]}));
            }
            if !actions.is_empty() {
                let buttons: Vec<_> = actions
                    .iter()
                    .map(|(label, url)| {
                        json!({"type": "button",
                        "text": {"type": "plain_text", "text": label}, "url": url})
                    })
                    .collect();
                blocks.push(json!({"type": "actions", "elements": buttons}));
            }
            json!({"text": headline, "blocks": blocks}).to_string()
        }
        ChatKind::Discord => {
            let mut content = format!("**{}**\n> {}", discord(&headline), discord(&quote));
            if let Some(page) = &page {
                content.push_str(&format!("\n<{page}>"));
            }
            for (label, url) in actions {
                content.push_str(&format!("\n[{label}](<{url}>)"));
            }
            // Nothing a commenter wrote may ping anyone (@everyone, roles, users).
            let content: String = content.chars().take(2000).collect();
            json!({"content": content, "allowed_mentions": {"parse": []}}).to_string()
        }
        ChatKind::Matrix | ChatKind::Telegram => {
            let mut text = format!("{headline}\n> {quote}");
            let mut html = format!(
                "<b>{}</b>\n<blockquote>{}</blockquote>",
                escape(&headline),
                escape(&quote)
            );
            if let Some(page) = &page {
                text.push_str(&format!("\n{page}"));
                html.push_str(&format!(
                    "\n<a href=\"{}\">Open the comment</a>",
                    escape(page)
                ));
            }
            for (label, url) in actions {
                text.push_str(&format!("\n{label}: {url}"));
                html.push_str(&format!(
                    "\n<a href=\"{}\">{}</a>",
                    escape(url),
                    escape(label)
                ));
            }
            if chat.kind == ChatKind::Matrix {
                json!({"msgtype": "m.notice", "body": text,
                       "format": "org.matrix.custom.html",
                       "formatted_body": html.replace('\n', "<br>")})
                .to_string()
            } else {
                json!({"chat_id": chat.room, "text": html, "parse_mode": "HTML",
                       "link_preview_options": {"is_disabled": true}})
                .to_string()
            }
        }
    }
}

/// Discord's markdown: characters that would format or mention are escaped.
fn discord(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '~' | '`' | '|' | '>' | '@' | '#' | '[' | ']' | '<'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Sends `body` to `chat` (delivery `delivery`); any answer but 2xx is a failure.
pub async fn send(
    client: &reqwest::Client,
    chat: &Chat,
    delivery: i64,
    body: &str,
) -> Result<(), String> {
    let request = match chat.kind {
        ChatKind::Slack | ChatKind::Discord => client.post(&chat.address),
        ChatKind::Matrix => {
            let room: String = url::form_urlencoded::byte_serialize(chat.room.as_bytes()).collect();
            client
                .put(format!(
                    "{}/_matrix/client/v3/rooms/{room}/send/m.room.message/confab-{delivery}",
                    chat.address
                ))
                .bearer_auth(&chat.token)
        }
        ChatKind::Telegram => {
            client.post(format!("{}/bot{}/sendMessage", chat.address, chat.token))
        }
    };
    let response = request
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body.to_owned())
        .send()
        .await
        // The error names the address, which holds the secret of a webhook: not shown.
        .map_err(|_| format!("{} cannot be reached", chat.id))?;
    if response.status().is_success() {
        Ok(())
    } else {
        Err(format!("{} answered {}", chat.id, response.status()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_a_commenter_writes_formats_or_pings_in_discord() {
        assert_eq!(discord("@everyone **hi**"), "\\@everyone \\*\\*hi\\*\\*");
        assert_eq!(discord("plain words"), "plain words");
    }
}
