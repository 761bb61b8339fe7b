//! `docs/benchmarks.md` (tables for people) and `docs/benchmarks.json` (the same numbers
//! for programs), with the date and the machine they were measured on.

use super::LoadResult;
use super::load::Measured;
use super::replicas::ReplicaResult;
use super::targets;
use super::votes::VoteResults;
use crate::process::{Result, command, output, root};
use crate::sizes::{FileSize, Sizes};

/// The heading of the hand-written part of `docs/benchmarks.md`, kept across runs.
pub const HISTORY: &str = "## What each change bought";

/// Everything one `cargo xtask bench` measured.
pub struct Report {
    pub sizes: Sizes,
    pub loads: Vec<LoadResult>,
    /// Confab on PostgreSQL, with one and with three servers.
    pub replicas: Vec<ReplicaResult>,
    pub votes: VoteResults,
    /// The render timings as `end2end/bench/render.mjs` reported them.
    pub render: serde_json::Value,
    /// The proof of work's costs (see `proof.rs`).
    pub proof: serde_json::Value,
    /// What the spam filter catches (see `spam_filter.rs`).
    pub spam_filter: serde_json::Value,
    pub connections: usize,
    pub run_seconds: u64,
    pub peak_rss_kb: Option<u64>,
}

/// Writes both files and prints the Markdown.
pub fn write(report: &Report) -> Result {
    let date = output(command("date").args(["-u", "+%Y-%m-%d"]))
        .unwrap_or_default()
        .trim()
        .to_owned();
    let machine = machine();
    let docs = root().join("docs");
    let mut markdown = markdown(report, &date, &machine);
    // The hand-written history below the measured tables survives each run.
    let existing = std::fs::read_to_string(docs.join("benchmarks.md")).unwrap_or_default();
    if let Some(at) = existing.find(HISTORY) {
        markdown.push('\n');
        markdown.push_str(&existing[at..]);
    }
    let json = json(report, &date, &machine);
    std::fs::write(docs.join("benchmarks.md"), &markdown).map_err(|error| error.to_string())?;
    std::fs::write(docs.join("benchmarks.json"), json).map_err(|error| error.to_string())?;
    println!("\n{markdown}");
    println!("Written to docs/benchmarks.md and docs/benchmarks.json.");
    Ok(())
}

/// “Intel Xeon …, 2 cores, 24 GiB”, from `/proc`.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|line| line.strip_prefix("model name"))
                .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let memory_gib = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|line| line.strip_prefix("MemTotal:"))
                .and_then(|value| {
                    value
                        .trim()
                        .trim_end_matches("kB")
                        .trim()
                        .parse::<f64>()
                        .ok()
                })
        })
        .map_or(0.0, |kb| kb / 1024.0 / 1024.0);
    format!("{cpu}, {cores} cores, {memory_gib:.0} GiB")
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

