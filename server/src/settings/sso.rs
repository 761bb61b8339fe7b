//! `[site.sso]`: single sign-on from the host site. The site signs its reader's identity
//! with a secret it shares with Confab (the tokens are checked in `sso.rs`); these are the
//! secret, where the widget sends readers to log in and out, and which badges the site
//! may give.

use confab_api::Badge;
use serde::Deserialize;
use std::fmt;

/// The shortest secret accepted, in bytes: HS256 wants a key as long as its hash.
pub const MIN_SECRET_BYTES: usize = 32;

/// `[site.sso]` as the file gives it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SsoFile {
    pub secret: String,
    pub login_url: Option<String>,
    pub logout_url: Option<String>,
    /// The badges a token may claim (`post_author`, `moderator`); none by default.
    #[serde(default)]
    pub badges: Vec<Badge>,
}

/// A site's single sign-on, checked.
#[derive(Clone, PartialEq, Eq)]
pub struct SsoSettings {
    pub secret: String,
    pub login_url: Option<String>,
    pub logout_url: Option<String>,
    pub badges: Vec<Badge>,
}

/// Never prints the secret.
impl fmt::Debug for SsoSettings {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("SsoSettings")
            .field("secret", &"…")
            .field("login_url", &self.login_url)
            .field("logout_url", &self.logout_url)
            .field("badges", &self.badges)
            .finish()
    }
}

impl SsoFile {
    /// Checks the secret's length and that the links are web addresses.
    pub fn resolve(self, site: &str) -> Result<SsoSettings, String> {
        if self.secret.len() < MIN_SECRET_BYTES {
            return Err(format!(
                "site {site:?}: [site.sso] secret must be at least {MIN_SECRET_BYTES} bytes long"
            ));
        }
        for (key, url) in [
            ("login_url", &self.login_url),
            ("logout_url", &self.logout_url),
        ] {
            let is_web = |url: &str| {
                url::Url::parse(url).is_ok_and(|url| matches!(url.scheme(), "http" | "https"))
            };
            if url.as_deref().is_some_and(|url| !is_web(url)) {
                return Err(format!(
                    "site {site:?}: [site.sso] {key} must be an http or https URL"
                ));
            }
        }
        Ok(SsoSettings {
            secret: self.secret,
            login_url: self.login_url,
            logout_url: self.logout_url,
            badges: self.badges,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SsoFile {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn a_short_secret_or_a_link_that_is_no_web_address_is_refused() {
        let secret = "s".repeat(MIN_SECRET_BYTES);
        assert!(
            file(&format!("secret = \"{secret}\"\nbadges = [\"moderator\"]"))
                .resolve("blog")
                .is_ok()
        );
        assert!(file("secret = \"short\"").resolve("blog").is_err());
        let javascript = format!("secret = \"{secret}\"\nlogin_url = \"javascript:alert(1)\"");
        assert!(file(&javascript).resolve("blog").is_err());
        assert!(toml::from_str::<SsoFile>("secret = \"x\"\nbadges = [\"king\"]").is_err());
    }

    #[test]
    fn the_secret_is_never_printed() {
        let secret = "a-very-secret-value-that-is-long-enough";
        let settings = file(&format!("secret = \"{secret}\""))
            .resolve("blog")
            .unwrap();
        assert!(!format!("{settings:?}").contains(secret));
    }
}
