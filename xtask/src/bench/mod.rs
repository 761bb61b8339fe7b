//! `cargo xtask bench [RUNS]`: what Confab costs, measured on this machine.
//!
//! Builds the widget and a release server, fills threads of 100, 1,000 and 10,000
//! generated comments, serves the same comments from Isso 0.14 (through Confab's WXR
//! export and Isso's importer), and measures the widget's bytes, both servers' reads and
//! posts under load, and both embeds' rendering in Chromium, alternating the two run by
//! run (median and min–max over RUNS runs, default 5), and votes (on one comment, and
//! while reading the thread); then copies the database into a
//! throwaway PostgreSQL and measures reads and posts there with one and with three servers,
//! and last the spam defences: what the proof of work costs and what the spam filter
//! catches (`cargo xtask bench spam` measures only those).
//! Writes `docs/benchmarks.md` and `docs/benchmarks.json`.

mod isso;
mod load;
mod proof;
mod render;
mod replicas;
mod report;
mod spam_filter;
mod targets;
mod votes;

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

/// One kind of request, measured on both servers.
#[derive(Debug, Clone)]
pub struct LoadResult {
    pub name: String,
    pub confab: Vec<load::Measured>,
    pub isso: Vec<load::Measured>,
}

pub fn run(args: &[String]) -> Result {
    if args.first().is_some_and(|first| first == "spam") {
        return proof::run_alone(5);
    }
    let runs = match args.first() {
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|runs| *runs > 0)
            .ok_or_else(|| format!("usage: cargo xtask bench [RUNS], not {text:?}"))?,
        None => 5,
    };
    prepare()?;
    let sizes = crate::sizes::measure(&root().join("dist"))?;

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
    let wxr = dir.join("threads.xml");
    export_wxr(&database, &wxr)?;
    let mut isso = isso::start(&dir, &wxr)?;
    let (mut server, address) = start_server(&database, "off")?;
    let mut loads = Vec::new();
    for size in THREAD_SIZES {
        let (name, limit) = if size == 100 {
            ("read the whole 100-comment thread".to_owned(), "&limit=all")
        } else {
            (
                format!("read the {size}-comment thread (Confab: its first page)"),
                "",
            )
        };
        let confab = timed_load(
            "GET",
            format!("/api/v1/comments?thread={}{limit}", thread(size)),
            None,
        );
        let isso_read = timed_load("GET", format!("/?uri={}", thread(size)), None);
        loads.push(measure(
            &name,
            runs,
            (address, confab),
            (&mut isso, isso_read),
        )?);
    }
    let confab_post = timed_load(
        "POST",
        "/api/v1/comments".to_owned(),
        Some(post_body as fn(u64) -> String),
    );
    let isso_post = timed_load(
        "POST",
        "/new?uri=/bench-posts/".to_owned(),
        Some(isso::post_body as fn(u64) -> String),
    );
    loads.push(measure(
        "post a comment",
        runs,
        (address, confab_post),
        (&mut isso, isso_post),
    )?);
    let votes = votes::measure(address, runs)?;
    let render = render::measure(address, isso.address, &THREAD_SIZES, runs)?;
    let peak_rss_kb = peak_rss_kb(server.id());
    terminate(&mut server);
    drop(isso);
    let replicas = replicas::measure(&database, runs)?;
    let proof = proof::measure(&dir.join("proof.db"), runs)?;
    let spam_filter = spam_filter::measure()?;
    report::write(&report::Report {
        sizes,
        loads,
        replicas,
        votes,
        render,
        proof,
        spam_filter,
        connections: CONNECTIONS,
        run_seconds: RUN_LENGTH.as_secs(),
        peak_rss_kb,
    })
}

/// Runs the server crate's example `name` (a release build) and reads the one JSON
/// object it prints.
fn server_example(name: &str) -> Result<serde_json::Value> {
    let output = command("cargo")
        .args(["run", "--release", "--quiet", "--package", "confab-server"])
        .args(["--example", name])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|error| format!("cannot run the {name} example: {error}"))?;
    if !output.status.success() {
        return Err(format!("the {name} example failed (see above)"));
    }
    serde_json::from_slice(&output.stdout).map_err(|error| format!("{name} results: {error}"))
}

