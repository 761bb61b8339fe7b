//! WordPress exports: WXR 1.0 to 1.2, both namespaces, nesting, states and badges; and
//! importing the same file twice.

use super::*;

#[tokio::test]
async fn wordpress_1_2_with_the_https_namespace_keeps_threads_nesting_states_and_badges() {
    let app = TestApp::spawn().await;
    let summary = import(&app, "wxr", &fixture("wxr-1.2-https.xml")).await;
    assert!(
        summary.contains("Imported 2 threads (2 new), 11 comments; 0 already present; 3 skipped"),
        "{summary}"
    );
    assert!(
        summary.contains("skipped comment 8 of /2020/01/hello/: deleted"),
        "{summary}"
    );
    assert!(summary.contains("has no wp:comment_id"), "{summary}");
    assert!(
        summary.contains("the same comment id appears twice"),
        "{summary}"
    );
    assert!(
        summary.contains("adjusted comment 11 of /2020/01/hello/: the comment it answers (99)"),
        "{summary}"
    );

    let post = stored(&app, "/2020/01/hello/").await;
    assert_eq!(post.title.as_deref(), Some("Hello & welcome"));
    assert_eq!(
        post.url.as_deref(),
        Some("https://blog.example/2020/01/hello/")
    );
    assert!(!post.locked);
    let bob = by_author(&post, "Bob");
    let ann = by_author(&post, "Ann Author");
    let carol = by_author(&post, "Carol");
    assert_eq!(
        (ann.parent_id, carol.parent_id),
        (Some(bob.id), Some(ann.id))
    );
    assert_eq!(
        ann.badge,
        Some(confab_api::Badge::PostAuthor),
        "by wp:comment_user_id"
    );
    assert_eq!(bob.badge, None);
    assert_eq!(bob.author_email.as_deref(), Some("bob@example.com"));
    assert_eq!(bob.author_website.as_deref(), Some("https://bob.example/"));
    assert_eq!(bob.client_address.as_deref(), Some("192.0.2.1"));
    assert_eq!(
        confab_server::storage::rfc3339(bob.created_at),
        "2020-01-02T09:00:00Z"
    );
    assert_eq!(
        confab_server::storage::rfc3339(carol.created_at),
        "2020-01-02T11:30:00Z",
        "a 0000-00-00 GMT date falls back to the local one"
    );
    assert_eq!(
        carol.author_website, None,
        "a javascript: website is dropped"
    );
    assert_eq!(
        text(bob),
        "First line\nsecond line\n\nNew paragraph with a link."
    );
    let bob_json = serde_json::to_value(&bob.body).unwrap();
    assert_eq!(bob_json[0]["children"][1]["type"], "line_break");
    assert_eq!(bob_json[1]["children"][0]["type"], "emphasis");
    assert_eq!(bob_json[1]["children"][2]["url"], "https://example.com/x");
    // Hostile HTML: the script is gone, the javascript: link and the handler lost.
    assert_eq!(text(carol), "third level bold");
    let carol_json = serde_json::to_string(&carol.body).unwrap();
    assert!(!carol_json.contains("alert") && !carol_json.contains("javascript"));

    let status = |name| by_author(&post, name).status.clone();
    assert_eq!(status("Dave"), "pending");
    assert_eq!(status("Cheap pills"), "spam");
    assert_eq!(status("Frank"), "published");
    let trashed = post
        .comments
        .iter()
        .find(|comment| comment.status == "deleted")
        .expect("the trashed comment with a reply stays as a placeholder");
    assert_eq!((trashed.author_name.as_str(), trashed.body.len()), ("", 0));
    assert_eq!(by_author(&post, "Frank").parent_id, Some(trashed.id));
    assert!(
        post.comments
            .iter()
            .all(|comment| comment.author_name != "Gina")
    );
    assert_eq!(by_author(&post, "Hal").parent_id, None);
    let kinds: Vec<_> = post
        .comments
        .iter()
        .filter(|comment| comment.kind != confab_api::CommentKind::Comment)
        .map(|comment| (comment.author_name.as_str(), comment.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("Other Blog", confab_api::CommentKind::Pingback),
            ("Old Blog", confab_api::CommentKind::Trackback)
        ]
    );

    let page = stored(&app, "/about/").await;
    assert!(page.locked, "closed comments lock the thread");
    let ann = by_author(&page, "Ann");
    assert_eq!(
        ann.badge, None,
        "the post author's address typed by a guest proves nothing"
    );
    let ann_json = serde_json::to_value(&ann.body).unwrap();
    let types: Vec<&str> = ann_json
        .as_array()
        .unwrap()
        .iter()
        .map(|block| block["type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["paragraph", "list", "block_quote", "code_block"]);
    assert!(
        app.storage
            .export(Some("/quiet/"))
            .await
            .unwrap()
            .is_empty()
    );

    // Readers see the published comments, nested, with the badge; not the held ones.
    let thread = app.thread("/2020/01/hello/").await;
    assert_eq!(thread["thread"]["title"], "Hello & welcome");
    let seen = thread.to_string();
    assert!(seen.contains("Ann Author") && seen.contains("post_author"));
    assert!(!seen.contains("Waiting for a moderator") && !seen.contains("Buy now"));
}

#[tokio::test]
async fn importing_the_same_file_again_changes_nothing_and_keeps_live_comments() {
    let app = TestApp::spawn().await;
    let (status, _) = app.post(crate::common::new_comment()).await;
    assert_eq!(status, 201);
    let file = fixture("wxr-1.2-https.xml");
    import(&app, "wxr", &file).await;
    let before = app.storage.export(None).await.unwrap();
    let again = import(&app, "wxr", &file).await;
    assert!(
        again.contains("Imported 2 threads (0 new), 0 comments; 11 already present"),
        "{again}"
    );
    let after = app.storage.export(None).await.unwrap();
    let ids = |threads: &[ExportedThread]| -> Vec<i64> {
        threads
            .iter()
            .flat_map(|thread| thread.comments.iter().map(|comment| comment.id))
            .collect()
    };
    assert_eq!(ids(&before), ids(&after));
    let demo = stored(&app, &crate::common::demo_key()).await;
    assert_eq!(
        demo.comments.len(),
        9,
        "the demo thread and the posted comment stay"
    );
}

#[tokio::test]
async fn wordpress_1_0_and_1_1_with_escaped_content_and_query_permalinks() {
    for file in ["wxr-1.0-http.xml", "wxr-1.1-http.xml"] {
        let app = TestApp::spawn().await;
        let summary = import(&app, "wxr", &fixture(file)).await;
        assert!(
            summary.contains("Imported 2 threads (2 new), 2 comments"),
            "{file}: {summary}"
        );
        let old = stored(&app, "/?p=5").await;
        let ivy = by_author(&old, "Ivy & co");
        assert_eq!(text(ivy), "Escaped markup & text");
        assert_eq!(
            serde_json::to_value(&ivy.body).unwrap()[0]["children"][0]["type"],
            "strong"
        );
        assert_eq!(stored(&app, "/?p=6").await.comments.len(), 1);
    }
}

#[tokio::test]
async fn deep_nesting_is_kept_up_to_the_deepest_level_and_stored_beyond_it() {
    let app = TestApp::spawn().await;
    let levels = confab_api::limits::MAX_DEPTH as usize + 6;
    let comments: String = (1..=levels)
        .map(|id| {
            format!(
                "<wp:comment><wp:comment_id>{id}</wp:comment_id>\
                 <wp:comment_author>Level {id}</wp:comment_author>\
                 <wp:comment_date_gmt>2020-01-01 00:{:02}:{:02}</wp:comment_date_gmt>\
                 <wp:comment_content>Level {id}</wp:comment_content>\
                 <wp:comment_approved>1</wp:comment_approved>\
                 <wp:comment_parent>{}</wp:comment_parent></wp:comment>",
                id / 60,
                id % 60,
                id - 1
            )
        })
        .collect();
    let xml = format!(
        "<rss xmlns:wp=\"http://wordpress.org/export/1.1/\"><channel><item>\
         <link>https://blog.example/deep/</link>{comments}</item></channel></rss>"
    );
    let file = app.dir.path().join("deep.xml");
    std::fs::write(&file, xml).unwrap();
    let summary = import(&app, "wxr", &file).await;
    assert!(summary.contains(&format!("{levels} comments")), "{summary}");
    let too_deep = levels - confab_api::limits::MAX_DEPTH as usize - 1;
    assert_eq!(
        summary.matches("nested deeper than").count(),
        too_deep,
        "{summary}"
    );
    let thread = stored(&app, "/deep/").await;
    let deepest = by_author(
        &thread,
        &format!("Level {}", confab_api::limits::MAX_DEPTH + 1),
    );
    let last = by_author(&thread, &format!("Level {levels}"));
    assert_eq!(
        last.parent_id, deepest.parent_id,
        "stored beside the deepest reply"
    );
}
