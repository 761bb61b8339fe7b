//! The spam filter measured on the YouTube Spam Collection (`tests/corpora/youtube-spam`,
//! comments nobody here wrote; run by `cargo xtask bench`): trained on part of it, scored
//! on the rest, as a site's filter learns and judges. Prints one JSON object: for a split
//! of 70 % / 30 % of the comments (by a hash of their id), and for each video learned
//! from the other four, how much spam was held or marked (score at least the hold
//! threshold) and how many good comments were.

use confab_server::filter::{Seen, Totals, features, score};
use confab_server::rules::Facts;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The score at which a site holds a comment, and at which it marks it as spam (the
/// defaults of `spam_filter = { hold, spam }`).
const HOLD: f64 = 0.95;
const SPAM: f64 = 0.99;

struct Example {
    video: usize,
    id: String,
    spam: bool,
    features: Vec<String>,
}

fn main() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpora/youtube-spam");
    let mut examples = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the corpus directory")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "csv"))
        .collect();
    files.sort();
    for (video, file) in files.iter().enumerate() {
        let text = std::fs::read_to_string(file).unwrap();
        for row in csv_rows(&text).into_iter().skip(1) {
            let [id, author, _, content, class] = row.as_slice() else {
                panic!("a row of five fields in {}", file.display());
            };
            let body = confab_api::markdown::to_blocks(&as_markdown(content));
            let facts = Facts {
                email: None,
                name: author,
                identity: None,
                address: None,
                website: None,
                body: &body,
            };
            examples.push(Example {
                video,
                id: id.clone(),
                spam: class.trim() == "1",
                features: features(&facts),
            });
        }
    }
    let in_training = |example: &Example| Sha256::digest(example.id.as_bytes())[0] < 179;
    let split = measure(&examples, in_training);
    let by_video: Vec<serde_json::Value> = (0..files.len())
        .map(|video| {
            let mut result = measure(&examples, |example| example.video != video);
            result["video"] = files[video].file_name().unwrap().to_string_lossy().into();
            result
        })
        .collect();
    println!(
        "{}",
        serde_json::json!({"comments": examples.len(), "hold": HOLD, "spam": SPAM,
                           "split": split, "by_video": by_video})
    );
}

/// Learns from the examples `learn` picks, scores the others.
fn measure(examples: &[Example], learn: impl Fn(&Example) -> bool) -> serde_json::Value {
    let mut totals = Totals::default();
    let mut counts: HashMap<&str, (u64, u64)> = HashMap::new();
    for example in examples.iter().filter(|example| learn(example)) {
        if example.spam {
            totals.spam += 1;
        } else {
            totals.good += 1;
        }
        for feature in &example.features {
            let entry = counts.entry(feature).or_default();
            if example.spam {
                entry.0 += 1;
            } else {
                entry.1 += 1;
            }
        }
    }
    let (mut spam, mut good) = (Vec::new(), Vec::new());
    for example in examples.iter().filter(|example| !learn(example)) {
        let seen: Vec<Seen> = example
            .features
            .iter()
            .map(|feature| {
                let (spam, good) = counts.get(feature.as_str()).copied().unwrap_or_default();
                Seen {
                    feature: feature.clone(),
                    spam,
                    good,
                }
            })
            .collect();
        let scored = score(totals, &seen).spam;
        if example.spam {
            spam.push(scored)
        } else {
            good.push(scored)
        }
    }
    let share = |scores: &[f64], at: f64| {
        scores.iter().filter(|score| **score >= at).count() as f64 / scores.len().max(1) as f64
    };
    let sweep: Vec<serde_json::Value> = [0.8, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99]
        .into_iter()
        .map(|at| serde_json::json!({"at": at, "spam": share(&spam, at), "good": share(&good, at)}))
        .collect();
    serde_json::json!({
        "learned": {"spam": totals.spam, "good": totals.good},
        "tested": {"spam": spam.len(), "good": good.len()},
        "spam_held": share(&spam, HOLD), "good_held": share(&good, HOLD),
        "spam_marked": share(&spam, SPAM), "good_marked": share(&good, SPAM),
        "sweep": sweep,
    })
}

/// The comment's HTML as the text a reader would have typed: entities decoded, line
/// breaks as new lines, a link's address written out.
fn as_markdown(content: &str) -> String {
    let mut text = content
        .replace("<br />", "\n")
        .replace("<br>", "\n")
        .replace('\u{feff}', "");
    while let Some(start) = text.find("<a href=\"") {
        let rest = &text[start + 9..];
        let Some(quote) = rest.find('"') else { break };
        let url = rest[..quote].to_owned();
        let end = rest
            .find("</a>")
            .map_or(text.len(), |at| start + 9 + at + 4);
        text.replace_range(start..end, &format!(" {url} "));
    }
    for (entity, character) in [
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&amp;", "&"),
    ] {
        text = text.replace(entity, character);
    }
    text
}

/// The rows of a CSV text (RFC 4180: quoted fields may hold commas, new lines and `""`).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}
