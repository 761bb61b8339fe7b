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
mod prepare;
pub mod wxr;
mod xml;

use crate::settings::SiteSettings;
use crate::storage::{Archives, ImportCounts, StorageError};
use confab_api::body::Block;
use confab_api::{Badge, CommentKind};
use std::fmt;

/// The formats `confab-server import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
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
    /// Shadow-banned by a rule: shown to its author alone (only in Confab's own export).
    Shadow,
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
            Status::Shadow => "shadow",
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
    /// Readers' reactions to the page (only Confab's own export keeps them).
    pub reactions: confab_api::Reactions,
    pub comments: Vec<SourceComment>,
}

impl SourceThread {
    /// Removes NUL characters from every text the thread and its comments keep: no
    /// database Confab runs on stores them (PostgreSQL cannot), and no reader needs them.
    fn drop_nul_characters(&mut self) {
        fn clean(text: &mut String) {
            if text.contains('\0') {
                text.retain(|c| c != '\0');
            }
        }
        clean(&mut self.key);
        self.title.iter_mut().chain(&mut self.url).for_each(clean);
        for comment in &mut self.comments {
            clean(&mut comment.id);
            clean(&mut comment.author_name);
            comment
                .parent
                .iter_mut()
                .chain(&mut comment.author_email)
                .chain(&mut comment.author_website)
                .chain(&mut comment.client_address)
                .chain(&mut comment.author_identity)
                .for_each(clean);
            match &mut comment.body {
                SourceBody::Html(text, _)
                | SourceBody::Markdown(text)
                | SourceBody::Tree(text, _) => {
                    clean(text);
                }
            }
        }
    }
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
    /// Who a signed-in author was (`sso:<sub>`): only Confab's own export says.
    pub author_identity: Option<String>,
    /// The badge the source proves (a WordPress post author, logged in as themselves) or
    /// that Confab gave it before (its own export).
    pub badge: Option<Badge>,
    /// Whether the source proves who wrote it: a WordPress comment by a registered user.
    /// An email a guest typed proves nothing, so only a proven author's email can match a
    /// configured post author.
    pub identity_proven: bool,
    pub body: SourceBody,
    /// Milliseconds since the epoch.
    pub created_at: i64,
    pub edited_at: Option<i64>,
    /// Readers' votes for and against it, where the source keeps them (Isso's likes and
    /// dislikes, Confab's own export).
    pub up_votes: u32,
    pub down_votes: u32,
    /// Readers' reactions, where the source keeps them (Confab's own export).
    pub reactions: confab_api::Reactions,
    /// When a moderator pinned it, where the source says (Confab's own export).
    pub pinned_at: Option<i64>,
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

/// A record left out (or stored differently), and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
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
    /// How many records were left out.
    pub skipped_count: usize,
    /// Records left out, each with its reason (the first [`MAX_LISTED`]).
    pub skipped: Vec<Skipped>,
    /// Comments stored differently from the file, each with what changed.
    pub adjusted: Vec<Skipped>,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Imported {} threads ({} new), {} comments; {} already present; {} skipped",
            self.threads, self.new_threads, self.comments, self.already_present, self.skipped_count
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

/// How many skipped (or adjusted) records a summary lists one by one.
pub const MAX_LISTED: usize = 1_000;

/// Where an import goes: the site whose threads it fills, and the server's key for avatars.
#[derive(Clone, Copy)]
pub struct Target<'a> {
    pub site: &'a SiteSettings,
    pub server_key: &'a str,
}

/// Reads `bytes` (unwrapping gzip or zip) as `format` and stores what it holds.
pub async fn import(
    storage: &dyn Archives,
    target: Target<'_>,
    format: Format,
    bytes: &[u8],
) -> Result<Summary, ImportError> {
    let bytes = archive::unwrap(bytes)?.into_owned();
    let source = match format {
        Format::Isso => isso::read(&bytes).await?,
        // Parsing is CPU work: off the threads that serve requests.
        _ => tokio::task::spawn_blocking(move || read_text(format, &bytes))
            .await
            .map_err(|error| ImportError::Unreadable(format!("the reader stopped: {error}")))??,
    };
    store(storage, target, format, source).await
}

fn read_text(format: Format, bytes: &[u8]) -> Result<Source, ImportError> {
    match format {
        Format::Wxr => wxr::read(bytes),
        Format::Disqus => disqus::read(bytes),
        Format::Jsonl => jsonl::read(bytes),
        Format::Isso => unreachable!("Isso files are databases, read apart"),
    }
}

/// Checks and stores threads read from a file.
pub async fn store(
    storage: &dyn Archives,
    target: Target<'_>,
    format: Format,
    mut source: Source,
) -> Result<Summary, ImportError> {
    for thread in &mut source.threads {
        thread.drop_nul_characters();
    }
    if format != Format::Jsonl {
        // Confab's own export carries stored keys; the others carry page paths.
        for thread in &mut source.threads {
            thread.key = target.site.stored_key(&thread.key);
        }
    }
    let mut summary = Summary {
        threads: source.threads.len(),
        skipped: source.skipped,
        ..Summary::default()
    };
    let threads = source
        .threads
        .into_iter()
        .map(|thread| prepare::prepare(thread, target, format, &mut summary))
        .collect();
    let ImportCounts {
        new_threads,
        comments,
        already_present,
    } = storage.import(threads).await?;
    summary.skipped_count = summary.skipped.len();
    for list in [&mut summary.skipped, &mut summary.adjusted] {
        if list.len() > MAX_LISTED {
            let more = list.len() - MAX_LISTED;
            list.truncate(MAX_LISTED);
            list.push(Skipped {
                record: format!("{more} more records"),
                reason: "not listed one by one".to_owned(),
            });
        }
    }
    summary.new_threads = new_threads;
    summary.comments = comments;
    summary.already_present = already_present;
    Ok(summary)
}
