//! Tests of telling the client from the proxies.

use super::*;
use axum::http::HeaderValue;

fn headers(lines: &[&str]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for line in lines {
        headers.append("x-forwarded-for", HeaderValue::from_str(line).unwrap());
    }
    headers
}

fn proxies(trusted: &[&str]) -> Proxies {
    Proxies {
        header: Some(HeaderName::from_static("x-forwarded-for")),
        trusted: trusted.iter().map(|text| text.parse().unwrap()).collect(),
    }
}

fn ip(text: &str) -> Option<IpAddr> {
    Some(text.parse().unwrap())
}

#[test]
fn a_spoofed_leftmost_entry_counts_for_nothing() {
    let one_hop = proxies(&[]);
    let peer = ip("10.0.0.2");
    let spoofed = headers(&["6.6.6.6, 198.51.100.7"]);
    assert_eq!(one_hop.client(peer, &spoofed), ip("198.51.100.7"));
    let two_proxies = proxies(&["10.0.0.0/8"]);
    let chain = headers(&["6.6.6.6, 198.51.100.7, 10.0.0.9"]);
    assert_eq!(two_proxies.client(peer, &chain), ip("198.51.100.7"));
}

#[test]
fn every_line_of_the_header_is_read_in_order() {
    // The client sent its own line first; the proxy added the second.
    let lines = headers(&["6.6.6.6", "198.51.100.7"]);
    assert_eq!(
        proxies(&[]).client(ip("10.0.0.2"), &lines),
        ip("198.51.100.7")
    );
    let with_hop = headers(&["6.6.6.6", "198.51.100.7, 10.1.2.3"]);
    assert_eq!(
        proxies(&["10.0.0.0/8"]).client(ip("10.0.0.2"), &with_hop),
        ip("198.51.100.7")
    );
}

#[test]
fn a_peer_that_is_no_trusted_proxy_is_the_client_whatever_it_says() {
    let forged = headers(&["198.51.100.7"]);
    assert_eq!(
        proxies(&["10.0.0.0/8"]).client(ip("203.0.113.5"), &forged),
        ip("203.0.113.5")
    );
}

#[test]
fn without_a_header_or_with_a_broken_one_the_last_proxy_heard_is_kept() {
    let trusted = proxies(&["10.0.0.0/8", "2001:db8::/32"]);
    assert_eq!(
        trusted.client(ip("10.0.0.2"), &HeaderMap::new()),
        ip("10.0.0.2")
    );
    let broken = headers(&["198.51.100.7, not-an-address, 10.0.0.9"]);
    assert_eq!(trusted.client(ip("10.0.0.2"), &broken), ip("10.0.0.9"));
    let v6 = headers(&["2a00::9, 2001:db8::1"]);
    assert_eq!(trusted.client(ip("10.0.0.2"), &v6), ip("2a00::9"));
    let all_proxies = headers(&["10.0.0.7, 10.0.0.9"]);
    assert_eq!(trusted.client(ip("10.0.0.2"), &all_proxies), ip("10.0.0.7"));
}
