//! The first phase: each outbox event becomes its deliveries (owner mails, a reply mail,
//! a confirmation mail, webhook calls, chat messages), rendered once.

use super::compose::{self, LinkBase, MailPayload};
use super::{Notifier, akismet, chat, webhook};
use crate::settings::SiteSettings;
use crate::settings::chat::ChatEvents;
use crate::settings::notify::OwnerMail;
use crate::storage::outbox::{
    AddressState, ConfirmationRequest, EventComment, EventKind, Expansion, NewDelivery,
    OutboxEvent, Purpose,
};
use crate::storage::{StorageError, now_millis};
use crate::validate;
use confab_api::CommentStatus;

impl Notifier {
    /// The deliveries one event causes.
    pub(super) async fn expansion(&self, event: OutboxEvent) -> Result<Expansion, StorageError> {
        let comment = &event.comment;
        let mut expansion = Expansion {
            event_id: event.id,
            comment_id: comment.id,
            deliveries: Vec::new(),
            confirmation: None,
        };
        let site = self.sites.for_stored_key(&comment.thread_key);
        if self.settings.akismet.is_some()
            && let Some(call) = akismet::call_for(&event, site)
        {
            expansion.deliveries.push(NewDelivery {
                purpose: Purpose::Akismet,
                recipient: call.method.as_str().to_owned(),
                payload: serde_json::to_string(&call).expect("a call serialises"),
            });
        }
        let published_now = comment.status == CommentStatus::Published;
        // What is still news when the event is read: a comment deleted since is not, an
        // approval undone since is not, and edits are news only for readers on the page.
        let (news, published) = match event.kind {
            // One a rule marked as spam is nobody's news.
            EventKind::Created => (
                comment.status != CommentStatus::Deleted
                    && event.created_status != Some(CommentStatus::Spam),
                event.created_status == Some(CommentStatus::Published) && published_now,
            ),
            EventKind::Approved => (published_now, published_now),
            EventKind::Deleted => (true, false),
            EventKind::Edited => (false, false),
            // Held again after an edit: news for the owners while it still waits.
            EventKind::Held => (comment.status == CommentStatus::Pending, false),
            // Only the outside spam check hears of it.
            EventKind::Spam => (false, false),
        };
        if !news {
            return Ok(expansion);
        }
        let held = match event.kind {
            EventKind::Created => Some(event.created_status == Some(CommentStatus::Pending)),
            EventKind::Held => Some(true),
            _ => None,
        };
        if let Some(held) = held {
            self.chat_messages(comment, site, held, &mut expansion);
        }
        if let Some(links) = self.links() {
            if let Some(held) = held {
                self.owner_mails(comment, site, held, links, &mut expansion);
            }
            if published {
                let told = as_told_to_commenters(comment, site, links.public_url);
                self.reply_mail(&told, links, &mut expansion).await?;
                expansion.confirmation = confirmation(&told, links);
            }
        }
        for hook in &site.rules.notify.webhooks {
            expansion.deliveries.push(NewDelivery {
                purpose: Purpose::Webhook,
                recipient: hook.url.clone(),
                payload: webhook::body(event.kind, comment, site),
            });
        }
        Ok(expansion)
    }

    /// A message to each of the site's moderators' chats (every new comment, or only held
    /// ones), with moderation links when the server knows its public address.
    fn chat_messages(
        &self,
        comment: &EventComment,
        site: &SiteSettings,
        held: bool,
        expansion: &mut Expansion,
    ) {
        for chat in &site.rules.notify.chats {
            if chat.events == ChatEvents::Held && !held {
                continue;
            }
            let actions = self.links().map_or_else(Vec::new, |links| {
                compose::moderation_links(comment, &chat.id, links, now_millis())
            });
            expansion.deliveries.push(NewDelivery {
                purpose: Purpose::Chat,
                recipient: chat.id.clone(),
                payload: chat::message(chat, comment, &actions),
            });
        }
    }

