//! Challenges, checks and the pace of `auto`, without a server.

use super::*;
use confab_api::proof::Search;

const KEY: &str = "server-key";
const NOW: i64 = 1_800_000_000_000;

fn solved(challenge: &str, difficulty: u8) -> String {
    Search::new(challenge, difficulty).solve()
}

#[test]
fn a_solved_challenge_passes_once_checked() {
    let challenge = issue(KEY, "blog", 8, NOW);
    let proof = solved(&challenge, 8);
    let valid = check(KEY, "blog", &proof, 8, NOW + 1000).expect("a valid proof");
    assert_eq!(valid.expires_at, NOW + LIFETIME_MILLIS);
    assert_eq!(valid.challenge_hash.len(), 64);
    // Two challenges never share a hash (the random part).
    let other = solved(&issue(KEY, "blog", 8, NOW), 8);
    assert_ne!(
        check(KEY, "blog", &other, 8, NOW).unwrap().challenge_hash,
        valid.challenge_hash
    );
}

#[test]
fn forged_foreign_and_unsolved_proofs_are_wrong() {
    let challenge = issue(KEY, "blog", 8, NOW);
    let proof = solved(&challenge, 8);
    // Another site's, another server's.
    assert_eq!(check(KEY, "shop", &proof, 8, NOW), Err(Refusal::Wrong));
    assert_eq!(
        check("other-key", "blog", &proof, 8, NOW),
        Err(Refusal::Wrong)
    );
    // An easier difficulty written into a signed challenge.
    let easier = challenge.replacen(".8.", ".1.", 1);
    assert_eq!(
        check(KEY, "blog", &solved(&easier, 1), 0, NOW),
        Err(Refusal::Wrong)
    );
    // A number that does not prove it (some number below the solution fails at 8 bits
    // with near certainty; the search found the first that passes).
    let (_, number) = proof.rsplit_once(':').unwrap();
    if number != "0" {
        assert_eq!(
            check(KEY, "blog", &format!("{challenge}:0"), 8, NOW),
            Err(Refusal::Wrong)
        );
    }
    for broken in [
        "",
        ":",
        "nonsense",
        &format!("{challenge}:"),
        &format!("{challenge}:-1"),
        &format!("{challenge}:１"),
        &format!("{challenge}:{}", "9".repeat(21)),
        &format!("x.{challenge}:1"),
        "1.8.aa.zz:1",
    ] {
        assert_eq!(
            check(KEY, "blog", broken, 8, NOW),
            Err(Refusal::Wrong),
            "{broken:?}"
        );
    }
}

#[test]
fn old_challenges_expire_and_easy_ones_fall_short() {
    let proof = solved(&issue(KEY, "blog", 8, NOW), 8);
    assert_eq!(
        check(KEY, "blog", &proof, 8, NOW + LIFETIME_MILLIS + 1000),
        Err(Refusal::Expired)
    );
    assert_eq!(check(KEY, "blog", &proof, 9, NOW), Err(Refusal::TooEasy));
    assert!(check(KEY, "blog", &proof, 0, NOW).is_ok());
}

#[test]
fn the_pace_counts_the_client_its_network_and_the_site() {
    let client: IpAddr = "203.0.113.7".parse().unwrap();
    let recent = [
        Some("203.0.113.7".to_owned()),
        Some("203.0.113.8".to_owned()),
        Some("198.51.100.1".to_owned()),
        None,
        Some("not an address".to_owned()),
    ];
    let pace = Pace::of(Some(client), &recent);
    assert_eq!(
        pace,
        Pace {
            client: 2,
            network: 3,
            site: 6
        }
    );
    // IPv6: one /64 is one client, a /48 one network.
    let client: IpAddr = "2001:db8:1:2::9".parse().unwrap();
    let recent = [
        Some("2001:db8:1:2::1".to_owned()),
        Some("2001:db8:1:3::1".to_owned()),
        Some("2001:db8:2::1".to_owned()),
    ];
    assert_eq!(
        Pace::of(Some(client), &recent),
        Pace {
            client: 2,
            network: 3,
            site: 4
        }
    );
    assert_eq!(
        Pace::of(None, &recent),
        Pace {
            client: 1,
            network: 1,
            site: 4
        }
    );
}

#[test]
fn auto_asks_nothing_while_calm_and_more_the_faster_posts_come() {
    let calm = Pace {
        client: 3,
        network: 10,
        site: 30,
    };
    assert_eq!(auto_difficulty(calm.excess(0)), 0);
    let client = Pace { client: 4, ..calm };
    assert_eq!(auto_difficulty(client.excess(0)), AUTO_BITS);
    let faster = Pace { client: 12, ..calm };
    assert_eq!(auto_difficulty(faster.excess(0)), AUTO_BITS + 4);
    let flood = Pace {
        site: 100_000,
        ..calm
    };
    assert_eq!(auto_difficulty(flood.excess(0)), MAX_AUTO_BITS);
    // A site that usually has 20 posts in the window is calm at 80.
    let busy = Pace { site: 80, ..calm };
    assert_eq!(auto_difficulty(busy.excess(20)), 0);
    assert_eq!(auto_difficulty(busy.excess(5)), AUTO_BITS + 2);
}
