//! The proof of work a post may have to carry (`GET /api/v1/challenge`): the server hands
//! out a signed challenge and a difficulty; the writer finds a number such that the
//! SHA-256 of `challenge:number` starts with at least that many zero bits, and sends
//! `challenge:number` as the post's `proof`. Finding one takes about 2^difficulty hashes;
//! checking it takes one.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The answer to `GET /api/v1/challenge`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    /// The signed challenge, to hash with the number found.
    pub challenge: String,
    /// How many leading zero bits the hash must have; `0` when no proof is asked now.
    pub difficulty: u8,
}

/// Hashes tried by one call of [`Search::advance`]: a few milliseconds in a browser, so a
/// search runs in short tasks.
pub const HASHES_PER_STEP: u32 = 4096;

/// The SHA-256 of `challenge:number` and its count of leading zero bits.
pub fn zero_bits(proof: &str) -> u32 {
    leading_zeros(&Sha256::digest(proof.as_bytes()))
}

fn leading_zeros(hash: &[u8]) -> u32 {
    let mut bits = 0;
    for byte in hash {
        bits += byte.leading_zeros();
        if *byte != 0 {
            break;
        }
    }
    bits
}

/// A search for the number that proves work on one challenge, in steps.
#[derive(Clone)]
pub struct Search {
    /// The hash state after `challenge:`, so each try hashes only its number.
    prefix: Sha256,
    challenge: String,
    difficulty: u32,
    next: u64,
}

impl Search {
    /// A search for a number proving `difficulty` bits of work on `challenge`.
    pub fn new(challenge: &str, difficulty: u8) -> Self {
        let mut prefix = Sha256::new();
        prefix.update(challenge.as_bytes());
        prefix.update(b":");
        Self {
            prefix,
            challenge: challenge.to_owned(),
            difficulty: u32::from(difficulty),
            next: 0,
        }
    }

    /// Tries the next [`HASHES_PER_STEP`] numbers; the proof (`challenge:number`) once
    /// one is found.
    pub fn advance(&mut self) -> Option<String> {
        for _ in 0..HASHES_PER_STEP {
            let number = self.next;
            self.next += 1;
            let mut digits = [0u8; 20];
            let digits = decimal(number, &mut digits);
            let hash = self.prefix.clone().chain_update(digits).finalize();
            if leading_zeros(&hash) >= self.difficulty {
                let mut proof = self.challenge.clone();
                proof.push(':');
                proof.push_str(std::str::from_utf8(digits).unwrap_or("0"));
                return Some(proof);
            }
        }
        None
    }

    /// Searches to the end: the proof.
    pub fn solve(mut self) -> String {
        loop {
            if let Some(proof) = self.advance() {
                return proof;
            }
        }
    }
}

/// `number` in decimal digits, written at the end of `buffer` (no formatting machinery:
/// it weighs in the widget).
fn decimal(mut number: u64, buffer: &mut [u8; 20]) -> &[u8] {
    let mut start = buffer.len();
    loop {
        start -= 1;
        buffer[start] = b'0' + (number % 10) as u8;
        number /= 10;
        if number == 0 {
            return &buffer[start..];
        }
    }
}

#[cfg(test)]
mod tests {
    //! The search and the check agree.

    use super::*;

    #[test]
    fn a_found_proof_has_the_bits_asked() {
        for difficulty in [0, 1, 8, 12] {
            let proof = Search::new("1.12.abc.def", difficulty).solve();
            assert!(proof.starts_with("1.12.abc.def:"));
            assert!(zero_bits(&proof) >= u32::from(difficulty), "{proof}");
        }
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        let mut buffer = [0; 20];
        assert_eq!(decimal(0, &mut buffer), b"0");
        assert_eq!(decimal(907, &mut buffer), b"907");
        assert_eq!(decimal(u64::MAX, &mut buffer), b"18446744073709551615");
    }

    #[test]
    fn zero_bits_count_across_bytes() {
        assert_eq!(leading_zeros(&[0, 0, 0x10, 0xff]), 19);
        assert_eq!(leading_zeros(&[0xff]), 0);
        assert_eq!(leading_zeros(&[0, 0]), 16);
    }
}
