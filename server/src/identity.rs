//! Who wrote what, without accounts: avatar seeds and edit tokens.

use sha2::{Digest, Sha256};

/// A stable, non-reversible seed for an author's avatar: a keyed hash of their email
/// (or of their name when they gave none). The address itself is never published.
pub fn avatar_seed(key: &str, email: Option<&str>, name: &str) -> String {
    let identity = email.unwrap_or(name).trim().to_lowercase();
    let digest = Sha256::new()
        .chain_update(key.as_bytes())
        .chain_update([0])
        .chain_update(identity.as_bytes())
        .finalize();
    hex(&digest[..10])
}

/// A fresh edit token (128 random bits, hex) and the hash under which it is stored.
pub fn new_edit_token() -> (String, String) {
    let token = hex(&rand::random::<[u8; 16]>());
    let hash = edit_token_hash(&token);
    (token, hash)
}

/// The stored form of an edit token.
pub fn edit_token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn edit_tokens_are_random_and_stored_hashed() {
        let (token, hash) = new_edit_token();
        let (other, _) = new_edit_token();
        assert_eq!(token.len(), 32);
        assert_ne!(token, other);
        assert_eq!(edit_token_hash(&token), hash);
        assert_ne!(token, hash);
    }
}
