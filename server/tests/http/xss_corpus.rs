//! Every payload of the XSS corpora as a comment body: nothing but allowed nodes comes
//! out, no link has another scheme, and a sample survives the whole HTTP round trip.

use crate::common::{TestApp, new_comment};
use confab_api::body::is_allowed_link;
use confab_api::{Block, Inline, markdown};
use std::path::PathBuf;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/corpora/xss")
}

/// All payloads: one a line from the text lists, and DOMPurify's `payload` fields.
fn payloads() -> Vec<String> {
    let mut payloads = Vec::new();
    for name in [
        "xss_payloads_quick.txt",
        "XSS_Polyglots.txt",
        "BRUTELOGIC-XSS-STRINGS.txt",
        "RSNAKE_XSS.txt",
        "0xcela_event_handlers.txt",
    ] {
        let text = std::fs::read_to_string(corpus_dir().join(name)).unwrap();
        payloads.extend(
            text.lines()
                .filter(|line| !line.trim().is_empty())
                .map(str::to_owned),
        );
    }
    let module = std::fs::read_to_string(corpus_dir().join("dompurify-expect.mjs")).unwrap();
    let array = &module[module.find('[').unwrap()..=module.rfind('}').unwrap()];
    let cases: Vec<serde_json::Value> = serde_json::from_str(&format!("{array}]")).unwrap();
    payloads.extend(
        cases
            .iter()
            .map(|case| case["payload"].as_str().unwrap().to_owned()),
    );
    payloads
}

fn check_inlines(inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::Link { url, children } => {
                assert!(is_allowed_link(url), "a link to {url:?} came through");
                check_inlines(children);
            }
            Inline::Emphasis { children }
            | Inline::Strong { children }
            | Inline::Strikethrough { children } => check_inlines(children),
            Inline::Text { .. } | Inline::Code { .. } | Inline::LineBreak => {}
        }
    }
}

fn check_blocks(blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Paragraph { children } => check_inlines(children),
            Block::BlockQuote { children } => check_blocks(children),
            Block::List { items, .. } => items.iter().for_each(|item| check_blocks(item)),
            Block::CodeBlock { .. } => {}
        }
    }
}

#[test]
fn every_payload_becomes_allowed_nodes_only_and_the_same_each_time() {
    let payloads = payloads();
    assert!(
        payloads.len() > 500,
        "the corpora hold {} payloads",
        payloads.len()
    );
    for payload in &payloads {
        let blocks = markdown::to_blocks(payload);
        check_blocks(&blocks);
        assert_eq!(blocks, markdown::to_blocks(payload), "{payload}");
    }
}

#[tokio::test]
async fn payloads_posted_over_http_are_stored_as_allowed_nodes() {
    let app = TestApp::spawn().await;
    for payload in payloads().iter().step_by(7) {
        let mut comment = new_comment();
        comment["body"] = serde_json::Value::String(payload.clone());
        comment["author_name"] = serde_json::Value::String(payload.chars().take(100).collect());
        let (status, answer) = app.post(comment).await;
        assert!(
            matches!(status, 201 | 422),
            "{status} for {payload:?}: {answer}"
        );
        if status == 201 {
            let body: Vec<Block> =
                serde_json::from_value(answer["comment"]["body"].clone()).unwrap();
            check_blocks(&body);
        }
    }
}