/// Installs what the bench needs and builds the widget and the release server.
fn prepare() -> Result {
    tools::setup(Needs::everything())?;
    tools::build_dist()?;
    process::run(command("cargo").args([
        "build",
        "--release",
        "--quiet",
        "--package",
        "confab-server",
    ]))
}

/// A load of `method` requests to `path` at the bench's concurrency and run length.
fn timed_load(method: &'static str, path: String, body: Option<fn(u64) -> String>) -> load::Load {
    load::Load {
        method,
        path,
        body,
        connections: CONNECTIONS,
        duration: RUN_LENGTH,
        rate: None,
        header: None,
    }
}

fn thread(size: usize) -> String {
    format!("/bench-{size}/")
}

fn post_body(number: u64) -> String {
    format!(
        r#"{{"thread":"/bench-posts/","author_name":"Load {number}","body":"Posted under load, number {number}."}}"#
    )
}

/// Runs `confab` and `isso` alternately, `runs` times each; Isso starts afresh after each
/// of its runs.
fn measure(
    name: &str,
    runs: usize,
    confab: (SocketAddr, load::Load),
    isso: (&mut isso::Isso, load::Load),
) -> Result<LoadResult> {
    println!(
        "=== {name}: {runs} × {} s each, {} connections",
        RUN_LENGTH.as_secs(),
        CONNECTIONS
    );
    let report = |system: &str, measured: &load::Measured| {
        println!(
            "{system:>7} {:>9.0} req/s  p50 {:>8.2} ms  p99 {:>8.2} ms  failures {}",
            measured.per_second, measured.p50_ms, measured.p99_ms, measured.failures
        );
    };
    let (server, isso_load) = isso;
    let mut result = LoadResult {
        name: name.to_owned(),
        confab: Vec::new(),
        isso: Vec::new(),
    };
    for _ in 0..runs {
        let measured = load::run(&[confab.0], &confab.1);
        report("Confab", &measured);
        result.confab.push(measured);
        let measured = load::run(&[server.address], &isso_load);
        report("Isso", &measured);
        result.isso.push(measured);
        server.restart()?;
    }
    Ok(result)
}

/// Confab's threads as WXR, for Isso's importer.
fn export_wxr(database: &std::path::Path, to: &std::path::Path) -> Result {
    let file = std::fs::File::create(to).map_err(|error| format!("{}: {error}", to.display()))?;
    process::run(
        server_command()
            .arg("--database")
            .arg(database)
            .args(["export", "--format", "wxr"])
            .stdout(file),
    )
}

fn server_command() -> std::process::Command {
    command(
        &root()
            .join("target/release/confab-server")
            .to_string_lossy(),
    )
}

/// The release server on a free port with rate limits lifted (the load comes from one
/// address) and loopback trusted as a reverse proxy, serving the widget to host pages on
/// the render origin; `proof_of_work` as `--proof-of-work` takes it (`off` for the loads,
/// which post as one script).
fn start_server(
    database: impl AsRef<std::ffi::OsStr>,
    proof_of_work: &str,
) -> Result<(Child, SocketAddr)> {
    let mut server = server_command()
        .arg("--database")
        .arg(database)
        .arg("--static-dir")
        .arg(root().join("dist"))
        .args(["--allowed-origin", render::RENDER_HOST])
        .args([
            "--bind",
            "127.0.0.1:0",
            "--write-rate",
            "100000000",
            "--read-rate",
            "100000000",
            // The votes' load says, as a reverse proxy would, which reader each vote
            // comes from: the budget of voters per network then holds as on a real site.
            "--trusted-proxy-header",
            "X-Forwarded-For",
            "--trusted-proxy",
            "127.0.0.1",
        ])
        .args(["--proof-of-work", proof_of_work])
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
