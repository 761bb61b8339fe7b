//! The server's settings: the TOML file given with `--config`, overridden by flags and
//! `CONFAB_*` variables, with safe defaults for local use when there is no file.

pub mod addresses;
pub mod akismet;
pub mod chat;
pub mod connections;
pub mod logins;
pub mod notify;
pub mod overrides;
pub mod proof;
pub mod reactions;
pub mod sites;
pub mod spam_filter;
pub mod sso;

pub use overrides::Overrides;
pub use sites::{Moderation, Rates, SiteRules, SiteSettings, Sites, Submission};

use crate::storage::Database;
use notify::{
    MailFile, Notifications, NotificationsFile, OwnerMail, SiteNotifications,
    SiteNotificationsFile, Webhook,
};
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// How many days a comment's client address is kept unless the settings say.
pub const DEFAULT_CLIENT_ADDRESS_DAYS: u32 = 30;

/// The configuration file as written (every value optional).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub bind: Option<SocketAddr>,
    pub database: Option<String>,
    /// Where readers reach this server (sign-in callbacks start with it).
    pub public_url: Option<String>,
    /// Days a comment's client address is kept before the server erases it.
    pub client_address_days: Option<u32>,
    pub static_dir: Option<PathBuf>,
    pub admin_dir: Option<PathBuf>,
    pub trusted_proxy_header: Option<String>,
    /// The reverse proxies' own addresses or networks (`10.0.0.0/8`).
    #[serde(default)]
    pub trusted_proxies: Vec<String>,
    /// The networks whose clients may read `/metrics` (none: it is off).
    #[serde(default)]
    pub metrics_allow: Vec<String>,
    #[serde(default)]
    pub admin: AdminFile,
    #[serde(default, rename = "site")]
    pub sites: Vec<SiteFile>,
    pub mail: Option<MailFile>,
    #[serde(default)]
    pub notifications: NotificationsFile,
    pub akismet: Option<akismet::AkismetFile>,
    #[serde(default)]
    pub connections: connections::ConnectionsFile,
}

/// `[admin]`: the API token and the moderators who may log in to `/admin`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdminFile {
    pub token: Option<String>,
    #[serde(default, rename = "moderator")]
    pub moderators: Vec<Moderator>,
    /// `[[admin.rule]]`: rules on new comments, for one site (`site = "name"`) or all.
    #[serde(default, rename = "rule")]
    pub rules: Vec<crate::rules::Rule>,
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
    /// The sites (their names) this moderator looks after; none listed: every site, as
    /// an owner.
    #[serde(default)]
    pub sites: Vec<String>,
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
    /// Moderators' chats that hear of new comments.
    #[serde(default, rename = "chat")]
    pub chats: Vec<chat::ChatFile>,
    /// Single sign-on from the site's own accounts.
    pub sso: Option<sso::SsoFile>,
    /// “Sign in with …” buttons: OpenID Connect issuers and GitHub.
    #[serde(default, rename = "login")]
    pub logins: Vec<logins::LoginFile>,
    /// Publish signed-in readers' comments at once, whatever the moderation.
    #[serde(default)]
    pub trust_signed_in: bool,
    /// `off`, `up` (default) or `up-down`.
    pub votes: Option<confab_api::VoteMode>,
    /// Voters of one network that may vote on one comment [default: 3].
    pub votes_per_network: Option<u32>,
    /// `false`, `true` (default: 👍 ❤️ 😄 🎉 😮 😢) or a list of emoji.
    pub reactions: Option<reactions::ReactionsFile>,
    /// `"auto"` (default), `"off"`, or a number of bits every post must prove.
    pub proof_of_work: Option<proof::ProofOfWorkFile>,
    /// Whether the spam filter judges new comments [default: true], and from which
    /// scores it holds one [0.95] or marks it as spam [0.99].
    pub spam_filter: Option<bool>,
    pub spam_filter_hold: Option<f64>,
    pub spam_filter_spam: Option<f64>,
}

/// Everything the server runs with, resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: SocketAddr,
    pub database: Database,
    /// Where readers reach this server, without a trailing `/`.
    pub public_url: Option<String>,
    /// How long a comment's client address is kept.
    pub client_address_kept: Duration,
    pub static_dir: Option<PathBuf>,
    pub admin_dir: Option<PathBuf>,
    pub trusted_proxy_header: Option<String>,
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// The networks whose clients may read `/metrics` (empty: it is off).
    pub metrics_allow: Vec<ipnet::IpNet>,
    pub sites: Arc<Sites>,
    pub admin: Arc<AdminSettings>,
    pub notifications: Arc<Notifications>,
    pub connections: connections::ConnectionLimits,
}