fn summary(runs: &[Measured], pick: fn(&Measured) -> f64) -> (f64, f64, f64) {
    let mut values: Vec<f64> = runs.iter().map(pick).collect();
    let low = values.iter().copied().fold(f64::INFINITY, f64::min);
    let high = values.iter().copied().fold(0.0, f64::max);
    (median(&mut values), low, high)
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

fn markdown(report: &Report, date: &str, machine: &str) -> String {
    let mut out = format!(
        "# Benchmarks\n\nMeasured by `cargo xtask bench` on {date}, on {machine}. Numbers are \
         medians (min–max) over {} runs of {} s; the load generator runs on the same machine \
         as the server, over loopback, with {} keep-alive connections.\n\n",
        report.loads.first().map_or(0, |load| load.confab.len()),
        report.run_seconds,
        report.connections
    );
    out.push_str(&super::targets::markdown(&report.sizes, &report.render));
    out.push('\n');
    out.push_str(&sizes_markdown(&report.sizes));
    out.push_str(
        "\n## The servers\n\nConfab (release build) and Isso 0.14.0 under gunicorn with 2 \
         workers, serving the same comments. Requests per second are medians (min–max); \
         latencies are the medians of each run's percentile.\n\n\
         | request | Confab req/s | Isso req/s | Confab/Isso | Confab p50 / p99 | Isso p50 / p99 | failed (Confab, Isso) |\n\
         |---|---:|---:|---:|---:|---:|---:|\n",
    );
    for load in &report.loads {
        let (rate, low, high) = summary(&load.confab, |run| run.per_second);
        let (isso_rate, isso_low, isso_high) = summary(&load.isso, |run| run.per_second);
        let (p50, _, _) = summary(&load.confab, |run| run.p50_ms);
        let (p99, _, _) = summary(&load.confab, |run| run.p99_ms);
        let (isso_p50, _, _) = summary(&load.isso, |run| run.p50_ms);
        let (isso_p99, _, _) = summary(&load.isso, |run| run.p99_ms);
        let failed = |runs: &[Measured]| runs.iter().map(|run| run.failures).sum::<u64>();
        let ratio = if isso_rate > 0.0 {
            rate / isso_rate
        } else {
            0.0
        };
        out.push_str(&format!(
            "| {} | {rate:.0} ({low:.0}–{high:.0}) | {isso_rate:.1} ({isso_low:.1}–{isso_high:.1}) | \
             {ratio:.1}× | {p50:.1} / {p99:.1} ms | {isso_p50:.0} / {isso_p99:.0} ms | {}, {} |\n",
            load.name,
            failed(&load.confab),
            failed(&load.isso)
        ));
    }
    out.push_str(&votes_markdown(&report.votes));
    out.push_str(&replicas_markdown(&report.replicas));
    out.push_str(&super::render::markdown(&report.render));
    if let Some(rss) = report.peak_rss_kb {
        out.push_str(&format!(
            "\nPeak resident memory of `confab-server` over all of it: {:.1} MB.\n",
            rss as f64 / 1024.0
        ));
    }
    out.push('\n');
    out.push_str(&super::proof::markdown(&report.proof));
    out.push('\n');
    out.push_str(&super::spam_filter::markdown(&report.spam_filter));
    out
}

/// One cell: the median rate (min–max) and the median p99.
fn rate_cell(runs: &[Measured]) -> String {
    let (rate, low, high) = summary(runs, |run| run.per_second);
    let (p99, _, _) = summary(runs, |run| run.p99_ms);
    let failed: u64 = runs.iter().map(|run| run.failures).sum();
    let failed = if failed > 0 {
        format!(", {failed} failed")
    } else {
        String::new()
    };
    format!("{rate:.0} ({low:.0}–{high:.0}), p99 {p99:.1} ms{failed}")
}

fn votes_markdown(votes: &VoteResults) -> String {
    let met = |runs: &[Measured], rate: f64, p99: f64| {
        let (measured, _, _) = summary(runs, |run| run.per_second);
        let (latency, _, _) = summary(runs, |run| run.p99_ms);
        if measured >= rate && latency < p99 {
            "**yes**"
        } else {
            "no"
        }
    };
    format!(
        "\n## Votes\n\nVotes on one comment of the 1,000-comment thread (every vote changes \
         its totals), then reads of that thread's first page while 500 votes a second land \
         on it, both on SQLite.\n\n| load | req/s (min–max), p99 | target | met? |\n\
         |---|---|---|---|\n\
         | votes on one comment | {} | at least 5,000 votes/s, p99 under 50 ms | {} |\n\
         | reads of its first page while voting | {} | above 20,000 reads/s, p99 under 20 ms | {} |\n\
         | the votes meanwhile | {} | 500 votes/s | |\n",
        rate_cell(&votes.votes),
        met(&votes.votes, 5_000.0, 50.0),
        rate_cell(&votes.reads_while_voting),
        met(&votes.reads_while_voting, 20_000.0, 20.0),
        rate_cell(&votes.paced_votes),
    )
}

fn replicas_markdown(replicas: &[ReplicaResult]) -> String {
    let mut out = String::from(
        "\n## PostgreSQL, with one server and with three\n\nThe same database copied into \
         a throwaway PostgreSQL on the same machine by `confab-server migrate`; the load's \
         connections spread evenly over the servers, as a load balancer would. Two cores \
         run the servers, PostgreSQL and the load generator, so three servers cannot be \
         faster than one: the rows show what sharing a database costs.\n\n\
         | request | 1 server, req/s | 3 servers, req/s | 3 / 1 |\n|---|---:|---:|---:|\n",
    );
    for result in replicas {
        let (one, _, _) = summary(&result.one, |run| run.per_second);
        let (three, _, _) = summary(&result.three, |run| run.per_second);
        let ratio = if one > 0.0 { three / one } else { 0.0 };
        out.push_str(&format!(
            "| {} | {} | {} | {ratio:.2}× |\n",
            result.name,
            rate_cell(&result.one),
            rate_cell(&result.three)
        ));
    }
    out
}

/// The widget's files, the reader core's total and the total of all, against the targets.
fn sizes_markdown(sizes: &Sizes) -> String {
    let mut out = String::from(
        "## What the widget loads\n\nThe reader core is every file fetched before the first \
         comment is drawn (not counting the thread's JSON); the writer parts (the full reply \
         box, editing) load when the reader starts writing, or when the browser is idle.\n\n\
         | file | when | raw | gzip | brotli |\n|---|---|---:|---:|---:|\n",
    );
    for size in &sizes.files {
        let when = if size.on_demand {
            "on demand"
        } else {
            "reader core"
        };
        out.push_str(&format!(
            "| {} | {when} | {} | {} | {} |\n",
            size.name,
            kb(size.raw),
            kb(size.gzip),
            kb(size.brotli)
        ));
    }
    for (total, target) in [
        (&sizes.reader, targets::SIZES.reader_brotli),
        (&sizes.all, targets::SIZES.all_brotli),
    ] {
        out.push_str(&format!(
            "| **{}** | target: at most {} brotli ({}) | {} | {} | {} |\n",
            total.name,
            kb(target),
            if total.brotli <= target {
                "met"
            } else {
                "missed"
            },
            kb(total.raw),
            kb(total.gzip),
            kb(total.brotli)
        ));
    }
    out
}

fn json(report: &Report, date: &str, machine: &str) -> String {
    let file = |size: &FileSize| serde_json::json!({"file": size.name, "raw": size.raw, "gzip": size.gzip, "brotli": size.brotli, "on_demand": size.on_demand});
    let sizes: Vec<serde_json::Value> = report.sizes.files.iter().map(file).collect();
    let sizes = serde_json::json!({"files": sizes, "reader": file(&report.sizes.reader), "all": file(&report.sizes.all)});
    let runs = |runs: &[Measured]| -> Vec<serde_json::Value> {
        runs.iter()
            .map(|run| {
                serde_json::json!({
                    "requests": run.requests, "failures": run.failures,
                    "per_second": run.per_second, "p50_ms": run.p50_ms, "p99_ms": run.p99_ms,
                })
            })
            .collect()
    };
    let loads: Vec<serde_json::Value> = report
        .loads
        .iter()
        .map(|load| {
            serde_json::json!({"name": load.name, "confab": runs(&load.confab), "isso": runs(&load.isso)})
        })
        .collect();
    let replicas: Vec<serde_json::Value> = report
        .replicas
        .iter()
        .map(|result| {
            serde_json::json!({"name": result.name, "postgres_one_server": runs(&result.one), "postgres_three_servers": runs(&result.three)})
        })
        .collect();
    let value = serde_json::json!({
        "date": date,
        "machine": machine,
        "connections": report.connections,
        "run_seconds": report.run_seconds,
        "sizes": sizes,
        "loads": loads,
        "postgres": replicas,
        "votes": {
            "votes_on_one_comment": runs(&report.votes.votes),
            "reads_while_voting": runs(&report.votes.reads_while_voting),
            "paced_votes": runs(&report.votes.paced_votes),
        },
        "render": report.render,
        "proof": report.proof,
        "spam_filter": report.spam_filter,
        "peak_rss_kb": report.peak_rss_kb,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}
