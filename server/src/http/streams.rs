//! Limits on live-update streams. Each open stream holds a connection (and a file
//! descriptor) for as long as it lasts, so one client may hold only a few, the server only
//! so many, and each ends after a while: the browser reconnects on its own and catches up
//! from `Last-Event-ID`, so nothing is missed.

use crate::identity::client_network;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How many streams may be open, and for how long.
#[derive(Debug, Clone, Copy)]
pub struct StreamLimits {
    /// Open streams per client address (an IPv6 /64 counts as one client).
    pub per_client: usize,
    /// Open streams on this server in all.
    pub total: usize,
    /// How long one stream stays open before the server ends it.
    pub lifetime: Duration,
}

impl Default for StreamLimits {
    /// A reader with several tabs open, a server far below the usual limit of open files,
    /// and streams renewed every half hour.
    fn default() -> Self {
        Self {
            per_client: 8,
            total: 4_096,
            lifetime: Duration::from_secs(30 * 60),
        }
    }
}

/// Why a stream was not opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// This client holds as many streams as it may.
    ClientFull,
    /// The server holds as many streams as it may.
    ServerFull,
}

/// The streams open now, per client and in all.
#[derive(Debug, Default)]
pub struct StreamSlots {
    limits: StreamLimits,
    open: Mutex<Open>,
}

#[derive(Debug, Default)]
struct Open {
    total: usize,
    per_client: HashMap<IpAddr, usize>,
}

/// One open stream's place; given back when dropped.
#[derive(Debug)]
pub struct StreamSlot {
    slots: Arc<StreamSlots>,
    client: Option<IpAddr>,
}

impl StreamSlots {
    /// Slots under `limits`.
    pub fn new(limits: StreamLimits) -> Self {
        Self {
            limits,
            open: Mutex::default(),
        }
    }

    /// The limits the slots keep.
    pub fn limits(&self) -> StreamLimits {
        self.limits
    }

    /// How many streams are open now.
    pub fn open_now(&self) -> usize {
        self.open
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .total
    }

    /// A place for a stream of `client`, if the limits allow one.
    pub fn take(self: &Arc<Self>, client: Option<IpAddr>) -> Result<StreamSlot, Refusal> {
        let client = client.map(client_network);
        let mut open = self
            .open
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        if let Some(client) = client
            && open.per_client.get(&client).copied().unwrap_or(0) >= self.limits.per_client
        {
            return Err(Refusal::ClientFull);
        }
        if open.total >= self.limits.total {
            return Err(Refusal::ServerFull);
        }
        open.total += 1;
        if let Some(client) = client {
            *open.per_client.entry(client).or_default() += 1;
        }
        Ok(StreamSlot {
            slots: Arc::clone(self),
            client,
        })
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut open = self
            .slots
            .open
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        open.total = open.total.saturating_sub(1);
        if let Some(client) = self.client
            && let Some(count) = open.per_client.get_mut(&client)
        {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.per_client.remove(&client);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slots(per_client: usize, total: usize) -> Arc<StreamSlots> {
        Arc::new(StreamSlots::new(StreamLimits {
            per_client,
            total,
            lifetime: Duration::from_secs(1),
        }))
    }

    fn ip(text: &str) -> Option<IpAddr> {
        Some(text.parse().unwrap())
    }

    #[test]
    fn a_client_and_the_server_each_have_a_cap_and_slots_come_back() {
        let slots = slots(2, 3);
        let first = slots.take(ip("192.0.2.1")).unwrap();
        let _second = slots.take(ip("192.0.2.1")).unwrap();
        assert_eq!(
            slots.take(ip("192.0.2.1")).unwrap_err(),
            Refusal::ClientFull
        );
        let _other = slots.take(ip("192.0.2.2")).unwrap();
        assert_eq!(
            slots.take(ip("192.0.2.3")).unwrap_err(),
            Refusal::ServerFull
        );
        drop(first);
        assert!(slots.take(ip("192.0.2.1")).is_ok());
    }

    #[test]
    fn one_ipv6_host_counts_as_one_client_for_its_whole_64() {
        let slots = slots(1, 10);
        let _held = slots.take(ip("2001:db8:1:2::1")).unwrap();
        assert_eq!(
            slots.take(ip("2001:db8:1:2:ffff::9")).unwrap_err(),
            Refusal::ClientFull
        );
        assert!(slots.take(ip("2001:db8:1:3::1")).is_ok());
    }
}
