//! The reader's own data in the host site's `localStorage`: drafts, and their name, email
//! and website when they ask to be remembered. Storage may be unavailable (private modes,
//! blocked storage); then nothing is kept and nothing fails.

use confab_api::{CommentId, Sort};
use serde::{Deserialize, Serialize};

/// Where the draft of a reply to `parent` (or of a top-level comment) in `thread` is kept.
pub fn draft_key(thread: &str, parent: Option<CommentId>) -> String {
    match parent {
        Some(parent) => format!("confab:draft:{thread}#{parent}"),
        None => format!("confab:draft:{thread}"),
    }
}

/// Where the comments this browser posted in `thread` are remembered.
pub fn own_key(thread: &str) -> String {
    format!("confab:own:{thread}")
}

/// A comment this browser posted: the proof of authorship and what is needed to edit it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OwnComment {
    pub id: CommentId,
    pub edit_token: String,
    /// Until when the server accepts edits, in milliseconds since the epoch.
    pub editable_until: f64,
    /// The markdown as last sent, to edit from.
    pub markdown: String,
}

/// How long a browser remembers its comments (to show a held one to its author).
pub const OWN_COMMENT_MEMORY_MS: f64 = 30.0 * 24.0 * 60.0 * 60.0 * 1000.0;

/// The comments this browser posted in `thread` and still remembers at time `now`.
pub fn own_comments(thread: &str, now: f64) -> Vec<OwnComment> {
    let stored: Vec<OwnComment> = get(&own_key(thread))
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    stored
        .into_iter()
        .filter(|own| own.editable_until + OWN_COMMENT_MEMORY_MS > now)
        .collect()
}

/// Remembers exactly `comments` as this browser's in `thread`.
pub fn save_own_comments(thread: &str, comments: &[OwnComment]) {
    let json = if comments.is_empty() {
        String::new()
    } else {
        serde_json::to_string(comments).unwrap_or_default()
    };
    set(&own_key(thread), &json);
}

/// Where the reader's sort order is kept (one per site).
pub const SORT_KEY: &str = "confab:sort";

/// The sort order the reader chose last on this site.
pub fn stored_sort() -> Sort {
    get(SORT_KEY)
        .and_then(|sort| serde_json::from_value(serde_json::Value::String(sort)).ok())
        .unwrap_or_default()
}

/// Remembers the reader's sort order.
pub fn store_sort(sort: Sort) {
    set(SORT_KEY, sort.as_str());
}

/// Where the remembered author is kept (one per site, as `localStorage` is per origin).
pub const AUTHOR_KEY: &str = "confab:author";

/// The author details a reader asked to be remembered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RememberedAuthor {
    pub name: String,
    pub email: String,
    pub website: String,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The value stored under `key`.
pub fn get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

/// Stores `value` under `key`, or removes the key when `value` is empty.
pub fn set(key: &str, value: &str) {
    if let Some(storage) = storage() {
        // A full or blocked storage loses only the convenience, never the text on screen.
        let _ = if value.is_empty() {
            storage.remove_item(key)
        } else {
            storage.set_item(key, value)
        };
    }
}

/// The remembered author, if the reader asked for it.
pub fn remembered_author() -> Option<RememberedAuthor> {
    serde_json::from_str(&get(AUTHOR_KEY)?).ok()
}

/// Remembers the author, or forgets them when `author` is `None`.
pub fn remember_author(author: Option<&RememberedAuthor>) {
    let json = author
        .and_then(|author| serde_json::to_string(author).ok())
        .unwrap_or_default();
    set(AUTHOR_KEY, &json);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_are_kept_per_thread_and_per_parent() {
        assert_eq!(draft_key("/post/", None), "confab:draft:/post/");
        assert_eq!(draft_key("/post/", Some(7)), "confab:draft:/post/#7");
        assert_ne!(draft_key("/a/", Some(7)), draft_key("/b/", Some(7)));
    }
}
