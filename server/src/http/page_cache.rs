//! The most common reads — a thread's first page, a whole thread, and the Atom feeds —
//! kept ready as the bytes of their answer, so a popular thread costs one lookup instead
//! of queries and JSON. An answer is reused while no write has gone through this server,
//! nor through another server on the same PostgreSQL database (the storage's
//! [`generation`](crate::storage::Outbox::generation)), and for at most [`MAX_AGE`], so
//! changes made by another process on a SQLite file (the command line) show within that
//! time too. A vote or a reaction through this server makes its thread's answers kept
//! before it stale once they are [`VOTE_SHIELD`] old: a reader who votes and reloads sees
//! their vote, and a storm of votes rebuilds a thread's first page a few times a second,
//! not on every vote.

use axum::body::Bytes;
use confab_api::Sort;
use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

/// How long an answer is reused at most.
pub const MAX_AGE: Duration = Duration::from_secs(2);
/// How long a thread's answer is kept through the votes on it (from when it was kept).
pub const VOTE_SHIELD: Duration = Duration::from_millis(250);
/// How many threads' latest votes are remembered at most; past it, the memory starts afresh.
const MAX_VOTED_THREADS: usize = 100_000;
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
    /// When each thread (as stored) last took a vote through this server.
    voted: RwLock<HashMap<String, Instant>>,
}

impl PageCache {
    /// The answer stored for `key` while the storage was at `generation`, if still fresh.
    pub fn get(&self, key: &PageKey, generation: u64) -> Option<Answer> {
        let entries = self.entries.read().ok()?;
        let entry = entries.0.get(key)?;
        let fresh = entry.generation == generation && entry.stored_at.elapsed() < MAX_AGE;
        (fresh && !self.outvoted(key, entry.stored_at)).then(|| entry.answer.clone())
    }

    /// Thread `thread` (as stored) took a vote: its answers kept before now are stale from
    /// when they are [`VOTE_SHIELD`] old.
    pub fn voted(&self, thread: &str) {
        let Ok(mut voted) = self.voted.write() else {
            return;
        };
        if voted.len() >= MAX_VOTED_THREADS {
            voted.clear();
        }
        voted.insert(thread.to_owned(), Instant::now());
    }

    /// Whether a vote on `key`'s thread came after the answer stored at `stored_at` was
    /// kept, and the answer is [`VOTE_SHIELD`] old.
    fn outvoted(&self, key: &PageKey, stored_at: Instant) -> bool {
        let PageKey::Thread { thread, .. } = key else {
            return false;
        };
        self.voted
            .read()
            .ok()
            .and_then(|voted| voted.get(thread).copied())
            .is_some_and(|voted_at| voted_at > stored_at && stored_at.elapsed() >= VOTE_SHIELD)
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
    fn a_vote_makes_a_thread_stale_unless_its_answer_is_brand_new() {
        let cache = PageCache::default();
        cache.put(key("/a/"), 1, answer("one"));
        cache.put(key("/b/"), 1, answer("other"));
        cache.voted("/a/");
        assert!(
            cache.get(&key("/a/"), 1).is_some(),
            "younger than the shield"
        );
        std::thread::sleep(VOTE_SHIELD + Duration::from_millis(20));
        cache.voted("/a/");
        assert!(cache.get(&key("/a/"), 1).is_none(), "outvoted");
        assert!(
            cache.get(&key("/b/"), 1).is_some(),
            "another thread keeps its answer"
        );
        cache.put(key("/a/"), 1, answer("again"));
        assert_eq!(cache.get(&key("/a/"), 1).unwrap().body, "again");
    }

    #[test]
    fn a_vote_on_an_answer_kept_a_moment_before_shows_once_the_shield_passed() {
        let cache = PageCache::default();
        cache.put(key("/a/"), 1, answer("before the vote"));
        std::thread::sleep(Duration::from_millis(20));
        cache.voted("/a/");
        assert!(cache.get(&key("/a/"), 1).is_some(), "spared a moment");
        std::thread::sleep(VOTE_SHIELD);
        assert!(
            cache.get(&key("/a/"), 1).is_none(),
            "a reader who reloads later sees the vote"
        );
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