/// The admin API's token and the moderators.
#[derive(Debug, Clone, Default)]
pub struct AdminSettings {
    pub token: Option<Arc<str>>,
    pub moderators: Vec<Moderator>,
    /// The rules of the configuration file, checked (the screen's are in the database).
    pub rules: Vec<crate::rules::Compiled>,
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

/// Reads the configuration file (if any) and applies the flags and variables over it.
pub fn load(config: Option<&Path>, overrides: &Overrides) -> Result<Settings, String> {
    let file = match config {
        Some(path) => read_file(path)?,
        None => ConfigFile::default(),
    };
    resolve(file, overrides)
}

fn read_file(path: &Path) -> Result<ConfigFile, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    toml::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))
}

/// Combines the file with the flags (which win) into the settings.
pub fn resolve(file: ConfigFile, options: &Overrides) -> Result<Settings, String> {
    let notifications = Notifications::resolve(file.mail, file.notifications, file.akismet)?;
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
            .any(|known: &Arc<SiteSettings>| known.name == site.name)
        {
            return Err(format!("site {:?} is configured twice", site.name));
        }
        let defaults = SiteRules::default();
        let mut origins = site.origins;
        if index == 0 {
            origins.extend(options.allowed_origins.iter().cloned());
        }
        for origin in &origins {
            addresses::check_origin(origin)?;
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
            logins: logins::resolve_all(&site.name, site.logins)?,
            trust_signed_in: site.trust_signed_in,
            votes: options.votes.or(site.votes).unwrap_or(defaults.votes),
            votes_per_network: options
                .votes_per_network
                .or(site.votes_per_network)
                .unwrap_or(defaults.votes_per_network)
                .max(1),
            proof_of_work: match options
                .proof_of_work
                .as_ref()
                .or(site.proof_of_work.as_ref())
            {
                Some(setting) => setting
                    .resolve()
                    .map_err(|error| format!("site {:?}: {error}", site.name))?,
                None => defaults.proof_of_work,
            },
            proof_window: defaults.proof_window,
            spam_filter: spam_filter::FilterSettings::resolve(
                site.spam_filter,
                site.spam_filter_hold,
                site.spam_filter_spam,
            )
            .map_err(|error| format!("site {:?}: {error}", site.name))?,
            reactions: reactions::resolve(
                &site.name,
                options.reactions.clone().or(site.reactions),
            )?,
            sso: site
                .sso
                .map(|sso| sso.resolve(&site.name))
                .transpose()?
                .map(Arc::new),
            notify: SiteNotifications::resolve(
                &site.name,
                SiteNotificationsFile {
                    owner_emails: site.owner_emails,
                    owner_mail: site.owner_mail,
                    webhooks: site.webhooks,
                    chats: site.chats,
                },
                notifications.mail.is_some(),
            )?,
        };
        let prefix = if index == 0 {
            String::new()
        } else {
            format!("{}:", site.name)
        };
        sites.push(Arc::new(rules.into_site(site.name, prefix)));
    }
    for moderator in &file.admin.moderators {
        if let Some(unknown) = moderator
            .sites
            .iter()
            .find(|name| sites.iter().all(|site| &site.name != *name))
        {
            return Err(format!(
                "moderator {:?}: there is no site {unknown:?}",
                moderator.name
            ));
        }
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
    let trusted_proxies = if options.trusted_proxies.is_empty() {
        &file.trusted_proxies
    } else {
        &options.trusted_proxies
    }
    .iter()
    .map(|text| addresses::trusted_network(text))
    .collect::<Result<Vec<_>, _>>()?;
    let metrics_allow = if options.metrics_allow.is_empty() {
        &file.metrics_allow
    } else {
        &options.metrics_allow
    }
    .iter()
    .map(|text| addresses::metrics_network(text))
    .collect::<Result<Vec<_>, _>>()?;
    let site_names: Vec<&str> = sites.iter().map(|site| site.name.as_str()).collect();
    let rules = crate::rules::configured(file.admin.rules, &site_names)?;
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
        client_address_kept: Duration::from_secs(
            u64::from(
                options
                    .client_address_days
                    .or(file.client_address_days)
                    .unwrap_or(DEFAULT_CLIENT_ADDRESS_DAYS),
            ) * 24
                * 60
                * 60,
        ),
        public_url: options
            .public_url
            .clone()
            .or(file.public_url)
            .map(|url| addresses::public_url(&url, "public_url"))
            .transpose()?,
        trusted_proxy_header: options
            .trusted_proxy_header
            .clone()
            .or(file.trusted_proxy_header),
        trusted_proxies,
        metrics_allow,
        sites: Arc::new(Sites(sites)),
        admin: Arc::new(AdminSettings {
            token: token.map(Arc::from),
            moderators: file.admin.moderators,
            rules,
        }),
        notifications: Arc::new(notifications),
        connections: file.connections.resolve()?,
    })
}

#[cfg(test)]
mod tests;
