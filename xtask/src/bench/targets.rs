//! The widget's targets (bytes, memory, speed beside Isso, the reply box), each with the
//! figure this run measured and whether it was met: the table `cargo xtask bench` prints
//! first.

use super::render::{case, median, values};
use crate::sizes::{Budget, Sizes};
use serde_json::Value;

/// The size targets (the test suite's budget, what was reached, is `size-budget.json`).
pub const SIZES: Budget = Budget {
    reader_brotli: 100 * 1024,
    all_brotli: 150 * 1024,
};

const KB: f64 = 1024.0;
const MB: f64 = 1_048_576.0;

/// One target: what it asks, what was measured, and whether that meets it (`None` when
/// this run did not measure it).
struct Target {
    asks: String,
    measured: String,
    met: Option<bool>,
}

/// The Markdown section.
pub fn markdown(sizes: &Sizes, render: &Value) -> String {
    let mut out = String::from(
        "## Targets\n\nThe widget's targets, with this run's figures (medians over the runs; \
         the longest task is the longest in any run). The sections below give the details.\n\n\
         | target | measured | met? |\n|---|---|---|\n",
    );
    for target in size_targets(sizes)
        .into_iter()
        .chain(render_targets(render))
    {
        let met = match target.met {
            Some(true) => "**yes**",
            Some(false) => "no",
            None => "not measured",
        };
        out.push_str(&format!(
            "| {} | {} | {met} |\n",
            target.asks, target.measured
        ));
    }
    out
}

fn size_targets(sizes: &Sizes) -> Vec<Target> {
    [
        ("reader core", &sizes.reader, SIZES.reader_brotli),
        ("everything", &sizes.all, SIZES.all_brotli),
    ]
    .into_iter()
    .map(|(name, total, limit)| Target {
        asks: format!("{name}: at most {:.0} KB brotli", limit as f64 / KB),
        measured: format!("{:.1} KB", total.brotli as f64 / KB),
        met: Some(total.brotli <= limit),
    })
    .collect()
}

/// The runs of a thread size's case, or `Null` when this run had no such size.
fn runs<'a>(render: &'a Value, comments: u64, system: &str, page_size: &str) -> &'a Value {
    render["sizes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|size| size["size"] == comments)
        .map_or(&Value::Null, |size| case(size, system, page_size))
}

fn unmeasured(asks: String) -> Target {
    Target {
        asks,
        measured: "–".to_owned(),
        met: None,
    }
}

