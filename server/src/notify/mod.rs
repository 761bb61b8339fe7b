//! Notifications: owners, commenters and webhooks hear of new, approved and deleted
//! comments through the outbox.
//!
//! Every change that should be told is written as an outbox event in the same transaction
//! as the change. The notifier (one task per server) turns each event into deliveries —
//! owner mails, a reply mail, a confirmation mail, webhook calls — rendered once and
//! written together with the event's "done" mark, then sends the due deliveries and
//! records each attempt, retrying with exponential backoff. A crash or an unreachable SMTP
//! server delays a delivery but never drops it; a delivery is marked sent right after it
//! went out, and keeps its `Message-ID` (or `Confab-Delivery` id) on every attempt.

pub mod compose;
pub mod links;
pub mod mail;
pub mod texts;
pub mod webhook;

use crate::settings::notify::{Notifications, OwnerMail};
use crate::settings::{SiteSettings, Sites};
use crate::storage::outbox::{
    AddressState, AttemptOutcome, ConfirmationRequest, DueDelivery, EventComment, EventKind,
    Expansion, NewDelivery, OUTBOX_KEEP_MILLIS, OutboxEvent, Purpose,
};
use crate::storage::write_watch::WriteWatch;
use crate::storage::{Outbox, StorageError, now_millis};
use compose::{LinkBase, MailPayload};
use confab_api::CommentStatus;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How often the notifier looks at the database when nothing told it of a write.
const POLL_INTERVAL: Duration = Duration::from_secs(1);

/// How often it checks whether this server wrote something.
const WRITE_CHECK_INTERVAL: Duration = Duration::from_millis(100);

/// Events turned into deliveries in one transaction.
const EVENTS_PER_ROUND: usize = 500;

/// How long a claimed delivery is this server's to attempt: twice as long as an attempt
/// may take ([`ATTEMPT_LIMIT`]).
const CLAIM_MILLIS: i64 = 2 * 60 * 1000;

/// The longest one attempt may take before it counts as failed (each step of an SMTP
/// conversation has its own 30 s timeout, so a slow server could take longer).
const ATTEMPT_LIMIT: Duration = Duration::from_secs(60);

/// How often old deliveries and events are forgotten.
const PRUNE_INTERVAL: Duration = Duration::from_secs(60 * 60);

/// Turns outbox events into deliveries and sends them.
pub struct Notifier {
    storage: Arc<dyn Outbox>,
    settings: Arc<Notifications>,
    sites: Arc<Sites>,
    server_key: Arc<str>,
    mailer: Option<mail::Mailer>,
    http: reqwest::Client,
}

impl Notifier {
    /// A notifier for these settings (an SMTP server that is configured wrongly is an
    /// error now, not at the first mail).
    pub fn new(
        storage: Arc<dyn Outbox>,
        settings: Arc<Notifications>,
        sites: Arc<Sites>,
        server_key: Arc<str>,
    ) -> Result<Self, String> {
        let id_tag = &crate::identity::content_hash(server_key.as_bytes())[..12];
        let mailer = settings
            .mail
            .as_ref()
            .map(|mail| mail::Mailer::new(mail, id_tag))
            .transpose()?;
        Ok(Self {
            storage,
            settings,
            sites,
            server_key,
            mailer,
            http: webhook::client(),
        })
    }

    /// Runs until the process ends: right after each write through this server, every
    /// second otherwise.
    pub fn start(self) {
        tokio::spawn(self.run());
    }

    async fn run(self) {
        let mut writes = WriteWatch::new(
            Arc::clone(&self.storage),
            WRITE_CHECK_INTERVAL,
            POLL_INTERVAL,
        );
        let mut last_prune = None::<Instant>;
        loop {
            writes.next().await;
            if last_prune.is_none_or(|at| at.elapsed() >= PRUNE_INTERVAL) {
                last_prune = Some(Instant::now());
                let before = now_millis() - OUTBOX_KEEP_MILLIS;
                if let Err(error) = self.storage.prune_outbox(before).await {
                    tracing::warn!("notifications: pruning the outbox: {error}");
                }
            }
            if let Err(error) = self.round().await {
                tracing::warn!("notifications: {error}");
            }
        }
    }

