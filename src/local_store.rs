//! The reader's own data in the host site's `localStorage`: drafts, and their name, email
//! and website when they ask to be remembered. Storage may be unavailable (private modes,
//! blocked storage); then nothing is kept and nothing fails.

use crate::json::Json;
use crate::wire::{self, FromJson, ObjectBuilder, field};
use confab_api::{CommentId, Sort};

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

/// Where this browser's votes in `thread` are kept: `,id:value` for each.
fn votes_key(thread: &str) -> String {
    format!("confab:votes:{thread}")
}

/// The vote this browser cast on comment `id` of `thread` (`0`: none).
pub fn my_vote(thread: &str, id: CommentId) -> i8 {
    let votes = get(&votes_key(thread)).unwrap_or_default();
    match vote_at(&votes, id) {
        Some((_, end)) if votes[..end].ends_with(":-1") => -1,
        Some(_) => 1,
        None => 0,
    }
}

/// Records the vote this browser cast on comment `id` of `thread` (`0` forgets it).
pub fn set_my_vote(thread: &str, id: CommentId, value: i8) {
    let key = votes_key(thread);
    let mut votes = get(&key).unwrap_or_default();
    if let Some((start, end)) = vote_at(&votes, id) {
        votes.replace_range(start..end, "");
    }
    if value != 0 {
        votes.push_str(&format!(",{id}:{value}"));
    }
    set(&key, &votes);
}

/// Where comment `id`'s vote stands in `votes`: its start and end.
fn vote_at(votes: &str, id: CommentId) -> Option<(usize, usize)> {
    let start = votes.find(&format!(",{id}:"))?;
    let end = votes[start + 1..]
        .find(',')
        .map_or(votes.len(), |end| start + 1 + end);
    Some((start, end))
}

/// Where this browser's reactions in `thread` are kept: ` target:reaction` for each
/// (target `0` is the page), with a space after the last.
fn reactions_key(thread: &str) -> String {
    format!("confab:reactions:{thread}")
}

/// Whether this browser chose `reaction` on comment `target` of `thread` (`0`: the page).
pub fn my_reaction(thread: &str, target: CommentId, reaction: &str) -> bool {
    get(&reactions_key(thread)).is_some_and(|mine| mine.contains(&format!(" {target}:{reaction} ")))
}

/// Records whether this browser chose `reaction` on `target` of `thread`.
pub fn set_my_reaction(thread: &str, target: CommentId, reaction: &str, on: bool) {
    let key = reactions_key(thread);
    let entry = format!(" {target}:{reaction} ");
    let mut mine = get(&key).unwrap_or_default().replace(&entry, " ");
    if on {
        mine.push_str(&entry[usize::from(mine.ends_with(' '))..]);
    }
    set(&key, &mine);
}

/// The random key this browser votes with, made on first use: the server counts one vote
/// per key, and its author may not vote on the comments posted with it.
pub fn voter_key() -> String {
    const KEY: &str = "confab:voter";
    get(KEY).filter(|key| key.len() >= 16).unwrap_or_else(|| {
        let key = crate::api::new_idempotency_key();
        set(KEY, &key);
        key
    })
}

/// A comment this browser posted: the proof of authorship and what is needed to edit it.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnComment {
    pub id: CommentId,
    pub edit_token: String,
    /// Until when the server accepts edits, in milliseconds since the epoch.
    pub editable_until: f64,
    /// The markdown as last sent, to edit from.
    pub markdown: String,
}

impl FromJson for OwnComment {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        Ok(Self {
            id: field(value, "id")?,
            edit_token: field(value, "edit_token")?,
            // Whole milliseconds: earlier versions wrote them as `1764151200000.0`.
            editable_until: field::<i64>(value, "editable_until")? as f64,
            markdown: field(value, "markdown")?,
        })
    }
}

impl OwnComment {
    fn to_json(&self) -> Json<'_> {
        ObjectBuilder::default()
            .with("id", self.id)
            .with("edit_token", self.edit_token.as_str())
            .with("editable_until", self.editable_until as i64)
            .with("markdown", self.markdown.as_str())
            .build()
    }
}

/// How long a browser remembers its comments (to show a held one to its author).
pub const OWN_COMMENT_MEMORY_MS: f64 = 30.0 * 24.0 * 60.0 * 60.0 * 1000.0;

/// The comments this browser posted in `thread` and still remembers at time `now`.
pub fn own_comments(thread: &str, now: f64) -> Vec<OwnComment> {
    let stored: Vec<OwnComment> = get(&own_key(thread))
        .and_then(|json| wire::parse(&json).ok())
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
        Json::Array(comments.iter().map(OwnComment::to_json).collect()).write()
    };
    set(&own_key(thread), &json);
}

/// Where the reader's sort order is kept (one per site).
pub const SORT_KEY: &str = "confab:sort";

/// The sort order the reader chose last on this site.
pub fn stored_sort() -> Sort {
    get(SORT_KEY)
        .and_then(|sort| Sort::from_json(&Json::String(sort.into())).ok())
        .unwrap_or_default()
}

/// Remembers the reader's sort order.
pub fn store_sort(sort: Sort) {
    set(SORT_KEY, sort.as_str());
}

/// Where the remembered author is kept (one per site, as `localStorage` is per origin).
pub const AUTHOR_KEY: &str = "confab:author";

/// The author details a reader asked to be remembered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RememberedAuthor {
    pub name: String,
    pub email: String,
    pub website: String,
}

impl FromJson for RememberedAuthor {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        Ok(Self {
            name: field(value, "name")?,
            email: field(value, "email")?,
            website: field(value, "website")?,
        })
    }
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
    wire::parse(&get(AUTHOR_KEY)?).ok()
}

/// Remembers the author, or forgets them when `author` is `None`.
pub fn remember_author(author: Option<&RememberedAuthor>) {
    let json = author
        .map(|author| {
            ObjectBuilder::default()
                .with("name", author.name.as_str())
                .with("email", author.email.as_str())
                .with("website", author.website.as_str())
                .write()
        })
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

    #[test]
    fn own_comments_read_what_earlier_versions_wrote_and_write_it_back() {
        let earlier = r#"[{"id":3,"edit_token":"t\"k","editable_until":1764151200000.0,"markdown":"hi\nthere"}]"#;
        let read: Vec<OwnComment> = wire::parse(earlier).unwrap();
        let expected = OwnComment {
            id: 3,
            edit_token: "t\"k".into(),
            editable_until: 1_764_151_200_000.0,
            markdown: "hi\nthere".into(),
        };
        assert_eq!(read, vec![expected.clone()]);
        let written = Json::Array(vec![expected.to_json()]).write();
        assert_eq!(wire::parse::<Vec<OwnComment>>(&written).unwrap(), read);
        assert!(wire::parse::<Vec<OwnComment>>(r#"[{"id":3}]"#).is_err());
    }

    #[test]
    fn a_remembered_author_reads_back() {
        let stored = r#"{"name":"Ann","email":"ann@example.com","website":""}"#;
        let author: RememberedAuthor = wire::parse(stored).unwrap();
        assert_eq!((author.name.as_str(), author.website.as_str()), ("Ann", ""));
    }
}
