//! A moderator's edit of a comment (`POST /api/v1/admin/comments/{id}/edit`) and the
//! versions moderators can read (`GET /api/v1/admin/comments/{id}/versions`).

use serde::{Deserialize, Serialize};

/// The body of a moderator's edit: the new text and author fields (an absent or empty
/// email or website clears it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModeratorEdit {
    /// The new text, in Markdown.
    pub body: String,
    pub author_name: String,
    #[serde(default)]
    pub author_email: Option<String>,
    #[serde(default)]
    pub author_website: Option<String>,
}

/// One version of a comment's text and author fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentVersion {
    /// When it was written (posted, or edited into this), RFC 3339 in UTC.
    pub written_at: String,
    /// The moderator who wrote it; none when its author did.
    pub written_by: Option<String>,
    pub author_name: String,
    pub author_email: Option<String>,
    pub author_website: Option<String>,
    /// The text, in Markdown.
    pub body: String,
}

/// The answer to `GET /api/v1/admin/comments/{id}/versions`: the version readers see now,
/// then the earlier ones, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentVersions {
    pub current: CommentVersion,
    pub earlier: Vec<CommentVersion>,
}