    /// Whether anything is configured that events could cause (mail or a webhook).
    fn has_work(&self) -> bool {
        self.settings.mail.is_some() || self.sites.any_webhooks()
    }

    /// Expands every waiting event, then attempts every due delivery.
    pub async fn round(&self) -> Result<(), StorageError> {
        if !self.has_work() {
            // Nothing to tell anyone: the events are done as they are.
            self.storage.finish_waiting_events().await?;
        }
        loop {
            let events = self.storage.waiting_events(EVENTS_PER_ROUND).await?;
            if events.is_empty() {
                break;
            }
            let mut expansions = Vec::with_capacity(events.len());
            for event in events {
                expansions.push(match event {
                    Ok(event) => self.expansion(event).await?,
                    // Unreadable: set aside (logged) so the others go on.
                    Err(event_id) => Expansion {
                        event_id,
                        comment_id: 0,
                        deliveries: Vec::new(),
                        confirmation: None,
                    },
                });
            }
            self.storage.expand_events(expansions).await?;
        }
        loop {
            // One at a time: each claim must outlast one attempt, not a queue of them.
            let now = now_millis();
            let due = self
                .storage
                .claim_due_deliveries(now, 1, now + CLAIM_MILLIS)
                .await?;
            if due.is_empty() {
                return Ok(());
            }
            for delivery in due {
                let outcome = self.attempt(&delivery).await;
                if let AttemptOutcome::Failed { error, .. } | AttemptOutcome::GaveUp { error } =
                    &outcome
                {
                    tracing::warn!(delivery = delivery.id, "delivery failed: {error}");
                }
                self.storage
                    .delivery_attempted(delivery.id, &outcome)
                    .await?;
            }
        }
    }

