//! The reader the host site signed in (single sign-on): the token its `sso` option holds,
//! followed as the host logs the reader in or out (it changes the attribute in place), and
//! the name the token gives. The widget trusts nothing in it: the server checks the token
//! on every post.

use crate::config::option;
use crate::json::Json;
use leptos::prelude::*;
use web_sys::HtmlElement;

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
}

/// The sign-in state a reply box shows: the reader signed in now, and where the site logs
/// readers in and out (from the thread's answer; empty when the site does not say).
#[derive(Clone, Copy)]
pub struct SignIn {
    /// The token the host gives now, empty when nobody is signed in (a string signal, as
    /// the box's fields are: a signal of another type would cost the widget its own code).
    token: RwSignal<String>,
    login_url: StoredValue<String>,
    logout_url: StoredValue<String>,
}

impl SignIn {
    /// `reader`, with the site's links from the thread's answer.
    pub fn new(
        token: RwSignal<String>,
        login_url: Option<String>,
        logout_url: Option<String>,
    ) -> Self {
        // Plain strings, empty for none: the widget keeps strings so already.
        Self {
            token,
            login_url: StoredValue::new(login_url.unwrap_or_default()),
            logout_url: StoredValue::new(logout_url.unwrap_or_default()),
        }
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

    /// The reader signed in now, if any (tracked).
    pub fn reader(&self) -> Option<SignedIn> {
        self.token.with(|token| SignedIn::from_token(token))
    }

    /// Whether the host signs a reader in (tracked): it gives a token, whether or not the
    /// widget can read a name in it (the server judges the token).
    pub fn is_signed_in(&self) -> bool {
        self.token.with(|token| !token.is_empty())
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
}
