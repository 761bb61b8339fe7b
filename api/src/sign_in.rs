//! Signing readers in: the “Sign in with …” buttons a thread's answer lists, ending a
//! session, and what a signed-in reader's browsers need to change their comments.

use crate::CommentId;
use serde::{Deserialize, Serialize};

/// One “Sign in with …” button: the popup opens
/// `/api/v1/login/{id}/start?origin=<the page's origin>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginButton {
    /// The login's id in the site's configuration.
    pub id: String,
    /// The provider's name, as the button shows it.
    pub name: String,
}

/// The body of `POST /api/v1/login/logout`: the session to end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndSession {
    /// The session a login with an identity provider gave.
    pub session: String,
}

/// A signed-in reader's comment, as their browsers need it to change it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInComment {
    /// The comment's id (the comment itself is among `comments`).
    pub id: CommentId,
    /// Until when it may be edited, RFC 3339 in UTC (it may be deleted at any time).
    pub editable_until: String,
    /// Its text in markdown, for the edit box.
    pub markdown: String,
}
