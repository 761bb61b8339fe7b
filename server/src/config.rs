//! The server's settings: the TOML file given with `--config`, overridden by flags and
//! `CONFAB_*` variables, with safe defaults for local use when there is no file.

use crate::notify::settings::{
    MailFile, Notifications, NotificationsFile, OwnerMail, SiteNotifications,
    SiteNotificationsFile, Webhook,
};
use crate::options::{Moderation, Options};
use crate::rate_limit::Rates;
use crate::storage::Database;
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The configuration file as written (every value optional).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub bind: Option<SocketAddr>,
    pub database: Option<String>,
    pub static_dir: Option<PathBuf>,
    pub admin_dir: Option<PathBuf>,
    pub trusted_proxy_header: Option<String>,
    #[serde(default)]
    pub admin: AdminFile,
    #[serde(default, rename = "site")]
    pub sites: Vec<SiteFile>,
    pub mail: Option<MailFile>,
    #[serde(default)]
    pub notifications: NotificationsFile,
}

/// `[admin]`: the API token and the moderators who may log in to `/admin`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdminFile {
    pub token: Option<String>,
    #[serde(default, rename = "moderator")]
    pub moderators: Vec<Moderator>,
}

/// `[[admin.moderator]]`: one person who may log in to the moderators' screen.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Moderator {
    /// The login name.
    pub name: String,
    /// The argon2 hash of the password (`confab-server hash-password`).
    pub password_hash: String,
    /// Comments posted with this email carry the “Moderator” badge.
    pub email: Option<String>,
}

/// `[[site]]`: one site whose pages embed Confab.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    pub name: String,
    #[serde(default)]
    pub origins: Vec<String>,
    pub moderation: Option<Moderation>,
    pub edit_window_seconds: Option<u64>,
    pub max_links: Option<usize>,
    pub write_rate: Option<u32>,
    pub read_rate: Option<u32>,
    /// Emails of the site's authors: their comments carry the “Post author” badge.
    #[serde(default)]
    pub post_authors: Vec<String>,
    /// Who hears of new comments by mail.
    #[serde(default)]
    pub owner_emails: Vec<String>,
    pub owner_mail: Option<OwnerMail>,
    #[serde(default, rename = "webhook")]
    pub webhooks: Vec<Webhook>,
}

/// Everything the server runs with, resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: SocketAddr,
    pub database: Database,
    pub static_dir: Option<PathBuf>,
    pub admin_dir: Option<PathBuf>,
    pub trusted_proxy_header: Option<String>,
    pub sites: Arc<Sites>,
    pub admin: Arc<AdminSettings>,
    pub notifications: Arc<Notifications>,
}

/// The admin API's token and the moderators.
#[derive(Debug, Clone, Default)]
pub struct AdminSettings {
    pub token: Option<Arc<str>>,
    pub moderators: Vec<Moderator>,
}

impl AdminSettings {
    /// The moderator whose email this is (compared case-insensitively), if any.
    pub fn moderator_with_email(&self, email: &str) -> Option<&Moderator> {
        self.moderators.iter().find(|moderator| {
            moderator
                .email
                .as_deref()
                .is_some_and(|known| known.eq_ignore_ascii_case(email))
        })
    }
}

/// One site's settings.
#[derive(Debug, Clone)]
pub struct SiteSettings {
    /// Its name: threads of every site but the first are stored as `name:/path/`.
    pub name: String,
    /// What it allows and holds.
    pub rules: SiteRules,
    /// `""` for the first site, `"name:"` for the others.
    key_prefix: String,
}

impl SiteSettings {
    /// The key a thread of this site is stored under.
    pub fn stored_key(&self, key: &str) -> String {
        format!("{}{key}", self.key_prefix)
    }

    /// The key readers know a stored thread by.
    pub fn public_key(&self, stored: &str) -> String {
        stored
            .strip_prefix(&self.key_prefix)
            .unwrap_or(stored)
            .to_owned()
    }

    /// Whether `email` belongs to one of the site's post authors.
    pub fn is_post_author(&self, email: &str) -> bool {
        self.rules
            .post_authors
            .iter()
            .any(|known| known.eq_ignore_ascii_case(email))
    }
}

