//! Bringing comments from elsewhere: WordPress (WXR), Disqus and Isso exports, and Confab's
//! own JSON Lines export. Each reader turns its file into [`Source`] threads; [`prepare`]
//! checks and orders them into what storage takes, and storage skips what an earlier
//! import of the same file stored, so importing twice changes nothing.
//!
//! A file that cannot be read at all imports nothing and names the line or record; a file
//! with some bad records imports the good ones and lists the others as skipped.

pub mod archive;
pub mod disqus;
pub mod html_body;
pub mod isso;
pub mod jsonl;
pub mod wxr;
mod xml;

use crate::config::SiteSettings;
use crate::identity;
use crate::storage::{
    CommentImport, ImportCounts, Storage, StorageError, ThreadImport, ThreadToStore,
};
use confab_api::body::Block;
use confab_api::limits::{MAX_DEPTH, MAX_EMAIL_CHARS, MAX_NAME_CHARS, MAX_WEBSITE_CHARS};
use confab_api::{Badge, CommentKind, CommentStatus, markdown};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// The formats `confab-server import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// WordPress eXtended RSS 1.0, 1.1 or 1.2.
    Wxr,
    /// A Disqus XML export.
    Disqus,
    /// Isso's SQLite database file.
    Isso,
    /// Confab's own JSON Lines export.
    Jsonl,
}

impl Format {
    /// The short name recorded with each imported comment.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Wxr => "wxr",
            Format::Disqus => "disqus",
            Format::Isso => "isso",
            Format::Jsonl => "jsonl",
        }
    }
}

/// A comment's state in its source, in Confab's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Visible to everyone.
    Published,
    /// Awaiting a moderator.
    Pending,
    /// Marked as spam.
    Spam,
    /// Deleted; kept as a placeholder while replies hang under it.
    Deleted,
    /// Deleted and out of view (only in Confab's own export).
    Removed,
    /// Refused by a moderator (only in Confab's own export).
    Rejected,
}

impl Status {
    /// The state as storage records it.
    pub fn label(self) -> &'static str {
        match self {
            Status::Published => "published",
            Status::Pending => "pending",
            Status::Spam => "spam",
            Status::Deleted => "deleted",
            Status::Removed => "removed",
            Status::Rejected => "rejected",
        }
    }

    /// Whether the comment's text and author were erased.
    fn erased(self) -> bool {
        matches!(self, Status::Deleted | Status::Removed)
    }
}

/// Why a file could not be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file (or the archive around it) cannot be read; the message names where.
    #[error("{0}")]
    Unreadable(String),
    /// Storing failed; nothing of this import was kept.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// A thread as read from a file, before checks.
#[derive(Debug, Clone, Default)]
pub struct SourceThread {
    pub key: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub locked: bool,
    pub comments: Vec<SourceComment>,
}

/// A comment as read from a file, before checks.
#[derive(Debug, Clone)]
pub struct SourceComment {
    /// Its id in the file, unique within the file.
    pub id: String,
    /// The id of the comment it answers.
    pub parent: Option<String>,
    pub kind: CommentKind,
    pub status: Status,
    pub author_name: String,
    pub author_email: Option<String>,
    pub author_website: Option<String>,
    pub client_address: Option<String>,
    pub badge: Option<Badge>,
    pub body: SourceBody,
    /// Milliseconds since the epoch.
    pub created_at: i64,
    pub edited_at: Option<i64>,
}

/// A comment's text in the form its file keeps it.
#[derive(Debug, Clone)]
pub enum SourceBody {
    /// HTML, with newlines that are line breaks (WordPress) or just layout (Disqus).
    Html(String, html_body::Newlines),
    /// Markdown (Isso).
    Markdown(String),
    /// Already a node tree, with the markdown it came from (Confab's export).
    Tree(String, Vec<Block>),
}

/// What a reader made of a file: its threads, and the records it could not use.
#[derive(Debug, Default)]
pub struct Source {
    pub threads: Vec<SourceThread>,
    pub skipped: Vec<Skipped>,
}

/// A record left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Which record: “comment 12 of “Hello world”” or “line 7”.
    pub record: String,
    pub reason: String,
}

/// What an import did, printed at its end and answered by the admin API.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Summary {
    /// Threads in the file.
    pub threads: usize,
    /// Of those, threads that did not exist before.
    pub new_threads: usize,
    /// Comments stored now.
    pub comments: usize,
    /// Comments an earlier import of the same file had stored.
    pub already_present: usize,
    /// Records left out, each with its reason.
    pub skipped: Vec<SkippedRecord>,
    /// Comments stored differently from the file, each with what changed.
    pub adjusted: Vec<SkippedRecord>,
}

