//! “Manage my comments” (`POST /api/v1/my-comments/link`): a guest asks for a link to the
//! page of their own comments by mail; a signed-in reader gets it at once.

use serde::{Deserialize, Serialize};

/// The body of the request: an email address, or a signed-in reader's credential.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManageRequest {
    /// Where to mail the link (a guest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The host site's token, for a reader it signs in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sso: Option<String>,
    /// The session of a reader signed in with an identity provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// The widget's language, for the mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// The answer: for a signed-in reader, the page's path on the server (`url`); for a guest
/// nothing (`202`), whether or not the address wrote anything (a mail is on its way if it
/// did, one an hour at most).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManageAnswer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}
