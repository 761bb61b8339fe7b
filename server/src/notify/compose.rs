//! The mails Confab sends, rendered once when their event is taken from the outbox: a
//! plain-text part and an HTML part built from the comment's node tree (everything a
//! reader wrote is escaped), and the unsubscribe link where one belongs.

use super::links::{
    AddressAction, AddressLink, CONFIRMATION_LINK_LIFETIME_MILLIS, MODERATION_LINK_LIFETIME_MILLIS,
    ModerationLink,
};
use super::texts::MailTexts;
use crate::storage::outbox::EventComment;
use confab_api::html::{escape, to_html};
use confab_api::{CommentStatus, ModerationAction, body::plain_text};
use serde::{Deserialize, Serialize};

/// A rendered mail, as stored in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailPayload {
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The one-click unsubscribe address (`List-Unsubscribe`), for mails to commenters.
    pub unsubscribe: Option<String>,
}

/// Where the links of a mail point and what signs them.
#[derive(Debug, Clone, Copy)]
pub struct LinkBase<'a> {
    pub public_url: &'a str,
    pub key: &'a str,
}

/// Text for a header: control characters (line breaks included) become spaces, so
/// nothing a reader typed can start a header of its own; long text is cut.
pub fn one_line(text: &str, max_chars: usize) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let joined = words.join(" ");
    if joined.chars().count() <= max_chars {
        joined
    } else {
        let cut: String = joined.chars().take(max_chars.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

pub(super) fn title_of(comment: &EventComment) -> String {
    one_line(
        comment
            .thread_title
            .as_deref()
            .unwrap_or(&comment.thread_key),
        120,
    )
}

pub(super) fn name_of(name: &str) -> String {
    match one_line(name, 100) {
        name if name.is_empty() => "Anonymous".to_owned(),
        name => name,
    }
}

/// The comment's own address on its page, when the page's URL is known.
pub(super) fn comment_url(comment: &EventComment) -> Option<String> {
    comment
        .thread_url
        .as_ref()
        .map(|url| format!("{url}#confab-comment-{}", comment.id))
}

/// The comment's text, as plain text and as HTML, quoted in a mail.
fn quoted(comment: &EventComment) -> (String, String) {
    let text = plain_text(&comment.body)
        .lines()
        .map(|line| format!("> {line}"))
        .collect::<Vec<_>>()
        .join("\n");
    let html = format!(
        "<blockquote style=\"margin:1em 0;padding-left:1em;border-left:3px solid #ccc\">{}</blockquote>",
        to_html(&comment.body)
    );
    (text, html)
}

fn html_page(inner: &str, texts: &MailTexts) -> String {
    let dir = if texts.rtl { "rtl" } else { "ltr" };
    format!(
        "<!DOCTYPE html><html lang=\"{}\" dir=\"{dir}\"><head><meta charset=\"utf-8\"></head>\
         <body style=\"font-family:sans-serif;line-height:1.5;max-width:40em\">{inner}</body></html>",
        texts.lang
    )
}

fn html_link(url: &str, label: &str) -> String {
    format!("<a href=\"{}\">{}</a>", escape(url), escape(label))
}

/// The actions an owner's mail offers for a comment in this state.
fn owner_actions(status: CommentStatus) -> &'static [ModerationAction] {
    match status {
        CommentStatus::Pending => &[
            ModerationAction::Approve,
            ModerationAction::Reject,
            ModerationAction::Spam,
        ],
        _ => &[ModerationAction::Spam, ModerationAction::Delete],
    }
}

/// What a moderation link's button says.
pub fn action_label(action: ModerationAction) -> &'static str {
    match action {
        ModerationAction::Approve => "Approve",
        ModerationAction::Reject => "Reject",
        ModerationAction::Spam => "Mark as spam",
        ModerationAction::Delete => "Delete",
        ModerationAction::Erase => "Erase",
    }
}

/// The signed links that let `owner` (an owner's address, or a moderators' chat) act on
/// `comment` in its state, with their labels.
pub fn moderation_links(
    comment: &EventComment,
    owner: &str,
    links: LinkBase<'_>,
    now: i64,
) -> Vec<(&'static str, String)> {
    owner_actions(comment.status)
        .iter()
        .map(|&action| {
            let link = ModerationLink {
                comment: comment.id,
                action,
                owner: owner.to_owned(),
                expires: now + MODERATION_LINK_LIFETIME_MILLIS,
                edited: comment.edited_at.unwrap_or(0),
            };
            (action_label(action), link.url(links.public_url, links.key))
        })
        .collect()
}

