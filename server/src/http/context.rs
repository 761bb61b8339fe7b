//! What a request is about, resolved once at the edge and handed to handlers as
//! arguments: the page's origin, the site it belongs to, the client's address, and the
//! moderator acting.

use crate::http::AppState;
use crate::http::error::AppError;
use crate::http::extract::has_json_body;
use crate::identity;
use crate::settings::{Moderator, SiteSettings, Sites};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use std::convert::Infallible;
use std::net::IpAddr;
use std::ops::Deref;
use std::sync::Arc;

/// Whether a request is one no HTML form can send: a JSON body, or the script header.
fn is_script_request(headers: &HeaderMap) -> bool {
    has_json_body(headers) || headers.contains_key(SCRIPT_HEADER)
}

/// Who the log says acted with the bearer token.
const TOKEN_ACTOR: &str = "admin token";

/// The `Origin` a browser sent with the request, if any: the one place it is read.
pub fn origin_header(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::ORIGIN)
        .and_then(|value| value.to_str().ok())
}

/// The page origin a browser named, if any.
#[derive(Debug, Clone)]
pub struct RequestOrigin(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for RequestOrigin {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(Self(origin_header(&parts.headers).map(str::to_owned)))
    }
}

/// The site a request belongs to, by its `Origin`; found once (the rate limit finds it
/// first) and kept with the request.
#[derive(Debug, Clone)]
pub struct RequestSite(pub Arc<SiteSettings>);

impl RequestSite {
    /// The site of a request with `headers`.
    pub fn of(sites: &Sites, headers: &HeaderMap) -> Self {
        Self(Arc::clone(sites.for_origin(origin_header(headers))))
    }
}

impl Deref for RequestSite {
    type Target = SiteSettings;

    fn deref(&self) -> &SiteSettings {
        &self.0
    }
}

impl FromRequestParts<AppState> for RequestSite {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        if let Some(site) = parts.extensions.get::<Self>() {
            return Ok(site.clone());
        }
        let site = Self::of(&state.sites, &parts.headers);
        parts.extensions.insert(site.clone());
        Ok(site)
    }
}

/// The client's address as the rate limit found it and kept with the request (through a trusted proxy's header when
/// one is configured); `None` when the server was not told it.
#[derive(Debug, Clone, Copy)]
pub struct Client(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(parts
            .extensions
            .get::<Self>()
            .copied()
            .unwrap_or(Self(None)))
    }
}

/// The session cookie's name over plain HTTP (a server on this machine).
pub const COOKIE: &str = "confab_admin";
/// Its name over TLS: the `__Host-` prefix binds it to this host and to `Secure`, so a
/// page on a sibling subdomain cannot plant one.
pub const SECURE_COOKIE: &str = "__Host-confab_admin";
/// The header (any value) that marks a moderator's write as sent by a script of the
/// moderators' screen: no other page's form can send it, and another origin's script
/// cannot send it without the CORS preflight this server refuses.
pub const SCRIPT_HEADER: &str = "x-confab-request";

/// Whether the browser reached the server over TLS (directly or through a proxy).
pub fn over_tls(headers: &HeaderMap) -> bool {
    let says_https = |name: header::HeaderName| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("https"))
    };
    says_https(header::ORIGIN) || says_https(header::HeaderName::from_static("x-forwarded-proto"))
}

/// The session cookie's name for a request with `headers`.
pub fn cookie_name(headers: &HeaderMap) -> &'static str {
    if over_tls(headers) {
        SECURE_COOKIE
    } else {
        COOKIE
    }
}

/// The logged-in moderator a request's session cookie belongs to, if any.
pub async fn moderator<'a>(
    state: &'a AppState,
    headers: &HeaderMap,
) -> Result<Option<&'a Moderator>, AppError> {
    let Some(token) = cookie_token(headers) else {
        return Ok(None);
    };
    let name = state
        .storage
        .session_moderator(&identity::edit_token_hash(token))
        .await?;
    Ok(name.and_then(|name| {
        state
            .admin
            .moderators
            .iter()
            .find(|moderator| moderator.name == name)
    }))
}

/// The session token in the request's `Cookie` header.
pub fn cookie_token(headers: &HeaderMap) -> Option<&str> {
    let wanted = cookie_name(headers);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == wanted)
        .map(|(_, value)| value)
        .filter(|value| !value.is_empty())
}

/// The moderator whose session cookie came with the request, if any.
#[derive(Debug, Clone)]
pub struct SignedInModerator(pub Option<Moderator>);

impl FromRequestParts<AppState> for SignedInModerator {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let moderator = moderator(state, &parts.headers).await?;
        Ok(Self(moderator.cloned()))
    }
}

