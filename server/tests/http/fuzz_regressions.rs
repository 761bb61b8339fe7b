//! Inputs that once crashed Confab (found by fuzzing or by hand), kept in
//! `fuzz/regressions/`: markdown through the tree builder, requests through the server.

use crate::common::{TestApp, demo_key};
use std::path::PathBuf;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/regressions")
        .join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            (path.display().to_string(), std::fs::read(&path).unwrap())
        })
        .collect();
    inputs.sort();
    inputs
}

#[test]
fn markdown_regressions_become_shallow_trees() {
    let inputs = inputs("markdown");
    assert!(!inputs.is_empty());
    for (name, bytes) in inputs {
        let blocks = confab_api::markdown::to_blocks(&String::from_utf8_lossy(&bytes));
        let depth = confab_api::body::nesting_depth(&blocks);
        assert!(
            depth <= confab_api::limits::MAX_NESTING,
            "{name}: {depth} levels"
        );
        let json = serde_json::to_string(&blocks).unwrap();
        let back: Vec<confab_api::Block> = serde_json::from_str(&json).expect(&name);
        assert_eq!(back, blocks, "{name}");
    }
}

#[tokio::test]
async fn request_regressions_get_an_answer_and_the_server_keeps_serving() {
    let app = TestApp::spawn().await;
    let inputs = inputs("request");
    assert!(!inputs.is_empty());
    for (name, bytes) in inputs {
        let response = app
            .client
            .post(app.url("/api/v1/comments"))
            .header("Content-Type", "application/json")
            .body(bytes)
            .send()
            .await
            .unwrap();
        assert!(
            response.status().as_u16() < 500,
            "{name}: {}",
            response.status()
        );
        app.thread(&demo_key()).await;
    }
}