/// A site owner's mail about a new comment, with signed links to moderate it.
pub fn owner_mail(
    comment: &EventComment,
    owner: &str,
    links: LinkBase<'_>,
    now: i64,
) -> MailPayload {
    let title = title_of(comment);
    let name = name_of(&comment.author_name);
    let held = comment.status == CommentStatus::Pending;
    let subject = if held {
        format!("Held for moderation: {name} on “{title}”")
    } else {
        format!("New comment by {name} on “{title}”")
    };
    let mut facts = vec![("Author", name.clone())];
    for (label, value) in [
        ("Email", &comment.author_email),
        ("Website", &comment.author_website),
        ("Address", &comment.client_address),
    ] {
        if let Some(value) = value {
            facts.push((label, one_line(value, 300)));
        }
    }
    if let Some(url) = comment_url(comment) {
        facts.push(("Page", url));
    }
    let actions = moderation_links(comment, owner, links, now);
    let (quote_text, quote_html) = quoted(comment);
    let state = if held {
        "A new comment is waiting for your approval"
    } else {
        "A new comment was published"
    };
    let mut text = format!("{state} on “{title}”.\n\n");
    for (label, value) in &facts {
        text.push_str(&format!("{label}: {value}\n"));
    }
    text.push_str(&format!("\n{quote_text}\n\n"));
    for (label, url) in &actions {
        text.push_str(&format!("{label}: {url}\n"));
    }
    text.push_str("\nEach link asks you to confirm, and works for 7 days.\n");
    let mut html = format!("<p>{} on “{}”.</p><p>", escape(state), escape(&title));
    for (label, value) in &facts {
        html.push_str(&format!("{label}: {}<br>", escape(value)));
    }
    html.push_str(&format!("</p>{quote_html}<p>"));
    let buttons: Vec<String> = actions
        .iter()
        .map(|(label, url)| html_link(url, label))
        .collect();
    html.push_str(&buttons.join(" · "));
    html.push_str("</p><p>Each link asks you to confirm, and works for 7 days.</p>");
    MailPayload {
        subject,
        text,
        html: html_page(&html, super::texts::for_language(None)),
        unsubscribe: None,
    }
}

/// A commenter's mail about a reply to their comment, in the language they wrote in.
pub fn reply_mail(
    reply: &EventComment,
    recipient: &Recipient<'_>,
    links: LinkBase<'_>,
) -> MailPayload {
    let texts = super::texts::for_language(recipient.lang);
    let title = title_of(reply);
    let name = name_of(&reply.author_name);
    let unsubscribe = AddressLink::new(AddressAction::Unsubscribe, recipient.address, 0, 0)
        .url(links.public_url, links.key);
    let (quote_text, quote_html) = quoted(reply);
    let greeting = texts.get("reply-greeting", &[("name", &name_of(recipient.name))]);
    let said = texts.get("reply-said", &[("name", &name), ("title", &title)]);
    let mut text = format!("{greeting}\n\n{said}\n\n{quote_text}\n\n");
    let mut html = format!(
        "<p>{}</p><p>{}</p>{quote_html}",
        escape(&greeting),
        escape(&said)
    );
    if let Some(url) = comment_url(reply) {
        let read = texts.get("reply-read", &[]);
        text.push_str(&format!("{read}: {url}\n\n"));
        html.push_str(&format!("<p>{}</p>", html_link(&url, &read)));
    }
    let (why, stop) = (texts.get("reply-why", &[]), texts.get("reply-stop", &[]));
    text.push_str(&format!("{why} {stop}: {unsubscribe}\n"));
    html.push_str(&format!(
        "<p style=\"color:#666\">{} {}</p>",
        escape(&why),
        html_link(&unsubscribe, &stop)
    ));
    MailPayload {
        subject: texts.get("reply-subject", &[("name", &name), ("title", &title)]),
        text,
        html: html_page(&html, texts),
        unsubscribe: Some(unsubscribe),
    }
}

/// Who a reply mail goes to.
#[derive(Debug, Clone, Copy)]
pub struct Recipient<'a> {
    /// Lower-cased.
    pub address: &'a str,
    pub name: &'a str,
    /// The language their widget used, if known.
    pub lang: Option<&'a str>,
}

/// The one mail an address gets before it is confirmed, in the language of the comment
/// that asked.
pub fn confirmation_mail(
    comment: &EventComment,
    address: &str,
    links: LinkBase<'_>,
    now: i64,
) -> MailPayload {
    let texts = super::texts::for_language(comment.lang.as_deref());
    let title = title_of(comment);
    let confirm = AddressLink::new(
        AddressAction::Confirm,
        address,
        now,
        CONFIRMATION_LINK_LIFETIME_MILLIS,
    )
    .url(links.public_url, links.key);
    let unsubscribe = AddressLink::new(AddressAction::Unsubscribe, address, now, 0)
        .url(links.public_url, links.key);
    let asked = texts.get("confirm-asked", &[("title", &title)]);
    let link_label = texts.get("confirm-link", &[]);
    let ignore = texts.get("confirm-ignore", &[]);
    let text = format!("{asked}\n\n{link_label}: {confirm}\n\n{ignore}\n");
    let html = format!(
        "<p>{}</p><p>{}</p><p style=\"color:#666\">{}</p>",
        escape(&asked),
        html_link(&confirm, &link_label),
        escape(&ignore)
    );
    MailPayload {
        subject: texts.get("confirm-subject", &[("title", &title)]),
        text,
        html: html_page(&html, texts),
        unsubscribe: Some(unsubscribe),
    }
}

/// The mail that carries a commenter's “Manage my comments” `link` on `site` (its host),
/// in the language of their widget.
pub fn manage_mail(site: &str, link: &str, lang: Option<&str>) -> MailPayload {
    let texts = super::texts::for_language(lang);
    let asked = texts.get("manage-asked", &[("site", site)]);
    let link_label = texts.get("manage-link", &[]);
    let note = texts.get("manage-note", &[]);
    let text = format!("{asked}\n\n{link_label}: {link}\n\n{note}\n");
    let html = format!(
        "<p>{}</p><p>{}</p><p style=\"color:#666\">{}</p>",
        escape(&asked),
        html_link(link, &link_label),
        escape(&note)
    );
    MailPayload {
        subject: texts.get("manage-subject", &[("site", site)]),
        text,
        html: html_page(&html, texts),
        unsubscribe: None,
    }
}

#[cfg(test)]
mod tests;
