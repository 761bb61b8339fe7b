//! `cargo xtask bench [RUNS]`: what Confab costs, measured on this machine.
//!
//! Builds the widget and a release server, fills threads of 100, 1,000 and 10,000
//! generated comments, and measures the widget's bytes and the server's reads and posts
//! under load (median and min–max over RUNS runs, default 5). Writes
//! `docs/benchmarks.md` and `docs/benchmarks.json`.

mod load;
mod report;
mod sizes;

use crate::process::{self, Result, command, root, terminate};
use crate::tools::{self, Needs};
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Stdio};
use std::time::Duration;

/// The generated threads, by number of comments.
const THREAD_SIZES: [usize; 3] = [100, 1_000, 10_000];
/// Concurrent connections of every load.
const CONNECTIONS: usize = 64;
/// How long each run of a load lasts.
const RUN_LENGTH: Duration = Duration::from_secs(5);

/// One load's runs.
#[derive(Debug, Clone)]
pub struct LoadResult {
    pub name: String,
    pub runs: Vec<load::Measured>,
}

pub fn run(args: &[String]) -> Result {
    let runs = match args.first() {
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|runs| *runs > 0)
            .ok_or_else(|| format!("usage: cargo xtask bench [RUNS], not {text:?}"))?,
        None => 5,
    };
    tools::setup(Needs::build())?;
    tools::build_dist()?;
    process::run(command("cargo").args([
        "build",
        "--release",
        "--quiet",
        "--package",
        "confab-server",
    ]))?;
    let sizes = sizes::measure(&root().join("dist"))?;

    let dir = root().join("target/bench");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    let database = dir.join("confab.db");
    for size in THREAD_SIZES {
        process::run(server_command().arg("--database").arg(&database).args([
            "generate",
            "--thread",
            &thread(size),
            "--comments",
            &size.to_string(),
        ]))?;
    }
    let (mut server, address) = start_server(&database)?;
    let mut loads = Vec::new();
    for size in THREAD_SIZES {
        let limit = if size == 100 { "&limit=100" } else { "" };
        let name = if size == 100 {
            "read the whole 100-comment thread".to_owned()
        } else {
            format!("read the first page of the {size}-comment thread")
        };
        let path = format!("/api/v1/comments?thread={}{limit}", thread(size));
        loads.push(measure(
            &name,
            address,
            runs,
            load::Load {
                method: "GET",
                path,
                body: None,
                connections: CONNECTIONS,
                duration: RUN_LENGTH,
            },
        ));
    }
    loads.push(measure(
        "post a comment",
        address,
        runs,
        load::Load {
            method: "POST",
            path: "/api/v1/comments".to_owned(),
            body: Some(post_body),
            connections: CONNECTIONS,
            duration: RUN_LENGTH,
        },
    ));
    let peak_rss_kb = peak_rss_kb(server.id());
    terminate(&mut server);
    report::write(&report::Report {
        sizes,
        loads,
        connections: CONNECTIONS,
        run_seconds: RUN_LENGTH.as_secs(),
        peak_rss_kb,
    })
}

fn thread(size: usize) -> String {
    format!("/bench-{size}/")
}

fn post_body(number: u64) -> String {
    format!(
        r#"{{"thread":"/bench-posts/","author_name":"Load {number}","body":"Posted under load, number {number}."}}"#
    )
}

fn measure(name: &str, address: SocketAddr, runs: usize, load: load::Load) -> LoadResult {
    println!(
        "=== {name}: {runs} × {} s with {} connections",
        load.duration.as_secs(),
        load.connections
    );
    let runs = (0..runs)
        .map(|_| {
            let measured = load::run(address, &load);
            println!(
                "{:>9.0} req/s  p50 {:>7.2} ms  p99 {:>7.2} ms  failures {}",
                measured.per_second, measured.p50_ms, measured.p99_ms, measured.failures
            );
            measured
        })
        .collect();
    LoadResult {
        name: name.to_owned(),
        runs,
    }
}

fn server_command() -> std::process::Command {
    command(
        &root()
            .join("target/release/confab-server")
            .to_string_lossy(),
    )
}

/// The release server on a free port with rate limits lifted (the load comes from one
/// address).
fn start_server(database: &std::path::Path) -> Result<(Child, SocketAddr)> {
    let mut server = server_command()
        .arg("--database")
        .arg(database)
        .args([
            "--bind",
            "127.0.0.1:0",
            "--write-rate",
            "100000000",
            "--read-rate",
            "100000000",
        ])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot start the release server: {error}"))?;
    let stdout = server.stdout.take().expect("stdout is piped");
    let mut lines = BufReader::new(stdout).lines();
    let address = lines.by_ref().map_while(|line| line.ok()).find_map(|line| {
        line.strip_prefix("Listening on http://")
            .and_then(|address| address.parse().ok())
    });
    std::thread::spawn(move || lines.map_while(|line| line.ok()).for_each(drop));
    match address {
        Some(address) => Ok((server, address)),
        None => {
            terminate(&mut server);
            Err("confab-server exited before it listened".to_owned())
        }
    }
}

/// The most memory the process has held, from `/proc` (Linux).
fn peak_rss_kb(pid: u32) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
}
