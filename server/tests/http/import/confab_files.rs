//! Confab's own export (the round trip and bad records), imports into a named site, the
//! admin API's import, and exports of one site or one thread.

use super::*;
use serde_json::json;

#[tokio::test]
async fn a_confab_export_restores_every_thread_and_comment_in_an_empty_database() {
    let app = TestApp::spawn().await;
    import(&app, "wxr", &fixture("wxr-1.2-https.xml")).await;
    let database = isso_database(app.dir.path()).await;
    import(&app, "isso", &database).await;
    let (status, posted) = app.post(crate::common::new_comment()).await;
    assert_eq!(status, 201);
    // Reactions to a comment and to its page travel too.
    let id = posted["comment"]["id"].as_i64().unwrap();
    let thread = crate::common::demo_key();
    let reactions = [
        (format!("/api/v1/comments/{id}/reaction"), json!({})),
        (
            "/api/v1/threads/reaction".to_owned(),
            json!({"thread": thread}),
        ),
    ];
    for (path, mut body) in reactions {
        body["reaction"] = json!("🎉");
        body["on"] = json!(true);
        body["voter"] = json!("exported-reader-key-1");
        let (status, tally) = app
            .send(reqwest::Method::PUT, &path, None, Some(body))
            .await;
        assert_eq!(status, 200, "{tally}");
    }
    // So does a pin.
    let (status, _) = app
        .admin(
            reqwest::Method::POST,
            &format!("/api/v1/admin/comments/{id}/pin"),
            None,
        )
        .await;
    assert_eq!(status, 204);
    let output = run(&app, &["export", "--format", "jsonl"]).await;
    assert!(output.status.success());
    let jsonl = app.dir.path().join("export.jsonl");
    std::fs::write(&jsonl, &output.stdout).unwrap();
    let first_line = String::from_utf8_lossy(&output.stdout);
    assert!(
        first_line.starts_with("{\"confab_export\":1,"),
        "{first_line}"
    );

    let empty = TestApp::spawn_empty().await;
    let summary = import(&empty, "jsonl", &jsonl).await;
    assert!(summary.contains("0 skipped"), "{summary}");
    let original = app.storage.export(None).await.unwrap();
    let restored = empty.storage.export(None).await.unwrap();
    assert_eq!(comparable(&restored), comparable(&original));
    let votes = |threads: &[ExportedThread]| -> u32 {
        threads
            .iter()
            .flat_map(|thread| &thread.comments)
            .map(|comment| comment.up_votes)
            .sum()
    };
    assert_eq!(
        votes(&restored),
        7,
        "Isso's likes travel through the export"
    );
    let reacted = restored.iter().find(|thread| !thread.reactions.is_empty());
    assert_eq!(reacted.map(|thread| thread.reactions.count("🎉")), Some(1));
    let comment_reactions = restored.iter().flat_map(|thread| &thread.comments);
    assert_eq!(
        comment_reactions
            .map(|c| c.reactions.count("🎉"))
            .sum::<u32>(),
        1
    );
    let pinned: Vec<i64> = restored
        .iter()
        .flat_map(|thread| &thread.comments)
        .filter(|comment| comment.pinned_at.is_some())
        .map(|comment| comment.id)
        .collect();
    assert_eq!(pinned.len(), 1, "the pin travels");
    // Importing the export again stores nothing.
    assert!(
        import(&empty, "jsonl", &jsonl)
            .await
            .contains(" 0 comments;")
    );
}

/// Threads and comments with ids replaced by positions, so two databases compare.
fn comparable(threads: &[ExportedThread]) -> Vec<String> {
    let mut out = Vec::new();
    for thread in threads {
        out.push(format!(
            "{} {:?} {:?} {} {:?}",
            thread.key, thread.title, thread.url, thread.locked, thread.reactions
        ));
        let position = |id: i64| thread.comments.iter().position(|comment| comment.id == id);
        for comment in &thread.comments {
            out.push(format!(
                "{:?} {:?} {} {} {:?} {:?} {:?} {:?} {} {} {} {:?} {}/{} {:?} {:?}",
                comment.parent_id.and_then(position),
                comment.kind,
                comment.status,
                comment.author_name,
                comment.author_email,
                comment.author_website,
                comment.client_address,
                comment.badge,
                comment.body_markdown,
                serde_json::to_string(&comment.body).unwrap(),
                comment.created_at,
                comment.edited_at,
                comment.up_votes,
                comment.down_votes,
                comment.reactions,
                comment.pinned_at
            ));
        }
    }
    out
}