/// The sites one server serves (at least one).
#[derive(Debug, Clone)]
pub struct Sites(Vec<SiteSettings>);

impl Sites {
    /// The site whose origins include `origin`; requests without one, from the server's
    /// own pages or from an unknown origin belong to the first site.
    pub fn for_origin(&self, origin: Option<&str>) -> &SiteSettings {
        let origin = origin.map(|origin| origin.trim_end_matches('/'));
        origin
            .and_then(|origin| {
                self.0.iter().find(|site| {
                    site.rules
                        .origins
                        .iter()
                        .any(|known| known.trim_end_matches('/').eq_ignore_ascii_case(origin))
                })
            })
            .unwrap_or(&self.0[0])
    }

    /// The site a request came from, by its `Origin` header.
    pub fn for_headers(&self, headers: &axum::http::HeaderMap) -> &SiteSettings {
        self.for_origin(
            headers
                .get(axum::http::header::ORIGIN)
                .and_then(|value| value.to_str().ok()),
        )
    }

    /// The site called `name`; `None` picks the first.
    pub fn named(&self, name: Option<&str>) -> Option<&SiteSettings> {
        match name {
            None => self.0.first(),
            Some(name) => self.0.iter().find(|site| site.name == name),
        }
    }

    /// The site a stored thread key belongs to (see [`SiteSettings::stored_key`]).
    pub fn for_stored_key(&self, stored: &str) -> &SiteSettings {
        self.0
            .iter()
            .find(|site| !site.key_prefix.is_empty() && stored.starts_with(&site.key_prefix))
            .unwrap_or(&self.0[0])
    }

    /// Whether `email` (lower-cased) is an owner of any site.
    pub fn has_owner(&self, email: &str) -> bool {
        self.0.iter().any(|site| {
            site.rules
                .notify
                .owner_emails
                .iter()
                .any(|owner| owner == email)
        })
    }

    /// Whether any site has a webhook.
    pub fn any_webhooks(&self) -> bool {
        self.0
            .iter()
            .any(|site| !site.rules.notify.webhooks.is_empty())
    }

    /// Every site's origins together.
    pub fn all_origins(&self) -> Vec<String> {
        self.0
            .iter()
            .flat_map(|site| site.rules.origins.iter().cloned())
            .collect()
    }

    /// One site with `rules`, for tests and local use.
    pub fn single(rules: SiteRules) -> Self {
        Self(vec![rules.into_site("default".to_owned(), String::new())])
    }
}

/// What a site allows and holds (by default: what it takes when neither the file nor the
/// flags say otherwise).
#[derive(Debug, Clone)]
pub struct SiteRules {
    /// Origins whose pages may read and write the site's threads.
    pub origins: Vec<String>,
    pub moderation: Moderation,
    pub edit_window: Duration,
    pub max_links: usize,
    pub rates: Rates,
    /// Emails of the post authors (lower-cased once the site is built).
    pub post_authors: Vec<String>,
    /// Owner mail and webhooks.
    pub notify: SiteNotifications,
}

impl Default for SiteRules {
    fn default() -> Self {
        Self {
            origins: Vec::new(),
            moderation: Moderation::None,
            edit_window: Duration::from_secs(900),
            max_links: confab_api::limits::DEFAULT_MAX_LINKS,
            rates: Rates {
                writes_per_minute: 10,
                reads_per_minute: 600,
            },
            post_authors: Vec::new(),
            notify: SiteNotifications::default(),
        }
    }
}

impl SiteRules {
    fn into_site(mut self, name: String, key_prefix: String) -> SiteSettings {
        for email in &mut self.post_authors {
            *email = email.trim().to_lowercase();
        }
        SiteSettings {
            name,
            rules: self,
            key_prefix,
        }
    }
}

/// Reads `--config` (if given) and applies the flags and variables over it.
pub fn load(options: &Options) -> Result<Settings, String> {
    let file = match &options.config {
        Some(path) => read_file(path)?,
        None => ConfigFile::default(),
    };
    resolve(file, options)
}

fn read_file(path: &Path) -> Result<ConfigFile, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    toml::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))
}