    fn links(&self) -> Option<LinkBase<'_>> {
        self.settings.mail.as_ref().map(|mail| LinkBase {
            public_url: &mail.public_url,
            key: &self.server_key,
        })
    }

    /// The deliveries one event causes.
    async fn expansion(&self, event: OutboxEvent) -> Result<Expansion, StorageError> {
        let comment = &event.comment;
        let mut expansion = Expansion {
            event_id: event.id,
            comment_id: comment.id,
            deliveries: Vec::new(),
            confirmation: None,
        };
        let published_now = comment.status == CommentStatus::Published;
        // What is still news when the event is read: a comment deleted since is not, an
        // approval undone since is not, and edits are news only for readers on the page.
        let (news, published) = match event.kind {
            EventKind::Created => (
                comment.status != CommentStatus::Deleted,
                event.created_status == Some(CommentStatus::Published) && published_now,
            ),
            EventKind::Approved => (published_now, published_now),
            EventKind::Deleted => (true, false),
            EventKind::Edited => (false, false),
        };
        if !news {
            return Ok(expansion);
        }
        let site = self.sites.for_stored_key(&comment.thread_key);
        if let Some(links) = self.links() {
            if event.kind == EventKind::Created {
                let held = event.created_status == Some(CommentStatus::Pending);
                self.owner_mails(comment, site, held, links, &mut expansion);
            }
            if published {
                self.reply_mail(comment, links, &mut expansion).await?;
                expansion.confirmation = confirmation(comment, links);
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

    /// A mail to each of the site's owners (every new comment, or only held ones). An
    /// email typed on a comment proves nothing, so an owner's address on it changes nothing.
    fn owner_mails(
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
    async fn reply_mail(
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

    /// Makes one attempt at a delivery.
    async fn attempt(&self, delivery: &DueDelivery) -> AttemptOutcome {
        let sending = async {
            match delivery.purpose {
                Purpose::Webhook => self.call_webhook(delivery).await,
                Purpose::Owner | Purpose::Reply | Purpose::Confirm => {
                    self.send_mail(delivery).await
                }
            }
        };
        let result = tokio::time::timeout(ATTEMPT_LIMIT, sending)
            .await
            .unwrap_or_else(|_| {
                Err(Failure::Temporary(format!(
                    "no answer within {} seconds",
                    ATTEMPT_LIMIT.as_secs()
                )))
            });
        match result {
            Ok(()) => AttemptOutcome::Sent,
            Err(Failure::Permanent(error)) => AttemptOutcome::GaveUp { error },
            Err(Failure::Temporary(error)) => {
                match self.settings.retry_delay(delivery.attempts + 1) {
                    Some(delay) => AttemptOutcome::Failed {
                        error,
                        retry_at: now_millis()
                            + i64::try_from(delay.as_millis()).unwrap_or(i64::MAX / 2),
                    },
                    None => AttemptOutcome::GaveUp { error },
                }
            }
        }
    }

    async fn send_mail(&self, delivery: &DueDelivery) -> Result<(), Failure> {
        let Some(mailer) = &self.mailer else {
            return Err(Failure::Permanent("mail is not configured".to_owned()));
        };
        if delivery.purpose == Purpose::Reply {
            // An unsubscribe counts at once, even for mails already waiting.
            let state = self
                .storage
                .address_state(&delivery.recipient)
                .await
                .map_err(|error| Failure::Temporary(error.to_string()))?;
            if state != Some(AddressState::Confirmed) {
                return Err(Failure::Permanent(
                    "the address is no longer subscribed".to_owned(),
                ));
            }
        }
        let payload: MailPayload = serde_json::from_str(&delivery.payload)
            .map_err(|error| Failure::Permanent(format!("damaged mail: {error}")))?;
        mailer
            .send(delivery.id, &delivery.recipient, &payload)
            .await
    }

    async fn call_webhook(&self, delivery: &DueDelivery) -> Result<(), Failure> {
        let site_name = serde_json::from_str::<serde_json::Value>(&delivery.payload)
            .ok()
            .and_then(|body| body["site"].as_str().map(str::to_owned));
        let secret = self
            .sites
            .named(site_name.as_deref())
            .and_then(|site| {
                site.rules
                    .notify
                    .webhooks
                    .iter()
                    .find(|hook| hook.url == delivery.recipient)
            })
            .map(|hook| hook.secret.clone())
            .ok_or_else(|| Failure::Permanent("this webhook is no longer configured".to_owned()))?;
        webhook::send(
            &self.http,
            &delivery.recipient,
            &secret,
            delivery.id,
            &delivery.payload,
        )
        .await
        .map_err(Failure::Temporary)
    }
}

/// Why an attempt failed.
pub enum Failure {
    /// Worth another try later.
    Temporary(String),
    /// Trying again would fail the same way.
    Permanent(String),
}

/// The confirmation mail a published comment asking for reply notifications causes
/// (written only if its address may get one; see [`Outbox::expand_events`]).
fn confirmation(comment: &EventComment, links: LinkBase<'_>) -> Option<ConfirmationRequest> {
    if !comment.notify_replies {
        return None;
    }
    let address = comment.author_email.as_deref()?.to_lowercase();
    let mail = compose::confirmation_mail(comment, &address, links);
    Some(ConfirmationRequest {
        delivery: mail_delivery(Purpose::Confirm, &address, &mail),
        client: client_key(comment.client_address.as_deref()),
        address,
    })
}

/// Who counts as one client for the confirmation limit: an IPv4 address, an IPv6 /64 (one
/// host can have a whole one), or, when the address is unknown, all such posts together.
pub fn client_key(address: Option<&str>) -> String {
    match address.and_then(|address| address.parse::<std::net::IpAddr>().ok()) {
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
