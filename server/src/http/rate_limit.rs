//! Per-client rate limits: a token bucket per client address for writes, and a looser one
//! for reads. Over the limit, the answer is `429` with `Retry-After`.
//!
//! Each server keeps its buckets in memory, except the write buckets of servers that share
//! a database with others (PostgreSQL): those live in the database, so that posting
//! limits hold however a load balancer spreads a client's requests.
//!
//! The client is the peer address, or, behind reverse proxies, the rightmost address of
//! their header that is not one of them ([`Proxies`]). Each site
//! has its own rates; the client's address is handed on to the handlers as
//! [`Client`] (stored with comments for the moderators).

use crate::http::client_address::Proxies;
use crate::http::context::{Client, RequestSite};
use crate::http::error::AppError;
use crate::settings::{Rates, Sites};
use crate::storage::{SharedToken, Throttles};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Which site, which client, and whether it writes.
type BucketKey = (String, IpAddr, bool);

/// The buckets of every client seen lately.
#[derive(Clone)]
pub struct RateLimiter {
    sites: Arc<Sites>,
    /// Keeps the write buckets when it is shared with other servers.
    storage: Arc<dyn Throttles>,
    enforce: bool,
    proxies: Proxies,
    buckets: Arc<Mutex<HashMap<BucketKey, Bucket>>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Clients idle this long are forgotten.
const FORGET_AFTER: Duration = Duration::from_secs(600);

impl RateLimiter {
    /// Limits at each site's rates (when `enforce`), telling clients behind `proxies`.
    pub fn new(
        sites: Arc<Sites>,
        storage: Arc<dyn Throttles>,
        enforce: bool,
        proxies: Proxies,
    ) -> Self {
        Self {
            sites,
            storage,
            enforce,
            proxies,
            buckets: Arc::default(),
        }
    }

    /// Takes one token for `key` at `rates`; on refusal, how long until one is back.
    fn take(&self, rates: Rates, key: BucketKey, now: Instant) -> Result<(), Duration> {
        let per_minute = if key.2 {
            rates.writes_per_minute
        } else {
            rates.reads_per_minute
        };
        let capacity = f64::from(per_minute.max(1));
        let per_second = capacity / 60.0;
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        if buckets.len() > 10_000 {
            buckets.retain(|_, bucket| now.duration_since(bucket.updated) < FORGET_AFTER);
        }
        let bucket = buckets.entry(key).or_insert(Bucket {
            tokens: capacity,
            updated: now,
        });
        let elapsed = now.duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * per_second).min(capacity);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / per_second))
        }
    }

    /// Takes one token for `key`, from the database's bucket when servers share it (a
    /// database that cannot answer lets the request through, and says so in the log).
    async fn take_anywhere(&self, rates: Rates, key: BucketKey) -> Result<(), Duration> {
        if key.2 {
            let capacity = f64::from(rates.writes_per_minute.max(1));
            let name = format!("write {} {}", key.0, key.1);
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
        self.take(rates, key, Instant::now())
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
    let write = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
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
    let key = (site.name.clone(), client, write);
    match limiter.take_anywhere(site.rules.rates, key).await {
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
mod tests {
    use super::*;

    async fn limiter() -> (RateLimiter, tempfile::TempDir) {
        let sites = Sites::single(crate::settings::SiteRules::default());
        let dir = tempfile::tempdir().unwrap();
        let storage = crate::storage::sqlite::SqliteStorage::open(&dir.path().join("confab.db"))
            .await
            .unwrap();
        (
            RateLimiter::new(Arc::new(sites), Arc::new(storage), true, Proxies::default()),
            dir,
        )
    }

    fn rates(writes: u32) -> Rates {
        Rates {
            writes_per_minute: writes,
            reads_per_minute: 600,
        }
    }

    fn key(client: IpAddr, write: bool) -> BucketKey {
        ("default".to_owned(), client, write)
    }

    #[tokio::test]
    async fn a_burst_is_allowed_then_refused_until_tokens_come_back() {
        let (limiter, _dir) = limiter().await;
        let client: IpAddr = "192.0.2.1".parse().unwrap();
        let start = Instant::now();
        for _ in 0..3 {
            assert!(limiter.take(rates(3), key(client, true), start).is_ok());
        }
        let wait = limiter
            .take(rates(3), key(client, true), start)
            .unwrap_err();
        assert!(wait > Duration::from_secs(19) && wait <= Duration::from_secs(20));
        let later = start + Duration::from_secs(21);
        assert!(limiter.take(rates(3), key(client, true), later).is_ok());
    }

    #[tokio::test]
    async fn clients_and_reads_have_their_own_buckets() {
        let (limiter, _dir) = limiter().await;
        let now = Instant::now();
        let (one, two): (IpAddr, IpAddr) =
            ("192.0.2.1".parse().unwrap(), "192.0.2.2".parse().unwrap());
        assert!(limiter.take(rates(1), key(one, true), now).is_ok());
        assert!(limiter.take(rates(1), key(one, true), now).is_err());
        assert!(limiter.take(rates(1), key(two, true), now).is_ok());
        assert!(limiter.take(rates(1), key(one, false), now).is_ok());
        let other_site = ("shop".to_owned(), one, true);
        assert!(limiter.take(rates(1), other_site, now).is_ok());
    }
}
