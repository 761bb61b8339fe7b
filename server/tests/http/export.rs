//! `confab-server export --format wxr`: the stored threads as WordPress eXtended RSS.

use crate::common::{TestApp, demo_key, new_comment};
use std::process::Command;

async fn export(app: &TestApp, thread: Option<&str>) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_confab-server"));
    command
        .arg("--database")
        .arg(crate::common::database_argument(&app.database))
        .args(["export", "--format", "wxr"]);
    if let Some(thread) = thread {
        command.args(["--thread", thread]);
    }
    let output = crate::common::output_of(command).await;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[tokio::test]
async fn the_demo_thread_exports_with_nesting_pingbacks_and_escaped_bodies() {
    let app = TestApp::spawn().await;
    let mut hostile = new_comment();
    hostile["body"] = serde_json::json!("Hello <script>alert(1)</script> & **bold**");
    let (status, _) = app.post(hostile).await;
    assert_eq!(status, 201);
    let xml = export(&app, Some(&demo_key())).await;
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
        "{xml}"
    );
    assert_eq!(xml.matches("<item>").count(), 1);
    assert_eq!(
        xml.matches("<wp:comment>").count(),
        9,
        "8 seeded and 1 posted"
    );
    assert_eq!(
        xml.matches("<wp:comment_type>pingback</wp:comment_type>")
            .count(),
        2
    );
    assert!(xml.contains("<title>Why Social Media in Healthcare?</title>"));
    // The body is HTML (the script as text in it), and that HTML is text in the XML.
    assert!(xml.contains("&amp;lt;script&amp;gt;") && !xml.contains("<script>"));
    assert!(xml.contains("&lt;strong&gt;bold&lt;/strong&gt;"));
    let replies = xml.matches("<wp:comment_parent>").count()
        - xml
            .matches("<wp:comment_parent>0</wp:comment_parent>")
            .count();
    assert_eq!(replies, 1, "Liza Sisler's reply keeps its parent");
    let everything = export(&app, None).await;
    assert!(everything.matches("<item>").count() >= 1);
}

#[tokio::test]
async fn a_wxr_export_imports_back_with_the_same_threads_nesting_and_bodies() {
    let app = TestApp::spawn().await;
    let mut rich = new_comment();
    rich["body"] = serde_json::json!(
        "First *line*\nsecond line with [a link](https://example.com/?a=1&b=2)\n\n\
         > quoted\n\n- one\n- two\n\n```\ncode <here>\n```\n\nLast & <b>least</b>"
    );
    assert_eq!(app.post(rich).await.0, 201);
    let file = app.dir.path().join("export.xml");
    std::fs::write(&file, export(&app, Some(&demo_key())).await).unwrap();
    let empty = TestApp::spawn_empty().await;
    let mut command = Command::new(env!("CARGO_BIN_EXE_confab-server"));
    command
        .arg("--database")
        .arg(crate::common::database_argument(&empty.database))
        .args(["import", "--format", "wxr", file.to_str().unwrap()]);
    let output = crate::common::output_of(command).await;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let original = app.storage.export(Some(&demo_key())).await.unwrap();
    let restored = empty.storage.export(Some(&demo_key())).await.unwrap();
    let shape = |threads: &[confab_server::storage::ExportedThread]| -> Vec<String> {
        let comments = &threads[0].comments;
        let position = |id: i64| comments.iter().position(|comment| comment.id == id);
        comments
            .iter()
            .map(|comment| {
                format!(
                    "{:?} {:?} {} {:?} {}",
                    comment.parent_id.and_then(position),
                    comment.kind,
                    comment.author_name,
                    comment.badge,
                    serde_json::to_string(&comment.body).unwrap()
                )
            })
            .collect()
    };
    assert_eq!(shape(&restored), shape(&original));
}
