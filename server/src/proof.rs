//! Proofs of work, without storage or HTTP: challenges signed with the server's key (so
//! any server of the database can check them, and nobody can make an easier one), the
//! check of a post's proof, and how hard `auto` makes the next challenge from the pace
//! of recent posts. See [`confab_api::proof`] for what a proof is.

use crate::identity::{client_network, hex};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::net::IpAddr;

/// How long a challenge may be used, in milliseconds: longer than most comments take to
/// write; an older one is refused, and the widget solves a fresh one.
pub const LIFETIME_MILLIS: i64 = 30 * 60 * 1000;

/// The difficulty `auto` asks first, and the one to fix for a site that always asks:
/// about 260,000 hashes, a fraction of a second in a browser.
pub const AUTO_BITS: u8 = 18;

/// The most `auto` asks, at eight times a calm pace and beyond.
pub const MAX_AUTO_BITS: u8 = 24;

/// Posts one client may make within the window before `auto` asks it for proofs.
pub const CALM_CLIENT_POSTS: u32 = 3;

/// Posts one network (IPv4 /24, IPv6 /48) may make within the window.
pub const CALM_NETWORK_POSTS: u32 = 10;

/// Posts a whole site may have within the window, at least, before `auto` asks everyone;
/// a busier site may have four times its usual pace.
pub const CALM_SITE_POSTS: u32 = 30;

/// A challenge for `site` at `difficulty` bits, issued at `now` (milliseconds):
/// `issued.difficulty.random.signature`.
pub fn issue(server_key: &str, site: &str, difficulty: u8, now: i64) -> String {
    let body = format!(
        "{}.{difficulty}.{}",
        now.div_euclid(1000),
        hex(&rand::random::<[u8; 12]>())
    );
    let signature = hex(&sign(server_key, site, &body).finalize().into_bytes()[..16]);
    format!("{body}.{signature}")
}

fn sign(server_key: &str, site: &str, body: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(server_key.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(b"proof-of-work\0");
    mac.update(site.as_bytes());
    mac.update(b"\0");
    mac.update(body.as_bytes());
    mac
}

/// Why a post's proof is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// None was sent, and one is asked now.
    Missing,
    /// Not a challenge this server signed for this site, or the number does not prove it.
    Wrong,
    /// The challenge is older than [`LIFETIME_MILLIS`].
    Expired,
    /// The challenge asked fewer bits than the site asks now.
    TooEasy,
    /// Another post spent this challenge.
    Replayed,
}

impl Refusal {
    /// The error code of the refusal.
    pub fn code(self) -> &'static str {
        match self {
            Self::Missing => "proof_required",
            Self::Wrong => "proof_wrong",
            Self::Expired => "proof_expired",
            Self::TooEasy => "proof_too_easy",
            Self::Replayed => "proof_replayed",
        }
    }

    /// What the error says.
    pub fn message(self) -> &'static str {
        match self {
            Self::Missing => {
                "This site asks for a proof of work: get a challenge from /api/v1/challenge and send its solution as `proof`."
            }
            Self::Wrong => "The proof of work does not prove its challenge.",
            Self::Expired => "The proof of work's challenge has expired: solve a fresh one.",
            Self::TooEasy => {
                "The site now asks for a harder proof of work: solve a fresh challenge."
            }
            Self::Replayed => "This proof of work was used before: solve a fresh challenge.",
        }
    }
}

/// A proof that holds: what spending it records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Valid {
    /// The challenge's hash, which the spent proofs are kept under.
    pub challenge_hash: String,
    /// When the challenge expires, in milliseconds.
    pub expires_at: i64,
}

