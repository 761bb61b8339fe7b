//! Per-client rate limits: a budget per client for writes, and a looser one for reads.
//! Over the limit, the answer is `429` with `Retry-After`.
//!
//! A client is its address, or its /64 network for IPv6 (one household or server is
//! handed a whole /64). Each site has its own rates, and a client also has one budget
//! across all sites at the highest site's rates, so a client that switches `Origin`
//! between sites does not add their budgets up. The budgets are `governor`'s keyed GCRA
//! limiters; clients whose budget is full again are forgotten every little while, and
//! should more clients than [`MAX_TRACKED_CLIENTS`] be active in one minute anyway
//! (a flood from a botnet, which per-client limits cannot stop), the limiter starts
//! afresh rather than grow.
//!
//! Each server keeps its budgets in memory, except the write budgets of servers that
//! share a database with others (PostgreSQL): those live in the database, so that posting
//! limits hold however a load balancer spreads a client's requests.
//!
//! The client is the peer address, or, behind reverse proxies, the rightmost address of
//! their header that is not one of them ([`Proxies`]). The client's address is handed on
//! to the handlers as [`Client`] (stored with comments for the moderators).

use crate::http::client_address::Proxies;
use crate::http::context::{Client, RequestSite};
use crate::http::error::AppError;
use crate::identity::client_network;
use crate::settings::{Rates, Sites};
use crate::storage::{SharedToken, Throttles};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// How many clients one budget keeps before it starts afresh.
pub const MAX_TRACKED_CLIENTS: usize = 100_000;

/// How many checks pass between two clean-ups of idle clients.
const CLEAN_UP_EVERY: u32 = 1_000;

/// One kind of budget (writes or reads at one rate) for every client.
struct Budget {
    quota: Quota,
    /// Replaced by a fresh one when it would keep too many clients.
    limiter: RwLock<DefaultKeyedRateLimiter<IpAddr>>,
    checks: AtomicU32,
}

impl Budget {
    fn per_minute(rate: u32) -> Self {
        let quota = Quota::per_minute(NonZeroU32::new(rate).unwrap_or(NonZeroU32::MIN));
        Self {
            quota,
            limiter: RwLock::new(DefaultKeyedRateLimiter::keyed(quota)),
            checks: AtomicU32::new(0),
        }
    }

    /// Takes one request from `network`'s budget; on refusal, how long until one is back.
    fn take(&self, network: IpAddr) -> Result<(), Duration> {
        if self
            .checks
            .fetch_add(1, Ordering::Relaxed)
            .is_multiple_of(CLEAN_UP_EVERY)
            || self.clients() >= MAX_TRACKED_CLIENTS
        {
            self.clean_up();
        }
        let limiter = self
            .limiter
            .read()
            .unwrap_or_else(|poison| poison.into_inner());
        limiter
            .check_key(&network)
            .map_err(|not_until| not_until.wait_time_from(limiter.clock().now()))
    }

    /// Forgets the clients whose budget is full again (the same as a client never seen);
    /// starts afresh if that is not enough.
    fn clean_up(&self) {
        let mut limiter = self
            .limiter
            .write()
            .unwrap_or_else(|poison| poison.into_inner());
        limiter.retain_recent();
        if limiter.len() >= MAX_TRACKED_CLIENTS {
            tracing::warn!(
                clients = limiter.len(),
                "more active clients than the rate limiter keeps; starting afresh"
            );
            *limiter = DefaultKeyedRateLimiter::keyed(self.quota);
        }
        limiter.shrink_to_fit();
    }

    fn clients(&self) -> usize {
        self.limiter
            .read()
            .unwrap_or_else(|poison| poison.into_inner())
            .len()
    }
}

/// Writes and reads at one site's rates.
struct Budgets {
    writes: Budget,
    reads: Budget,
}

impl Budgets {
    fn at(rates: Rates) -> Self {
        Self {
            writes: Budget::per_minute(rates.writes_per_minute),
            reads: Budget::per_minute(rates.reads_per_minute),
        }
    }

    fn of(&self, write: bool) -> &Budget {
        if write { &self.writes } else { &self.reads }
    }
}

/// The budgets of every client seen lately.
#[derive(Clone)]
pub struct RateLimiter {
    sites: Arc<Sites>,
    /// Keeps the write budgets when it is shared with other servers.
    storage: Arc<dyn Throttles>,
    enforce: bool,
    proxies: Proxies,
    /// Each site's own rates, by site name.
    per_site: Arc<HashMap<String, Budgets>>,
    /// One budget across all sites, at the highest site rates.
    any_site: Arc<Budgets>,
}

