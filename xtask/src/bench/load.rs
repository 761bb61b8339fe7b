//! A small HTTP/1.1 load generator: a fixed number of keep-alive connections, each on its
//! own thread, sending requests back to back for a fixed time; the latency of every
//! request is kept for the percentiles.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// One kind of request to send.
#[derive(Debug, Clone)]
pub struct Load {
    pub method: &'static str,
    pub path: String,
    /// The JSON body of request number `n`, for writes (each should differ).
    pub body: Option<fn(u64) -> String>,
    /// An extra header line of request number `n` (without its line break), such as the
    /// address a reverse proxy says the request came from.
    pub header: Option<fn(u64) -> String>,
    pub connections: usize,
    pub duration: Duration,
    /// Requests per second across all connections, when the load is paced (else as fast
    /// as answers come).
    pub rate: Option<f64>,
}

/// What one run measured.
#[derive(Debug, Clone, Copy, Default)]
pub struct Measured {
    pub requests: u64,
    /// Answers outside 2xx, and broken connections.
    pub failures: u64,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// A request not answered in this time counts as failed (a slow server must not stretch a
/// run of a few seconds into minutes).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// Numbers requests across all runs, so that no two posts carry the same body (the
/// server refuses a repeated comment).
static REQUEST_NUMBER: AtomicU64 = AtomicU64::new(0);

/// Sends `load` to `servers`, its connections spread evenly over them (as a load balancer
/// would), and measures it.
pub fn run(servers: &[SocketAddr], load: &Load) -> Measured {
    let start = Instant::now();
    let deadline = start + load.duration;
    let workers: Vec<_> = (0..load.connections)
        .map(|number| {
            let load = load.clone();
            let server = servers[number % servers.len()];
            std::thread::spawn(move || connection(server, &load, deadline))
        })
        .collect();
    let mut latencies = Vec::new();
    let mut failures = 0;
    for worker in workers {
        let (times, failed) = worker.join().unwrap_or_default();
        latencies.extend(times);
        failures += failed;
    }
    let elapsed = start.elapsed().as_secs_f64();
    latencies.sort_unstable();
    let percentile = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .map_or(0.0, |micros| *micros as f64 / 1000.0)
    };
    Measured {
        requests: latencies.len() as u64,
        failures,
        per_second: latencies.len() as f64 / elapsed,
        p50_ms: percentile(0.50),
        p99_ms: percentile(0.99),
    }
}

/// One keep-alive connection's requests until `deadline`: latencies in microseconds
/// of the successful ones, and the number of failures.
fn connection(server: SocketAddr, load: &Load, deadline: Instant) -> (Vec<u64>, u64) {
    let mut latencies = Vec::new();
    let mut failures = 0;
    let mut stream = None;
    // A paced load: each connection sends its share at even intervals.
    let interval = load
        .rate
        .map(|rate| Duration::from_secs_f64(load.connections as f64 / rate));
    let mut next = Instant::now();
    while Instant::now() < deadline {
        if let Some(interval) = interval {
            std::thread::sleep(next.saturating_duration_since(Instant::now()));
            next += interval;
        }
        if stream.is_none() {
            stream = TcpStream::connect(server)
                .ok()
                .inspect(|stream| {
                    let _ = stream.set_nodelay(true);
                    let _ = stream.set_read_timeout(Some(REQUEST_TIMEOUT));
                })
                .map(BufReader::new);
        }
        let Some(reader) = stream.as_mut() else {
            failures += 1;
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        let number = REQUEST_NUMBER.fetch_add(1, Ordering::Relaxed);
        let started = Instant::now();
        match exchange(reader, server, load, number) {
            Ok(true) => latencies.push(started.elapsed().as_micros() as u64),
            Ok(false) => failures += 1,
            Err(_) => {
                failures += 1;
                stream = None;
            }
        }
    }
    (latencies, failures)
}

/// The body of one `GET path` (for setting a load up), if the server answered 2xx.
pub fn get(server: SocketAddr, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(server).ok()?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: {server}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    let (head, body) = answer.split_once("\r\n\r\n")?;
    head.split_whitespace()
        .nth(1)
        .is_some_and(|status| status.starts_with('2'))
        .then(|| body.to_owned())
}

/// Sends one request and reads its answer; whether the status was 2xx.
fn exchange(
    reader: &mut BufReader<TcpStream>,
    server: SocketAddr,
    load: &Load,
    number: u64,
) -> std::io::Result<bool> {
    let body = load.body.map(|body| body(number)).unwrap_or_default();
    let mut request = format!(
        "{} {} HTTP/1.1\r\nHost: {server}\r\nAccept: application/json\r\n",
        load.method, load.path
    );
    if let Some(header) = load.header {
        request.push_str(&header(number));
        request.push_str("\r\n");
    }
    if load.body.is_some() {
        request.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    request.push_str("\r\n");
    request.push_str(&body);
    reader.get_mut().write_all(request.as_bytes())?;
    let mut status_line = String::new();
    reader.read_line(&mut status_line)?;
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no status in {status_line:?}")))?;
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                return Err(std::io::Error::other("chunked answers are not read"));
            }
        }
    }
    let mut sink = vec![0u8; length];
    reader.read_exact(&mut sink)?;
    Ok((200..300).contains(&status))
}