/// Combines the file with the flags (which win) into the settings.
pub fn resolve(file: ConfigFile, options: &Options) -> Result<Settings, String> {
    let notifications = Notifications::resolve(file.mail, file.notifications)?;
    let mut site_files = file.sites;
    if site_files.is_empty() {
        site_files.push(SiteFile {
            name: "default".to_owned(),
            ..SiteFile::default()
        });
    }
    let mut sites = Vec::with_capacity(site_files.len());
    for (index, site) in site_files.into_iter().enumerate() {
        if !crate::validate::is_site_name(&site.name) {
            return Err(format!(
                "site name {:?}: use lower-case letters, digits and '-'",
                site.name
            ));
        }
        if sites
            .iter()
            .any(|known: &SiteSettings| known.name == site.name)
        {
            return Err(format!("site {:?} is configured twice", site.name));
        }
        let defaults = SiteRules::default();
        let mut origins = site.origins;
        if index == 0 {
            origins.extend(options.allowed_origins.iter().cloned());
        }
        for origin in &origins {
            check_origin(origin)?;
        }
        let rules = SiteRules {
            origins,
            moderation: options
                .moderation
                .or(site.moderation)
                .unwrap_or(defaults.moderation),
            edit_window: options
                .edit_window_seconds
                .or(site.edit_window_seconds)
                .map_or(defaults.edit_window, Duration::from_secs),
            max_links: options
                .max_links
                .or(site.max_links)
                .unwrap_or(defaults.max_links),
            rates: Rates {
                writes_per_minute: options
                    .write_rate
                    .or(site.write_rate)
                    .unwrap_or(defaults.rates.writes_per_minute),
                reads_per_minute: options
                    .read_rate
                    .or(site.read_rate)
                    .unwrap_or(defaults.rates.reads_per_minute),
            },
            post_authors: site.post_authors,
            notify: SiteNotifications::resolve(
                &site.name,
                SiteNotificationsFile {
                    owner_emails: site.owner_emails,
                    owner_mail: site.owner_mail,
                    webhooks: site.webhooks,
                },
                notifications.mail.is_some(),
            )?,
        };
        let prefix = if index == 0 {
            String::new()
        } else {
            format!("{}:", site.name)
        };
        sites.push(rules.into_site(site.name, prefix));
    }
    for moderator in &file.admin.moderators {
        argon2::PasswordHash::new(&moderator.password_hash).map_err(|error| {
            format!(
                "moderator {:?}: password_hash is not an argon2 hash ({error})",
                moderator.name
            )
        })?;
    }
    let token = options.admin_token.clone().or(file.admin.token);
    if token.as_deref().is_some_and(|token| token.len() < 16) {
        return Err("the admin token must be at least 16 characters long".to_owned());
    }
    let static_dir = options.static_dir.clone().or(file.static_dir);
    Ok(Settings {
        bind: options
            .bind
            .or(file.bind)
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8787))),
        database: options.database.clone().or(file.database).map_or_else(
            || Database::Sqlite("confab.db".into()),
            |text| Database::parse(&text),
        ),
        admin_dir: options
            .admin_dir
            .clone()
            .or(file.admin_dir)
            .or_else(|| static_dir.as_ref().map(|dir| dir.join("admin"))),
        static_dir,
        trusted_proxy_header: options
            .trusted_proxy_header
            .clone()
            .or(file.trusted_proxy_header),
        sites: Arc::new(Sites(sites)),
        admin: Arc::new(AdminSettings {
            token: token.map(Arc::from),
            moderators: file.admin.moderators,
        }),
        notifications: Arc::new(notifications),
    })
}

/// An origin is a scheme and a host (and port), like `https://blog.example`.
fn check_origin(origin: &str) -> Result<(), String> {
    let parsed = url::Url::parse(origin).map_err(|_| format!("origin {origin:?} is not a URL"))?;
    let bare = parsed.path() == "/" && parsed.query().is_none() && parsed.fragment().is_none();
    if matches!(parsed.scheme(), "http" | "https") && parsed.host().is_some() && bare {
        Ok(())
    } else {
        Err(format!(
            "origin {origin:?} must look like https://blog.example (no path)"
        ))
    }
}

#[cfg(test)]
mod tests;
