//! Who wrote what, without accounts: avatar seeds and edit tokens.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::net::IpAddr;

/// A stable, non-reversible seed for an author's avatar: a keyed hash of their email, or
/// of their name when they gave none. The two are hashed in separate domains, so a name
/// never yields the seed of the same text given as an email (which would let anyone test
/// a guessed address against a commenter's avatar). The address itself is never published.
pub fn avatar_seed(key: &str, email: Option<&str>, name: &str) -> String {
    let (domain, identity) = match email {
        Some(email) => (0_u8, email),
        None => (1_u8, name),
    };
    let digest = Sha256::new()
        .chain_update(key.as_bytes())
        .chain_update([domain])
        .chain_update(identity.trim().to_lowercase().as_bytes())
        .finalize();
    hex(&digest[..10])
}

/// The avatar seed of a reader signed in on `site` as `identity` (`sso:<sub>`,
/// `github:<id>`): the same on every comment of theirs on that site, in a domain of its
/// own (no email or name yields it).
pub fn signed_in_avatar_seed(key: &str, site: &str, identity: &str) -> String {
    let digest = Sha256::new()
        .chain_update(key.as_bytes())
        .chain_update([2_u8])
        .chain_update(site.as_bytes())
        .chain_update([0_u8])
        .chain_update(identity.as_bytes())
        .finalize();
    hex(&digest[..10])
}

/// An avatar seed that means nothing and reveals nothing: fresh random bits.
pub fn meaningless_avatar_seed() -> String {
    hex(&rand::random::<[u8; 10]>())
}

/// The client an address stands for: itself, or its /64 for IPv6 (one host may hold a
/// whole /64), so limits and trust count a host once however many addresses it uses.
pub fn client_network(address: IpAddr) -> IpAddr {
    // An IPv4 client of a server listening on IPv6 arrives as `::ffff:a.b.c.d`.
    match address.to_canonical() {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => IpAddr::V6((u128::from(v6) & !((1_u128 << 64) - 1)).into()),
    }
}

/// A fresh edit token (128 random bits, hex) and the hash under which it is stored.
pub fn new_edit_token() -> (String, String) {
    let token = hex(&rand::random::<[u8; 16]>());
    let hash = edit_token_hash(&token);
    (token, hash)
}

/// The edit token of a post sent with `Idempotency-Key: key`: a keyed hash of the key, so
/// a retry of the same post gets the same token back although only its hash is stored.
pub fn derived_edit_token(server_key: &str, idempotency_key: &str) -> (String, String) {
    let mut mac = Hmac::<Sha256>::new_from_slice(server_key.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(b"edit-token\0");
    mac.update(idempotency_key.as_bytes());
    let token = hex(&mac.finalize().into_bytes()[..16]);
    let hash = edit_token_hash(&token);
    (token, hash)
}

/// A hash of a request's content, to tell a retry from another request with the same key.
pub fn request_hash(request: &impl serde::Serialize) -> String {
    content_hash(&serde_json::to_vec(request).unwrap_or_default())
}

/// The SHA-256 of `bytes`, in hex.
pub fn content_hash(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Who casts a vote with the widget's voter `key`, as votes are stored (a hash: the key
/// itself never is).
pub fn guest_voter(key: &str) -> String {
    format!("key:{}", &content_hash(key.as_bytes())[..32])
}

/// Who a signed-in reader with `identity` is as a voter.
pub fn signed_in_voter(identity: &str) -> String {
    format!("id:{identity}")
}

/// Whether `voter` wrote the comment whose author voted as `author_voter` or is the
/// signed-in `author_identity`: nobody votes on or reacts to their own comment.
pub fn written_by(author_voter: Option<&str>, author_identity: Option<&str>, voter: &str) -> bool {
    author_voter == Some(voter)
        || author_identity.is_some_and(|identity| voter == signed_in_voter(identity))
}

/// The stored form of an edit token.
pub fn edit_token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Whether `token` is the one stored as `stored_hash`, compared in constant time.
pub fn token_matches(token: &str, stored_hash: &str) -> bool {
    let hash = edit_token_hash(token);
    hash.len() == stored_hash.len()
        && hash
            .bytes()
            .zip(stored_hash.bytes())
            .fold(0, |difference, (a, b)| difference | (a ^ b))
            == 0
}

/// A new random secret (256 bits, as hex): login states, nonces, sessions.
pub fn random_secret() -> String {
    hex(&rand::random::<[u8; 32]>())
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ipv4_client_seen_through_ipv6_is_itself_and_ipv6_counts_by_64() {
        let mapped: IpAddr = "::ffff:198.51.100.7".parse().unwrap();
        assert_eq!(
            client_network(mapped),
            "198.51.100.7".parse::<IpAddr>().unwrap()
        );
        let other: IpAddr = "::ffff:198.51.100.8".parse().unwrap();
        assert_ne!(client_network(mapped), client_network(other));
        let v6: IpAddr = "2001:db8:1:2:3:4:5:6".parse().unwrap();
        assert_eq!(
            client_network(v6),
            "2001:db8:1:2::".parse::<IpAddr>().unwrap()
        );
    }

    #[test]
    fn the_same_email_gives_the_same_seed_whatever_its_case() {
        let a = avatar_seed("k", Some("Ann@Example.com"), "Ann");
        let b = avatar_seed("k", Some("ann@example.com "), "Someone else");
        assert_eq!(a, b);
        assert_eq!(a.len(), 20);
    }

    #[test]
    fn the_seed_depends_on_the_key_and_does_not_contain_the_email() {
        let a = avatar_seed("k1", Some("ann@example.com"), "Ann");
        assert_ne!(a, avatar_seed("k2", Some("ann@example.com"), "Ann"));
        assert!(!a.contains("ann"));
    }

    #[test]
    fn a_retry_with_the_same_key_derives_the_same_token() {
        let (token, hash) = derived_edit_token("server", "key-1");
        assert_eq!(derived_edit_token("server", "key-1"), (token.clone(), hash));
        assert_ne!(derived_edit_token("server", "key-2").0, token);
        assert_ne!(derived_edit_token("other", "key-1").0, token);
        assert_eq!(token.len(), 32);
    }

    #[test]
    fn edit_tokens_are_random_and_stored_hashed() {
        let (token, hash) = new_edit_token();
        let (other, _) = new_edit_token();
        assert_eq!(token.len(), 32);
        assert_ne!(token, other);
        assert_eq!(edit_token_hash(&token), hash);
        assert!(token_matches(&token, &hash));
        assert!(!token_matches(&other, &hash));
        assert_ne!(token, hash);
    }
}
