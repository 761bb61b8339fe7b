//! Disqus exports and Isso databases, wrapped files, and files that cannot be read.

use super::*;

#[tokio::test]
async fn disqus_with_namespace_cdata_deleted_spam_orphans_and_missing_emails() {
    let app = TestApp::spawn().await;
    let summary = import(&app, "disqus", &fixture("disqus-namespaced.xml")).await;
    assert!(
        summary.contains("Imported 2 threads (2 new), 8 comments; 0 already present; 3 skipped"),
        "{summary}"
    );
    assert!(
        summary.contains("skipped post 3001: orphan: its thread 300 is not in the file"),
        "{summary}"
    );
    assert!(
        summary.contains("skipped post 3002: its createdAt is missing or not a date"),
        "{summary}"
    );
    assert!(
        summary.contains("skipped comment 1006 of /posts/first/: deleted"),
        "{summary}"
    );

    let first = stored(&app, "/posts/first/").await;
    assert_eq!(first.title.as_deref(), Some("First post"));
    let kim = by_author(&first, "Kim");
    let lee = by_author(&first, "Lee");
    let moe = by_author(&first, "moe_42");
    assert_eq!((lee.parent_id, moe.parent_id), (Some(kim.id), Some(lee.id)));
    assert_eq!(lee.author_email, None);
    assert_eq!(kim.client_address.as_deref(), Some("198.51.100.7"));
    assert_eq!(text(kim), "Hello world\n\nSecond\nline");
    assert_eq!(by_author(&first, "Spammer").status, "spam");
    let olga = by_author(&first, "Olga");
    let placeholder = first
        .comments
        .iter()
        .find(|comment| Some(comment.id) == olga.parent_id)
        .unwrap();
    assert_eq!(
        (
            placeholder.status.as_str(),
            placeholder.author_name.as_str()
        ),
        ("deleted", "")
    );

    let second = stored(&app, "/posts/second/").await;
    assert!(second.locked);
    assert_eq!(second.comments.len(), 2, "both threads of one link join");
    assert_eq!(by_author(&second, "Rae").parent_id, None);
}

#[tokio::test]
async fn disqus_without_namespace_and_with_escaped_hostile_messages() {
    let app = TestApp::spawn().await;
    import(&app, "disqus", &fixture("disqus-plain.xml")).await;
    let thread = stored(&app, "/plain/").await;
    let tess = by_author(&thread, "Tess");
    assert_eq!(text(tess), "Entity & escaped message\n\nlink");
    let json = serde_json::to_string(&tess.body).unwrap();
    assert!(
        !json.contains("alert") && !json.contains("javascript"),
        "{json}"
    );
}

#[tokio::test]
async fn isso_databases_keep_modes_nesting_edits_and_markdown() {
    let app = TestApp::spawn().await;
    let database = isso_database(app.dir.path()).await;
    let summary = import(&app, "isso", &database).await;
    assert!(
        summary.contains("Imported 2 threads (2 new), 6 comments; 0 already present; 2 skipped"),
        "{summary}"
    );
    assert!(summary.contains("skipped comment 7: orphan"), "{summary}");
    assert!(
        summary.contains("skipped comment 8: unknown mode 8"),
        "{summary}"
    );
    let post = stored(&app, "/isso/post/").await;
    assert_eq!(post.title.as_deref(), Some("An Isso post"));
    let uma = by_author(&post, "Uma");
    let vic = by_author(&post, "Vic");
    let wes = by_author(&post, "Wes");
    assert_eq!((vic.parent_id, wes.parent_id), (Some(uma.id), Some(vic.id)));
    assert_eq!(uma.created_at, 1_500_000_000_250);
    assert_eq!((uma.up_votes, uma.down_votes), (7, 2), "likes are kept");
    assert_eq!((vic.up_votes, vic.down_votes), (0, 0));
    assert_eq!(vic.edited_at, Some(1_500_000_200_500));
    assert_eq!(
        vic.author_website, None,
        "a website without a scheme is dropped"
    );
    assert_eq!(wes.status, "pending");
    assert_eq!(
        serde_json::to_value(&uma.body).unwrap()[0]["children"][1]["type"],
        "emphasis"
    );
    let anonymous = by_author(&post, "Anonymous");
    let deleted = post
        .comments
        .iter()
        .find(|comment| Some(comment.id) == anonymous.parent_id)
        .unwrap();
    assert_eq!(deleted.status, "deleted");
    let untitled = stored(&app, "/isso/untitled/").await;
    assert_eq!(untitled.title, None);
    assert_eq!(
        text(&untitled.comments[0]),
        "<script>alert(1)</script> raw html"
    );
}

#[tokio::test]
async fn gzip_and_zip_wrapped_files_import_like_plain_ones() {
    use std::io::Write;
    let app = TestApp::spawn().await;
    let xml = std::fs::read(fixture("disqus-plain.xml")).unwrap();
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gzip.write_all(&xml).unwrap();
    let gz = app.dir.path().join("disqus.xml.gz");
    std::fs::write(&gz, gzip.finish().unwrap()).unwrap();
    assert!(import(&app, "disqus", &gz).await.contains("1 comments"));

    let database = std::fs::read(isso_database(app.dir.path()).await).unwrap();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("comments.db", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(&database).unwrap();
    let zipped = app.dir.path().join("isso.zip");
    std::fs::write(&zipped, zip.finish().unwrap().into_inner()).unwrap();
    assert!(import(&app, "isso", &zipped).await.contains("6 comments"));
}

#[tokio::test]
async fn broken_files_import_nothing_and_say_where() {
    let app = TestApp::spawn().await;
    let before = app.storage.export(None).await.unwrap().len();
    let broken = app.dir.path().join("broken.xml");
    let mut xml = std::fs::read_to_string(fixture("wxr-1.2-https.xml")).unwrap();
    xml.truncate(xml.find("<wp:comment_id>3").unwrap());
    std::fs::write(&broken, xml).unwrap();
    let error = import_fails(&app, "wxr", &broken).await;
    assert!(error.contains("the XML is broken"), "{error}");
    assert!(error.contains("line "), "{error}");

    let error = import_fails(&app, "disqus", &fixture("wxr-1.2-https.xml")).await;
    assert!(error.contains("not a Disqus export"), "{error}");
    let error = import_fails(&app, "wxr", &fixture("disqus-plain.xml")).await;
    assert!(error.contains("not a WordPress export"), "{error}");
    let error = import_fails(&app, "isso", &fixture("isso.sql")).await;
    assert!(error.contains("not an Isso database"), "{error}");
    let entity = app.dir.path().join("entity.xml");
    std::fs::write(
        &entity,
        "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><rss>&x;</rss>",
    )
    .unwrap();
    let error = import_fails(&app, "wxr", &entity).await;
    assert!(error.contains("line 1"), "{error}");
    let missing = import_fails(&app, "wxr", &app.dir.path().join("missing.xml")).await;
    assert!(missing.contains("missing.xml"), "{missing}");
    assert_eq!(app.storage.export(None).await.unwrap().len(), before);
}
