//! Who the client is behind reverse proxies: the header the proxies set, read over all
//! its lines in order, and in it the rightmost address that is not one of the trusted
//! proxies. Everything left of that address was written by the client, so it can say
//! anything and counts for nothing.

use axum::http::{HeaderMap, HeaderName};
use ipnet::IpNet;
use std::net::IpAddr;

/// How to tell the client from the proxies in front of the server.
#[derive(Debug, Clone, Default)]
pub struct Proxies {
    /// The header the proxies set to the addresses they received from (like
    /// `X-Forwarded-For`); without it the peer is the client.
    pub header: Option<HeaderName>,
    /// The proxies' own addresses and networks. When none is given, the peer is taken to
    /// be the one proxy, and the last address it added is the client.
    pub trusted: Vec<IpNet>,
}

impl Proxies {
    /// The client of a request from `peer` with `headers`, if it can be told.
    pub fn client(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        let Some(name) = &self.header else {
            return peer;
        };
        let trusted = |address: IpAddr| {
            if self.trusted.is_empty() {
                Some(address) == peer
            } else {
                self.trusted
                    .iter()
                    .any(|network| network.contains(&address))
            }
        };
        if !self.trusted.is_empty() && !peer.is_some_and(trusted) {
            // Not from a proxy: whatever the header says, the client wrote it.
            return peer;
        }
        let forwarded: Vec<&str> = headers
            .get_all(name)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|line| line.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer;
        for entry in forwarded.into_iter().rev() {
            let Ok(address) = entry.parse::<IpAddr>() else {
                // A broken chain: trust it no further than the last proxy heard.
                break;
            };
            client = Some(address);
            if !trusted(address) {
                break;
            }
        }
        client
    }
}

#[cfg(test)]
mod tests;
