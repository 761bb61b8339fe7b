//! Confab's server over real HTTP: one test binary, one module per area.
//!
//! The suites share one binary so that the server and its dependencies are linked once.

mod admin;
mod backups;
mod bad_input;
mod bad_input_table;
mod command_line;
mod comment_list;
mod common;
mod durability;
mod edits;
mod export;
mod feeds;
mod fuzz_regressions;
mod idempotency;
mod identity_providers;
mod import;
mod live;
mod logins;
mod metrics;
mod moderator_edits;
mod moderator_roles;
mod notifications;
mod numbers;
mod own_comments;
mod page_cache;
mod paging;
mod posting_defences;
mod rate_limits;
mod reactions;
mod reading_and_posting;
mod recent_comments;
mod retention;
mod sessions;
mod single_sign_on;
mod sites;
mod slow_clients;
mod sse;
mod stream_limits;
mod thread_list;
mod token_logging;
mod trust;
mod upgrades;
mod votes;
mod whole_thread;
mod xss_corpus;
