//! The second phase: one attempt at a due delivery, by mail, webhook call or chat message.

use super::compose::MailPayload;
use super::{Notifier, akismet, chat, webhook};
use crate::storage::now_millis;
use crate::storage::outbox::{AddressState, AttemptOutcome, DueDelivery, Purpose};
use std::time::Duration;

/// The longest one attempt may take before it counts as failed (each step of an SMTP
/// conversation has its own 30 s timeout, so a slow server could take longer).
const ATTEMPT_LIMIT: Duration = Duration::from_secs(60);

impl Notifier {
    /// Makes one attempt at a delivery.
    pub(super) async fn attempt(&self, delivery: &DueDelivery) -> AttemptOutcome {
        let sending = async {
            match delivery.purpose {
                Purpose::Webhook => self.call_webhook(delivery).await,
                Purpose::Chat => self.tell_chat(delivery).await,
                Purpose::Akismet => self.call_akismet(delivery).await,
                Purpose::Owner | Purpose::Reply | Purpose::Confirm | Purpose::Manage => {
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

    async fn tell_chat(&self, delivery: &DueDelivery) -> Result<(), Failure> {
        let chat = self
            .sites
            .iter()
            .flat_map(|site| site.rules.notify.chats.iter())
            .find(|chat| chat.id == delivery.recipient)
            .ok_or_else(|| Failure::Permanent("this chat is no longer configured".to_owned()))?;
        chat::send(&self.http, chat, delivery.id, &delivery.payload)
            .await
            .map_err(Failure::Temporary)
    }

    /// Calls the outside spam check; a comment it calls spam is marked so (unless a
    /// moderator decided first).
    async fn call_akismet(&self, delivery: &DueDelivery) -> Result<(), Failure> {
        let settings = self.settings.akismet.as_ref().ok_or_else(|| {
            Failure::Permanent("the outside spam check is no longer configured".to_owned())
        })?;
        let call: akismet::Call = serde_json::from_str(&delivery.payload)
            .map_err(|error| Failure::Permanent(format!("damaged call: {error}")))?;
        let answer = akismet::send(&self.http, settings, &call).await?;
        if let akismet::Answer::Spam { .. } = answer {
            self.storage
                .mark_spam_for_service(call.comment, akismet::ACTOR, answer.note())
                .await
                .map_err(|error| Failure::Temporary(error.to_string()))?;
        }
        Ok(())
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
