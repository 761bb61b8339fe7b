//! What the proof of work costs, natively on this machine (run by `cargo xtask bench`):
//! the server's check of one proof, and the hash rate a script searching for proofs gets
//! on one core. Prints one JSON object.

use confab_api::proof::Search;
use confab_server::proof::{AUTO_BITS, check, issue};
use std::time::Instant;

/// Checks timed, to average out the clock's resolution.
const CHECKS: u32 = 20_000;

/// Challenges solved to measure the hash rate.
const SEARCHES: u32 = 40;

fn main() {
    let key = "a-server-key-of-the-usual-length-0123456789abcdef";
    let now = 1_800_000_000_000;
    let proof = Search::new(&issue(key, "blog", AUTO_BITS, now), AUTO_BITS).solve();
    let started = Instant::now();
    for _ in 0..CHECKS {
        assert!(check(key, "blog", std::hint::black_box(&proof), AUTO_BITS, now).is_ok());
    }
    let check_us = started.elapsed().as_secs_f64() * 1e6 / f64::from(CHECKS);

    let mut hashes = 0_u64;
    let started = Instant::now();
    for _ in 0..SEARCHES {
        let found = Search::new(&issue(key, "blog", AUTO_BITS, now), AUTO_BITS).solve();
        let number: u64 = found
            .rsplit_once(':')
            .map_or(0, |(_, n)| n.parse().unwrap_or(0));
        hashes += number + 1;
    }
    let hashes_per_second = hashes as f64 / started.elapsed().as_secs_f64();
    println!(
        "{}",
        serde_json::json!({
            "check_us": check_us,
            "hashes_per_second": hashes_per_second,
            "searches": SEARCHES,
        })
    );
}
