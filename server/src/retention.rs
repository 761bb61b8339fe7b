//! What the server erases by itself: a comment's client address (kept for moderators and
//! abuse control) once it is older than the settings allow, swept at start and hourly.

use crate::storage::{Storage, StorageError, now_millis};
use std::sync::Arc;
use std::time::Duration;

/// How often the sweep runs.
const SWEEP_INTERVAL: Duration = Duration::from_secs(60 * 60);

/// Erases the client addresses of comments stored more than `kept` ago; returns how many.
pub async fn sweep(storage: &dyn Storage, kept: Duration) -> Result<u64, StorageError> {
    let kept = i64::try_from(kept.as_millis()).unwrap_or(i64::MAX);
    storage
        .forget_client_addresses(now_millis().saturating_sub(kept))
        .await
}

/// Sweeps now and every hour until the process ends; a failed sweep is tried again at
/// the next.
pub fn start(storage: Arc<dyn Storage>, kept: Duration) {
    tokio::spawn(async move {
        loop {
            match sweep(storage.as_ref(), kept).await {
                Ok(0) => {}
                Ok(erased) => {
                    tracing::info!(erased, "client addresses erased, as kept long enough")
                }
                Err(error) => tracing::warn!(%error, "client addresses could not be erased"),
            }
            tokio::time::sleep(SWEEP_INTERVAL).await;
        }
    });
}
