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
pub mod settings;
pub mod texts;
pub mod webhook;

use crate::config::Sites;
use crate::storage::outbox::{
    AddressState, AttemptOutcome, ConfirmationRequest, DueDelivery, EventKind, Expansion,
    NewDelivery, OUTBOX_KEEP_MILLIS, OutboxEvent, Purpose,
};
use crate::storage::{Storage, StorageError, now_millis};
use compose::{LinkBase, MailPayload};
use confab_api::CommentStatus;
use settings::Notifications;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How often the notifier looks at the database when nothing told it of a write.
const POLL_INTERVAL: Duration = Duration::from_secs(1);

/// How often it checks whether this server wrote something.
const WRITE_CHECK_INTERVAL: Duration = Duration::from_millis(100);

/// Events turned into deliveries in one transaction.
const EVENTS_PER_ROUND: usize = 500;

/// How often old deliveries and events are forgotten.
const PRUNE_INTERVAL: Duration = Duration::from_secs(60 * 60);

/// Turns outbox events into deliveries and sends them.
pub struct Notifier {
    storage: Arc<dyn Storage>,
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
        storage: Arc<dyn Storage>,
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
        let mut seen_generation = None;
        let mut last_round = Instant::now() - POLL_INTERVAL;
        let mut last_prune = None::<Instant>;
        loop {
            if last_prune.is_none_or(|at| at.elapsed() >= PRUNE_INTERVAL) {
                last_prune = Some(Instant::now());
                let before = now_millis() - OUTBOX_KEEP_MILLIS;
                if let Err(error) = self.storage.prune_outbox(before).await {
                    tracing::warn!("notifications: pruning the outbox: {error}");
                }
            }
            let generation = self.storage.generation();
            if seen_generation != Some(generation) || last_round.elapsed() >= POLL_INTERVAL {
                seen_generation = Some(generation);
                last_round = Instant::now();
                if let Err(error) = self.round().await {
                    tracing::warn!("notifications: {error}");
                }
            }
            tokio::time::sleep(WRITE_CHECK_INTERVAL).await;
        }
    }

    /// Expands every waiting event, then attempts every due delivery.
    pub async fn round(&self) -> Result<(), StorageError> {
        loop {
            let events = self.storage.waiting_events(EVENTS_PER_ROUND).await?;
            if events.is_empty() {
                break;
            }
            let mut expansions = Vec::with_capacity(events.len());
            for event in events {
                expansions.push(self.expansion(event).await?);
            }
            self.storage.expand_events(expansions).await?;
        }
        loop {
            let due = self.storage.due_deliveries(now_millis(), 20).await?;
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
        let site = self.sites.for_stored_key(&comment.thread_key);
        let now = now_millis();
        let published = match event.kind {
            EventKind::Created => comment.status == CommentStatus::Published,
            EventKind::Approved => true,
            EventKind::Deleted => false,
        };
        let mut deliveries = Vec::new();
        let mut confirmation = None;
        // A comment deleted before its news went out is not news any more.
        let gone = event.kind != EventKind::Deleted && comment.status == CommentStatus::Deleted;
        if gone {
            return Ok(Expansion {
                event_id: event.id,
                deliveries,
                confirmation,
            });
        }
        if let Some(links) = self.links() {
            let author = comment.author_email.as_deref().map(str::to_lowercase);
            if event.kind == EventKind::Created
                && (site.rules.notify.owner_mail == settings::OwnerMail::All
                    || comment.status == CommentStatus::Pending)
            {
                for owner in &site.rules.notify.owner_emails {
                    if author.as_deref() != Some(owner.as_str()) {
                        let mail = compose::owner_mail(comment, owner, links, now);
                        deliveries.push(mail_delivery(Purpose::Owner, owner, &mail));
                    }
                }
            }
            if published && let Some(parent) = &comment.parent {
                let wanted = parent.notify_replies && parent.status == CommentStatus::Published;
                let parent_email = parent.email.as_deref().map(str::to_lowercase);
                if wanted
                    && let Some(address) = parent_email
                    && author.as_deref() != Some(address.as_str())
                    && self.storage.address_state(&address).await? == Some(AddressState::Confirmed)
                {
                    let recipient = compose::Recipient {
                        address: &address,
                        name: &parent.name,
                        lang: parent.lang.as_deref(),
                    };
                    let mail = compose::reply_mail(comment, &recipient, links);
                    deliveries.push(mail_delivery(Purpose::Reply, &address, &mail));
                }
            }
            if published
                && comment.notify_replies
                && let Some(address) = author
            {
                let mail = compose::confirmation_mail(comment, &address, links);
                confirmation = Some(ConfirmationRequest {
                    delivery: mail_delivery(Purpose::Confirm, &address, &mail),
                    address,
                    client: comment.client_address.clone(),
                });
            }
        }
        for hook in &site.rules.notify.webhooks {
            deliveries.push(NewDelivery {
                purpose: Purpose::Webhook,
                recipient: hook.url.clone(),
                payload: webhook::body(event.kind, comment, site),
            });
        }
        Ok(Expansion {
            event_id: event.id,
            deliveries,
            confirmation,
        })
    }

    /// Makes one attempt at a delivery.
    async fn attempt(&self, delivery: &DueDelivery) -> AttemptOutcome {
        let result = match delivery.purpose {
            Purpose::Webhook => self.call_webhook(delivery).await,
            Purpose::Owner | Purpose::Reply | Purpose::Confirm => self.send_mail(delivery).await,
        };
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
            .map_err(|error| match error.permanent {
                true => Failure::Permanent(error.message),
                false => Failure::Temporary(error.message),
            })
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
enum Failure {
    /// Worth another try later.
    Temporary(String),
    /// Trying again would fail the same way.
    Permanent(String),
}

fn mail_delivery(purpose: Purpose, recipient: &str, mail: &MailPayload) -> NewDelivery {
    NewDelivery {
        purpose,
        recipient: recipient.to_owned(),
        payload: serde_json::to_string(mail).expect("a mail serialises"),
    }
}
