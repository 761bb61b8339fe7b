//! `[akismet]`: an optional outside spam check with Akismet's API (or a service that
//! speaks it), off unless a key is configured.

use serde::Deserialize;

/// Akismet's own address for its API, version 1.1.
pub const AKISMET_ENDPOINT: &str = "https://rest.akismet.com/1.1";

/// `[akismet]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AkismetFile {
    /// The API key.
    pub key: String,
    /// Where the API is [default: Akismet's own]; `comment-check`, `submit-spam` and
    /// `submit-ham` are called under it.
    pub endpoint: Option<String>,
    /// Sends `is_test=1`, so that trying it out teaches the service nothing.
    #[serde(default)]
    pub test: bool,
}

/// `[akismet]`, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AkismetSettings {
    pub key: String,
    /// Without a trailing slash.
    pub endpoint: String,
    pub test: bool,
}

impl AkismetFile {
    /// The settings, or what is wrong with them.
    pub fn resolve(self) -> Result<AkismetSettings, String> {
        let key = self.key.trim();
        if key.is_empty() || key.len() > 200 || !key.chars().all(|c| c.is_ascii_graphic()) {
            return Err("[akismet] key must be the API key: letters and digits".to_owned());
        }
        let endpoint = self
            .endpoint
            .as_deref()
            .unwrap_or(AKISMET_ENDPOINT)
            .trim_end_matches('/');
        let parsed = url::Url::parse(endpoint)
            .map_err(|_| format!("[akismet] endpoint {endpoint:?} is not a URL"))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.query().is_some() {
            return Err(format!(
                "[akismet] endpoint {endpoint:?} must be an http or https address without a query"
            ));
        }
        Ok(AkismetSettings {
            key: key.to_owned(),
            endpoint: endpoint.to_owned(),
            test: self.test,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(text: &str) -> Result<AkismetSettings, String> {
        toml::from_str::<AkismetFile>(text)
            .map_err(|error| error.to_string())?
            .resolve()
    }

    #[test]
    fn the_endpoint_defaults_to_akismet() {
        let settings = resolve("key = \"abc123\"").unwrap();
        assert_eq!(settings.endpoint, AKISMET_ENDPOINT);
        assert!(!settings.test);
        let own = resolve("key = \"k\"\nendpoint = \"http://127.0.0.1:9/1.1/\"\ntest = true");
        assert_eq!(own.unwrap().endpoint, "http://127.0.0.1:9/1.1");
    }

    #[test]
    fn mistakes_are_named() {
        assert!(resolve("key = \"\"").unwrap_err().contains("API key"));
        assert!(resolve("key = \"a b\"").unwrap_err().contains("API key"));
        assert!(resolve("endpoint = \"https://x.example\"").is_err());
        let ftp = resolve("key = \"k\"\nendpoint = \"ftp://x.example\"");
        assert!(ftp.unwrap_err().contains("http or https"));
        let query = resolve("key = \"k\"\nendpoint = \"https://x.example/?a=1\"");
        assert!(query.unwrap_err().contains("without a query"));
        assert!(
            resolve("key = \"k\"\nendpoint = \"nope\"")
                .unwrap_err()
                .contains("not a URL")
        );
        assert!(resolve("key = \"k\"\nsecret = 1").is_err());
    }
}