#[tokio::test]
async fn broken_and_bad_records_in_a_confab_export() {
    let app = TestApp::spawn_empty().await;
    let file = app.dir.path().join("bad.jsonl");
    std::fs::write(&file, "{\"confab_export\":2,\"exported_at\":\"x\"}\n").unwrap();
    assert!(
        import_fails(&app, "jsonl", &file)
            .await
            .contains("version 2 is not supported")
    );
    std::fs::write(
        &file,
        "{\"confab_export\":1,\"exported_at\":\"x\"}\n{not json\n",
    )
    .unwrap();
    assert!(
        import_fails(&app, "jsonl", &file)
            .await
            .contains("line 2: not JSON")
    );
    let comment = |id: i64, status: &str, url: &str| {
        serde_json::json!({"type": "comment", "thread": "/t/", "id": id, "parent": null,
            "kind": "comment", "status": status, "author_name": "A", "author_email": null,
            "author_website": null, "client_address": null, "badge": null,
            "body_markdown": "x", "created_at": "2020-01-01T00:00:00Z", "edited_at": null,
            "body": [{"type": "paragraph", "children": [{"type": "link", "url": url,
                "children": [{"type": "text", "text": "x"}]}]}]})
        .to_string()
    };
    let lines = [
        "{\"confab_export\":1,\"exported_at\":\"x\"}".to_owned(),
        "{\"type\":\"thread\",\"key\":\"/t/\",\"title\":null,\"url\":null,\"locked\":false}"
            .to_owned(),
        comment(1, "published", "https://example.com/"),
        comment(2, "published", "javascript:alert(1)"),
        comment(3, "haunted", "https://example.com/"),
        "{\"type\":\"mystery\"}".to_owned(),
    ];
    std::fs::write(&file, lines.join("\n")).unwrap();
    let summary = import(&app, "jsonl", &file).await;
    assert!(
        summary.contains("1 comments; 0 already present; 3 skipped"),
        "{summary}"
    );
    assert!(
        summary.contains("skipped line 4: its body has a link"),
        "{summary}"
    );
    assert!(
        summary.contains("skipped line 5: unknown status \"haunted\""),
        "{summary}"
    );
    assert!(
        summary.contains("skipped line 6: unknown variant `mystery`"),
        "{summary}"
    );
}

#[tokio::test]
async fn nul_characters_in_a_file_are_dropped_and_the_rest_is_stored() {
    let app = TestApp::spawn_empty().await;
    let file = app.dir.path().join("nul.jsonl");
    let lines = [
        "{\"confab_export\":1,\"exported_at\":\"x\"}".to_owned(),
        serde_json::json!({"type": "thread", "key": "/nul/", "title": "A\u{0} title",
            "url": null, "locked": false})
        .to_string(),
        serde_json::json!({"type": "comment", "thread": "/nul/", "id": 1, "parent": null,
            "kind": "comment", "status": "published", "author_name": "A\u{0}nn",
            "author_email": null, "author_website": null, "client_address": "192.0.2.1\u{0}",
            "badge": null, "body_markdown": "Hello\u{0} there", "created_at": "2020-01-01T00:00:00Z",
            "edited_at": null,
            "body": [{"type": "paragraph", "children": [{"type": "text", "text": "Hello there"}]}]})
        .to_string(),
    ];
    std::fs::write(&file, lines.join("\n")).unwrap();
    let summary = import(&app, "jsonl", &file).await;
    assert!(summary.contains("1 comments"), "{summary}");
    let thread = stored(&app, "/nul/").await;
    assert_eq!(thread.title.as_deref(), Some("A title"));
    let comment = &thread.comments[0];
    assert_eq!(comment.author_name, "Ann");
    assert_eq!(comment.body_markdown, "Hello there");
    assert_eq!(comment.client_address.as_deref(), Some("192.0.2.1"));
}

#[tokio::test]
async fn an_import_joins_the_site_it_names_and_badges_no_guest_by_an_address() {
    let app = TestApp::spawn_empty().await;
    let config = app.dir.path().join("confab.toml");
    std::fs::write(
        &config,
        "[[site]]\nname = \"blog\"\norigins = [\"https://blog.example\"]\n\n\
         [[site]]\nname = \"shop\"\norigins = [\"https://shop.example\"]\n\
         post_authors = [\"Quinn@Example.com\"]\n",
    )
    .unwrap();
    let file = fixture("disqus-namespaced.xml");
    let with_site = |site: &str| {
        run(
            &app,
            &[
                "--config",
                config.to_str().unwrap(),
                "import",
                "--site",
                site,
                "--format",
                "disqus",
                file.to_str().unwrap(),
            ],
        )
    };
    let output = with_site("shop").await;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let second = stored(&app, "shop:/posts/second/").await;
    assert_eq!(
        by_author(&second, "Quinn").badge,
        None,
        "a Disqus guest's address matching a post author proves nothing"
    );
    assert!(
        app.storage
            .export(Some("/posts/second/"))
            .await
            .unwrap()
            .is_empty()
    );
    let output = with_site("nowhere").await;
    assert!(!output.status.success());
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(
        error.contains("--site: no site is called \"nowhere\""),
        "{error}"
    );
}

