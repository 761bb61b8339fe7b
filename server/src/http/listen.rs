//! Serving connections: at most [`ConnectionLimits::max`] at once (more wait in the
//! operating system's queue until one closes), each on HTTP/1.1 with a deadline for a
//! request's line and headers, which also closes keep-alive connections left idle, and a
//! limit on how long an answer waits for a client that reads none of it
//! ([`super::stalled_writes`]); and a shutdown that lets requests under way finish. The
//! deadline for bodies is a layer of the router ([`super::body_deadline`]), since only a
//! request's handler reads its body.

use super::stalled_writes::StallLimited;
use crate::settings::connections::ConnectionLimits;
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// How long a shutdown waits for requests under way.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

/// How long to wait after a failed `accept` (say, no file descriptor left) before the
/// next, rather than spin.
const ACCEPT_RETRY: Duration = Duration::from_millis(100);

/// Files kept free for what is not a connection: the database, static files, mail.
const FILES_KEPT_FREE: u64 = 256;

/// How many connections the server can really hold, at most `wanted`: it raises its own
/// soft limit on open files to the hard one, then keeps [`FILES_KEPT_FREE`] of them for
/// everything else.
pub fn connections_allowed(wanted: usize) -> usize {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    if limit.current != limit.maximum {
        let raised = Rlimit {
            current: limit.maximum,
            maximum: limit.maximum,
        };
        if let Err(error) = setrlimit(Resource::Nofile, raised) {
            tracing::debug!("raising the open-file limit: {error}");
        }
    }
    match getrlimit(Resource::Nofile).current {
        // No limit.
        None => wanted,
        Some(files) => {
            let room = usize::try_from(files.saturating_sub(FILES_KEPT_FREE)).unwrap_or(usize::MAX);
            wanted.min(room.max(1))
        }
    }
}

/// Serves `app` on `listener` within `limits` until `shutdown` resolves, then waits for
/// the connections under way (at most [`SHUTDOWN_GRACE`]).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(limits.max));
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    tracing::warn!("accepting a connection: {error}");
                    tokio::time::sleep(ACCEPT_RETRY).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Small answers go out at once instead of waiting for the client's delayed ACK.
        if let Err(error) = stream.set_nodelay(true) {
            tracing::debug!("TCP_NODELAY: {error}");
        }
        let service = app.clone().map_request(move |request: Request<Incoming>| {
            let mut request = request.map(Body::new);
            request.extensions_mut().insert(ConnectInfo(peer));
            request
        });
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout)
            .serve_connection(
                TokioIo::new(StallLimited::new(stream, limits.write_timeout)),
                TowerToHyperService::new(service),
            );
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!("connection from {peer} ended: {error}");
            }
            drop(slot);
        });
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            "requests still under way after {} seconds; stopping anyway",
            SHUTDOWN_GRACE.as_secs()
        );
    }
}