/// A record named in the summary, with the reason.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SkippedRecord {
    pub record: String,
    pub reason: String,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Imported {} threads ({} new), {} comments; {} already present; {} skipped",
            self.threads,
            self.new_threads,
            self.comments,
            self.already_present,
            self.skipped.len()
        )?;
        for skipped in &self.skipped {
            writeln!(f, "  skipped {}: {}", skipped.record, skipped.reason)?;
        }
        for adjusted in &self.adjusted {
            writeln!(f, "  adjusted {}: {}", adjusted.record, adjusted.reason)?;
        }
        Ok(())
    }
}

/// Where an import goes: the site whose threads it fills, and the server's key for avatars.
#[derive(Clone, Copy)]
pub struct Target<'a> {
    pub site: &'a SiteSettings,
    pub server_key: &'a str,
}

/// Reads `bytes` (unwrapping gzip or zip) as `format` and stores what it holds.
pub async fn import(
    storage: &dyn Storage,
    target: Target<'_>,
    format: Format,
    bytes: &[u8],
) -> Result<Summary, ImportError> {
    let bytes = archive::unwrap(bytes)?;
    let source = match format {
        Format::Wxr => wxr::read(&bytes)?,
        Format::Disqus => disqus::read(&bytes)?,
        Format::Isso => isso::read(&bytes).await?,
        Format::Jsonl => jsonl::read(&bytes)?,
    };
    store(storage, target, format, source).await
}

/// Checks and stores threads read from a file.
pub async fn store(
    storage: &dyn Storage,
    target: Target<'_>,
    format: Format,
    mut source: Source,
) -> Result<Summary, ImportError> {
    if format != Format::Jsonl {
        // Confab's own export carries stored keys; the others carry page paths.
        for thread in &mut source.threads {
            thread.key = target.site.stored_key(&thread.key);
        }
    }
    let mut summary = Summary {
        threads: source.threads.len(),
        skipped: source
            .skipped
            .into_iter()
            .map(SkippedRecord::from)
            .collect(),
        ..Summary::default()
    };
    let threads = source
        .threads
        .into_iter()
        .map(|thread| prepare(thread, target, format, &mut summary))
        .collect();
    let ImportCounts {
        new_threads,
        comments,
        already_present,
    } = storage.import(threads).await?;
    summary.new_threads = new_threads;
    summary.comments = comments;
    summary.already_present = already_present;
    Ok(summary)
}

impl From<Skipped> for SkippedRecord {
    fn from(skipped: Skipped) -> Self {
        SkippedRecord {
            record: skipped.record,
            reason: skipped.reason,
        }
    }
}

/// Orders a thread's comments parents first, checks authors, renders bodies, and keeps
/// nesting within [`MAX_DEPTH`]. Deleted comments stay as placeholders only when a
/// comment that is kept answers them.
fn prepare(
    thread: SourceThread,
    target: Target<'_>,
    format: Format,
    summary: &mut Summary,
) -> ThreadImport {
    let record = |comment: &SourceComment| format!("comment {} of {}", comment.id, thread.key);
    let ids: HashSet<&str> = thread.comments.iter().map(|c| c.id.as_str()).collect();
    let mut parent_of: HashMap<String, Option<String>> = HashMap::new();
    for comment in &thread.comments {
        let parent = match &comment.parent {
            Some(parent) if !ids.contains(parent.as_str()) => {
                summary.adjusted.push(SkippedRecord {
                    record: record(comment),
                    reason: format!("the comment it answers ({parent}) is not in the file; stored as a top-level comment"),
                });
                None
            }
            parent => parent.clone(),
        };
        parent_of.insert(comment.id.clone(), parent);
    }
    let order = parents_first(&thread.comments, &mut parent_of);
    // A deleted comment is kept only with a kept comment under it.
    let mut needed: HashSet<String> = HashSet::new();
    for &index in order.iter().rev() {
        let comment = &thread.comments[index];
        if comment.status != Status::Deleted || needed.contains(&comment.id) {
            if let Some(Some(parent)) = parent_of.get(&comment.id) {
                needed.insert(parent.clone());
            }
            needed.insert(comment.id.clone());
        }
    }
    let store_thread = ThreadToStore {
        key: thread.key.clone(),
        title: thread.title.clone(),
        url: thread.url.clone(),
    };
    let mut position: HashMap<&str, (usize, u32)> = HashMap::new();
    let mut comments = Vec::with_capacity(order.len());
    for &index in &order {
        let comment = &thread.comments[index];
        if !needed.contains(&comment.id) {
            summary.skipped.push(SkippedRecord {
                record: record(comment),
                reason: "deleted, with no replies to keep it for".to_owned(),
            });
            continue;
        }
        let mut parent = parent_of[&comment.id]
            .as_deref()
            .and_then(|parent| position.get(parent).copied());
        if let Some((_, depth)) = parent
            && depth >= MAX_DEPTH
        {
            summary.adjusted.push(SkippedRecord {
                record: record(comment),
                reason: format!(
                    "nested deeper than {MAX_DEPTH} levels; stored as a reply at the deepest level"
                ),
            });
            parent = deepest_ancestor(&comments, parent);
        }
        let depth = parent.map_or(0, |(_, depth)| depth + 1);
        position.insert(&comment.id, (comments.len(), depth));
        comments.push(CommentImport {
            import_ref: format!("{}:{}#{}", format.as_str(), thread.key, comment.id),
            parent_index: parent.map(|(index, _)| index),
            status: comment.status.label(),
            edited_at: comment.edited_at,
            comment: to_store(comment, &store_thread, target),
        });
    }
    ThreadImport {
        thread: store_thread,
        locked: thread.locked,
        comments,
    }
}