/// Checks `proof` (`challenge:number`) for `site` at `now`, where the site asks
/// `required` bits: one keyed hash and one hash, whatever the proof.
pub fn check(
    server_key: &str,
    site: &str,
    proof: &str,
    required: u8,
    now: i64,
) -> Result<Valid, Refusal> {
    let (challenge, number) = proof.rsplit_once(':').ok_or(Refusal::Wrong)?;
    if number.is_empty() || number.len() > 20 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Refusal::Wrong);
    }
    let (body, signature) = challenge.rsplit_once('.').ok_or(Refusal::Wrong)?;
    let mut parts = body.split('.');
    let (Some(issued), Some(difficulty), Some(_random), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Refusal::Wrong);
    };
    let signature = decode_hex(signature).ok_or(Refusal::Wrong)?;
    sign(server_key, site, body)
        .verify_truncated_left(&signature)
        .map_err(|_| Refusal::Wrong)?;
    // Signed by this server, so the numbers are its own.
    let issued_at = issued.parse::<i64>().map_err(|_| Refusal::Wrong)? * 1000;
    let difficulty = difficulty.parse::<u8>().map_err(|_| Refusal::Wrong)?;
    let expires_at = issued_at + LIFETIME_MILLIS;
    if expires_at < now {
        return Err(Refusal::Expired);
    }
    if difficulty < required {
        return Err(Refusal::TooEasy);
    }
    if confab_api::proof::zero_bits(proof) < u32::from(difficulty) {
        return Err(Refusal::Wrong);
    }
    Ok(Valid {
        challenge_hash: hex(&Sha256::digest(challenge.as_bytes())),
        expires_at,
    })
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() != 32 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(text.get(at..at + 2)?, 16).ok())
        .collect()
}

/// How many posts came within the window: from the client, from its network, and to the
/// whole site, counting the one about to be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    pub client: u32,
    pub network: u32,
    pub site: u32,
}

impl Pace {
    /// The pace of the next post from `client`, given the addresses of the site's recent
    /// posts (newest first).
    pub fn of(client: Option<IpAddr>, recent: &[Option<String>]) -> Self {
        let mut pace = Self {
            client: 1,
            network: 1,
            site: u32::try_from(recent.len())
                .unwrap_or(u32::MAX)
                .saturating_add(1),
        };
        let Some(client) = client else {
            return pace;
        };
        let (own, wide) = (client_network(client), wide_network(client));
        for address in recent.iter().flatten() {
            let Ok(address) = address.parse::<IpAddr>() else {
                continue;
            };
            if client_network(address) == own {
                pace.client += 1;
            }
            if wide_network(address) == wide {
                pace.network += 1;
            }
        }
        pace
    }

    /// How many times over its calm pace the busiest of the three is, given how many
    /// posts the site usually has within the window.
    pub fn excess(self, usual_site_posts: u32) -> f64 {
        let calm_site = CALM_SITE_POSTS.max(usual_site_posts.saturating_mul(4));
        [
            f64::from(self.client) / f64::from(CALM_CLIENT_POSTS),
            f64::from(self.network) / f64::from(CALM_NETWORK_POSTS),
            f64::from(self.site) / f64::from(calm_site),
        ]
        .into_iter()
        .fold(0.0, f64::max)
    }
}

/// What `auto` asks of a post made at `excess` times the calm pace: nothing while calm,
/// then [`AUTO_BITS`], and two bits (four times the work) more each time the pace doubles.
pub fn auto_difficulty(excess: f64) -> u8 {
    if excess <= 1.0 {
        return 0;
    }
    let doublings = excess.log2().floor().clamp(0.0, 8.0) as u8;
    AUTO_BITS.saturating_add(doublings * 2).min(MAX_AUTO_BITS)
}

/// The network whose posts count together: an IPv4 /24, an IPv6 /48.
fn wide_network(address: IpAddr) -> IpAddr {
    match address.to_canonical() {
        IpAddr::V4(v4) => IpAddr::V4((u32::from(v4) & 0xffff_ff00).into()),
        IpAddr::V6(v6) => IpAddr::V6((u128::from(v6) & !((1_u128 << 80) - 1)).into()),
    }
}

#[cfg(test)]
mod tests;
