//! The demo thread: the seed article's comments, stored once on first start with `--demo`.

use crate::identity;
use crate::storage::{CommentToStore, SeedComment, Storage, StorageError, ThreadToStore};
use confab_api::{Badge, CommentKind, CommentStatus, markdown};
use serde::Deserialize;

/// The demo thread's data file, kept in the repository.
const DEMO_THREAD: &str = include_str!("../seed/demo-thread.json");

#[derive(Deserialize)]
struct SeedFile {
    /// Remembered in the database so the thread is never stored twice.
    marker: String,
    thread: SeedThread,
    comments: Vec<SeedEntry>,
}

#[derive(Deserialize)]
struct SeedThread {
    key: String,
    title: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize)]
struct SeedEntry {
    kind: CommentKind,
    /// The position in `comments` of the comment this one answers.
    parent: Option<usize>,
    author_name: String,
    author_website: Option<String>,
    badge: Option<Badge>,
    created_at: String,
    body: String,
}

/// The key of the demo thread, for the demo page and the tests.
pub fn demo_thread_key() -> String {
    parse().thread.key
}

fn parse() -> SeedFile {
    serde_json::from_str(DEMO_THREAD).expect("seed/demo-thread.json is valid (checked by a test)")
}

/// Stores the demo thread unless it was stored before. Returns whether it was stored now.
pub async fn seed_demo_thread(
    storage: &dyn Storage,
    server_key: &str,
) -> Result<bool, StorageError> {
    let file = parse();
    let thread = ThreadToStore {
        key: file.thread.key,
        title: file.thread.title,
        url: file.thread.url,
    };
    let mut comments = Vec::with_capacity(file.comments.len());
    for entry in file.comments {
        let created_at = time::OffsetDateTime::parse(
            &entry.created_at,
            &time::format_description::well_known::Rfc3339,
        )
        .map_err(|error| {
            StorageError::Corrupt(format!("seed date {}: {error}", entry.created_at))
        })?;
        comments.push(SeedComment {
            parent_index: entry.parent,
            comment: CommentToStore {
                thread: thread.clone(),
                parent_id: None,
                kind: entry.kind,
                status: CommentStatus::Published,
                avatar_seed: identity::avatar_seed(server_key, None, &entry.author_name),
                author_name: entry.author_name,
                author_email: None,
                author_website: entry.author_website,
                badge: entry.badge,
                body: markdown::to_blocks(&entry.body),
                body_markdown: entry.body,
                edit_token_hash: None,
                client_address: None,
                created_at: i64::try_from(created_at.unix_timestamp_nanos() / 1_000_000)
                    .unwrap_or_default(),
            },
        });
    }
    storage.seed_once(&file.marker, comments).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_file_parses_and_parents_come_first() {
        let file = parse();
        assert_eq!(
            file.thread.title.as_deref(),
            Some("Why Social Media in Healthcare?")
        );
        assert_eq!(file.comments.len(), 8);
        for (index, entry) in file.comments.iter().enumerate() {
            assert!(entry.parent.is_none_or(|parent| parent < index));
        }
    }
}