fn render_targets(render: &Value) -> Vec<Target> {
    let mut targets = Vec::new();
    for (comments, limit) in [(1_000, 15.0), (10_000, 75.0)] {
        let asks = format!("memory of the whole {comments}-comment thread: at most {limit:.0} MB");
        let confab = runs(render, comments, "confab", "all");
        targets.push(
            match (median(confab, "heap_bytes"), median(confab, "wasm_bytes")) {
                (Some(heap), Some(wasm)) => {
                    let total = (heap + wasm) / MB;
                    Target {
                        asks,
                        measured: format!(
                            "{total:.1} MB ({:.1} JS + {:.1} WebAssembly)",
                            heap / MB,
                            wasm / MB
                        ),
                        met: Some(total <= limit),
                    }
                }
                _ => unmeasured(asks),
            },
        );
    }
    for comments in [100, 1_000, 10_000] {
        let asks = format!("first comment of {comments} before Isso's");
        let confab = median(runs(render, comments, "confab", "all"), "first_ms");
        let isso = median(runs(render, comments, "isso", "all"), "first_ms");
        targets.push(match (confab, isso) {
            (Some(confab), Some(isso)) => Target {
                asks,
                measured: format!("{confab:.0} ms, Isso {isso:.0} ms"),
                met: Some(confab < isso),
            },
            _ => unmeasured(asks),
        });
    }
    for (comments, limit) in [(100, 0.5), (1_000, 0.3)] {
        let asks = format!("whole thread of {comments}: at most {limit}× Isso's time");
        let confab = median(runs(render, comments, "confab", "all"), "all_ms");
        let isso = median(runs(render, comments, "isso", "all"), "all_ms");
        targets.push(match (confab, isso) {
            (Some(confab), Some(isso)) if isso > 0.0 => Target {
                asks,
                measured: format!("{:.2}× ({confab:.0} ms, Isso {isso:.0} ms)", confab / isso),
                met: Some(confab / isso <= limit),
            },
            _ => unmeasured(asks),
        });
    }
    let asks = "no main-thread task over 100 ms while 1,000 comments render".to_owned();
    let longest = values(runs(render, 1_000, "confab", "all"), "longest_task_ms")
        .into_iter()
        .reduce(f64::max);
    targets.push(match longest {
        Some(longest) => Target {
            asks,
            measured: format!("longest {longest:.0} ms"),
            met: Some(longest <= 100.0),
        },
        None => unmeasured(asks),
    });
    let asks = "click on Reply to a ready box, cold cache: at most 300 ms".to_owned();
    let reply = &render["reply"];
    let slowest = values(reply, "reply_ms").into_iter().reduce(f64::max);
    targets.push(match (median(reply, "reply_ms"), slowest) {
        (Some(median), Some(slowest)) => Target {
            asks,
            measured: format!("{median:.0} ms (slowest {slowest:.0} ms)"),
            met: Some(median <= 300.0),
        },
        _ => unmeasured(asks),
    });
    targets
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sizes::FileSize;

    fn row<'a>(table: &'a str, starts: &str) -> &'a str {
        table
            .lines()
            .find(|line| line.starts_with(&format!("| {starts}")))
            .unwrap_or_else(|| panic!("no row {starts:?} in\n{table}"))
    }

    #[test]
    fn each_target_is_met_missed_or_not_measured_from_the_runs() {
        let size = |brotli| FileSize {
            brotli,
            ..FileSize::default()
        };
        let sizes = Sizes {
            files: vec![],
            reader: size(99 * 1024),
            all: size(151 * 1024),
        };
        let run = |first: f64, all: f64, longest: f64| {
            serde_json::json!({"first_ms": first, "all_ms": all, "longest_task_ms": longest,
                "heap_bytes": 4.0 * MB, "wasm_bytes": 12.0 * MB})
        };
        let render = serde_json::json!({
            "sizes": [{"size": 1000, "cases": [
                {"system": "confab", "pageSize": "all",
                 "runs": [run(200.0, 500.0, 80.0), run(210.0, 520.0, 120.0), run(190.0, 480.0, 60.0)]},
                {"system": "isso", "pageSize": "all",
                 "runs": [run(2000.0, 2000.0, 600.0)]},
            ]}],
            "reply": [{"reply_ms": 90.0}, {"reply_ms": 400.0}, {"reply_ms": 70.0}],
        });
        let table = markdown(&sizes, &render);
        assert!(row(&table, "reader core").ends_with("| 99.0 KB | **yes** |"));
        assert!(row(&table, "everything").ends_with("| 151.0 KB | no |"));
        // 4 + 12 MB over 15 MB; the 10,000-comment thread was not in this run.
        assert!(
            row(&table, "memory of the whole 1000")
                .contains("16.0 MB (4.0 JS + 12.0 WebAssembly) | no")
        );
        assert!(row(&table, "memory of the whole 10000").ends_with("| – | not measured |"));
        assert!(
            row(&table, "first comment of 1000").ends_with("| 200 ms, Isso 2000 ms | **yes** |")
        );
        assert!(
            row(&table, "whole thread of 1000")
                .ends_with("| 0.25× (500 ms, Isso 2000 ms) | **yes** |")
        );
        assert!(row(&table, "whole thread of 100:").ends_with("| not measured |"));
        // The longest task in any run, not the median.
        assert!(row(&table, "no main-thread task").ends_with("| longest 120 ms | no |"));
        assert!(row(&table, "click on Reply").ends_with("| 90 ms (slowest 400 ms) | **yes** |"));
    }
}
