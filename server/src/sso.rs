//! Single sign-on: a host site vouches for its reader with a JWT signed with HS256 and
//! the secret it shares with Confab (`[site.sso]`). A valid token gives a [`SignedIn`]
//! reader (as a session from a login with an identity provider does); a bad one is
//! refused with its reason and changes nothing.

use crate::settings::sso::SsoSettings;
use crate::validate::{is_on_origins, same_origin};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use confab_api::Badge;
use confab_api::limits::{MAX_EMAIL_CHARS, MAX_NAME_CHARS, MAX_WEBSITE_CHARS};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::Value;

/// The longest token read.
pub const MAX_TOKEN_BYTES: usize = 4096;
/// How far ahead a token's `exp` may be.
pub const MAX_LIFETIME_SECONDS: u64 = 24 * 60 * 60;
/// The longest subject (the site's id of its user).
pub const MAX_SUBJECT_CHARS: usize = 255;

/// A reader the site signed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    /// Who vouches for them: `sso` (the site), or the id of one of its logins.
    pub provider: String,
    /// The provider's stable id of its user.
    pub subject: String,
    pub name: String,
    pub email: Option<String>,
    pub website: Option<String>,
    /// An https URL on one of the site's origins.
    pub avatar: Option<String>,
    /// A badge the site's configuration lets tokens claim.
    pub badge: Option<Badge>,
}

impl SignedIn {
    /// How comments remember who wrote them: `sso:<sub>`, `github:<id>`.
    pub fn identity(&self) -> String {
        format!("{}:{}", self.provider, self.subject)
    }
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SsoError {
    /// The site has no `[site.sso]`.
    NotEnabled,
    /// Not three base64url parts of JSON, or a claim of the wrong type.
    Malformed,
    /// Longer than [`MAX_TOKEN_BYTES`], or a claim longer than its field allows.
    Oversize,
    /// Signed with another algorithm than HS256 (`none` included).
    WrongAlgorithm,
    /// Not signed with this site's secret (a token of another site is one).
    BadSignature,
    Expired,
    /// No `exp`, or one more than [`MAX_LIFETIME_SECONDS`] ahead.
    BadExpiry,
    MissingSubject,
    MissingName,
    /// An `aud` that names neither this site nor one of its origins.
    OtherSite,
    /// An avatar that is not an https URL on one of the site's origins.
    AvatarOffSite,
}

impl SsoError {
    /// The error code the API answers with.
    pub fn code(self) -> &'static str {
        match self {
            Self::NotEnabled => "sso_not_enabled",
            Self::Malformed => "sso_malformed",
            Self::Oversize => "sso_oversize",
            Self::WrongAlgorithm => "sso_wrong_algorithm",
            Self::BadSignature => "sso_bad_signature",
            Self::Expired => "sso_expired",
            Self::BadExpiry => "sso_bad_expiry",
            Self::MissingSubject => "sso_missing_subject",
            Self::MissingName => "sso_missing_name",
            Self::OtherSite => "sso_other_site",
            Self::AvatarOffSite => "sso_avatar_off_site",
        }
    }

    /// What the error means, for the site's developers.
    pub fn message(self) -> &'static str {
        match self {
            Self::NotEnabled => "This site does not sign its readers in.",
            Self::Malformed => "The sign-in token is not a well-formed JWT.",
            Self::Oversize => "The sign-in token, or one of its claims, is too long.",
            Self::WrongAlgorithm => "The sign-in token must be signed with HS256.",
            Self::BadSignature => "The sign-in token is not signed with this site's secret.",
            Self::Expired => "The sign-in token has expired: sign the reader in again.",
            Self::BadExpiry => "The sign-in token needs an exp at most 24 hours ahead.",
            Self::MissingSubject => "The sign-in token needs a sub (the user's id).",
            Self::MissingName => "The sign-in token needs a name.",
            Self::OtherSite => "The sign-in token is meant for another site.",
            Self::AvatarOffSite => "The avatar must be an https URL on one of the site's origins.",
        }
    }
}

