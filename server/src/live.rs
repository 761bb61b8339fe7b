//! Live updates: the changes readers can see (new, approved, edited and deleted comments),
//! fanned out to every open `GET /api/v1/events` stream.
//!
//! One task per server watches the outbox — right after each write through this server,
//! every second otherwise — reads what changed since it last looked, and broadcasts it;
//! each stream keeps the changes of its own thread. A stream first replays from the
//! database what came after the reader's `Last-Event-ID`, so a reconnection misses nothing.

use crate::storage::outbox::StoredChange;
use crate::storage::{Storage, StorageError};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::broadcast;

/// How often the hub checks whether this server wrote something.
const WRITE_CHECK_INTERVAL: Duration = Duration::from_millis(50);
/// How often it reads the outbox anyway (writes by other processes).
const POLL_INTERVAL: Duration = Duration::from_secs(1);
/// Changes read at once.
pub const BATCH: usize = 500;

/// A batch of changes, shared by every stream.
pub type Batch = Arc<Vec<StoredChange>>;

/// Hands out subscriptions to the changes of every thread.
pub struct LiveHub {
    sender: broadcast::Sender<Batch>,
}

impl LiveHub {
    /// Starts watching `storage`.
    pub fn start(storage: Arc<dyn Storage>) -> Arc<Self> {
        let (sender, _) = broadcast::channel(256);
        let hub = Arc::new(Self { sender });
        tokio::spawn(watch(storage, hub.sender.clone()));
        hub
    }

    /// Changes broadcast from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Batch> {
        self.sender.subscribe()
    }
}

async fn watch(storage: Arc<dyn Storage>, sender: broadcast::Sender<Batch>) {
    let mut last = None;
    let mut seen_generation = None;
    let mut last_round = Instant::now() - POLL_INTERVAL;
    loop {
        let generation = storage.generation();
        if seen_generation != Some(generation) || last_round.elapsed() >= POLL_INTERVAL {
            seen_generation = Some(generation);
            last_round = Instant::now();
            match round(storage.as_ref(), &sender, last).await {
                Ok(latest) => last = Some(latest),
                Err(error) => tracing::warn!("live updates: {error}"),
            }
        }
        tokio::time::sleep(WRITE_CHECK_INTERVAL).await;
    }
}

/// Broadcasts what changed after `last` (nothing when nobody listens); returns the id of
/// the latest event seen.
async fn round(
    storage: &dyn Storage,
    sender: &broadcast::Sender<Batch>,
    last: Option<i64>,
) -> Result<i64, StorageError> {
    let Some(mut last) = last.filter(|_| sender.receiver_count() > 0) else {
        return storage.latest_event_id().await;
    };
    loop {
        let page = storage.thread_changes(None, last, BATCH).await?;
        last = page.last_read;
        if !page.changes.is_empty() {
            let _ = sender.send(Arc::new(page.changes));
        }
        if page.complete {
            return Ok(last);
        }
    }
}