    /// A mail to each of the site's owners (every new comment, or only held ones). An
    /// email typed on a comment proves nothing, so an owner's address on it changes nothing.
    pub(super) fn owner_mails(
        &self,
        comment: &EventComment,
        site: &SiteSettings,
        held: bool,
        links: LinkBase<'_>,
        expansion: &mut Expansion,
    ) {
        if site.rules.notify.owner_mail == OwnerMail::Held && !held {
            return;
        }
        for owner in &site.rules.notify.owner_emails {
            let mail = compose::owner_mail(comment, owner, links, now_millis());
            expansion
                .deliveries
                .push(mail_delivery(Purpose::Owner, owner, &mail));
        }
    }

    /// A mail to the author of the comment answered, if they asked and confirmed, and the
    /// reply is not their own.
    pub(super) async fn reply_mail(
        &self,
        reply: &EventComment,
        links: LinkBase<'_>,
        expansion: &mut Expansion,
    ) -> Result<(), StorageError> {
        let Some(parent) = &reply.parent else {
            return Ok(());
        };
        let wanted = parent.notify_replies && parent.status == CommentStatus::Published;
        let author = reply.author_email.as_deref().map(str::to_lowercase);
        let Some(address) = parent.email.as_deref().map(str::to_lowercase) else {
            return Ok(());
        };
        if wanted
            && author.as_deref() != Some(address.as_str())
            && self.storage.address_state(&address).await? == Some(AddressState::Confirmed)
        {
            let recipient = compose::Recipient {
                address: &address,
                name: &parent.name,
                lang: parent.lang.as_deref(),
            };
            let mail = compose::reply_mail(reply, &recipient, links);
            expansion
                .deliveries
                .push(mail_delivery(Purpose::Reply, &address, &mail));
        }
        Ok(())
    }
}

/// The comment as mails to commenters tell of it. Anyone may start a thread, and its
/// title and address are theirs until a moderator corrects them: mails from the site's
/// address name a thread by its title, and link to its page, only when that page is on
/// the site (one of its origins, or this server's own); otherwise the site's address
/// (or this server's) stands for the title, and the mail has no link to the page.
fn as_told_to_commenters(
    comment: &EventComment,
    site: &SiteSettings,
    public_url: &str,
) -> EventComment {
    let server = [validate::origin_of(public_url)];
    let on_site = comment
        .thread_url
        .as_deref()
        .is_some_and(|url| site.has_page(url) || validate::is_on_origins(url, &server));
    let mut told = comment.clone();
    if !on_site {
        told.thread_title = site.host(public_url);
        told.thread_url = None;
    }
    told
}

/// The confirmation mail a published comment asking for reply notifications causes
/// (written only if its address may get one; see [`Outbox::expand_events`]).
fn confirmation(comment: &EventComment, links: LinkBase<'_>) -> Option<ConfirmationRequest> {
    if !comment.notify_replies {
        return None;
    }
    let address = comment.author_email.as_deref()?.to_lowercase();
    let mail = compose::confirmation_mail(comment, &address, links, now_millis());
    Some(ConfirmationRequest {
        delivery: mail_delivery(Purpose::Confirm, &address, &mail),
        client: client_key(comment.client_address.as_deref()),
        address,
    })
}

/// Who counts as one client for the confirmation limit: an IPv4 address, an IPv6 /64 (one
/// host can have a whole one), or, when the address is unknown, all such posts together.
pub fn client_key(address: Option<&str>) -> String {
    let address = address.and_then(|address| address.parse::<std::net::IpAddr>().ok());
    match address.map(crate::identity::client_network) {
        Some(std::net::IpAddr::V4(v4)) => v4.to_string(),
        Some(std::net::IpAddr::V6(v6)) => {
            let segments = v6.segments();
            format!(
                "{:x}:{:x}:{:x}:{:x}::/64",
                segments[0], segments[1], segments[2], segments[3]
            )
        }
        None => "unknown".to_owned(),
    }
}

fn mail_delivery(purpose: Purpose, recipient: &str, mail: &MailPayload) -> NewDelivery {
    NewDelivery {
        purpose,
        recipient: recipient.to_owned(),
        payload: serde_json::to_string(mail).expect("a mail serialises"),
    }
}

#[cfg(test)]
mod tests;
