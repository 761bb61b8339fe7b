//! Atom feeds: a thread's and a site's published comments, well-formed, escaped, and
//! never showing held comments or another site's.

use crate::common::{TestApp, demo_key, new_comment};
use serde_json::json;

/// Fetches a feed and checks the parts every Atom document must have.
async fn feed(app: &TestApp, path: &str) -> Vec<(String, String)> {
    let response = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    assert_eq!(
        response.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let xml = response.text().await.unwrap();
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = document.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    fn child<'a, 'input>(
        node: roxmltree::Node<'a, 'input>,
        name: &str,
    ) -> roxmltree::Node<'a, 'input> {
        node.children()
            .find(|child| child.tag_name().name() == name)
            .unwrap_or_else(|| panic!("<{name}> missing"))
    }
    for name in ["id", "title", "updated"] {
        child(root, name);
    }
    root.children()
        .filter(|node| node.tag_name().name() == "entry")
        .map(|entry| {
            for name in ["id", "updated", "published"] {
                child(entry, name);
            }
            child(child(entry, "author"), "name");
            let content = child(entry, "content");
            assert_eq!(content.attribute("type"), Some("html"));
            (
                child(entry, "title").text().unwrap_or_default().to_owned(),
                content.text().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_threads_feed_has_its_published_comments_newest_first_and_escaped() {
    let app = TestApp::spawn().await;
    let mut hostile = new_comment();
    hostile["body"] = json!("**bold** <script>alert(1)</script>");
    assert_eq!(app.post(hostile).await.0, 201);
    // A control character XML cannot carry, even escaped, must not break the feed.
    let mut control = new_comment();
    control["body"] = json!("bell \u{7} and \u{1} end");
    assert_eq!(app.post(control).await.0, 201);
    let mut held = new_comment();
    held["body"] = json!(
        "[a](https://a.example/) [b](https://b.example/) [c](https://c.example/) [d](https://d.example/)"
    );
    assert_eq!(app.post(held).await.0, 202, "too many links: held");

    let path = format!("/api/v1/feeds/thread.atom?thread={}", demo_key());
    let entries = feed(&app, &path).await;
    assert_eq!(
        entries.len(),
        10,
        "8 seeded and 2 posted; the held one is not there"
    );
    assert_eq!(entries[0].1, "<p>bell  and  end</p>");
    let (title, content) = &entries[1];
    assert_eq!(title, "Test Reader on “Why Social Media in Healthcare?”");
    // The HTML is text in the XML; the script is text in the HTML.
    assert_eq!(
        content,
        "<p><strong>bold</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>"
    );
    assert!(
        entries
            .iter()
            .any(|(title, _)| title.starts_with("Mentioned by"))
    );
    assert!(
        !entries
            .iter()
            .any(|(_, content)| content.contains("a.example"))
    );
}

#[tokio::test]
async fn a_thread_nobody_commented_on_has_an_empty_feed_and_bad_keys_are_refused() {
    let app = TestApp::spawn().await;
    assert!(
        feed(&app, "/api/v1/feeds/thread.atom?thread=/quiet/")
            .await
            .is_empty()
    );
    for (path, status) in [
        ("/api/v1/feeds/thread.atom", 422),
        ("/api/v1/feeds/thread.atom?thread=no-slash", 422),
        ("/api/v1/feeds/thread.atom?thread=/a/&thread=/b/", 400),
    ] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), status, "{path}");
    }
}

const TWO_SITES: &str = r#"
[[site]]
name = "blog"
origins = ["https://blog.example"]

[[site]]
name = "shop"
origins = ["https://shop.example"]
"#;

#[tokio::test]
async fn a_sites_recent_feed_spans_its_threads_and_no_other_sites() {
    let app = TestApp::spawn_from_config(Default::default(), TWO_SITES).await;
    for (origin, thread, body) in [
        ("https://blog.example", "/one/", "Blog one"),
        ("https://blog.example", "/two/", "Blog two"),
        ("https://shop.example", "/one/", "Shop one"),
    ] {
        let mut comment = new_comment();
        comment["thread"] = json!(thread);
        comment["url"] = json!(format!("{origin}{thread}"));
        comment["body"] = json!(body);
        assert_eq!(app.post_from(origin, comment).await.0, 201);
    }
    let blog = feed(
        &app,
        "/api/v1/feeds/recent.atom?origin=https://blog.example",
    )
    .await;
    let texts: Vec<&str> = blog.iter().map(|(_, content)| content.as_str()).collect();
    assert!(texts.contains(&"<p>Blog one</p>") && texts.contains(&"<p>Blog two</p>"));
    assert!(!texts.contains(&"<p>Shop one</p>"), "{texts:?}");
    let shop = feed(
        &app,
        "/api/v1/feeds/thread.atom?thread=/one/&origin=https://shop.example",
    )
    .await;
    assert_eq!(shop.len(), 1);
    assert_eq!(shop[0].1, "<p>Shop one</p>");
}
