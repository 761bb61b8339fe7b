//! A site's settings and rules: which origins it serves, how its threads are keyed, who
//! its post authors are, its limits, and whether a new comment waits for a moderator.

use super::notify::SiteNotifications;
use std::sync::Arc;
use std::time::Duration;

/// Which new comments are held for moderation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Moderation {
    /// Publish every comment at once.
    #[default]
    None,
    /// Hold a commenter's comments until one of them has been approved.
    FirstTime,
    /// Hold every comment until a moderator approves it.
    All,
}

/// How many requests a client may make per minute (and in one burst).
#[derive(Debug, Clone, Copy)]
pub struct Rates {
    /// Posts, edits and deletes per minute.
    pub writes_per_minute: u32,
    /// Reads per minute.
    pub reads_per_minute: u32,
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
    /// The site as its spam filter is stored (see [`crate::storage::filter_site`]).
    pub fn filter_site(&self) -> &str {
        &self.key_prefix
    }

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

    /// The host that names the site in mails to commenters: its first origin's, or that of
    /// `public_url` (this server) for a site with none.
    pub fn host(&self, public_url: &str) -> Option<String> {
        let address = self
            .rules
            .origins
            .first()
            .map_or(public_url, String::as_str);
        url::Url::parse(address)
            .ok()
            .and_then(|address| address.host_str().map(str::to_owned))
    }

    /// Whether `url` is a page on one of the site's origins.
    pub fn has_page(&self, url: &str) -> bool {
        crate::validate::is_on_origins(url, &self.rules.origins)
    }

    /// The login called `id` among the site's identity providers.
    pub fn login(&self, id: &str) -> Option<&super::logins::Login> {
        self.rules.logins.iter().find(|login| login.id == id)
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
pub struct Sites(pub(super) Vec<Arc<SiteSettings>>);

impl Sites {
    /// The site whose origins include `origin`; requests without one, from the server's
    /// own pages or from an unknown origin belong to the first site.
    pub fn for_origin(&self, origin: Option<&str>) -> &Arc<SiteSettings> {
        origin
            .and_then(|origin| {
                self.0.iter().find(|site| {
                    site.rules
                        .origins
                        .iter()
                        .any(|known| crate::validate::same_origin(known, origin))
                })
            })
            .unwrap_or(&self.0[0])
    }

    /// The site called `name`; `None` picks the first.
    pub fn named(&self, name: Option<&str>) -> Option<&SiteSettings> {
        match name {
            None => self.0.first().map(|site| &**site),
            Some(name) => self
                .0
                .iter()
                .find(|site| site.name == name)
                .map(|site| &**site),
        }
    }

    /// The site a stored thread key belongs to (see [`SiteSettings::stored_key`]).
    pub fn for_stored_key(&self, stored: &str) -> &SiteSettings {
        self.0
            .iter()
            .find(|site| !site.key_prefix.is_empty() && stored.starts_with(&site.key_prefix))
            .unwrap_or(&self.0[0])
    }

    /// Whether `owner` (an email, lower-cased, or a chat's id) is told of any site's
    /// comments: the moderation links it was sent work only while it is.
    pub fn has_owner(&self, owner: &str) -> bool {
        self.0.iter().any(|site| {
            let notify = &site.rules.notify;
            notify.owner_emails.iter().any(|email| email == owner)
                || notify.chats.iter().any(|chat| chat.id == owner)
        })
    }

    /// Whether any site has a webhook or a moderators' chat.
    pub fn any_webhooks(&self) -> bool {
        self.0.iter().any(|site| {
            !site.rules.notify.webhooks.is_empty() || !site.rules.notify.chats.is_empty()
        })
    }

    /// Every site.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<SiteSettings>> {
        self.0.iter()
    }

    /// Every site's origins together.
    pub fn all_origins(&self) -> Vec<String> {
        self.0
            .iter()
            .flat_map(|site| site.rules.origins.iter().cloned())
            .collect()
    }

    /// Sites named and ruled as given, the first the default, for tests and local use.
    pub fn several(sites: Vec<(&str, SiteRules)>) -> Self {
        Self(
            sites
                .into_iter()
                .enumerate()
                .map(|(index, (name, rules))| {
                    let prefix = if index == 0 {
                        String::new()
                    } else {
                        format!("{name}:")
                    };
                    Arc::new(rules.into_site(name.to_owned(), prefix))
                })
                .collect(),
        )
    }

    /// One site with `rules`, for tests and local use.
    pub fn single(rules: SiteRules) -> Self {
        Self(vec![Arc::new(
            rules.into_site("default".to_owned(), String::new()),
        )])
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
    /// Single sign-on from the site's own accounts, if it has any.
    pub sso: Option<Arc<super::sso::SsoSettings>>,
    /// The identity providers readers may sign in with.
    pub logins: Arc<[super::logins::Login]>,
    /// Signed-in readers' comments are published at once, whatever the moderation.
    pub trust_signed_in: bool,
    /// Which votes readers may cast on comments.
    pub votes: confab_api::VoteMode,
    /// How many voters of one network (an address, or an IPv6 /64) may vote on one
    /// comment: a household shares an address, a script that clears its storage gets
    /// no further.
    pub votes_per_network: u32,
    /// The reactions readers may choose, in order (none: reactions are off). Each
    /// network's budget per reaction is `votes_per_network`.
    pub reactions: Arc<[String]>,
    /// Whether posts must carry a proof of work.
    pub proof_of_work: super::proof::ProofOfWork,
    /// How far back `auto` looks at posts to see how fast they come (ten minutes; tests
    /// shorten it).
    pub proof_window: Duration,
    /// What the spam filter does with new comments' scores.
    pub spam_filter: super::spam_filter::FilterSettings,
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
            sso: None,
            logins: Arc::new([]),
            trust_signed_in: false,
            votes: confab_api::VoteMode::Up,
            votes_per_network: 3,
            reactions: super::reactions::default_set(),
            proof_of_work: super::proof::ProofOfWork::Auto,
            proof_window: Duration::from_secs(600),
            spam_filter: super::spam_filter::FilterSettings::default(),
        }
    }
}

impl SiteRules {
    pub(super) fn into_site(mut self, name: String, key_prefix: String) -> SiteSettings {
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

/// What decides whether a new comment waits for a moderator.
#[derive(Debug, Clone, Copy, Default)]
pub struct Submission {
    /// Posted by a logged-in moderator: never held.
    pub by_moderator: bool,
    /// Its email claims a badge (post author, moderator), which only a moderator can confirm.
    pub claims_badge: bool,
    /// Its author is signed in (by the site, or an identity provider).
    pub signed_in: bool,
    /// The links in its body.
    pub links: usize,
    /// Its author has had a comment approved before (only asked under first-time
    /// moderation, see [`SiteSettings::asks_history`]).
    pub approved_before: bool,
}

impl SiteSettings {
    /// Whether holding depends on the author's earlier comments (first-time moderation).
    pub fn asks_history(&self) -> bool {
        self.rules.moderation == Moderation::FirstTime
    }

    /// Whether a new comment like this waits for a moderator.
    pub fn holds(&self, submission: Submission) -> bool {
        if submission.by_moderator {
            return false;
        }
        if submission.signed_in && self.rules.trust_signed_in {
            return submission.links > self.rules.max_links;
        }
        let by_mode = match self.rules.moderation {
            Moderation::All => true,
            Moderation::FirstTime => !submission.approved_before,
            Moderation::None => false,
        };
        by_mode || submission.claims_badge || submission.links > self.rules.max_links
    }
}
