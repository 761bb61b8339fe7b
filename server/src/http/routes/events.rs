//! `GET /api/v1/events?thread=KEY`: a thread's changes as Server-Sent Events, for readers
//! with the page open. Each event's `data` is a [`wire::ThreadChange`] as JSON and its
//! `id` numbers it; a reader that reconnects with `Last-Event-ID` (or `?last_event_id=`)
//! gets every change after that one first, from the database. Votes' totals come as
//! `tallied` events without an id, at most one a second, and are not replayed.

use crate::http::AppState;
use crate::http::context::{Client, RequestSite};
use crate::http::error::AppError;
use crate::http::extract::QueryParams;
use crate::http::streams::{Refusal, StreamSlots};
use crate::live::BATCH;
use crate::storage::outbox::StoredChange;
use crate::validate;
use axum::Extension;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use confab_api as wire;
use serde::Deserialize;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, mpsc};

/// How long a browser waits before reconnecting.
const RETRY: Duration = Duration::from_secs(3);

/// The query of `GET /api/v1/events`.
#[derive(Debug, Deserialize)]
pub struct EventsQuery {
    thread: Option<String>,
    /// For clients that cannot send `Last-Event-ID` (a reopened `EventSource`).
    last_event_id: Option<String>,
}

/// Opens the stream of thread `thread`'s changes, if the client and the server may hold
/// one more (`429` or `503` with `Retry-After` otherwise); it ends after the limits'
/// lifetime, and the browser opens another.
pub async fn events(
    State(state): State<AppState>,
    Extension(slots): Extension<Arc<StreamSlots>>,
    site: RequestSite,
    Client(client): Client,
    headers: HeaderMap,
    QueryParams(query): QueryParams<EventsQuery>,
) -> Result<Response, AppError> {
    let key = site.stored_key(&validate::thread_key(
        query.thread.as_deref().unwrap_or_default(),
    )?);
    let given = headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
        .or(query.last_event_id);
    let slot = match slots.take(client) {
        Ok(slot) => slot,
        Err(refusal) => return Ok(refused(refusal)),
    };
    // Subscribed before reading the database, so nothing falls between the two.
    let live = state.live.subscribe();
    let tallies = state.live.subscribe_tallies();
    let latest = state.storage.latest_event_id().await?;
    let start = match given.as_deref().map(str::trim) {
        // An id from before a restored backup counts from now.
        Some(text) if !text.is_empty() => match text.parse::<i64>() {
            Ok(id) if id >= 0 => id.min(latest),
            _ => {
                return Err(AppError::invalid(
                    "last_event_id",
                    "invalid_last_event_id",
                    "Last-Event-ID must be the id of an event this server sent.",
                ));
            }
        },
        _ => latest,
    };
    let (sender, receiver) = mpsc::channel(64);
    let lifetime = slots.limits().lifetime;
    tokio::spawn(async move {
        // The slot is held for as long as the stream lasts.
        let _slot = slot;
        let streams = LiveStreams { live, tallies };
        let _ = tokio::time::timeout(lifetime, forward(state, key, start, streams, sender)).await;
    });
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver
            .recv()
            .await
            .map(|event| (Ok::<_, Infallible>(event), receiver))
    });
    let sse = Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)));
    Ok(sse.into_response())
}

/// The answer when no stream may be opened now: `429` for a client holding its share,
/// `503` for a full server, each with `Retry-After`.
fn refused(refusal: Refusal) -> Response {
    let (error, seconds) = match refusal {
        Refusal::ClientFull => (
            AppError::TooManyRequests(
                "Too many live-update streams from your address; close some pages.".to_owned(),
            ),
            "30",
        ),
        Refusal::ServerFull => (
            AppError::Unavailable(
                "The server holds as many live-update streams as it can; try again soon."
                    .to_owned(),
            ),
            "10",
        ),
    };
    let mut response = error.into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static(seconds));
    response
}

