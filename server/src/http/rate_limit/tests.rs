use super::*;

async fn limiter(sites: Sites) -> (RateLimiter, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let storage = crate::storage::sqlite::SqliteStorage::open(&dir.path().join("confab.db"))
        .await
        .unwrap();
    (
        RateLimiter::new(Arc::new(sites), Arc::new(storage), true, Proxies::default()),
        dir,
    )
}

fn rules(writes: u32) -> crate::settings::SiteRules {
    crate::settings::SiteRules {
        rates: Rates {
            writes_per_minute: writes,
            reads_per_minute: 600,
        },
        ..Default::default()
    }
}

fn address(text: &str) -> IpAddr {
    text.parse().unwrap()
}

#[tokio::test]
async fn a_burst_is_allowed_then_refused_until_the_budget_comes_back() {
    // 60 a minute: one a second comes back.
    let (limiter, _dir) = limiter(Sites::single(rules(60))).await;
    let client = address("192.0.2.1");
    for _ in 0..60 {
        assert!(limiter.take("default", client, true).is_ok());
    }
    let wait = limiter.take("default", client, true).unwrap_err();
    assert!(
        wait > Duration::ZERO && wait <= Duration::from_secs(1),
        "{wait:?}"
    );
    tokio::time::sleep(wait + Duration::from_millis(50)).await;
    assert!(limiter.take("default", client, true).is_ok());
}

#[tokio::test]
async fn clients_and_reads_have_their_own_budgets() {
    let (limiter, _dir) = limiter(Sites::single(rules(1))).await;
    let (one, two) = (address("192.0.2.1"), address("192.0.2.2"));
    assert!(limiter.take("default", one, true).is_ok());
    assert!(limiter.take("default", one, true).is_err());
    assert!(limiter.take("default", two, true).is_ok());
    assert!(limiter.take("default", one, false).is_ok());
}

#[tokio::test]
async fn one_ipv6_network_is_one_client() {
    let (limiter, _dir) = limiter(Sites::single(rules(2))).await;
    assert!(
        limiter
            .take("default", address("2001:db8:1:2::1"), true)
            .is_ok()
    );
    assert!(
        limiter
            .take("default", address("2001:db8:1:2::ffff:9"), true)
            .is_ok()
    );
    assert!(
        limiter
            .take("default", address("2001:db8:1:2:aaaa::7"), true)
            .is_err(),
        "a third address in the same /64 shares its budget"
    );
    assert!(
        limiter
            .take("default", address("2001:db8:1:3::1"), true)
            .is_ok(),
        "the next /64 is another client"
    );
}

#[tokio::test]
async fn switching_sites_does_not_add_their_budgets_up() {
    let sites = Sites::several(vec![("blog", rules(3)), ("shop", rules(3))]);
    let (limiter, _dir) = limiter(sites).await;
    let client = address("198.51.100.7");
    let granted = (0..12)
        .filter(|turn| {
            let site = if turn % 2 == 0 { "blog" } else { "shop" };
            limiter.take(site, client, true).is_ok()
        })
        .count();
    assert_eq!(granted, 3, "the highest site's budget, not the sum");
}

#[tokio::test]
async fn memory_stays_bounded_however_many_clients_come() {
    let (limiter, _dir) = limiter(Sites::single(rules(10))).await;
    // Two budgets (the site's and across sites) for writes; reads are untouched.
    for n in 0..(MAX_TRACKED_CLIENTS as u32 + 50_000) {
        let _ = limiter.take("default", IpAddr::V4(n.into()), true);
        assert!(limiter.tracked_clients() <= 2 * MAX_TRACKED_CLIENTS);
    }
    assert!(limiter.tracked_clients() <= 2 * MAX_TRACKED_CLIENTS);
}
