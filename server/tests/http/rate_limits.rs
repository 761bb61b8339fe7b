//! Rate limits over HTTP: a client cannot multiply its budget by switching `Origin`
//! between sites, and IPv6 clients are budgeted by /64.

use crate::common::{TestApp, new_comment};
use confab_server::http::RouterSetup;
use confab_server::http::client_address::Proxies;
use serde_json::json;

const TWO_SITES: &str = r#"
[admin]
token = "test-admin-token"

[[site]]
name = "blog"
origins = ["https://blog.example"]
write_rate = 3

[[site]]
name = "shop"
origins = ["https://shop.example"]
write_rate = 3
"#;

/// Rate limits on, and the test client's `X-Forwarded-For` names the client.
fn limited() -> RouterSetup {
    RouterSetup {
        limit_rates: true,
        proxies: Proxies {
            header: Some("x-forwarded-for".parse().unwrap()),
            trusted: Vec::new(),
        },
        ..Default::default()
    }
}

async fn post(app: &TestApp, origin: &str, client: &str, body: &str) -> u16 {
    let mut comment = new_comment();
    comment["thread"] = json!("/about/");
    comment["url"] = json!(format!("{origin}/about/"));
    comment["body"] = json!(body);
    app.client
        .post(app.url("/api/v1/comments"))
        .header("Origin", origin)
        .header("X-Forwarded-For", client)
        .json(&comment)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn switching_origin_between_sites_does_not_multiply_a_clients_budget() {
    let app = TestApp::spawn_from_config(limited(), TWO_SITES).await;
    let mut statuses = Vec::new();
    for turn in 0..8 {
        let origin = if turn % 2 == 0 {
            "https://blog.example"
        } else {
            "https://shop.example"
        };
        statuses.push(post(&app, origin, "198.51.100.7", &format!("Turn {turn}")).await);
    }
    let granted = statuses.iter().filter(|status| **status == 201).count();
    assert_eq!(
        granted, 3,
        "three posts in all, not three per site: {statuses:?}"
    );
    assert!(
        statuses[3..].iter().all(|status| *status == 429),
        "{statuses:?}"
    );
    assert_eq!(
        post(
            &app,
            "https://shop.example",
            "198.51.100.8",
            "Another client"
        )
        .await,
        201
    );
}

#[tokio::test]
async fn addresses_of_one_ipv6_network_share_a_budget() {
    let app = TestApp::spawn_from_config(limited(), TWO_SITES).await;
    let blog = "https://blog.example";
    for (n, client) in ["2001:db8:7:7::1", "2001:db8:7:7::2", "2001:db8:7:7:ab::3"]
        .into_iter()
        .enumerate()
    {
        assert_eq!(post(&app, blog, client, &format!("From {n}")).await, 201);
    }
    assert_eq!(
        post(&app, blog, "2001:db8:7:7:ffff::4", "A fourth address").await,
        429,
        "a fourth address of the same /64 is the same client"
    );
    assert_eq!(
        post(&app, blog, "2001:db8:7:8::1", "The next network").await,
        201
    );
}