/// The indexes of `comments`, each parent before its replies, oldest first among siblings.
/// A cycle of parents (only a broken file has one) is cut where it is found.
fn parents_first(
    comments: &[SourceComment],
    parent_of: &mut HashMap<String, Option<String>>,
) -> Vec<usize> {
    let mut by_time: Vec<usize> = (0..comments.len()).collect();
    by_time.sort_by_key(|&index| (comments[index].created_at, index));
    let mut placed: HashSet<&str> = HashSet::new();
    let mut order = Vec::with_capacity(comments.len());
    let mut waiting = by_time;
    while !waiting.is_empty() {
        let before = order.len();
        waiting.retain(|&index| {
            let comment = &comments[index];
            let ready = parent_of[&comment.id]
                .as_deref()
                .is_none_or(|parent| placed.contains(parent));
            if ready {
                placed.insert(&comment.id);
                order.push(index);
            }
            !ready
        });
        if order.len() == before {
            // Only cycles remain: make the oldest waiting comment top-level.
            let index = waiting.remove(0);
            parent_of.insert(comments[index].id.clone(), None);
            placed.insert(&comments[index].id);
            order.push(index);
        }
    }
    order
}

/// The ancestor of a too-deep reply that sits at the deepest allowed level.
fn deepest_ancestor(
    comments: &[CommentImport],
    mut parent: Option<(usize, u32)>,
) -> Option<(usize, u32)> {
    while let Some((index, depth)) = parent {
        if depth < MAX_DEPTH {
            return parent;
        }
        parent = comments[index]
            .parent_index
            .map(|up| (up, depth.saturating_sub(1)));
    }
    parent
}

/// A checked comment: names and links within the limits, the body as a tree.
fn to_store(
    comment: &SourceComment,
    thread: &ThreadToStore,
    target: Target<'_>,
) -> crate::storage::CommentToStore {
    let deleted = comment.status.erased();
    let (body_markdown, body) = if deleted {
        (String::new(), Vec::new())
    } else {
        match &comment.body {
            SourceBody::Html(html, newlines) => {
                let blocks = html_body::to_blocks(html, *newlines);
                (confab_api::body::plain_text(&blocks), blocks)
            }
            SourceBody::Markdown(text) => (text.clone(), markdown::to_blocks(text)),
            SourceBody::Tree(text, blocks) => (text.clone(), blocks.clone()),
        }
    };
    let author_name = if deleted {
        String::new()
    } else {
        let name: String = comment
            .author_name
            .trim()
            .chars()
            .take(MAX_NAME_CHARS)
            .collect();
        if name.is_empty() {
            "Anonymous".to_owned()
        } else {
            name
        }
    };
    let author_email = comment
        .author_email
        .as_deref()
        .map(str::trim)
        .filter(|email| !deleted && email.contains('@') && email.chars().count() <= MAX_EMAIL_CHARS)
        .map(str::to_owned);
    let author_website = comment
        .author_website
        .as_deref()
        .map(str::trim)
        .filter(|url| {
            !deleted
                && url.chars().count() <= MAX_WEBSITE_CHARS
                && url::Url::parse(url).is_ok_and(|url| matches!(url.scheme(), "http" | "https"))
        })
        .map(str::to_owned);
    // The site's configured post authors are badged too, whatever the source said.
    let badge = comment
        .badge
        .or_else(|| {
            let email = author_email.as_deref()?;
            target
                .site
                .is_post_author(email)
                .then_some(Badge::PostAuthor)
        })
        .filter(|_| !deleted);
    crate::storage::CommentToStore {
        thread: thread.clone(),
        parent_id: None,
        kind: comment.kind,
        // Storage records `CommentImport::status`; this is what readers see meanwhile.
        status: CommentStatus::Pending,
        avatar_seed: identity::avatar_seed(
            target.server_key,
            author_email.as_deref(),
            &author_name,
        ),
        author_name,
        author_email,
        author_website,
        badge,
        body_markdown,
        body,
        edit_token_hash: None,
        created_at: comment.created_at,
        client_address: comment.client_address.clone().filter(|_| !deleted),
    }
}

#[cfg(test)]
mod tests;
