//! The spam filter measured on comments nobody here wrote (the YouTube Spam Collection in
//! `tests/corpora/youtube-spam`), by `server/examples/filter_corpus.rs`: trained on part,
//! scored on the rest, how much spam it holds or marks and how many good comments.

use crate::process::Result;
use serde_json::Value;

/// The section's heading in `docs/benchmarks.md`.
pub const HEADING: &str = "## Spam filter";

/// Runs the example and returns its JSON.
pub fn measure() -> Result<Value> {
    println!("=== spam filter: the YouTube Spam Collection");
    super::server_example("filter_corpus")
}

fn percent(value: &Value) -> String {
    format!("{:.1} %", value.as_f64().unwrap_or(0.0) * 100.0)
}

/// The section of `docs/benchmarks.md`.
pub fn markdown(measured: &Value) -> String {
    let split = &measured["split"];
    let mut out = format!(
        "{HEADING}\n\nThe YouTube Spam Collection (UCI; {} comments on five music videos, \
         labelled by hand, CC BY 4.0; `tests/corpora/README.md`). A comment counts as caught \
         when the filter holds it (score {} or more, the default `spam_filter_hold`) or marks \
         it as spam ({} or more, `spam_filter_spam`). The target is at least 90 % of spam \
         caught with at most 2 % of good comments held.\n\n\
         | learned from → scored | spam caught | good held | spam marked | good marked |\n\
         |---|---:|---:|---:|---:|\n\
         | 70 % of the comments ({} spam, {} good) → the other 30 % ({} spam, {} good) | {} | {} | {} | {} |\n",
        measured["comments"],
        measured["hold"],
        measured["spam"],
        split["learned"]["spam"],
        split["learned"]["good"],
        split["tested"]["spam"],
        split["tested"]["good"],
        percent(&split["spam_held"]),
        percent(&split["good_held"]),
        percent(&split["spam_marked"]),
        percent(&split["good_marked"]),
    );
    for video in measured["by_video"].as_array().into_iter().flatten() {
        out.push_str(&format!(
            "| the four other videos → {} | {} | {} | {} | {} |\n",
            video["video"].as_str().unwrap_or_default(),
            percent(&video["spam_held"]),
            percent(&video["good_held"]),
            percent(&video["spam_marked"]),
            percent(&video["good_marked"]),
        ));
    }
    out.push_str(
        "\nThe 70 / 30 split at other thresholds (what a site choosing `spam_filter_hold` \
         trades):\n\n| hold from | spam caught | good held |\n|---:|---:|---:|\n",
    );
    for point in split["sweep"].as_array().into_iter().flatten() {
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            point["at"],
            percent(&point["spam"]),
            percent(&point["good"])
        ));
    }
    out
}
