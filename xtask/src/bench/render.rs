//! Render timings in headless Chromium: `end2end/bench/render.mjs` opens the same host
//! page address with Confab's widget and with Isso's embed, alternating run by run, and
//! reports when the first comment and the whole thread were on screen, Confab's first page
//! with default paging, the JS heap after rendering, how long a reply arriving live takes
//! to show in the whole thread, and how long a click on Reply takes to give a ready reply
//! box.

use crate::process::{Result, command};
use crate::tools;
use serde_json::Value;
use std::net::SocketAddr;

/// The origin of the host pages (answered by Playwright itself); both servers allow it.
pub const RENDER_HOST: &str = "http://localhost:7357";

/// Runs the measurement and returns its JSON: `sizes`, per thread size the three cases with
/// their runs (`first_ms`, `all_ms`, `heap_bytes`, `wasm_bytes`, `longest_task_ms`) and
/// the runs of a live reply (`live`: `live_ms`, `longest_task_ms`), and `reply`, the runs
/// of the reply box (`reply_ms`, `prefetched`).
pub fn measure(
    confab: SocketAddr,
    isso: SocketAddr,
    sizes: &[usize],
    runs: usize,
) -> Result<Value> {
    let config = serde_json::json!({
        "confab": format!("http://{confab}"),
        "isso": format!("http://{isso}"),
        "sizes": sizes,
        "runs": runs,
    });
    println!("=== render in Chromium: {runs} runs per case");
    // Progress goes to stderr, the results to stdout.
    let result = command("node")
        .current_dir(tools::end2end_dir())
        .arg("bench/render.mjs")
        .arg(config.to_string())
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|error| format!("cannot start node: {error}"))?;
    if !result.status.success() {
        return Err("the render measurement failed (see above)".to_owned());
    }
    serde_json::from_slice(&result.stdout).map_err(|error| format!("render results: {error}"))
}

pub fn values(runs: &Value, field: &str) -> Vec<f64> {
    runs.as_array()
        .into_iter()
        .flatten()
        .filter_map(|run| run[field].as_f64())
        .collect()
}

/// “123 (110–140) ms”, or “did not finish” when no run got there.
fn timing(runs: &Value, field: &str) -> (String, Option<f64>) {
    let mut values = values(runs, field);
    let total = runs.as_array().map_or(0, Vec::len);
    if values.is_empty() {
        return ("did not finish".to_owned(), None);
    }
    values.sort_by(f64::total_cmp);
    let median = values[values.len() / 2];
    let unfinished = if values.len() < total {
        format!(", {} of {total} unfinished", total - values.len())
    } else {
        String::new()
    };
    (
        format!(
            "{median:.0} ({:.0}–{:.0}) ms{unfinished}",
            values[0],
            values[values.len() - 1]
        ),
        Some(median),
    )
}

/// The median over runs of each run's longest main-thread task, in milliseconds.
fn longest_task(runs: &Value) -> String {
    let mut longest = values(runs, "longest_task_ms");
    longest.sort_by(f64::total_cmp);
    longest
        .get(longest.len() / 2)
        .map_or("–".to_owned(), |ms| format!("{ms:.0} ms"))
}

fn heap_mb(runs: &Value) -> String {
    let mut heap = values(runs, "heap_bytes");
    heap.sort_by(f64::total_cmp);
    let mut buffers = values(runs, "wasm_bytes");
    buffers.sort_by(f64::total_cmp);
    let mb = |values: &[f64]| {
        values
            .get(values.len() / 2)
            .map_or(0.0, |v| v / 1_048_576.0)
    };
    if buffers.iter().all(|bytes| *bytes == 0.0) {
        format!("{:.1} MB", mb(&heap))
    } else {
        format!("{:.1} MB + {:.1} MB", mb(&heap), mb(&buffers))
    }
}

/// The median of a field over runs, where any run has it.
pub fn median(runs: &Value, field: &str) -> Option<f64> {
    let mut values = values(runs, field);
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied()
}

/// The runs of one case (`system`, `page_size`) of one thread size.
pub fn case<'a>(size: &'a Value, system: &str, page_size: &str) -> &'a Value {
    size["cases"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|case| case["system"] == system && case["pageSize"] == page_size)
        .map_or(&Value::Null, |case| &case["runs"])
}

/// The Markdown section for `docs/benchmarks.md`.
pub fn markdown(results: &Value) -> String {
    let mut out = String::from(
        "\n## Rendering in Chromium\n\nHeadless Chromium, a fresh context (empty cache) per \
         run, times from navigation start to the moment a frame callback first saw a comment \
         and saw every comment (`performance.now()` inside the callback: the frame's own \
         timestamp is from before a long task that built the thread); both systems configured to show the whole thread \
         (Confab `page-size=\"all\"`, Isso unlimited `max-comments-top` and `-nested`). \
         Confab's first page is its default paging (20 top-level comments with their first \
         replies). Heap: the JS heap after rendering and a garbage collection, plus \
         Confab's WebAssembly memory. Longest task: the median of each run's longest \
         main-thread task while the whole thread rendered.\n\n\
         | comments | first comment: Confab | Isso | whole thread: Confab | Isso | Confab/Isso | longest task: Confab | Isso | Confab's first page | heap: Confab | Isso |\n\
         |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for size in results["sizes"].as_array().into_iter().flatten() {
        let confab = case(size, "confab", "all");
        let isso = case(size, "isso", "all");
        let paged = case(size, "confab", "20");
        let (confab_first, _) = timing(confab, "first_ms");
        let (isso_first, _) = timing(isso, "first_ms");
        let (confab_all, confab_median) = timing(confab, "all_ms");
        let (isso_all, isso_median) = timing(isso, "all_ms");
        let (paged_all, _) = timing(paged, "all_ms");
        let ratio = match (confab_median, isso_median) {
            (Some(confab), Some(isso)) if isso > 0.0 => format!("{:.2}×", confab / isso),
            _ => "–".to_owned(),
        };
        out.push_str(&format!(
            "| {} | {confab_first} | {isso_first} | {confab_all} | {isso_all} | {ratio} | {} | {} | {paged_all} | {} | {} |\n",
            size["size"],
            longest_task(confab),
            longest_task(isso),
            heap_mb(confab),
            heap_mb(isso),
        ));
    }
    out.push_str(
        "\nA reply arriving live: with Confab's whole thread drawn, the page posts a reply \
         under its sixth comment as another reader would; the time from the request to the \
         frame that shows it, and the longest main-thread task meanwhile (medians).\n\n\
         | comments | reply shown after | longest task |\n|---:|---:|---:|\n",
    );
    for size in results["sizes"].as_array().into_iter().flatten() {
        let live = &size["live"];
        let (shown, _) = timing(live, "live_ms");
        out.push_str(&format!(
            "| {} | {shown} | {} |\n",
            size["size"],
            longest_task(live)
        ));
    }
    let reply = &results["reply"];
    let (reply_time, _) = timing(reply, "reply_ms");
    let prefetched = reply
        .as_array()
        .into_iter()
        .flatten()
        .filter(|run| run["prefetched"] == true)
        .count();
    out.push_str(&format!(
        "\nReply box: from a click on the first comment's Reply, the moment it is on screen \
         (fresh context, so the writer parts come from the network), to a frame showing the \
         full box in its place: {reply_time}; in {prefetched} of {} runs the idle prefetch \
         had already asked for the writer parts.\n",
        reply.as_array().map_or(0, Vec::len)
    ));
    out
}
