//! Live updates: the changes readers can see (new, approved, edited and deleted comments),
//! fanned out to every open `GET /api/v1/events` stream.
//!
//! One task per server watches the outbox — right after each write through this server,
//! every second otherwise — reads what changed since it last looked, and broadcasts it;
//! each stream keeps the changes of its own thread. A stream first replays from the
//! database what came after the reader's `Last-Event-ID`, so a reconnection misses nothing.
//!
//! Votes travel apart: once a second, while anyone listens, the hub reads which comments'
//! totals changed (on any server sharing the database) and broadcasts them, so a thread
//! hears at most one update of its scores per second however many votes land on it.

use crate::storage::outbox::StoredChange;
use crate::storage::write_watch::WriteWatch;
use crate::storage::{Outbox, Storage, StorageError, TallyChange};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, watch};

/// How often the hub checks whether this server wrote something.
const WRITE_CHECK_INTERVAL: Duration = Duration::from_millis(50);
/// How often it reads the outbox anyway (writes by other processes).
const POLL_INTERVAL: Duration = Duration::from_secs(1);
/// Changes read at once.
pub const BATCH: usize = 500;

/// How often votes' totals are read and sent on.
const TALLY_INTERVAL: Duration = Duration::from_secs(1);
/// How far back each reading of totals looks again: a vote stamped before an earlier
/// reading may commit after it.
const TALLY_OVERLAP_MILLIS: i64 = 5_000;
/// Totals read at once.
const TALLY_BATCH: usize = 2_000;

/// A batch of changes, shared by every stream.
pub type Batch = Arc<Vec<StoredChange>>;

/// Comments whose totals changed in the last second, shared by every stream.
pub type Tallies = Arc<Vec<TallyChange>>;

/// Hands out subscriptions to the changes of every thread.
pub struct LiveHub {
    sender: broadcast::Sender<Batch>,
    tallies: broadcast::Sender<Tallies>,
    closing: watch::Sender<bool>,
}

impl LiveHub {
    /// Starts watching `storage` from its latest event, read before this returns: a
    /// stream opened afterwards hears of every later change (a hub that began reading only
    /// once its task ran could start after a first post and never broadcast it).
    pub async fn start(storage: Arc<dyn Storage>) -> Arc<Self> {
        let (sender, _) = broadcast::channel(256);
        let (tallies, _) = broadcast::channel(16);
        let (closing, _) = watch::channel(false);
        let hub = Arc::new(Self {
            sender,
            tallies,
            closing,
        });
        let first = latest_event(storage.as_ref()).await;
        tokio::spawn(watch_tallies(storage.clone(), hub.tallies.clone()));
        tokio::spawn(watch_outbox(storage, hub.sender.clone(), first));
        hub
    }

    /// Changes broadcast from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Batch> {
        self.sender.subscribe()
    }

    /// Votes' totals broadcast from now on.
    pub fn subscribe_tallies(&self) -> broadcast::Receiver<Tallies> {
        self.tallies.subscribe()
    }

    /// Resolves once the server is shutting down (streams end then, so it can).
    pub fn closing(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut closing = self.closing.subscribe();
        async move {
            let _ = closing.wait_for(|closing| *closing).await;
        }
    }

    /// Ends every stream (the server is shutting down).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }
}

/// The id of the latest event, asked for until the database answers.
async fn latest_event(storage: &dyn Outbox) -> i64 {
    loop {
        match storage.latest_event_id().await {
            Ok(latest) => return latest,
            Err(error) => {
                tracing::warn!("live updates: {error}");
                tokio::time::sleep(POLL_INTERVAL).await;
            }
        }
    }
}

/// Once a second while anyone listens, sends on the totals that changed since the last
/// look (each comment's once, unless it changed again).
async fn watch_tallies(storage: Arc<dyn Storage>, sender: broadcast::Sender<Tallies>) {
    let mut since = crate::storage::now_millis();
    let mut sent: HashMap<i64, TallyChange> = HashMap::new();
    loop {
        tokio::time::sleep(TALLY_INTERVAL).await;
        if sender.receiver_count() == 0 {
            since = crate::storage::now_millis();
            sent.clear();
            continue;
        }
        let look_from = since - TALLY_OVERLAP_MILLIS;
        match storage.tallies_since(look_from, TALLY_BATCH).await {
            Ok(changes) => {
                sent.retain(|_, change| change.at > look_from);
                let fresh: Vec<TallyChange> = changes
                    .into_iter()
                    .filter(|change| sent.get(&change.tally.id) != Some(change))
                    .collect();
                for change in &fresh {
                    since = since.max(change.at);
                    sent.insert(change.tally.id, change.clone());
                }
                if !fresh.is_empty() {
                    let _ = sender.send(Arc::new(fresh));
                }
            }
            Err(error) => tracing::warn!("live votes: {error}"),
        }
    }
}

async fn watch_outbox(storage: Arc<dyn Storage>, sender: broadcast::Sender<Batch>, first: i64) {
    let mut last = first;
    let outbox: Arc<dyn Outbox> = storage.clone();
    let mut writes = WriteWatch::new(outbox, WRITE_CHECK_INTERVAL, POLL_INTERVAL);
    loop {
        writes.next().await;
        match round(storage.as_ref(), &sender, last).await {
            Ok(latest) => last = latest,
            Err(error) => tracing::warn!("live updates: {error}"),
        }
    }
}

/// Broadcasts what changed after `last` (nothing when nobody listens); returns the id of
/// the latest event seen.
async fn round(
    storage: &dyn Outbox,
    sender: &broadcast::Sender<Batch>,
    mut last: i64,
) -> Result<i64, StorageError> {
    // Read before counting the listeners: one that subscribes after the count reads the
    // database itself, after this id was committed.
    let latest = storage.latest_event_id().await?;
    if sender.receiver_count() == 0 {
        return Ok(latest);
    }
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