/// Who `token` signs in on the site named `site` with `origins`, at `now` (seconds since
/// the epoch).
pub fn verify(
    token: &str,
    settings: Option<&SsoSettings>,
    site: &str,
    origins: &[String],
    now: u64,
) -> Result<SignedIn, SsoError> {
    let settings = settings.ok_or(SsoError::NotEnabled)?;
    if token.len() > MAX_TOKEN_BYTES {
        return Err(SsoError::Oversize);
    }
    // The algorithm is read before anything is trusted, so `none` or another algorithm
    // gets its own answer.
    if header_algorithm(token)?.as_deref() != Some("HS256") {
        return Err(SsoError::WrongAlgorithm);
    }
    let mut validation = Validation::new(Algorithm::HS256);
    // Times and audience are checked below, against the `now` given.
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.set_required_spec_claims(&["exp", "sub"]);
    // The configuration allows no secret short enough for the key to be refused.
    let key =
        DecodingKey::from_secret(settings.secret.as_bytes()).map_err(|_| SsoError::BadSignature)?;
    let claims = jsonwebtoken::decode::<Value>(token, &key, &validation)
        .map_err(|error| match error.kind() {
            ErrorKind::InvalidSignature => SsoError::BadSignature,
            ErrorKind::InvalidAlgorithm => SsoError::WrongAlgorithm,
            ErrorKind::MissingRequiredClaim(claim) if claim == "sub" => SsoError::MissingSubject,
            ErrorKind::MissingRequiredClaim(_) => SsoError::BadExpiry,
            _ => SsoError::Malformed,
        })?
        .claims;
    let expires = claims["exp"].as_u64().ok_or(SsoError::BadExpiry)?;
    if expires <= now {
        return Err(SsoError::Expired);
    }
    if expires > now.saturating_add(MAX_LIFETIME_SECONDS) {
        return Err(SsoError::BadExpiry);
    }
    check_audience(&claims["aud"], site, origins)?;
    let subject = text_claim(&claims, "sub", MAX_SUBJECT_CHARS)?.ok_or(SsoError::MissingSubject)?;
    let name = text_claim(&claims, "name", MAX_NAME_CHARS)?.ok_or(SsoError::MissingName)?;
    let avatar = text_claim(&claims, "avatar", MAX_WEBSITE_CHARS)?;
    if avatar
        .as_deref()
        .is_some_and(|avatar| !is_https_on(avatar, origins))
    {
        return Err(SsoError::AvatarOffSite);
    }
    let badge = claims["badge"]
        .as_str()
        .and_then(|claimed| serde_json::from_value::<Badge>(Value::from(claimed)).ok())
        .filter(|badge| settings.badges.contains(badge));
    Ok(SignedIn {
        provider: "sso".to_owned(),
        subject,
        name,
        email: text_claim(&claims, "email", MAX_EMAIL_CHARS)?,
        website: text_claim(&claims, "website", MAX_WEBSITE_CHARS)?,
        avatar,
        badge,
    })
}

/// The `alg` of the token's header, before the signature is checked.
fn header_algorithm(token: &str) -> Result<Option<String>, SsoError> {
    let header = token.split('.').next().unwrap_or_default();
    let bytes = URL_SAFE_NO_PAD
        .decode(header.trim_end_matches('='))
        .map_err(|_| SsoError::Malformed)?;
    let header: Value = serde_json::from_slice(&bytes).map_err(|_| SsoError::Malformed)?;
    Ok(header["alg"].as_str().map(str::to_owned))
}

/// A text claim, trimmed; blank counts as absent; longer than `max_chars` is refused.
fn text_claim(claims: &Value, name: &str, max_chars: usize) -> Result<Option<String>, SsoError> {
    match &claims[name] {
        Value::Null => Ok(None),
        Value::String(text) if text.chars().count() > max_chars => Err(SsoError::Oversize),
        Value::String(text) if text.trim().is_empty() => Ok(None),
        Value::String(text) => Ok(Some(text.trim().to_owned())),
        _ => Err(SsoError::Malformed),
    }
}

/// An `aud`, when given, must name the site or one of its origins.
fn check_audience(audience: &Value, site: &str, origins: &[String]) -> Result<(), SsoError> {
    let names_this_site = |value: &Value| {
        value
            .as_str()
            .is_some_and(|aud| aud == site || origins.iter().any(|origin| same_origin(origin, aud)))
    };
    match audience {
        Value::Null => Ok(()),
        Value::Array(audiences) if audiences.iter().any(names_this_site) => Ok(()),
        single if names_this_site(single) => Ok(()),
        _ => Err(SsoError::OtherSite),
    }
}

/// Whether `url` is an https URL on one of `origins`.
fn is_https_on(url: &str, origins: &[String]) -> bool {
    url::Url::parse(url).is_ok_and(|parsed| parsed.scheme() == "https")
        && is_on_origins(url, origins)
}

#[cfg(test)]
mod tests;
