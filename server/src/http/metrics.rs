//! `/metrics` in Prometheus's text format (version 0.0.4), for operators: requests and
//! their latency by route, posts by outcome, held and spam comments, open live-update
//! streams, the outbox's backlog and failures, and the database pools. Off unless networks
//! are allowed (`metrics_allow`); then a client outside them gets `403`.

use super::AppState;
use super::client_address::Proxies;
use super::error::AppError;
use super::streams::StreamSlots;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// The upper bounds of the latency histogram's buckets, in seconds.
const BUCKETS: [f64; 11] = [
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// One route's latencies: how many fell in each bucket (and all), and their sum.
#[derive(Debug, Default, Clone)]
struct Latencies {
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Debug, Default)]
struct Counts {
    /// By route, method and status.
    requests: BTreeMap<(String, String, u16), u64>,
    latencies: BTreeMap<String, Latencies>,
    /// Posts of a new comment: published, held, refused.
    posts: [u64; 3],
}

/// What the server counted since it started, and who may read it.
pub struct Metrics {
    allow: Vec<ipnet::IpNet>,
    proxies: Proxies,
    streams: Arc<StreamSlots>,
    counts: Mutex<Counts>,
}

impl Metrics {
    /// Metrics readable from `allow`, behind `proxies`, counting `streams`.
    pub fn new(allow: Vec<ipnet::IpNet>, proxies: Proxies, streams: Arc<StreamSlots>) -> Self {
        Self {
            allow,
            proxies,
            streams,
            counts: Mutex::default(),
        }
    }

    fn record(&self, route: String, method: &Method, status: StatusCode, seconds: f64) {
        let mut counts = self
            .counts
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        if route == "/api/v1/comments" && method == Method::POST {
            let outcome = match status.as_u16() {
                201 => 0,
                202 => 1,
                _ => 2,
            };
            counts.posts[outcome] += 1;
        }
        let key = (route.clone(), method.to_string(), status.as_u16());
        *counts.requests.entry(key).or_default() += 1;
        let latencies = counts.latencies.entry(route).or_default();
        for (bucket, bound) in latencies.buckets.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
        latencies.count += 1;
        latencies.sum += seconds;
    }
}

/// Counts every request: its route (as declared, so ids do not multiply the series), its
/// method, its status and how long its answer took to start.
pub async fn observe(
    State(metrics): State<Arc<Metrics>>,
    request: Request,
    next: Next,
) -> Response {
    let route = match request.extensions().get::<MatchedPath>() {
        Some(path) => path.as_str().to_owned(),
        None if request.uri().path().starts_with("/api/") => "/api/unknown".to_owned(),
        None => "static".to_owned(),
    };
    let method = request.method().clone();
    let started = Instant::now();
    let response = next.run(request).await;
    metrics.record(
        route,
        &method,
        response.status(),
        started.elapsed().as_secs_f64(),
    );
    response
}

/// `GET /metrics`: the text exposition, to clients of the allowed networks.
pub async fn metrics(
    State((state, metrics)): State<(AppState, Arc<Metrics>)>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
) -> Result<Response, AppError> {
    let client = metrics.proxies.client(Some(peer.ip()), &headers);
    if !client.is_some_and(|client| {
        metrics
            .allow
            .iter()
            .any(|network| network.contains(&client))
    }) {
        return Err(AppError::Forbidden {
            code: "metrics_not_allowed",
            message: "Metrics are not shown to your address.".to_owned(),
        });
    }
    let operations = state.storage.operations().await?;
    let mut out = String::new();
    {
        let counts = metrics
            .counts
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        write_requests(&mut out, &counts);
        family(
            &mut out,
            "confab_posts_total",
            "counter",
            "New comments posted, by outcome.",
        );
        for (outcome, count) in ["published", "held", "refused"].iter().zip(counts.posts) {
            let _ = writeln!(out, "confab_posts_total{{outcome=\"{outcome}\"}} {count}");
        }
    }
    family(
        &mut out,
        "confab_comments",
        "gauge",
        "Comments waiting for a moderator, and marked as spam.",
    );
    let _ = writeln!(
        out,
        "confab_comments{{status=\"held\"}} {}",
        operations.held
    );
    let _ = writeln!(
        out,
        "confab_comments{{status=\"spam\"}} {}",
        operations.spam
    );
    family(
        &mut out,
        "confab_event_streams_open",
        "gauge",
        "Live-update streams open now.",
    );
    let _ = writeln!(
        out,
        "confab_event_streams_open {}",
        metrics.streams.open_now()
    );
    family(
        &mut out,
        "confab_outbox_waiting",
        "gauge",
        "Mails, webhook calls and chat messages not sent yet.",
    );
    let _ = writeln!(
        out,
        "confab_outbox_waiting {}",
        operations.deliveries_waiting
    );
    family(
        &mut out,
        "confab_outbox_given_up",
        "gauge",
        "Deliveries given up after their last retry.",
    );
    let _ = writeln!(
        out,
        "confab_outbox_given_up {}",
        operations.deliveries_given_up
    );
    family(
        &mut out,
        "confab_db_connections",
        "gauge",
        "Database connections, by pool and state.",
    );
    for (pool, (open, idle)) in [
        ("reader", operations.reader_connections),
        ("writer", operations.writer_connections),
    ] {
        let _ = writeln!(
            out,
            "confab_db_connections{{pool=\"{pool}\",state=\"idle\"}} {idle}"
        );
        let in_use = open.saturating_sub(idle);
        let _ = writeln!(
            out,
            "confab_db_connections{{pool=\"{pool}\",state=\"in_use\"}} {in_use}"
        );
    }
    let mut response = out.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    Ok(response)
}

fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

fn write_requests(out: &mut String, counts: &Counts) {
    family(
        out,
        "confab_http_requests_total",
        "counter",
        "Requests answered, by route, method and status.",
    );
    for ((route, method, status), count) in &counts.requests {
        let _ = writeln!(
            out,
            "confab_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {count}",
            escaped(route)
        );
    }
    family(
        out,
        "confab_http_request_duration_seconds",
        "histogram",
        "Time to the start of each answer, by route.",
    );
    for (route, latencies) in &counts.latencies {
        let route = escaped(route);
        for (bound, count) in BUCKETS.iter().zip(latencies.buckets) {
            let _ = writeln!(
                out,
                "confab_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {count}"
            );
        }
        let _ = writeln!(
            out,
            "confab_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
            latencies.count
        );
        let _ = writeln!(
            out,
            "confab_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
            latencies.sum
        );
        let _ = writeln!(
            out,
            "confab_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
            latencies.count
        );
    }
}

/// A label value as the text format writes it.
fn escaped(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}
