//! `confab-server import`: WordPress, Disqus, Isso and Confab exports from the fixtures in
//! `tests/fixtures/import/` (each states what it covers), run as a site owner would run
//! them against a live server's database, then read back through the API and the export.

use crate::common::TestApp;
use confab_server::storage::{ExportedComment, ExportedThread};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn run(app: &TestApp, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_confab-server"))
        .arg("--database")
        .arg(app.dir.path().join("confab.db"))
        .args(args)
        .output()
        .unwrap()
}

/// Imports `file` and returns what the command printed.
fn import(app: &TestApp, format: &str, file: &Path) -> String {
    let output = run(app, &["import", "--format", format, file.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// Imports `file`, expecting it to be refused; returns the error.
fn import_fails(app: &TestApp, format: &str, file: &Path) -> String {
    let output = run(app, &["import", "--format", format, file.to_str().unwrap()]);
    assert!(!output.status.success());
    String::from_utf8_lossy(&output.stderr).into_owned()
}

async fn stored(app: &TestApp, key: &str) -> ExportedThread {
    let mut threads = app.storage.export(Some(key)).await.unwrap();
    assert_eq!(threads.len(), 1, "thread {key}");
    threads.remove(0)
}

fn by_author<'a>(thread: &'a ExportedThread, name: &str) -> &'a ExportedComment {
    thread
        .comments
        .iter()
        .find(|comment| comment.author_name == name)
        .unwrap_or_else(|| panic!("{name} in {}", thread.key))
}

fn text(comment: &ExportedComment) -> String {
    confab_api::body::plain_text(&comment.body)
}

#[tokio::test]
async fn wordpress_1_2_with_the_https_namespace_keeps_threads_nesting_states_and_badges() {
    let app = TestApp::spawn().await;
    let summary = import(&app, "wxr", &fixture("wxr-1.2-https.xml"));
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
        ann.badge,
        Some(confab_api::Badge::PostAuthor),
        "by email, any case"
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
    import(&app, "wxr", &file);
    let before = app.storage.export(None).await.unwrap();
    let again = import(&app, "wxr", &file);
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
        let summary = import(&app, "wxr", &fixture(file));
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
    let summary = import(&app, "wxr", &file);
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

#[tokio::test]
async fn disqus_with_namespace_cdata_deleted_spam_orphans_and_missing_emails() {
    let app = TestApp::spawn().await;
    let summary = import(&app, "disqus", &fixture("disqus-namespaced.xml"));
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
    import(&app, "disqus", &fixture("disqus-plain.xml"));
    let thread = stored(&app, "/plain/").await;
    let tess = by_author(&thread, "Tess");
    assert_eq!(text(tess), "Entity & escaped message\n\nlink");
    let json = serde_json::to_string(&tess.body).unwrap();
    assert!(
        !json.contains("alert") && !json.contains("javascript"),
        "{json}"
    );
}

/// Builds an Isso database from the fixture's SQL, as Isso would have left it.
async fn isso_database(dir: &Path) -> PathBuf {
    use sqlx::ConnectOptions;
    let path = dir.join("isso.db");
    let mut connection = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .foreign_keys(false)
        .connect()
        .await
        .unwrap();
    let sql = std::fs::read_to_string(fixture("isso.sql")).unwrap();
    sqlx::raw_sql(&sql).execute(&mut connection).await.unwrap();
    path
}

#[tokio::test]
async fn isso_databases_keep_modes_nesting_edits_and_markdown() {
    let app = TestApp::spawn().await;
    let database = isso_database(app.dir.path()).await;
    let summary = import(&app, "isso", &database);
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
    assert!(import(&app, "disqus", &gz).contains("1 comments"));

    let database = std::fs::read(isso_database(app.dir.path()).await).unwrap();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("comments.db", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(&database).unwrap();
    let zipped = app.dir.path().join("isso.zip");
    std::fs::write(&zipped, zip.finish().unwrap().into_inner()).unwrap();
    assert!(import(&app, "isso", &zipped).contains("6 comments"));
}

#[tokio::test]
async fn broken_files_import_nothing_and_say_where() {
    let app = TestApp::spawn().await;
    let before = app.storage.export(None).await.unwrap().len();
    let broken = app.dir.path().join("broken.xml");
    let mut xml = std::fs::read_to_string(fixture("wxr-1.2-https.xml")).unwrap();
    xml.truncate(xml.find("<wp:comment_id>3").unwrap());
    std::fs::write(&broken, xml).unwrap();
    let error = import_fails(&app, "wxr", &broken);
    assert!(error.contains("the XML is broken"), "{error}");
    assert!(error.contains("line "), "{error}");

    let error = import_fails(&app, "disqus", &fixture("wxr-1.2-https.xml"));
    assert!(error.contains("not a Disqus export"), "{error}");
    let error = import_fails(&app, "wxr", &fixture("disqus-plain.xml"));
    assert!(error.contains("not a WordPress export"), "{error}");
    let error = import_fails(&app, "isso", &fixture("isso.sql"));
    assert!(error.contains("not an Isso database"), "{error}");
    let entity = app.dir.path().join("entity.xml");
    std::fs::write(
        &entity,
        "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><rss>&x;</rss>",
    )
    .unwrap();
    let error = import_fails(&app, "wxr", &entity);
    assert!(error.contains("line 1"), "{error}");
    let missing = import_fails(&app, "wxr", &app.dir.path().join("missing.xml"));
    assert!(missing.contains("missing.xml"), "{missing}");
    assert_eq!(app.storage.export(None).await.unwrap().len(), before);
}

#[tokio::test]
async fn a_confab_export_restores_every_thread_and_comment_in_an_empty_database() {
    let app = TestApp::spawn().await;
    import(&app, "wxr", &fixture("wxr-1.2-https.xml"));
    let database = isso_database(app.dir.path()).await;
    import(&app, "isso", &database);
    let (status, _) = app.post(crate::common::new_comment()).await;
    assert_eq!(status, 201);
    let output = run(&app, &["export", "--format", "jsonl"]);
    assert!(output.status.success());
    let jsonl = app.dir.path().join("export.jsonl");
    std::fs::write(&jsonl, &output.stdout).unwrap();
    let first_line = String::from_utf8_lossy(&output.stdout);
    assert!(
        first_line.starts_with("{\"confab_export\":1,"),
        "{first_line}"
    );

    let empty = TestApp::spawn_empty().await;
    let summary = import(&empty, "jsonl", &jsonl);
    assert!(summary.contains("0 skipped"), "{summary}");
    let original = app.storage.export(None).await.unwrap();
    let restored = empty.storage.export(None).await.unwrap();
    assert_eq!(comparable(&restored), comparable(&original));
    // Importing the export again stores nothing.
    assert!(import(&empty, "jsonl", &jsonl).contains(" 0 comments;"));
}

/// Threads and comments with ids replaced by positions, so two databases compare.
fn comparable(threads: &[ExportedThread]) -> Vec<String> {
    let mut out = Vec::new();
    for thread in threads {
        out.push(format!(
            "{} {:?} {:?} {}",
            thread.key, thread.title, thread.url, thread.locked
        ));
        let position = |id: i64| thread.comments.iter().position(|comment| comment.id == id);
        for comment in &thread.comments {
            out.push(format!(
                "{:?} {:?} {} {} {:?} {:?} {:?} {:?} {} {} {} {:?}",
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
                comment.edited_at
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
    assert!(import_fails(&app, "jsonl", &file).contains("version 2 is not supported"));
    std::fs::write(
        &file,
        "{\"confab_export\":1,\"exported_at\":\"x\"}\n{not json\n",
    )
    .unwrap();
    assert!(import_fails(&app, "jsonl", &file).contains("line 2: not JSON"));
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
    let summary = import(&app, "jsonl", &file);
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
async fn an_import_joins_the_site_it_names_and_badges_its_post_authors() {
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
    let output = with_site("shop");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let second = stored(&app, "shop:/posts/second/").await;
    assert_eq!(
        by_author(&second, "Quinn").badge,
        Some(confab_api::Badge::PostAuthor)
    );
    assert!(
        app.storage
            .export(Some("/posts/second/"))
            .await
            .unwrap()
            .is_empty()
    );
    let output = with_site("nowhere");
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
    let log: serde_json::Value = app
        .client
        .get(app.url("/api/v1/admin/log"))
        .bearer_auth(crate::common::ADMIN_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
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
    assert!(big.len() > confab_server::MAX_REQUEST_BYTES);
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
    );
    assert!(output.status.success());
    let export = |args: &[&str]| {
        let output = run(&app, &[&["--config", config, "export"], args].concat());
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let shop = export(&["--site", "shop"]);
    assert!(
        shop.contains("\"key\":\"shop:/plain/\"") && !shop.contains("healthcare"),
        "{shop}"
    );
    let blog = export(&["--site", "blog"]);
    assert!(
        blog.contains("healthcare") && !blog.contains("shop:"),
        "{blog}"
    );
    let one = export(&["--thread", "shop:/plain/"]);
    assert_eq!(one.lines().count(), 3, "header, thread, comment: {one}");
}