/// Who is acting on the admin API: the logged-in moderator's name, or "admin token" for a
/// request with the configured bearer token (compared in constant time), and the sites
/// they may act on. Anyone else is refused before the handler runs.
#[derive(Debug, Clone)]
pub struct Actor {
    pub name: String,
    pub scope: Scope,
}

/// The sites an actor may act on: every site (an owner, or the admin token), or the
/// names listed for a moderator.
#[derive(Debug, Clone)]
pub struct Scope(Option<Vec<String>>);

impl Scope {
    /// Whether the actor may act on the thread stored as `key`.
    pub fn allows(&self, sites: &Sites, key: &str) -> bool {
        let site = &sites.for_stored_key(key).name;
        self.0
            .as_ref()
            .is_none_or(|names| names.iter().any(|name| name == site))
    }

    /// Refuses (`403`) an action on the thread stored as `key` outside the actor's sites.
    pub fn check(&self, sites: &Sites, key: &str) -> Result<(), AppError> {
        if self.allows(sites, key) {
            Ok(())
        } else {
            Err(AppError::Forbidden {
                code: "not_your_site",
                message: "This comment belongs to a site you do not moderate.".to_owned(),
            })
        }
    }

    /// Whether the actor looks after site `name` (`None`: every site, an owner's).
    pub fn covers_site(&self, name: Option<&str>) -> bool {
        match (&self.0, name) {
            (None, _) => true,
            (Some(names), Some(name)) => names.iter().any(|own| own == name),
            (Some(_), None) => false,
        }
    }

    /// Refuses (`403`) what concerns a site the actor does not look after, or every site.
    pub fn check_site(&self, name: Option<&str>) -> Result<(), AppError> {
        if self.covers_site(name) {
            return Ok(());
        }
        match name {
            Some(_) => Err(AppError::Forbidden {
                code: "not_your_site",
                message: "This rule belongs to a site you do not moderate.".to_owned(),
            }),
            None => self.owner_only(),
        }
    }

    /// Refuses (`403`) what only an owner may do (imports, every site's deliveries).
    pub fn owner_only(&self) -> Result<(), AppError> {
        match self.0 {
            None => Ok(()),
            Some(_) => Err(AppError::Forbidden {
                code: "owners_only",
                message: "Only an owner may do this: it concerns every site.".to_owned(),
            }),
        }
    }

    /// The stored-key prefixes of the actor's sites' threads (`None`: every thread).
    pub fn thread_prefixes(&self, sites: &Sites) -> Option<Vec<String>> {
        self.0.as_ref().map(|names| {
            sites
                .iter()
                .filter(|site| names.contains(&site.name))
                .map(|site| site.stored_key("/"))
                .collect()
        })
    }
}

impl FromRequestParts<AppState> for Actor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        authorize(state, &parts.method, &parts.headers).await
    }
}

async fn authorize(
    state: &AppState,
    method: &Method,
    headers: &HeaderMap,
) -> Result<Actor, AppError> {
    if let Some(moderator) = moderator(state, headers).await? {
        // The cookie comes with any request to this server, a form's from another page
        // too: a write must be one no form can send.
        if *method != Method::GET && !is_script_request(headers) {
            return Err(AppError::Forbidden {
                code: "not_a_script_request",
                message: "A moderator's change must come from the moderators' screen.".to_owned(),
            });
        }
        let sites = (!moderator.sites.is_empty()).then(|| moderator.sites.clone());
        return Ok(Actor {
            name: moderator.name.clone(),
            scope: Scope(sites),
        });
    }
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    let Some(expected) = &state.admin.token else {
        if state.admin.moderators.is_empty() {
            return Err(AppError::Forbidden {
                code: "admin_disabled",
                message: "The admin API is closed: the server has no admin token and no \
                          moderators."
                    .to_owned(),
            });
        }
        return Err(AppError::Unauthorized("Please log in.".to_owned()));
    };
    let given = given.ok_or_else(|| {
        AppError::Unauthorized("The admin API needs the admin token or a login.".to_owned())
    })?;
    if identity::token_matches(given, &identity::edit_token_hash(expected)) {
        Ok(Actor {
            name: TOKEN_ACTOR.to_owned(),
            scope: Scope(None),
        })
    } else {
        Err(AppError::Forbidden {
            code: "wrong_admin_token",
            message: "That is not the admin token.".to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("theme=dark; confab_admin=abc123; other=1"),
        );
        assert_eq!(cookie_token(&headers), Some("abc123"));
        headers.insert(header::COOKIE, HeaderValue::from_static("confab_admin="));
        assert_eq!(cookie_token(&headers), None);
    }
}
