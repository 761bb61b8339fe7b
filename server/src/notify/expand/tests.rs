//! Tests of how events become deliveries.

use super::client_key;

#[test]
fn one_ipv6_host_is_one_client_for_its_whole_64() {
    assert_eq!(client_key(Some("192.0.2.7")), "192.0.2.7");
    assert_eq!(
        client_key(Some("2001:db8:1:2:aaaa::1")),
        client_key(Some("2001:db8:1:2:ffff::9"))
    );
    assert_ne!(
        client_key(Some("2001:db8:1:2::1")),
        client_key(Some("2001:db8:1:3::1"))
    );
    assert_eq!(client_key(None), client_key(Some("not an address")));
}
