//! Waking up when stored data may have changed: right after a write through this server
//! or another on the same PostgreSQL database (the [`Outbox::generation`] moved) or, for
//! writes by other processes on a SQLite file, after a while.

use super::Outbox;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Tells a background task when to look at the database again.
pub struct WriteWatch {
    storage: Arc<dyn Outbox>,
    /// How often the generation is checked.
    check: Duration,
    /// The longest wait between two looks.
    poll: Duration,
    seen: Option<u64>,
    last_look: Option<Instant>,
}

impl WriteWatch {
    /// Checks `storage`'s writes every `check`, and lets a look happen at least every `poll`.
    pub fn new(storage: Arc<dyn Outbox>, check: Duration, poll: Duration) -> Self {
        Self {
            storage,
            check,
            poll,
            seen: None,
            last_look: None,
        }
    }

    /// Returns when it is time to look: at once the first time, then after a write through
    /// this server or once `poll` has passed since the last look.
    pub async fn next(&mut self) {
        if self.last_look.is_some() {
            tokio::time::sleep(self.check).await;
        }
        loop {
            let generation = self.storage.generation();
            let stale = self.last_look.is_none_or(|at| at.elapsed() >= self.poll);
            if self.seen != Some(generation) || stale {
                self.seen = Some(generation);
                self.last_look = Some(Instant::now());
                return;
            }
            tokio::time::sleep(self.check).await;
        }
    }
}