#[tokio::test]
async fn moderators_import_through_the_admin_api_and_the_log_says_so() {
    let app = TestApp::spawn().await;
    let xml = std::fs::read(fixture("wxr-1.2-https.xml")).unwrap();
    let response = app
        .client
        .post(app.url("/api/v1/admin/import?format=wxr"))
        .bearer_auth(crate::common::ADMIN_TOKEN)
        .body(xml.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let summary: serde_json::Value = response.json().await.unwrap();
    assert_eq!(summary["comments"], 11);
    assert_eq!(summary["skipped"].as_array().unwrap().len(), 3);
    assert!(summary["skipped"][0]["reason"].is_string());
    let (_, log) = app
        .send(
            reqwest::Method::GET,
            "/api/v1/admin/log",
            Some(crate::common::ADMIN_TOKEN),
            None,
        )
        .await;
    assert_eq!(log["entries"][0]["action"], "import");

    // A file larger than ordinary requests may be is still read.
    let mut big = String::from("{\"confab_export\":1,\"exported_at\":\"2020-01-01T00:00:00Z\"}\n");
    big.push_str(
        "{\"type\":\"thread\",\"key\":\"/big/\",\"title\":null,\"url\":null,\"locked\":false}\n",
    );
    for id in 0..400 {
        big.push_str(&format!(
            "{{\"type\":\"comment\",\"thread\":\"/big/\",\"id\":{id},\"parent\":null,\
             \"kind\":\"comment\",\"status\":\"published\",\"author_name\":\"A\",\
             \"author_email\":null,\"author_website\":null,\"client_address\":null,\
             \"badge\":null,\"body_markdown\":\"{text}\",\"body\":[],\
             \"created_at\":\"2020-01-01T00:00:00Z\",\"edited_at\":null}}\n",
            text = "x".repeat(300)
        ));
    }
    assert!(big.len() > confab_server::http::MAX_REQUEST_BYTES);
    let response = app
        .client
        .post(app.url("/api/v1/admin/import?format=jsonl"))
        .bearer_auth(crate::common::ADMIN_TOKEN)
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let summary: serde_json::Value = response.json().await.unwrap();
    assert_eq!(summary["comments"], 400);

    let broken = app
        .client
        .post(app.url("/api/v1/admin/import?format=wxr"))
        .bearer_auth(crate::common::ADMIN_TOKEN)
        .body(xml[..xml.len() / 2].to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(broken.status(), 422);
    let error: serde_json::Value = broken.json().await.unwrap();
    assert_eq!(error["error"]["code"], "unreadable_file");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("line "),
        "{error}"
    );
}

#[tokio::test]
async fn an_export_can_hold_one_site_or_one_thread() {
    let app = TestApp::spawn().await;
    let config = app.dir.path().join("confab.toml");
    std::fs::write(
        &config,
        "[[site]]\nname = \"blog\"\n\n[[site]]\nname = \"shop\"\norigins = [\"https://shop.example\"]\n",
    )
    .unwrap();
    let config = config.to_str().unwrap();
    let file = fixture("disqus-plain.xml");
    let output = run(
        &app,
        &[
            "--config",
            config,
            "import",
            "--site",
            "shop",
            "--format",
            "disqus",
            file.to_str().unwrap(),
        ],
    )
    .await;
    assert!(output.status.success());
    let export = async |args: &[&str]| {
        let output = run(&app, &[&["--config", config, "export"], args].concat()).await;
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let shop = export(&["--site", "shop"]).await;
    assert!(
        shop.contains("\"key\":\"shop:/plain/\"") && !shop.contains("healthcare"),
        "{shop}"
    );
    let blog = export(&["--site", "blog"]).await;
    assert!(
        blog.contains("healthcare") && !blog.contains("shop:"),
        "{blog}"
    );
    let one = export(&["--thread", "shop:/plain/"]).await;
    assert_eq!(one.lines().count(), 3, "header, thread, comment: {one}");
}