impl RateLimiter {
    /// Limits at each site's rates (when `enforce`), telling clients behind `proxies`.
    pub fn new(
        sites: Arc<Sites>,
        storage: Arc<dyn Throttles>,
        enforce: bool,
        proxies: Proxies,
    ) -> Self {
        let per_site = sites
            .iter()
            .map(|site| (site.name.clone(), Budgets::at(site.rules.rates)))
            .collect();
        let highest = sites.iter().fold(
            Rates {
                writes_per_minute: 1,
                reads_per_minute: 1,
            },
            |highest, site| Rates {
                writes_per_minute: highest
                    .writes_per_minute
                    .max(site.rules.rates.writes_per_minute),
                reads_per_minute: highest
                    .reads_per_minute
                    .max(site.rules.rates.reads_per_minute),
            },
        );
        Self {
            sites,
            storage,
            enforce,
            proxies,
            per_site: Arc::new(per_site),
            any_site: Arc::new(Budgets::at(highest)),
        }
    }

    /// Takes one request from `client`'s budgets at `site` and across all sites.
    fn take(&self, site: &str, client: IpAddr, write: bool) -> Result<(), Duration> {
        let network = client_network(client);
        if let Some(budgets) = self.per_site.get(site) {
            budgets.of(write).take(network)?;
        }
        self.any_site.of(write).take(network)
    }

    /// How many clients the budgets keep now (for tests of the limiter's memory).
    pub fn tracked_clients(&self) -> usize {
        let site_clients: usize = self
            .per_site
            .values()
            .map(|budgets| budgets.writes.clients() + budgets.reads.clients())
            .sum();
        site_clients + self.any_site.writes.clients() + self.any_site.reads.clients()
    }

    /// Takes one request, from the database's budget for writes when servers share it (a
    /// database that cannot answer lets the request through, and says so in the log).
    async fn take_anywhere(
        &self,
        site: &str,
        rates: Rates,
        client: IpAddr,
        write: bool,
    ) -> Result<(), Duration> {
        if write {
            // One name per network, not per site: switching sites shares the budget.
            let capacity = f64::from(rates.writes_per_minute.max(1));
            let name = format!("write {}", client_network(client));
            match self
                .storage
                .take_shared_token(&name, capacity, capacity / 60.0)
                .await
            {
                Ok(SharedToken::Granted) => return Ok(()),
                Ok(SharedToken::Refused(wait)) => return Err(wait),
                Ok(SharedToken::NotShared) => {}
                Err(error) => {
                    tracing::warn!("shared rate limit unavailable, request let through: {error}");
                    return Ok(());
                }
            }
        }
        self.take(site, client, write)
    }

    /// The client a request comes from, if it can be told.
    fn client(&self, request: &Request) -> Option<IpAddr> {
        let peer = request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(address)| address.ip());
        self.proxies.client(peer, request.headers())
    }
}

/// Tells the handlers the client's address, and answers `429` with `Retry-After` when the
/// client is over its site's limit.
pub async fn limit(
    State(limiter): State<RateLimiter>,
    mut request: Request,
    next: Next,
) -> Response {
    // A vote or a reaction is counted against the looser budget of reads: a reader votes
    // on many comments in a minute, and each comment's votes and reactions have a budget
    // per network of their own.
    let write = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) && !matches!(
        request.uri().path().rsplit('/').next(),
        Some("vote" | "reaction")
    );
    let Some(client) = limiter.client(&request) else {
        return next.run(request).await;
    };
    request.extensions_mut().insert(Client(Some(client)));
    if !limiter.enforce {
        return next.run(request).await;
    }
    let site = RequestSite::of(&limiter.sites, request.headers());
    request.extensions_mut().insert(site.clone());
    match limiter
        .take_anywhere(&site.name, site.rules.rates, client, write)
        .await
    {
        Ok(()) => next.run(request).await,
        Err(wait) => {
            let seconds = wait.as_secs() + 1;
            let mut response = AppError::TooManyRequests(format!(
                "Too many requests from your address; please wait {seconds} seconds."
            ))
            .into_response();
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            response
        }
    }
}

#[cfg(test)]
mod tests;
