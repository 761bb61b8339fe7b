//! Login with an identity provider (`[[site.login]]`): the authorization code flow with
//! PKCE and `state` (and `nonce`, for OpenID Connect), as the server runs it between the
//! reader's popup and the provider. This module holds what every provider shares: the
//! secrets of one attempt, the person a provider vouches for, and the errors; `oidc` and
//! `github` talk to their kind of provider.

pub mod github;
pub mod oidc;

use crate::identity::random_secret;
use crate::settings::logins::{Login, LoginKind};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use std::time::Duration;

/// How long a provider may take to answer one request.
const PROVIDER_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest answer read from a provider.
const MAX_ANSWER_BYTES: usize = 256 * 1024;

/// The secrets of one login attempt, made when it begins and kept (as a row) until the
/// provider sends the reader back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptSecrets {
    /// Sent to the provider and back: only the attempt's own callback knows it.
    pub state: String,
    /// Put into the ID token by an OpenID provider: the token was made for this attempt.
    pub nonce: String,
    /// PKCE: the code is worth nothing without it.
    pub verifier: String,
}

impl AttemptSecrets {
    /// New random secrets.
    pub fn new() -> Self {
        Self {
            state: random_secret(),
            nonce: random_secret(),
            verifier: random_secret(),
        }
    }

    /// The PKCE challenge (S256) of the verifier.
    pub fn challenge(&self) -> String {
        URL_SAFE_NO_PAD.encode(Sha256::digest(self.verifier.as_bytes()))
    }
}

impl Default for AttemptSecrets {
    fn default() -> Self {
        Self::new()
    }
}

/// Someone a provider vouches for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The provider's stable id of them.
    pub subject: String,
    pub name: String,
    /// Only an address the provider says is verified.
    pub email: Option<String>,
}

/// Why a login failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginError {
    /// The provider could not be reached, or answered something that is not its protocol.
    Unreachable(String),
    /// The provider refused (a used code, a cancelled login), or vouched with something
    /// that does not hold (a bad signature, another audience, another nonce, expired).
    Refused(String),
}

impl LoginError {
    /// What went wrong, for the reader's popup and the log.
    pub fn message(&self) -> &str {
        match self {
            Self::Unreachable(message) | Self::Refused(message) => message,
        }
    }
}

/// Talks to identity providers for every site; OpenID issuers' discovery documents and
/// keys are kept for a while.
#[derive(Debug)]
pub struct LoginClient {
    http: reqwest::Client,
    /// Where readers reach this server, if the settings say.
    pub public_url: Option<String>,
    issuers: oidc::IssuerCache,
}

impl Default for LoginClient {
    fn default() -> Self {
        Self::new(None)
    }
}

impl LoginClient {
    /// A client; `public_url` makes the callback address.
    pub fn new(public_url: Option<String>) -> Self {
        let http = reqwest::Client::builder()
            .timeout(PROVIDER_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Confab/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_default();
        Self {
            http,
            public_url,
            issuers: oidc::IssuerCache::default(),
        }
    }

    /// Where the reader's popup goes to sign in with `login`, to come back to `callback`.
    pub async fn authorization_url(
        &self,
        login: &Login,
        callback: &str,
        secrets: &AttemptSecrets,
    ) -> Result<String, LoginError> {
        let (endpoint, scope, nonce) = match login.kind {
            LoginKind::Oidc => {
                let issuer = self.issuers.get(&self.http, &login.base).await?;
                (
                    issuer.authorization_endpoint.clone(),
                    "openid profile email",
                    Some(secrets.nonce.as_str()),
                )
            }
            LoginKind::Github => (
                github::authorize_endpoint(&login.base),
                "read:user user:email",
                None,
            ),
        };
        let mut url = url::Url::parse(&endpoint)
            .map_err(|_| LoginError::Unreachable("The provider's address is not a URL.".into()))?;
        {
            let mut query = url.query_pairs_mut();
            query
                .append_pair("response_type", "code")
                .append_pair("client_id", &login.client_id)
                .append_pair("redirect_uri", callback)
                .append_pair("scope", scope)
                .append_pair("state", &secrets.state)
                .append_pair("code_challenge", &secrets.challenge())
                .append_pair("code_challenge_method", "S256");
            if let Some(nonce) = nonce {
                query.append_pair("nonce", nonce);
            }
        }
        Ok(url.into())
    }

    /// Who the provider vouches for, given the `code` it sent back to `callback`.
    pub async fn person(
        &self,
        login: &Login,
        callback: &str,
        code: &str,
        secrets: &AttemptSecrets,
    ) -> Result<Person, LoginError> {
        match login.kind {
            LoginKind::Oidc => {
                let issuer = self.issuers.get(&self.http, &login.base).await?;
                oidc::person(
                    &self.http,
                    &self.issuers,
                    &issuer,
                    login,
                    callback,
                    code,
                    secrets,
                )
                .await
            }
            LoginKind::Github => github::person(&self.http, login, callback, code, secrets).await,
        }
    }
}

/// Reads a provider's JSON answer, no bigger than [`MAX_ANSWER_BYTES`].
async fn json_answer(response: reqwest::Response) -> Result<serde_json::Value, LoginError> {
    let unreadable = || LoginError::Unreachable("The provider's answer could not be read.".into());
    if response
        .content_length()
        .is_some_and(|length| length > MAX_ANSWER_BYTES as u64)
    {
        return Err(unreadable());
    }
    let bytes = response.bytes().await.map_err(|_| unreadable())?;
    if bytes.len() > MAX_ANSWER_BYTES {
        return Err(unreadable());
    }
    serde_json::from_slice(&bytes).map_err(|_| unreadable())
}

/// The provider's own words for a refusal (`error`, `error_description`), if it gave any.
fn provider_refusal(answer: &serde_json::Value) -> Option<LoginError> {
    let error = answer["error"].as_str()?;
    let description = answer["error_description"].as_str().unwrap_or_default();
    Some(LoginError::Refused(format!(
        "The provider refused: {}",
        format!("{error} {description}").trim()
    )))
}

/// A name for someone whose provider gave none of `names`: the part of the email before
/// the `@`, or else "Anonymous".
fn first_name_given(names: &[Option<&str>], email: Option<&str>) -> String {
    names
        .iter()
        .flatten()
        .map(|name| name.trim())
        .find(|name| !name.is_empty())
        .map(str::to_owned)
        .or_else(|| {
            email
                .and_then(|email| email.split('@').next())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "Anonymous".to_owned())
        .chars()
        .take(confab_api::limits::MAX_NAME_CHARS)
        .collect()
}

#[cfg(test)]
mod tests;
