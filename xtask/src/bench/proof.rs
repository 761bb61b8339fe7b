//! The proof of work's costs: the widget's solve time in Chromium at the difficulty `auto`
//! asks first (`end2end/bench/proof.mjs`, on a server that asks every post), the server's
//! check of one proof and the native hash rate (`server/examples/proof_cost.rs`), and
//! from that what 1,000 posts cost a script at each difficulty `auto` may ask.
//! `cargo xtask bench spam` measures only this and the spam filter, and rewrites their
//! sections of `docs/benchmarks.md`.

use crate::process::{Result, command, root, terminate};
use crate::tools;
use serde_json::Value;

/// The section's heading in `docs/benchmarks.md`.
pub const HEADING: &str = "## Proof of work";

/// The difficulty measured in the browser: what `auto` asks first, and what the README
/// suggests to fix.
const BITS: &str = "18";

/// Measures everything and returns `{"widget": {runs}, "native": {…}}`.
pub fn measure(database: &std::path::Path, runs: usize) -> Result<Value> {
    println!(
        "=== proof of work: the widget at {BITS} bits, {} posts",
        runs * 2
    );
    let (mut server, address) = super::start_server(database, BITS)?;
    let widget = command("node")
        .current_dir(tools::end2end_dir())
        .arg("bench/proof.mjs")
        .arg(
            serde_json::json!({"confab": format!("http://{address}"), "runs": runs * 2})
                .to_string(),
        )
        .stderr(std::process::Stdio::inherit())
        .output();
    terminate(&mut server);
    let widget = widget.map_err(|error| format!("cannot start node: {error}"))?;
    if !widget.status.success() {
        return Err("the proof-of-work measurement failed (see above)".to_owned());
    }
    let widget: Value = serde_json::from_slice(&widget.stdout)
        .map_err(|error| format!("proof-of-work results: {error}"))?;
    println!("=== proof of work: the check and the hash rate, natively");
    let native = super::server_example("proof_cost")?;
    Ok(serde_json::json!({"widget": widget, "native": native}))
}

/// The section of `docs/benchmarks.md`.
pub fn markdown(measured: &Value) -> String {
    let mut solve = super::render::values(&measured["widget"]["runs"], "solve_ms");
    solve.sort_by(f64::total_cmp);
    let longest = super::render::values(&measured["widget"]["runs"], "longest_task_ms")
        .into_iter()
        .fold(0.0, f64::max);
    let (median, low, high) = match solve.as_slice() {
        [] => (0.0, 0.0, 0.0),
        values => (
            values[values.len() / 2],
            values[0],
            values[values.len() - 1],
        ),
    };
    let check_us = measured["native"]["check_us"].as_f64().unwrap_or(0.0);
    // The widget's rate over all runs, the click included: a little under the truth.
    let widget_hashes: f64 = super::render::values(&measured["widget"]["runs"], "hashes")
        .into_iter()
        .sum();
    let widget_rate = widget_hashes * 1000.0 / solve.iter().sum::<f64>().max(1.0);
    let rate = measured["native"]["hashes_per_second"]
        .as_f64()
        .unwrap_or(0.0);
    let mut out = format!(
        "{HEADING}\n\nOn a server that asks every post for {BITS} bits (what `auto` asks \
         first). The widget's solve time is from the challenge's answer to the post's \
         request, with Post pressed at once, over {} posts in Chromium; a challenge takes \
         2^bits hashes on average, so single solves vary widely.\n\n\
         | measure | value |\n|---|---:|\n\
         | solve in the widget, median (min–max) | {median:.0} ({low:.0}–{high:.0}) ms |\n\
         | longest main-thread task while solving | {longest:.0} ms |\n\
         | the widget's SHA-256 rate (all hashes over all solve times) | {:.2} million/s |\n\
         | the server's check of one proof (keyed hash and hash; the spend is one insert) | {check_us:.1} µs |\n\
         | SHA-256 rate of a native script, one core | {:.1} million/s |\n",
        solve.len(),
        widget_rate / 1e6,
        rate / 1e6
    );
    out.push_str(
        "\nWhat a script pays, on one core of this machine, for 1,000 posts at the \
         difficulties `auto` asks as the pace grows (and what a reader's browser pays for one):\n\n\
         | bits | asked at | 1,000 posts, native | one post in the widget, on average |\n\
         |---:|---|---:|---:|\n",
    );
    for (bits, when) in [
        (18, "just over the calm pace"),
        (20, "twice the calm pace"),
        (22, "four times"),
        (24, "eight times and beyond"),
    ] {
        let hashes = 2f64.powi(bits);
        let script_s = if rate > 0.0 {
            1000.0 * hashes / rate
        } else {
            0.0
        };
        let widget_s = if widget_rate > 0.0 {
            hashes / widget_rate
        } else {
            0.0
        };
        out.push_str(&format!(
            "| {bits} | {when} | {} | {} |\n",
            duration(script_s),
            duration(widget_s)
        ));
    }
    out
}

fn duration(seconds: f64) -> String {
    match seconds {
        s if s < 1.0 => format!("{:.0} ms", s * 1000.0),
        s if s < 120.0 => format!("{s:.1} s"),
        s if s < 7200.0 => format!("{:.0} min", s / 60.0),
        s => format!("{:.1} h", s / 3600.0),
    }
}

/// `cargo xtask bench spam`: measures only the spam defences (the proof of work and the
/// spam filter) and puts their sections into `docs/benchmarks.md` in place of those there.
pub fn run_alone(runs: usize) -> Result {
    super::prepare()?;
    let dir = root().join("target/bench-spam");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    let proof = markdown(&measure(&dir.join("confab.db"), runs)?);
    let filter = super::spam_filter::markdown(&super::spam_filter::measure()?);
    println!("\n{proof}\n{filter}");
    let path = root().join("docs/benchmarks.md");
    let mut document = std::fs::read_to_string(&path).map_err(|error| error.to_string())?;
    document = spliced(&document, HEADING, &proof);
    document = spliced(&document, super::spam_filter::HEADING, &filter);
    std::fs::write(&path, document).map_err(|error| error.to_string())?;
    println!("Written to docs/benchmarks.md.");
    Ok(())
}

/// `document` with the section under `heading` replaced by `section` (or, without one,
/// `section` put before the history).
fn spliced(document: &str, heading: &str, section: &str) -> String {
    let (before, after) = match document.find(&format!("{heading}\n")) {
        Some(start) => {
            let rest = &document[start + heading.len()..];
            let end = rest
                .find("\n## ")
                .map_or(document.len(), |at| start + heading.len() + at + 1);
            (&document[..start], &document[end..])
        }
        None => match document.find(super::report::HISTORY) {
            Some(at) => (&document[..at], &document[at..]),
            None => (document, ""),
        },
    };
    format!("{before}{section}\n{after}")
}