/// What one stream hears from the hub.
struct LiveStreams {
    live: broadcast::Receiver<crate::live::Batch>,
    tallies: broadcast::Receiver<crate::live::Tallies>,
}

/// Sends the changes after `start` from the database, then the live ones, until the
/// reader goes away.
async fn forward(
    state: AppState,
    key: String,
    start: i64,
    LiveStreams {
        mut live,
        mut tallies,
    }: LiveStreams,
    sender: mpsc::Sender<Event>,
) {
    if sender.send(Event::default().retry(RETRY)).await.is_err() {
        return;
    }
    let mut last = start;
    if catch_up(&state, &key, &mut last, &sender).await.is_err() {
        return;
    }
    let closing = state.live.closing();
    tokio::pin!(closing);
    loop {
        let received = tokio::select! {
            // The reader went away, or the server is stopping: this task ends with it.
            () = sender.closed() => return,
            () = &mut closing => return,
            received = live.recv() => received,
            Ok(changed) = tallies.recv() => {
                if send_tallies(&sender, &key, &changed).await.is_err() {
                    return;
                }
                continue;
            }
        };
        match received {
            Ok(batch) => {
                for change in batch.iter().filter(|change| change.thread_key == key) {
                    if change.id > last && send(&sender, change).await.is_err() {
                        return;
                    }
                    last = last.max(change.id);
                }
            }
            // Fell behind the broadcast: read what was missed from the database.
            Err(broadcast::error::RecvError::Lagged(_)) => {
                if catch_up(&state, &key, &mut last, &sender).await.is_err() {
                    return;
                }
            }
            Err(broadcast::error::RecvError::Closed) => return,
        }
    }
}

/// Most changes one catching up sends; a reader away for longer is told it missed some
/// (reading the thread again shows them) and follows on from the latest.
const MAX_CATCH_UP: usize = 4 * BATCH;

/// Sends the changes of `key` after `last` from the database, moving `last` on.
async fn catch_up(
    state: &AppState,
    key: &str,
    last: &mut i64,
    sender: &mpsc::Sender<Event>,
) -> Result<(), ()> {
    let latest = state.storage.latest_event_id().await.map_err(drop)?;
    if *last >= latest {
        return Ok(());
    }
    let mut sent = 0;
    loop {
        let page = match state.storage.thread_changes(Some(key), *last, BATCH).await {
            Ok(page) => page,
            Err(error) => {
                tracing::warn!(thread = ?key, "live updates: {error}");
                return Err(());
            }
        };
        if sent >= MAX_CATCH_UP && !page.changes.is_empty() {
            // More than one catching up sends: say so, and go on from the latest.
            *last = latest.max(*last);
            let missed = StoredChange {
                id: *last,
                thread_key: key.to_owned(),
                change: wire::ThreadChange::Missed,
            };
            return send(sender, &missed).await;
        }
        for change in &page.changes {
            send(sender, change).await?;
        }
        sent += page.changes.len();
        *last = page.last_read.max(*last);
        if page.complete {
            return Ok(());
        }
    }
}

async fn send(sender: &mpsc::Sender<Event>, change: &StoredChange) -> Result<(), ()> {
    let data = serde_json::to_string::<wire::ThreadChange>(&change.change).map_err(drop)?;
    let event = Event::default().id(change.id.to_string()).data(data);
    sender.send(event).await.map_err(drop)
}

/// Sends the totals of `key`'s comments among `changed`, as one event without an id.
async fn send_tallies(
    sender: &mpsc::Sender<Event>,
    key: &str,
    changed: &[crate::storage::TallyChange],
) -> Result<(), ()> {
    let tallies: Vec<wire::Tally> = changed
        .iter()
        .filter(|change| change.thread_key == key)
        .map(|change| change.tally.clone())
        .collect();
    if tallies.is_empty() {
        return Ok(());
    }
    let change = wire::ThreadChange::Tallied { tallies };
    let data = serde_json::to_string(&change).map_err(drop)?;
    sender.send(Event::default().data(data)).await.map_err(drop)
}
