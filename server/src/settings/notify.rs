//! Notification settings: `[mail]` (the SMTP server and the links' public address),
//! `[notifications]` (retries), and each site's owners, webhooks and chats.

use serde::Deserialize;
use std::str::FromStr;
use std::time::Duration;

/// `[mail]`: how mail leaves the server.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailFile {
    pub smtp_host: String,
    pub smtp_port: Option<u16>,
    /// `none`, `starttls` (the default) or `tls`.
    pub security: Option<Security>,
    pub username: Option<String>,
    pub password: Option<String>,
    /// The sender, like `Comments <comments@blog.example>`.
    pub from: String,
    /// Where readers reach this server (the links in mails start with it).
    pub public_url: String,
}

/// How the SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Plain text: only for a relay on the same machine or network.
    None,
    /// Plain connection upgraded with STARTTLS (required).
    Starttls,
    /// TLS from the first byte (SMTPS).
    Tls,
}

/// `[notifications]`: how failed deliveries are retried.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotificationsFile {
    /// The wait before the first retry; each further retry waits twice as long.
    pub retry_seconds: Option<u64>,
    /// Attempts before a delivery is given up.
    pub max_attempts: Option<u32>,
}

/// A site's notification keys in its `[[site]]` table.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteNotificationsFile {
    #[serde(default)]
    pub owner_emails: Vec<String>,
    pub owner_mail: Option<OwnerMail>,
    #[serde(default, rename = "webhook")]
    pub webhooks: Vec<Webhook>,
    #[serde(default, rename = "chat")]
    pub chats: Vec<super::chat::ChatFile>,
}

/// Which new comments the site's owners hear of.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OwnerMail {
    /// Every new comment.
    #[default]
    All,
    /// Only comments held for moderation.
    Held,
}

/// `[[site.webhook]]`: a URL that receives new, approved and deleted comments.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Webhook {
    pub url: String,
    /// The key of the `Confab-Signature` HMAC (at least 16 characters).
    pub secret: String,
}

/// Mail settings, checked.
#[derive(Debug, Clone)]
pub struct MailSettings {
    pub smtp_host: String,
    pub smtp_port: u16,
    pub security: Security,
    pub credentials: Option<(String, String)>,
    pub from: lettre::message::Mailbox,
    /// Without a trailing slash.
    pub public_url: String,
}

/// Everything the notifier runs with.
#[derive(Debug, Clone)]
pub struct Notifications {
    /// `None`: no mail is sent (reply notifications are not offered).
    pub mail: Option<MailSettings>,
    pub retry_base: Duration,
    pub max_attempts: u32,
    /// `None`: no outside spam check.
    pub akismet: Option<super::akismet::AkismetSettings>,
}

impl Default for Notifications {
    fn default() -> Self {
        Self {
            mail: None,
            retry_base: Duration::from_secs(30),
            max_attempts: 12,
            akismet: None,
        }
    }
}

/// One site's owners and webhooks, checked.
#[derive(Debug, Default, Clone)]
pub struct SiteNotifications {
    /// Lower-cased.
    pub owner_emails: Vec<String>,
    pub owner_mail: OwnerMail,
    pub webhooks: Vec<Webhook>,
    /// Moderators' chats.
    pub chats: Vec<super::chat::Chat>,
}

impl Notifications {
    /// Checks `[mail]`, `[notifications]` and `[akismet]`.
    pub fn resolve(
        mail: Option<MailFile>,
        file: NotificationsFile,
        akismet: Option<super::akismet::AkismetFile>,
    ) -> Result<Self, String> {
        let defaults = Self::default();
        let mail = mail.map(resolve_mail).transpose()?;
        let max_attempts = file.max_attempts.unwrap_or(defaults.max_attempts);
        if max_attempts == 0 {
            return Err("[notifications] max_attempts must be at least 1".to_owned());
        }
        Ok(Self {
            mail,
            retry_base: file
                .retry_seconds
                .map_or(defaults.retry_base, Duration::from_secs),
            max_attempts,
            akismet: akismet
                .map(super::akismet::AkismetFile::resolve)
                .transpose()?,
        })
    }

    /// When the attempt after `attempts` failed ones should be made, or `None` to give up.
    pub fn retry_delay(&self, attempts: u32) -> Option<Duration> {
        if attempts >= self.max_attempts {
            return None;
        }
        let doubling = attempts.saturating_sub(1).min(16);
        Some(
            self.retry_base
                .saturating_mul(1 << doubling)
                .min(Duration::from_secs(6 * 60 * 60)),
        )
    }
}

