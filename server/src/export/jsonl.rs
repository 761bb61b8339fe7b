//! Confab's own export: JSON Lines, one record per line, versioned by its first line.
//! It holds every field needed to restore the threads and comments (not edit tokens,
//! sessions or the server's key). `docs/export-format.md` describes it for other tools.

use crate::storage::{ExportedComment, ExportedThread, now_millis, rfc3339};
use confab_api::{Badge, Block, CommentKind, Reactions};
use serde::{Deserialize, Serialize};

/// The format's version, written in the first line; readers refuse versions they do not know.
pub const VERSION: u32 = 1;

/// The first line of an export.
#[derive(Debug, Serialize, Deserialize)]
pub struct Header {
    /// The format's version ([`VERSION`]).
    pub confab_export: u32,
    /// When the export was written (RFC 3339).
    pub exported_at: String,
}

/// Every line after the first.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record {
    /// A thread; its comments follow it.
    Thread(ThreadRecord),
    /// A comment of the thread named by `thread`.
    Comment(Box<CommentRecord>),
}

/// A thread line.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreadRecord {
    pub key: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub locked: bool,
    /// Readers' reactions to the page itself.
    #[serde(default, skip_serializing_if = "Reactions::is_empty")]
    pub reactions: Reactions,
}

/// A comment line.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommentRecord {
    /// The key of its thread.
    pub thread: String,
    /// Its id, unique in the export.
    pub id: i64,
    /// The id of the comment it answers.
    pub parent: Option<i64>,
    pub kind: CommentKind,
    /// published, pending, spam, deleted, removed or rejected.
    pub status: String,
    pub author_name: String,
    pub author_email: Option<String>,
    pub author_website: Option<String>,
    pub client_address: Option<String>,
    /// Who a signed-in author is (`sso:<sub>`), as the site vouched; none for a guest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_identity: Option<String>,
    pub badge: Option<Badge>,
    /// The text as its author wrote it (markdown), or plain text for imported HTML.
    pub body_markdown: String,
    /// The node tree readers see.
    pub body: Vec<Block>,
    /// RFC 3339.
    pub created_at: String,
    pub edited_at: Option<String>,
    /// Readers' votes for it.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub up: u32,
    /// Readers' votes against it.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub down: u32,
    /// Readers' reactions to it.
    #[serde(default, skip_serializing_if = "Reactions::is_empty")]
    pub reactions: Reactions,
    /// When a moderator pinned it first in its thread (RFC 3339), if it is pinned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinned_at: Option<String>,
}

/// The whole export, one line per record.
pub fn write(threads: &[ExportedThread]) -> String {
    let mut out = line(&Header {
        confab_export: VERSION,
        exported_at: rfc3339(now_millis()),
    });
    for thread in threads {
        out.push_str(&line(&Record::Thread(ThreadRecord {
            key: thread.key.clone(),
            title: thread.title.clone(),
            url: thread.url.clone(),
            locked: thread.locked,
            reactions: thread.reactions.clone(),
        })));
        for comment in &thread.comments {
            out.push_str(&line(&Record::Comment(Box::new(record(
                &thread.key,
                comment,
            )))));
        }
    }
    out
}

fn record(thread: &str, comment: &ExportedComment) -> CommentRecord {
    CommentRecord {
        thread: thread.to_owned(),
        id: comment.id,
        parent: comment.parent_id,
        kind: comment.kind,
        status: comment.status.clone(),
        author_name: comment.author_name.clone(),
        author_email: comment.author_email.clone(),
        author_website: comment.author_website.clone(),
        client_address: comment.client_address.clone(),
        author_identity: comment.author_identity.clone(),
        badge: comment.badge,
        body_markdown: comment.body_markdown.clone(),
        body: comment.body.clone(),
        created_at: rfc3339(comment.created_at),
        edited_at: comment.edited_at.map(rfc3339),
        up: comment.up_votes,
        down: comment.down_votes,
        reactions: comment.reactions.clone(),
        pinned_at: comment.pinned_at.map(rfc3339),
    }
}

fn is_zero(count: &u32) -> bool {
    *count == 0
}

fn line(value: &impl Serialize) -> String {
    let mut line = serde_json::to_string(value).unwrap_or_default();
    line.push('\n');
    line
}
