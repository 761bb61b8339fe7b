//! Confab on PostgreSQL: the bench database copied over by `confab-server migrate`, then
//! the same reads and posts as on SQLite, served by one server and by three sharing the
//! database, the load spread over them. On a 2-core machine three servers cannot be
//! faster than one; the numbers show what sharing a database costs.

use super::load::{self, Measured};
use super::{post_body, server_command, start_server, thread, timed_load};
use crate::postgres::Postgres;
use crate::process::{self, Result, terminate};
use std::net::SocketAddr;
use std::path::Path;
use std::process::Child;

/// One request measured on PostgreSQL with one and with three servers.
#[derive(Debug, Clone)]
pub struct ReplicaResult {
    pub name: &'static str,
    pub one: Vec<Measured>,
    pub three: Vec<Measured>,
}

/// Servers started for one measurement, stopped when dropped.
struct Servers(Vec<(Child, SocketAddr)>);

impl Servers {
    fn start(count: usize, database: &str) -> Result<Self> {
        let mut servers = Servers(Vec::with_capacity(count));
        for _ in 0..count {
            servers.0.push(start_server(database, "off")?);
        }
        Ok(servers)
    }

    fn addresses(&self) -> Vec<SocketAddr> {
        self.0.iter().map(|(_, address)| *address).collect()
    }
}

impl Drop for Servers {
    fn drop(&mut self) {
        for (server, _) in &mut self.0 {
            terminate(server);
        }
    }
}

/// The requests measured, by name.
fn loads() -> Vec<(&'static str, load::Load)> {
    vec![
        (
            "read the whole 100-comment thread",
            timed_load(
                "GET",
                format!("/api/v1/comments?thread={}&limit=all", thread(100)),
                None,
            ),
        ),
        (
            "read the first page of the 10,000-comment thread",
            timed_load(
                "GET",
                format!("/api/v1/comments?thread={}", thread(10_000)),
                None,
            ),
        ),
        (
            "post a comment",
            timed_load(
                "POST",
                "/api/v1/comments".to_owned(),
                Some(post_body as fn(u64) -> String),
            ),
        ),
    ]
}

/// Copies `sqlite` into a throwaway PostgreSQL and measures every load `runs` times with
/// one server and with three.
pub fn measure(sqlite: &Path, runs: usize) -> Result<Vec<ReplicaResult>> {
    println!("=== PostgreSQL: a throwaway server, the bench database copied into it");
    let postgres = Postgres::start()?;
    let server = postgres
        .url()
        .rsplit_once('/')
        .map_or("", |(server, _)| server);
    let database = format!("{server}/confab_bench");
    process::run(
        server_command()
            .args(["migrate", "--from"])
            .arg(sqlite)
            .args(["--to", &database]),
    )?;
    let mut results: Vec<ReplicaResult> = loads()
        .into_iter()
        .map(|(name, _)| ReplicaResult {
            name,
            one: Vec::new(),
            three: Vec::new(),
        })
        .collect();
    for count in [1, 3] {
        let servers = Servers::start(count, &database)?;
        for ((name, load), result) in loads().into_iter().zip(&mut results) {
            println!("=== PostgreSQL, {count} server(s): {name}");
            for _ in 0..runs {
                let measured = load::run(&servers.addresses(), &load);
                println!(
                    "{:>9.0} req/s  p50 {:>8.2} ms  p99 {:>8.2} ms  failures {}",
                    measured.per_second, measured.p50_ms, measured.p99_ms, measured.failures
                );
                if count == 1 {
                    result.one.push(measured);
                } else {
                    result.three.push(measured);
                }
            }
        }
    }
    Ok(results)
}
