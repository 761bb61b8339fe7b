//! The most common reads — a thread's first page, a whole thread, and the Atom feeds —
//! kept ready as the bytes of their answer, so a popular thread costs one lookup instead
//! of queries and JSON. An answer is reused while no write has gone through this server,
//! nor through another server on the same PostgreSQL database (the storage's
//! [`generation`](crate::storage::Outbox::generation)), and for at most [`MAX_AGE`], so
//! changes made by another process on a SQLite file (the command line) show within that
//! time too.

use axum::body::Bytes;
use confab_api::Sort;
use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

/// How long an answer is reused at most.
pub const MAX_AGE: Duration = Duration::from_secs(2);
/// How many bytes of answers are kept at most; past it, the cache starts afresh.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// Which answer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PageKey {
    /// A thread (as stored), its order, and how much of it.
    Thread {
        thread: String,
        sort: Sort,
        /// Top-level comments on the first page; `None` for the whole thread.
        limit: Option<usize>,
    },
    /// A feed, by the site's key prefix and the path and query it was asked with (the
    /// feed names its own address).
    Feed { site: String, address: String },
    /// A site's latest comments (by its key prefix), so many of them.
    Recent { site: String, limit: usize },
}

/// An answer ready to send: its JSON and its `ETag`.
#[derive(Debug, Clone)]
pub struct Answer {
    pub body: Bytes,
    pub etag: String,
}

struct Entry {
    generation: u64,
    stored_at: Instant,
    answer: Answer,
}

/// The cache itself, shared by every request.
#[derive(Default)]
pub struct PageCache {
    entries: RwLock<(HashMap<PageKey, Entry>, usize)>,
}

impl PageCache {
    /// The answer stored for `key` while the storage was at `generation`, if still fresh.
    pub fn get(&self, key: &PageKey, generation: u64) -> Option<Answer> {
        let entries = self.entries.read().ok()?;
        entries
            .0
            .get(key)
            .filter(|entry| entry.generation == generation && entry.stored_at.elapsed() < MAX_AGE)
            .map(|entry| entry.answer.clone())
    }

    /// Keeps `answer`, computed while the storage was at `generation`.
    pub fn put(&self, key: PageKey, generation: u64, answer: Answer) {
        let Ok(mut entries) = self.entries.write() else {
            return;
        };
        let (map, bytes) = &mut *entries;
        if *bytes + answer.body.len() > MAX_BYTES {
            map.clear();
            *bytes = 0;
        }
        *bytes += answer.body.len();
        let entry = Entry {
            generation,
            stored_at: Instant::now(),
            answer,
        };
        if let Some(old) = map.insert(key, entry) {
            *bytes -= old.answer.body.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(thread: &str) -> PageKey {
        PageKey::Thread {
            thread: thread.to_owned(),
            sort: Sort::Oldest,
            limit: Some(20),
        }
    }

    fn answer(text: &'static str) -> Answer {
        Answer {
            body: Bytes::from_static(text.as_bytes()),
            etag: "\"x\"".to_owned(),
        }
    }

    #[test]
    fn an_answer_is_reused_only_at_its_generation() {
        let cache = PageCache::default();
        cache.put(key("/a/"), 1, answer("one"));
        assert_eq!(cache.get(&key("/a/"), 1).unwrap().body, "one");
        assert!(
            cache.get(&key("/a/"), 2).is_none(),
            "a write happened since"
        );
        assert!(cache.get(&key("/b/"), 1).is_none());
        cache.put(key("/a/"), 2, answer("two"));
        assert_eq!(cache.get(&key("/a/"), 2).unwrap().body, "two");
    }

    #[test]
    fn the_cache_starts_afresh_past_its_byte_budget() {
        let cache = PageCache::default();
        let big = Bytes::from(vec![b'x'; MAX_BYTES / 2 + 1]);
        for thread in ["/a/", "/b/"] {
            let answer = Answer {
                body: big.clone(),
                etag: String::new(),
            };
            cache.put(key(thread), 1, answer);
        }
        assert!(cache.get(&key("/a/"), 1).is_none());
        assert!(cache.get(&key("/b/"), 1).is_some());
    }
}
