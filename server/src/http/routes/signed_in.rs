//! Who signed a reader in, the same way for posts, changes and listings: a token the
//! host site signed (single sign-on), or a session from a login with an identity
//! provider; and the badge an email earns.

use crate::http::AppState;
use crate::http::error::AppError;
use crate::identity;
use crate::settings::SiteSettings;
use crate::sso::{self, SignedIn};
use crate::storage::now_millis;
use confab_api::Badge;

/// How a request says who the reader is.
#[derive(Debug, Clone, Copy)]
pub enum Credential<'a> {
    /// A token the host site signed.
    Sso(&'a str),
    /// A session from a login with an identity provider.
    Session(&'a str),
}

impl<'a> Credential<'a> {
    /// The credential of a request's `sso` and `session` fields (`sso` wins).
    pub fn of_fields(sso: Option<&'a str>, session: Option<&'a str>) -> Option<Self> {
        sso.map(Credential::Sso)
            .or(session.map(Credential::Session))
    }
}

/// The reader `credential` signs in on `site`, or why it does not, as the API answers it.
pub async fn reader(
    state: &AppState,
    site: &SiteSettings,
    credential: Credential<'_>,
) -> Result<SignedIn, AppError> {
    match credential {
        Credential::Sso(token) => {
            let now = u64::try_from(now_millis() / 1000).unwrap_or_default();
            sso::verify(
                token,
                site.rules.sso.as_deref(),
                &site.name,
                &site.rules.origins,
                now,
            )
            .map_err(|error| AppError::invalid("sso", error.code(), error.message()))
        }
        Credential::Session(token) => {
            let ended = || {
                AppError::invalid(
                    "session",
                    "session_ended",
                    "Your sign-in has ended: sign in again.",
                )
            };
            if token.len() > sso::MAX_TOKEN_BYTES {
                return Err(ended());
            }
            let session = state
                .storage
                .commenter_session(&identity::content_hash(token.as_bytes()))
                .await?
                .filter(|session| session.site == site.name)
                .ok_or_else(ended)?;
            let (provider, subject) = session.identity.split_once(':').ok_or_else(ended)?;
            Ok(SignedIn {
                provider: provider.to_owned(),
                subject: subject.to_owned(),
                // The provider verified the address: the badge it earns is proven.
                badge: session
                    .email
                    .as_deref()
                    .and_then(|email| badge_for(state, site, email)),
                name: session.name,
                email: session.email,
                website: None,
                avatar: None,
            })
        }
    }
}

/// The badge comments with `email` carry on `site`: a post author's or a moderator's.
pub fn badge_for(state: &AppState, site: &SiteSettings, email: &str) -> Option<Badge> {
    if site.is_post_author(email) {
        Some(Badge::PostAuthor)
    } else if state.admin.moderator_with_email(email).is_some() {
        Some(Badge::Moderator)
    } else {
        None
    }
}
