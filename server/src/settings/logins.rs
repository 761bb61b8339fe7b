//! `[[site.login]]`: the “Sign in with …” buttons of a site's reply box. Each is an
//! OpenID Connect issuer (found by its discovery document) or GitHub's OAuth (GitHub.com,
//! or a GitHub Enterprise Server); the flows themselves are in `login.rs`.

use serde::Deserialize;
use std::fmt;
use std::sync::Arc;

/// The longest id of a login (it is part of every identity it gives).
const MAX_ID_CHARS: usize = 32;

/// What kind of provider a login is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LoginKind {
    /// Any OpenID Connect issuer.
    Oidc,
    /// GitHub's OAuth apps (not OpenID Connect).
    Github,
}

/// `[[site.login]]` as the file gives it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginFile {
    /// A short name, part of the identities it gives (`github:583231`): never change it.
    pub id: String,
    /// The button's label: “Sign in with {name}”.
    pub name: String,
    pub kind: LoginKind,
    /// The OpenID Connect issuer (`https://accounts.google.com`).
    pub issuer: Option<String>,
    /// GitHub Enterprise Server's address; GitHub.com by default.
    pub server: Option<String>,
    pub client_id: String,
    pub client_secret: String,
}

/// A site's login, checked.
#[derive(Clone, PartialEq, Eq)]
pub struct Login {
    pub id: String,
    pub name: String,
    pub kind: LoginKind,
    /// The issuer (OpenID Connect) or the GitHub server, without a trailing `/`.
    pub base: String,
    pub client_id: String,
    pub client_secret: String,
}

/// Never prints the client secret.
impl fmt::Debug for Login {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Login")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .field("base", &self.base)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

impl LoginFile {
    /// Checks the id, and that the issuer or server is an https address (http only on
    /// this machine's loopback, for trying it out).
    pub fn resolve(self, site: &str, taken: &[Login]) -> Result<Login, String> {
        let id_is_fine = !self.id.is_empty()
            && self.id.len() <= MAX_ID_CHARS
            && self
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !id_is_fine || self.id == "sso" {
            return Err(format!(
                "site {site:?}: login id {:?}: use up to {MAX_ID_CHARS} lower-case letters, \
                 digits and '-' (and not \"sso\")",
                self.id
            ));
        }
        if taken.iter().any(|login| login.id == self.id) {
            return Err(format!(
                "site {site:?}: login id {:?} is used twice",
                self.id
            ));
        }
        let base = match (self.kind, self.issuer, self.server) {
            (LoginKind::Oidc, Some(issuer), None) => issuer,
            (LoginKind::Github, None, server) => {
                server.unwrap_or_else(|| "https://github.com".to_owned())
            }
            (LoginKind::Oidc, _, _) => {
                return Err(format!(
                    "site {site:?}: login {:?} needs an issuer (and no server)",
                    self.id
                ));
            }
            (LoginKind::Github, Some(_), _) => {
                return Err(format!(
                    "site {site:?}: login {:?}: GitHub takes a server, not an issuer",
                    self.id
                ));
            }
        };
        if !is_provider_address(&base) {
            return Err(format!(
                "site {site:?}: login {:?}: {base:?} must be an https address \
                 (http only on loopback)",
                self.id
            ));
        }
        if self.name.trim().is_empty() || self.client_id.is_empty() || self.client_secret.is_empty()
        {
            return Err(format!(
                "site {site:?}: login {:?} needs a name, a client_id and a client_secret",
                self.id
            ));
        }
        Ok(Login {
            id: self.id,
            name: self.name.trim().to_owned(),
            kind: self.kind,
            base: base.trim_end_matches('/').to_owned(),
            client_id: self.client_id,
            client_secret: self.client_secret,
        })
    }
}

/// A site's logins, each checked, their ids distinct.
pub fn resolve_all(site: &str, files: Vec<LoginFile>) -> Result<Arc<[Login]>, String> {
    let mut resolved = Vec::with_capacity(files.len());
    for file in files {
        let login = file.resolve(site, &resolved)?;
        resolved.push(login);
    }
    Ok(resolved.into())
}

/// Whether Confab talks to a provider at `address`: https, or http on loopback.
pub fn is_provider_address(address: &str) -> bool {
    let Ok(url) = url::Url::parse(address) else {
        return false;
    };
    match url.scheme() {
        "https" => url.host().is_some(),
        "http" => is_loopback(&url),
        _ => false,
    }
}

/// Whether `url` names this machine.
pub fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain == "localhost",
        Some(url::Host::Ipv4(address)) => address.is_loopback(),
        Some(url::Host::Ipv6(address)) => address.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(text: &str) -> Result<Login, String> {
        toml::from_str::<LoginFile>(text)
            .map_err(|error| error.to_string())?
            .resolve("blog", &[])
    }

    #[test]
    fn a_login_needs_a_fitting_id_a_secure_address_and_its_client() {
        let github =
            resolve("id = \"github\"\nname = \"GitHub\"\nkind = \"github\"\nclient_id = \"a\"\nclient_secret = \"b\"")
                .unwrap();
        assert_eq!(github.base, "https://github.com");
        let oidc = "name = \"X\"\nkind = \"oidc\"\nclient_id = \"a\"\nclient_secret = \"b\"";
        assert!(
            resolve(&format!(
                "id = \"x\"\nissuer = \"https://id.example/\"\n{oidc}"
            ))
            .is_ok()
        );
        assert!(
            resolve(&format!(
                "id = \"x\"\nissuer = \"http://127.0.0.1:9/\"\n{oidc}"
            ))
            .is_ok()
        );
        for refused in [
            "id = \"x\"\nissuer = \"http://id.example/\"",
            "id = \"x\"",
            "id = \"sso\"\nissuer = \"https://id.example/\"",
            "id = \"Big\"\nissuer = \"https://id.example/\"",
            "id = \"x\"\nissuer = \"javascript:alert(1)\"",
        ] {
            assert!(resolve(&format!("{refused}\n{oidc}")).is_err(), "{refused}");
        }
        let taken = [github.clone()];
        let again = toml::from_str::<LoginFile>(
            "id = \"github\"\nname = \"G\"\nkind = \"github\"\nclient_id = \"a\"\nclient_secret = \"b\"",
        )
        .unwrap();
        assert!(again.resolve("blog", &taken).is_err());
        assert!(
            !format!("{github:?}").contains("\"b\""),
            "no secret printed"
        );
    }
}
