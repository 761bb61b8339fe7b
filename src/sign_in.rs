//! Who is signed in: the reader the host site signed in (single sign-on: the token its
//! `sso` option holds, followed as the host logs the reader in or out, as it changes the
//! attribute in place), or one who signed in with an identity provider in a popup (the
//! session the popup hands over, kept in the host's `localStorage`). The widget trusts
//! nothing in either: the server checks them on every post.

use crate::config::option;
use crate::json::Json;
use crate::local_store;
use confab_api::LoginButton;
use leptos::prelude::*;
use web_sys::HtmlElement;

/// Where the session from an identity provider is kept, as the lines the popup hands over
/// after its first: the token, `1` when the provider gave a verified email, the name.
const SESSION_KEY: &str = "confab:session";
/// What the popup's message starts with.
const HAND_OVER_PREFIX: &str = "confab-login\n";

/// A reader signed in by the host site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    /// The token, sent with each post.
    pub token: String,
    /// The name the token gives, shown in the reply box.
    pub name: String,
    /// Whether the token gives an email (reply notifications need one).
    pub has_email: bool,
}

impl SignedIn {
    /// The reader `token` names, if its payload can be read.
    pub fn from_token(token: &str) -> Option<Self> {
        let payload = base64url_decode(token.split('.').nth(1)?)?;
        let claims = String::from_utf8(payload).ok()?;
        let claims = Json::parse(&claims).ok()?;
        let claim = |name: &str| match claims.get(name) {
            Json::String(value) if !value.trim().is_empty() => Some(value.to_string()),
            _ => None,
        };
        Some(Self {
            token: token.to_owned(),
            name: claim("name")?,
            has_email: claim("email").is_some(),
        })
    }

    /// The reader a session from an identity provider names (its kept lines).
    fn from_session(session: &str) -> Option<Self> {
        let mut lines = session.splitn(3, '\n');
        let (token, has_email, name) = (lines.next()?, lines.next()?, lines.next()?);
        Some(Self {
            token: token.to_owned(),
            name: name.to_owned(),
            has_email: has_email == "1",
        })
    }
}

/// The sign-in state a reply box shows: the reader signed in now, and where the site logs
/// readers in and out (from the thread's answer; empty when the site does not say).
#[derive(Clone, Copy)]
pub struct SignIn {
    /// The token the host gives now, empty when nobody is signed in (a string signal, as
    /// the box's fields are: a signal of another type would cost the widget its own code).
    token: RwSignal<String>,
    /// The session an identity provider gave, as kept (empty when none).
    session: RwSignal<String>,
    login_url: StoredValue<String>,
    logout_url: StoredValue<String>,
    /// The identity providers the site offers.
    logins: StoredValue<Vec<LoginButton>>,
}

impl SignIn {
    /// `token`, with the site's links and logins from the thread's answer, and the
    /// session this browser kept.
    pub fn new(
        token: RwSignal<String>,
        login_url: Option<String>,
        logout_url: Option<String>,
        logins: Vec<LoginButton>,
    ) -> Self {
        // Plain strings, empty for none: the widget keeps strings so already.
        Self {
            token,
            session: RwSignal::new(local_store::get(SESSION_KEY).unwrap_or_default()),
            login_url: StoredValue::new(login_url.unwrap_or_default()),
            logout_url: StoredValue::new(logout_url.unwrap_or_default()),
            logins: StoredValue::new(logins),
        }
    }

    /// The identity providers the site offers.
    pub fn logins(&self) -> Vec<LoginButton> {
        self.logins.get_value()
    }

    /// The session's token, when the reader signed in with an identity provider and the
    /// host signs nobody in (untracked).
    pub fn session(&self) -> Option<String> {
        if self.token().is_some() {
            return None;
        }
        self.session
            .with_untracked(|session| SignedIn::from_session(session))
            .map(|reader| reader.token)
    }

    /// Whether the reader signed in with an identity provider (tracked).
    pub fn has_session(&self) -> bool {
        self.token.with(String::is_empty) && self.session.with(|session| !session.is_empty())
    }

