//! The HTTP edge: the only part of the server that knows axum. It resolves each request
//! (origin, site, client, moderator), calls the rules and storage, and turns their answers
//! and errors into responses.
//!
//! Routes (all JSON; errors are `{"error": {"code", "message", "field"}}`):
//!
//! - `GET  /api/v1/comments?thread=KEY&sort=&cursor=&before=&limit=&around=` — a page of a
//!   thread: top-level comments with the first of their replies ([`routes::comments`])
//! - `GET  /api/v1/comments/{id}/replies?after=ID` — more replies of one comment
//! - `GET  /api/v1/events?thread=KEY` — the thread's changes as Server-Sent Events, with
//!   `Last-Event-ID` to catch up ([`routes::events`], [`crate::live`])
//! - `GET  /api/v1/counts?thread=A&thread=B` — visible comments of several threads
//! - `GET  /api/v1/feeds/thread.atom?thread=KEY`, `/api/v1/feeds/recent.atom` — Atom feeds
//!   of published comments ([`routes::feeds`])
//! - `POST /api/v1/comments` — a new comment, answered `201` with the stored comment;
//!   with an `Idempotency-Key` header a retry returns the first result
//! - `PUT`/`DELETE /api/v1/comments/{id}` — edit or delete one's own comment with its edit
//!   token (`Authorization: Bearer …`) while the edit window is open
//! - `POST /api/v1/comments/mine` — the comments a browser posted, pending ones included
//! - `/api/v1/admin/…` (bearer admin token, or a moderator's session cookie from
//!   `POST /api/v1/admin/login`) — the moderation queue, actions on a comment, locking
//!   threads, the log of who did what ([`routes::admin`], [`session`]), and imports
//!   (`POST /api/v1/admin/import?format=`, [`routes::import`])
//! - `GET`/`POST /api/v1/mail/{moderate,confirm,unsubscribe,resubscribe}?…//! - `GET`/`POST /api/v1/mail/{moderate,confirm,unsubscribe}?…&sig=`sig=` — the signed links in
//!   mails: `GET` shows a page asking to confirm, `POST` acts ([`routes::mail_links`]);
//!   `/api/v1/admin/deliveries` lists the mails and webhook calls sent ([`crate::notify`])
//! - `POST /api/v1/preview` — markdown → the node tree it would be stored as
//! - `GET  /api/v1/health` — `{"status": "ok"}` once the database is open
//! - anything else under `/api/` — `404`; outside `/api/`, files from the static directory

pub mod admin_page;
pub mod body_deadline;
pub mod client_address;
pub mod context;
pub mod embedded;
pub mod error;
pub mod extract;
pub mod listen;
pub mod metrics;
pub mod origin;
pub mod page_cache;
pub mod rate_limit;
pub mod router;
pub mod routes;
pub mod session;
pub mod stalled_writes;
pub mod streams;

pub use router::{RouterSetup, app};

use crate::storage::Storage;
use crate::{live, settings};
use std::sync::Arc;

/// The largest request body the API reads.
pub const MAX_REQUEST_BYTES: usize = 64 * 1024;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// Where comments live.
    pub storage: Arc<dyn Storage>,
    /// The server's secret: keys avatar seeds and the edit tokens of idempotent retries.
    pub server_key: Arc<str>,
    /// The sites served, with their origins, moderation, edit windows and limits.
    pub sites: Arc<settings::Sites>,
    /// The admin API's token and the moderators.
    pub admin: Arc<settings::AdminSettings>,
    /// First pages and whole threads, ready to send.
    pub pages: Arc<page_cache::PageCache>,
    /// Mail and webhook settings.
    pub notifications: Arc<settings::notify::Notifications>,
    /// Changes to threads, for live updates.
    pub live: Arc<live::LiveHub>,
    /// Talks to the identity providers readers sign in with.
    pub logins: Arc<crate::login::LoginClient>,
}
