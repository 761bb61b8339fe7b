//! Sending a rendered mail over SMTP (STARTTLS or TLS and a login when configured), with
//! a plain-text and an HTML part, a stable `Message-ID` and, for mails to commenters,
//! one-click unsubscribe headers (RFC 8058).

use super::Failure;
use super::compose::MailPayload;
use crate::settings::notify::{MailSettings, Security};
use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Sends mails through the configured SMTP server.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// Makes `Message-ID`s unique to this server's database.
    id_tag: String,
}

impl Mailer {
    /// A mailer for `settings`; `id_tag` tells this server's message ids from others'.
    pub fn new(settings: &MailSettings, id_tag: &str) -> Result<Self, String> {
        let host = settings.smtp_host.as_str();
        let builder = match settings.security {
            Security::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
            Security::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
                .map_err(|error| format!("[mail] smtp_host {host:?}: {error}"))?,
            Security::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)
                .map_err(|error| format!("[mail] smtp_host {host:?}: {error}"))?,
        };
        let builder = builder
            .port(settings.smtp_port)
            .timeout(Some(Duration::from_secs(30)));
        let builder = match &settings.credentials {
            Some((user, password)) => {
                builder.credentials(Credentials::new(user.clone(), password.clone()))
            }
            None => builder,
        };
        Ok(Self {
            transport: builder.build(),
            from: settings.from.clone(),
            id_tag: id_tag.to_owned(),
        })
    }

    /// Sends delivery `id` to `to`. The same delivery always gets the same `Message-ID`,
    /// so a receiver can tell a repeat from a new mail.
    /// A refusal for good (a 5xx answer such as an unknown mailbox) is a permanent failure.
    pub async fn send(&self, id: i64, to: &str, mail: &MailPayload) -> Result<(), Failure> {
        let refused = Failure::Permanent;
        let to: Mailbox = to
            .parse()
            .map_err(|error| refused(format!("recipient {to:?}: {error}")))?;
        let domain = self.from.email.domain().to_owned();
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(super::compose::one_line(&mail.subject, 200))
            .message_id(Some(format!("<confab.{}.{id}@{domain}>", self.id_tag)))
            .header(AutoSubmitted);
        if let Some(url) = &mail.unsubscribe {
            builder = builder
                .header(ListUnsubscribe(format!("<{url}>")))
                .header(ListUnsubscribePost);
        }
        let message = builder
            .multipart(MultiPart::alternative_plain_html(
                mail.text.clone(),
                mail.html.clone(),
            ))
            .map_err(|error| refused(format!("building the mail: {error}")))?;
        self.transport
            .send(message)
            .await
            .map(drop)
            .map_err(|error| match error.is_permanent() {
                true => Failure::Permanent(error.to_string()),
                false => Failure::Temporary(error.to_string()),
            })
    }
}

/// `List-Unsubscribe: <https://…>`.
#[derive(Debug, Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(text: &str) -> Result<Self, BoxError> {
        Ok(Self(text.to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click`: the link unsubscribes with one
/// POST, without a page to confirm on.
#[derive(Debug, Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, BoxError> {
        Ok(Self)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

/// `Auto-Submitted: auto-generated`: no auto-replies, please.
#[derive(Debug, Clone)]
struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(_: &str) -> Result<Self, BoxError> {
        Ok(Self)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_owned())
    }
}
