//! Several `confab-server` processes on one PostgreSQL database, as behind a load
//! balancer: posts and reads spread over them, one is killed mid-load, a reader on one
//! sees what is posted on another, and retries, rate limits, sessions and commenters'
//! logins hold across them.
//!
//! Needs the PostgreSQL server named in `CONFAB_TEST_POSTGRES` (`cargo xtask test
//! postgres` starts one); without it every test fails and says so.

#[allow(dead_code, reason = "shared with the HTTP suite, which uses all of it")]
#[path = "../http/common.rs"]
mod common;
#[allow(dead_code, reason = "shared with the HTTP suite, which uses all of it")]
#[path = "../http/identity_providers.rs"]
mod identity_providers;
#[allow(dead_code, reason = "shared with the HTTP suite, which uses all of it")]
#[path = "../http/notifications/sinks.rs"]
mod sinks;
#[path = "../http/sse.rs"]
mod sse;

mod behind_nginx;
mod commenter_logins;
mod load;
mod mail;
mod migrate;
mod shared_state;
mod votes;

use common::{fresh_database, postgres_server, start_server};
use confab_server::storage::Database;
use std::path::Path;
use std::process::Child;

/// One running server process.
pub struct Replica {
    child: Child,
    pub url: String,
}

impl Replica {
    /// Starts a server on a free port with `database` and the extra `args`.
    pub fn start(database: &Database, args: &[&str]) -> Self {
        let (child, url) = start_server(database, args);
        Self { child, url }
    }

    /// Ends the process with SIGKILL, as a crash would.
    pub fn kill(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("the killed server is reaped");
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh database on the test PostgreSQL server, and the directory for its files.
pub async fn shared_database() -> (Database, tempfile::TempDir) {
    assert!(
        postgres_server().is_some(),
        "these tests need a PostgreSQL server: run `cargo xtask test postgres`, or set \
         CONFAB_TEST_POSTGRES to an administrator's postgres:// URL"
    );
    let dir = tempfile::tempdir().unwrap();
    (fresh_database(dir.path()).await, dir)
}

/// A configuration file in `dir` with `text`; returns its path.
pub fn config_file(dir: &Path, text: &str) -> std::path::PathBuf {
    let path = dir.join("confab.toml");
    std::fs::write(&path, text).unwrap();
    path
}
