//! Notifications: owners, commenters, webhooks and moderators' chats hear of new,
//! approved and deleted comments through the outbox.
//!
//! Every change that should be told is written as an outbox event in the same transaction
//! as the change. The notifier (one task per server) turns each event into deliveries —
//! owner mails, a reply mail, a confirmation mail, webhook calls, chat messages — rendered once and
//! written together with the event's "done" mark, then sends the due deliveries and
//! records each attempt, retrying with exponential backoff. A crash or an unreachable SMTP
//! server delays a delivery but never drops it; a delivery is marked sent right after it
//! went out, and keeps its `Message-ID` (or `Confab-Delivery` id) on every attempt. The
//! two phases are `expand` (events into deliveries) and `send` (one attempt at one). The
//! optional outside spam check (`akismet`) travels the same way.

pub mod akismet;
pub mod chat;
pub mod compose;
mod expand;
pub mod links;
pub mod mail;
mod send;
pub mod texts;
pub mod webhook;

pub use expand::client_key;
pub use send::Failure;

use crate::settings::Sites;
use crate::settings::notify::Notifications;
use crate::storage::outbox::{AttemptOutcome, Expansion, OUTBOX_KEEP_MILLIS};
use crate::storage::write_watch::WriteWatch;
use crate::storage::{Outbox, StorageError, now_millis};
use compose::LinkBase;
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

    /// Whether anything is configured that events could cause (mail, a webhook, a chat
    /// or the outside spam check).
    fn has_work(&self) -> bool {
        self.settings.mail.is_some() || self.settings.akismet.is_some() || self.sites.any_webhooks()
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
}