fn resolve_mail(file: MailFile) -> Result<MailSettings, String> {
    let security = file.security.unwrap_or(Security::Starttls);
    let from = lettre::message::Mailbox::from_str(&file.from)
        .map_err(|error| format!("[mail] from {:?}: {error}", file.from))?;
    let public_url = super::addresses::public_url(&file.public_url, "[mail] public_url")?;
    let credentials = match (file.username, file.password) {
        (Some(user), Some(password)) => Some((user, password)),
        (None, None) => None,
        _ => return Err("[mail] username and password go together".to_owned()),
    };
    Ok(MailSettings {
        smtp_port: file.smtp_port.unwrap_or(match security {
            Security::None => 25,
            Security::Starttls => 587,
            Security::Tls => 465,
        }),
        smtp_host: file.smtp_host,
        security,
        credentials,
        from,
        public_url,
    })
}

impl SiteNotifications {
    /// Checks a site's owners and webhooks; owner mail needs `[mail]`.
    pub fn resolve(
        site: &str,
        file: SiteNotificationsFile,
        mail_configured: bool,
    ) -> Result<Self, String> {
        let mut owner_emails = Vec::with_capacity(file.owner_emails.len());
        for email in file.owner_emails {
            if lettre::Address::from_str(email.trim()).is_err() {
                return Err(format!(
                    "site {site:?}: owner email {email:?} is not an address"
                ));
            }
            owner_emails.push(email.trim().to_lowercase());
        }
        if !owner_emails.is_empty() && !mail_configured {
            return Err(format!(
                "site {site:?} has owner_emails but there is no [mail] section to send with"
            ));
        }
        for webhook in &file.webhooks {
            let url = url::Url::parse(&webhook.url)
                .map_err(|_| format!("site {site:?}: webhook {:?} is not a URL", webhook.url))?;
            if !matches!(url.scheme(), "http" | "https") {
                return Err(format!(
                    "site {site:?}: webhook {:?} must be http or https",
                    webhook.url
                ));
            }
            if webhook.secret.len() < 16 {
                return Err(format!(
                    "site {site:?}: the secret of webhook {:?} must be at least 16 characters",
                    webhook.url
                ));
            }
        }
        let chats = file
            .chats
            .into_iter()
            .map(|chat| chat.resolve(site))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            owner_emails,
            owner_mail: file.owner_mail.unwrap_or_default(),
            webhooks: file.webhooks,
            chats,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(extra: &str) -> Result<Notifications, String> {
        let text = format!(
            "smtp_host = \"localhost\"\nfrom = \"Comments <c@blog.example>\"\n\
             public_url = \"https://comments.blog.example/\"\n{extra}"
        );
        Notifications::resolve(
            Some(toml::from_str(&text).map_err(|error| error.to_string())?),
            NotificationsFile::default(),
            None,
        )
    }

    #[test]
    fn mail_defaults_to_starttls_on_587() {
        let settings = mail("").unwrap().mail.unwrap();
        assert_eq!(settings.security, Security::Starttls);
        assert_eq!(settings.smtp_port, 587);
        assert_eq!(settings.public_url, "https://comments.blog.example");
        let plain = mail("security = \"none\"").unwrap().mail.unwrap();
        assert_eq!(plain.smtp_port, 25);
    }

    #[test]
    fn mistakes_are_named() {
        assert!(
            mail("username = \"u\"")
                .unwrap_err()
                .contains("go together")
        );
        let bad_from = Notifications::resolve(
            Some(MailFile {
                smtp_host: "h".into(),
                smtp_port: None,
                security: None,
                username: None,
                password: None,
                from: "not an address".into(),
                public_url: "https://x.example".into(),
            }),
            NotificationsFile::default(),
            None,
        );
        assert!(bad_from.unwrap_err().contains("from"));
        let site = |text: &str, mail: bool| {
            SiteNotifications::resolve("blog", toml::from_str(text).unwrap(), mail)
        };
        assert!(
            site("owner_emails = [\"a@b.example\"]", false)
                .unwrap_err()
                .contains("[mail]")
        );
        assert!(
            site("owner_emails = [\"nope\"]", true)
                .unwrap_err()
                .contains("not an address")
        );
        let short = "[[webhook]]\nurl = \"https://hook.example\"\nsecret = \"short\"";
        assert!(site(short, true).unwrap_err().contains("16 characters"));
        let ftp = "[[webhook]]\nurl = \"ftp://hook.example\"\nsecret = \"0123456789abcdef\"";
        assert!(site(ftp, true).unwrap_err().contains("http or https"));
        let good = site(
            "owner_emails = [\" Liza@Blog.Example \"]\nowner_mail = \"held\"",
            true,
        );
        let good = good.unwrap();
        assert_eq!(good.owner_emails, ["liza@blog.example"]);
        assert_eq!(good.owner_mail, OwnerMail::Held);
    }

    #[test]
    fn retries_double_up_to_the_last_attempt() {
        let settings = Notifications {
            retry_base: Duration::from_secs(10),
            max_attempts: 4,
            ..Notifications::default()
        };
        let delays: Vec<_> = (1..=4)
            .map(|attempts| settings.retry_delay(attempts))
            .collect();
        let seconds = |s| Some(Duration::from_secs(s));
        assert_eq!(delays, [seconds(10), seconds(20), seconds(40), None]);
    }
}
