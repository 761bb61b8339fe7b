//! Signed links in mails: moderating a comment and confirming an address (both
//! expiring), unsubscribing it (never expiring) and subscribing it again. Each link carries an HMAC of what it does, keyed with the server's
//! secret, so nobody can make one for another comment, action or address.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use confab_api::{CommentId, ModerationAction};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How long a moderation link in an owner's mail works.
pub const MODERATION_LINK_LIFETIME_MILLIS: i64 = 7 * 24 * 60 * 60 * 1000;

/// How long the link of a confirmation mail works.
pub const CONFIRMATION_LINK_LIFETIME_MILLIS: i64 = 7 * 24 * 60 * 60 * 1000;

/// How long the "mail me again" button of an unsubscribe page works.
pub const RESUBSCRIBE_LINK_LIFETIME_MILLIS: i64 = 24 * 60 * 60 * 1000;

/// What an address link does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressAction {
    Confirm,
    Unsubscribe,
    /// From an unsubscribe page: mail this address about replies again.
    Resubscribe,
}

impl AddressAction {
    /// The link's path under `/api/v1/mail/`.
    pub fn path(self) -> &'static str {
        match self {
            Self::Confirm => "confirm",
            Self::Unsubscribe => "unsubscribe",
            Self::Resubscribe => "resubscribe",
        }
    }

    /// Whether its links expire (an unsubscribe link must work for as long as the mail
    /// that carries it is kept).
    pub fn expires(self) -> bool {
        self != Self::Unsubscribe
    }
}

/// Why a link was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkError {
    /// Not made by this server (or altered).
    Forged,
    /// Made by this server, but too long ago.
    Expired,
}

/// What a moderation link names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModerationLink {
    pub comment: CommentId,
    pub action: ModerationAction,
    /// The owner it was sent to (recorded as the actor).
    pub owner: String,
    /// Milliseconds since the epoch.
    pub expires: i64,
    /// The version of the text the mail shows (when it was last edited, 0 if never): an
    /// approval through the link approves that text only.
    pub edited: i64,
}

impl ModerationLink {
    /// The link's full address on the server at `public_url`.
    pub fn url(&self, public_url: &str, key: &str) -> String {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("comment", &self.comment.to_string())
            .append_pair("action", self.action.as_str())
            .append_pair("owner", &self.owner)
            .append_pair("expires", &self.expires.to_string())
            .append_pair("edited", &self.edited.to_string())
            .append_pair("sig", &sign(key, &self.signed_text()))
            .finish();
        format!("{public_url}/api/v1/mail/moderate?{query}")
    }

    /// Checks the signature, then the time.
    pub fn verify(&self, key: &str, signature: &str, now: i64) -> Result<(), LinkError> {
        check(key, &self.signed_text(), signature)?;
        if now > self.expires {
            return Err(LinkError::Expired);
        }
        Ok(())
    }

    fn signed_text(&self) -> String {
        format!(
            "moderate\n{}\n{}\n{}\n{}\n{}",
            self.comment,
            self.action.as_str(),
            self.owner,
            self.expires,
            self.edited
        )
    }
}

/// What an address link names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressLink {
    pub action: AddressAction,
    /// Lower-cased.
    pub address: String,
    /// Milliseconds since the epoch; `None` for a link that never expires.
    pub expires: Option<i64>,
}

impl AddressLink {
    /// A link for `action` on `address`, expiring `lifetime` after `now` if its kind does.
    pub fn new(action: AddressAction, address: &str, now: i64, lifetime: i64) -> Self {
        Self {
            action,
            address: address.to_owned(),
            expires: action.expires().then_some(now + lifetime),
        }
    }

    /// The link's full address on the server at `public_url`.
    pub fn url(&self, public_url: &str, key: &str) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        query.append_pair("address", &self.address);
        if let Some(expires) = self.expires {
            query.append_pair("expires", &expires.to_string());
        }
        query.append_pair("sig", &sign(key, &self.signed_text()));
        format!(
            "{public_url}/api/v1/mail/{}?{}",
            self.action.path(),
            query.finish()
        )
    }

    /// Checks the signature, then the time; a link of a kind that expires must say when.
    pub fn verify(&self, key: &str, signature: &str, now: i64) -> Result<(), LinkError> {
        check(key, &self.signed_text(), signature)?;
        match self.expires {
            Some(expires) if now > expires => Err(LinkError::Expired),
            None if self.action.expires() => Err(LinkError::Expired),
            _ => Ok(()),
        }
    }

    fn signed_text(&self) -> String {
        match self.expires {
            Some(expires) => format!("{}\n{}\n{expires}", self.action.path(), self.address),
            None => format!("{}\n{}", self.action.path(), self.address),
        }
    }
}

