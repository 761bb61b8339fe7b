//! Votes under load: as many votes as the bench's connections can cast on one comment
//! (the hottest row there is, every vote changing its totals), and reads of a thread's
//! first page while 500 votes a second land on that thread. Targets: at least 5,000 votes
//! a second with p99 under 50 ms; reads above 20,000 a second with p99 under 20 ms while
//! voting goes on.

use super::load::{self, Load, Measured};
use super::{CONNECTIONS, RUN_LENGTH, thread, timed_load};
use crate::process::Result;
use std::net::SocketAddr;

/// Votes a second landing on the thread while its first page is read.
const PACED_VOTES_PER_SECOND: f64 = 500.0;
/// Connections the paced votes come over (enough that each waits between its votes).
const PACED_CONNECTIONS: usize = 32;

/// What the votes' loads measured, run by run.
#[derive(Debug, Clone, Default)]
pub struct VoteResults {
    /// Votes on one comment, as fast as they are answered.
    pub votes: Vec<Measured>,
    /// Reads of the voted thread's first page while votes land on it.
    pub reads_while_voting: Vec<Measured>,
    /// The paced votes themselves.
    pub paced_votes: Vec<Measured>,
}

/// Measures both loads `runs` times on the 1,000-comment thread of `server` (which trusts
/// the load to say, as a reverse proxy would, whose vote each is).
pub fn measure(server: SocketAddr, runs: usize) -> Result<VoteResults> {
    let thread = thread(1_000);
    let page = format!("/api/v1/comments?thread={thread}");
    let id = first_comment(server, &page)?;
    let votes = Load {
        method: "PUT",
        path: format!("/api/v1/comments/{id}/vote"),
        body: Some(vote_body as fn(u64) -> String),
        header: Some(voter_address as fn(u64) -> String),
        connections: CONNECTIONS,
        duration: RUN_LENGTH,
        rate: None,
    };
    let paced = Load {
        connections: PACED_CONNECTIONS,
        rate: Some(PACED_VOTES_PER_SECOND),
        ..votes.clone()
    };
    let reads = timed_load("GET", page, None);
    let mut results = VoteResults::default();
    println!(
        "=== votes: {runs} × {} s each; on one comment at {CONNECTIONS} connections, then \
         reads of its thread while {PACED_VOTES_PER_SECOND} votes/s land",
        RUN_LENGTH.as_secs()
    );
    for _ in 0..runs {
        let measured = load::run(&[server], &votes);
        print("votes", &measured);
        results.votes.push(measured);
        let voting = {
            let paced = paced.clone();
            std::thread::spawn(move || load::run(&[server], &paced))
        };
        let measured = load::run(&[server], &reads);
        print("reads", &measured);
        results.reads_while_voting.push(measured);
        let measured = voting.join().unwrap_or_default();
        print("paced", &measured);
        results.paced_votes.push(measured);
    }
    Ok(results)
}

fn print(what: &str, measured: &Measured) {
    println!(
        "{what:>7} {:>9.0} req/s  p50 {:>8.2} ms  p99 {:>8.2} ms  failures {}",
        measured.per_second, measured.p50_ms, measured.p99_ms, measured.failures
    );
}

/// The id of the first comment on the page at `path`.
fn first_comment(server: SocketAddr, path: &str) -> Result<i64> {
    load::get(server, path)
        .and_then(|body| serde_json::from_str::<serde_json::Value>(&body).ok())
        .and_then(|page| page["comments"][0]["id"].as_i64())
        .ok_or_else(|| format!("no comment to vote on at {path}"))
}

/// Vote number `number`: for, from a voter of its own.
fn vote_body(number: u64) -> String {
    format!(r#"{{"value":1,"voter":"bench-voter-{number:016}"}}"#)
}

/// Where vote number `number` comes from: a reader of its own, at an address of its own
/// (as a site's readers are), so the budget of voters per network holds as it would.
fn voter_address(number: u64) -> String {
    let [_, _, _, _, _, b, c, d] = number.to_be_bytes();
    format!("X-Forwarded-For: 10.{b}.{c}.{d}")
}
