//! Confab's server: the comment API over HTTP, the built widget and the demo page.
//!
//! - [`http`]: the edge — routes, extractors, errors, rate limits, sessions (the only part
//!   that knows axum)
//! - [`cli`]: the command line — options, the commands run instead of serving, the demo
//!   data
//! - [`settings`]: what the config file and flags decide, and each site's rules
//! - [`validate`], [`identity`], [`passwords`], [`sso`]: the rules on what readers and
//!   moderators send, and on who they are
//! - [`storage`]: comments in SQLite or PostgreSQL
//! - [`import`], [`export`], [`atom`]: the formats read and written
//! - [`notify`], [`live`]: the services that tell people of changes (mail and webhooks,
//!   Server-Sent Events)

pub mod atom;
pub mod cli;
pub mod export;
pub mod filter;
pub mod http;
pub mod identity;
pub mod import;
pub mod live;
pub mod login;
pub mod notify;
pub mod passwords;
pub mod proof;
pub mod retention;
pub mod rules;
pub mod settings;
pub mod sso;
pub mod storage;
pub mod validate;