fn mac(key: &str, text: &str) -> Hmac<Sha256> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(b"mail-link\0");
    mac.update(text.as_bytes());
    mac
}

fn sign(key: &str, text: &str) -> String {
    URL_SAFE_NO_PAD.encode(mac(key, text).finalize().into_bytes())
}

/// Compares in constant time.
fn check(key: &str, text: &str, signature: &str) -> Result<(), LinkError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| LinkError::Forged)?;
    mac(key, text)
        .verify_slice(&bytes)
        .map_err(|_| LinkError::Forged)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link() -> ModerationLink {
        ModerationLink {
            comment: 7,
            action: ModerationAction::Approve,
            owner: "liza@blog.example".into(),
            expires: 1_000,
            edited: 0,
        }
    }

    fn signature_of(url: &str) -> String {
        let query = url.split_once('?').unwrap().1;
        url::form_urlencoded::parse(query.as_bytes())
            .find(|(name, _)| name == "sig")
            .unwrap()
            .1
            .into_owned()
    }

    #[test]
    fn a_moderation_link_works_for_what_it_names_until_it_expires() {
        let url = link().url("https://c.example", "key");
        assert!(url.starts_with("https://c.example/api/v1/mail/moderate?comment=7&action=approve"));
        let signature = signature_of(&url);
        assert_eq!(link().verify("key", &signature, 999), Ok(()));
        assert_eq!(
            link().verify("key", &signature, 1_001),
            Err(LinkError::Expired)
        );
        assert_eq!(
            link().verify("other key", &signature, 0),
            Err(LinkError::Forged)
        );
        for forged in [
            ModerationLink {
                comment: 8,
                ..link()
            },
            ModerationLink {
                action: ModerationAction::Spam,
                ..link()
            },
            ModerationLink {
                expires: 9_999,
                ..link()
            },
            ModerationLink {
                owner: "eve@evil.example".into(),
                ..link()
            },
        ] {
            assert_eq!(forged.verify("key", &signature, 0), Err(LinkError::Forged));
        }
        assert_eq!(
            link().verify("key", "not base64!", 0),
            Err(LinkError::Forged)
        );
    }

    #[test]
    fn an_address_link_names_its_action_and_address() {
        let link = AddressLink::new(AddressAction::Confirm, "a@b.example", 1_000, 500);
        let url = link.url("https://c.example", "key");
        assert!(url.starts_with("https://c.example/api/v1/mail/confirm?address=a%40b.example"));
        let signature = signature_of(&url);
        assert_eq!(link.verify("key", &signature, 1_500), Ok(()));
        for forged in [
            AddressLink {
                action: AddressAction::Resubscribe,
                ..link.clone()
            },
            AddressLink {
                address: "c@b.example".into(),
                ..link.clone()
            },
            AddressLink {
                expires: Some(9_999),
                ..link.clone()
            },
        ] {
            assert_eq!(forged.verify("key", &signature, 0), Err(LinkError::Forged));
        }
    }

    #[test]
    fn confirmation_links_expire_and_unsubscribe_links_do_not() {
        let confirm = AddressLink::new(AddressAction::Confirm, "a@b.example", 1_000, 500);
        let signature = signature_of(&confirm.url("https://c.example", "key"));
        assert_eq!(
            confirm.verify("key", &signature, 1_501),
            Err(LinkError::Expired)
        );
        let unsubscribe = AddressLink::new(AddressAction::Unsubscribe, "a@b.example", 1_000, 500);
        assert_eq!(unsubscribe.expires, None);
        let signature = signature_of(&unsubscribe.url("https://c.example", "key"));
        assert_eq!(unsubscribe.verify("key", &signature, i64::MAX), Ok(()));
        // A confirmation link from before links expired names no time: it is expired.
        let old = AddressLink {
            expires: None,
            ..confirm
        };
        let signature = signature_of(&old.url("https://c.example", "key"));
        assert_eq!(old.verify("key", &signature, 0), Err(LinkError::Expired));
    }
}