    /// Opens the popup that signs the reader in with login `id`; the session it hands
    /// over (from the Confab server at `api_base` only) signs them in.
    pub fn sign_in_with(&self, api_base: &str, id: &str) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let origin = window.location().origin().unwrap_or_default();
        let url = format!(
            "{api_base}/api/v1/login/{id}/start?origin={}",
            js_sys::encode_uri_component(&origin)
        );
        let (api_base, session) = (api_base.to_owned(), self.session);
        let listener = window_event_listener(leptos::ev::message, move |event| {
            let from_server = event.origin();
            let from_server = !from_server.is_empty()
                && api_base
                    .strip_prefix(&from_server)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
            let handed = event.data().as_string();
            if let (true, Some(lines)) = (
                from_server,
                handed
                    .as_deref()
                    .and_then(|data| data.strip_prefix(HAND_OVER_PREFIX)),
            ) {
                local_store::set(SESSION_KEY, lines);
                session.set(lines.to_owned());
            }
        });
        // One sign-in at a time: the listener lives as long as the page.
        std::mem::forget(listener);
        let _ = window.open_with_url_and_target_and_features(
            &url,
            "confab-login",
            "popup,width=480,height=640",
        );
    }

    /// Forgets the session (the server ended it, or the reader logs out).
    pub fn forget_session(&self) {
        local_store::set(SESSION_KEY, "");
        self.session.set(String::new());
    }

    /// Where the site logs readers in, if it said.
    pub fn login_url(&self) -> Option<String> {
        Some(self.login_url.get_value()).filter(|url| !url.is_empty())
    }

    /// Where the site logs a signed-in reader out, if it said.
    pub fn logout_url(&self) -> Option<String> {
        Some(self.logout_url.get_value()).filter(|url| !url.is_empty())
    }

    /// The token the host gives now, if any (untracked): sent with each post, whether or
    /// not the widget can read it (the server judges it, and says what is wrong).
    pub fn token(&self) -> Option<String> {
        Some(self.token.get_untracked()).filter(|token| !token.is_empty())
    }

    /// The reader signed in now, if any (tracked): the host's, else the session's.
    pub fn reader(&self) -> Option<SignedIn> {
        if self.token.with(|token| !token.is_empty()) {
            return self.token.with(|token| SignedIn::from_token(token));
        }
        self.session.with(|session| SignedIn::from_session(session))
    }

    /// Whether a reader is signed in (tracked): the host gives a token, whether or not
    /// the widget can read a name in it (the server judges the token), or a session is
    /// kept.
    pub fn is_signed_in(&self) -> bool {
        self.token.with(|token| !token.is_empty())
            || self.session.with(|session| !session.is_empty())
    }
}

/// The bytes of base64url text (padding optional), as JWTs write their parts.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::with_capacity(text.len() * 3 / 4);
    let (mut bits, mut count) = (0_u32, 0);
    for c in text.trim_end_matches('=').bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        bits = (bits << 6) | u32::from(value);
        count += 6;
        if count >= 8 {
            count -= 8;
            bytes.push((bits >> count) as u8);
        }
    }
    Some(bytes)
}

/// The token `host`'s `sso` option holds now (empty for none), kept up to date as the
/// host changes it.
pub fn follow(host: &HtmlElement) -> RwSignal<String> {
    let read = {
        let host = host.clone();
        move || option(&host, "sso").unwrap_or_default()
    };
    let token = RwSignal::new(read());
    crate::watch::attributes(host, &["sso", "data-sso"], move || {
        let now = read();
        if token.with_untracked(|then| *then != now) {
            token.set(now);
        }
    });
    token
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_is_read_as_jwts_write_it() {
        assert_eq!(
            base64url_decode("eyJuIjoiWm_DqyJ9").unwrap(),
            "{\"n\":\"Zoë\"}".as_bytes()
        );
        assert_eq!(base64url_decode("YQ").unwrap(), b"a");
        assert_eq!(base64url_decode("YQ==").unwrap(), b"a");
        assert_eq!(base64url_decode("-_8").unwrap(), vec![0xfb, 0xff]);
        assert_eq!(base64url_decode("a+b"), None);
    }

    #[test]
    fn the_name_and_whether_there_is_an_email_are_read_from_the_payload() {
        let token = "e30.eyJzdWIiOiJ1LTciLCJuYW1lIjoiWm_DqyIsImVtYWlsIjoieiJ9.sig";
        let reader = SignedIn::from_token(token).unwrap();
        assert_eq!(reader.name, "Zoë");
        assert!(reader.has_email);
        assert_eq!(SignedIn::from_token("e30.e30.sig"), None, "no name");
        assert_eq!(SignedIn::from_token("not a token"), None);
    }

    #[test]
    fn a_kept_session_gives_its_token_name_and_whether_there_is_an_email() {
        let reader = SignedIn::from_session("abc123\n1\nJane Doe").unwrap();
        assert_eq!(reader.token, "abc123");
        assert_eq!(reader.name, "Jane Doe");
        assert!(reader.has_email);
        let no_email = SignedIn::from_session("abc\n0\nLine\nbreak").unwrap();
        assert_eq!(no_email.name, "Line\nbreak");
        assert!(!no_email.has_email);
        assert_eq!(SignedIn::from_session(""), None);
    }
}
