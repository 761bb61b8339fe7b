//! The comment API over real HTTP: reading the seeded thread and posting to it.

use crate::common::{TestApp, demo_key, new_comment};
use serde_json::json;

#[tokio::test]
async fn the_demo_thread_is_served_with_pingbacks_nesting_and_the_badge() {
    let app = TestApp::spawn().await;
    let page = app.thread(&demo_key()).await;
    assert_eq!(page["thread"]["title"], "Why Social Media in Healthcare?");
    assert_eq!(page["thread"]["count"], 8);
    let comments = page["comments"].as_array().unwrap();
    let kinds: Vec<&str> = comments
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.iter().filter(|kind| **kind == "pingback").count(), 2);
    let reply = comments
        .iter()
        .find(|c| c["author"]["badge"] == "post_author")
        .unwrap();
    assert_eq!(reply["author"]["name"], "Liza Sisler");
    let parent = comments
        .iter()
        .find(|c| c["id"] == reply["parent_id"])
        .unwrap();
    assert_eq!(parent["author"]["name"], "Howard J Luks");
    assert_eq!(parent["reply_count"], 1);
}

#[tokio::test]
async fn seeding_again_stores_nothing_twice() {
    let app = TestApp::spawn().await;
    let storage = app.database.open().await.unwrap();
    let sites = confab_server::settings::Sites::single(Default::default());
    let site = sites.named(None).unwrap();
    let summary = confab_server::cli::seed::seed_demo_thread(storage.as_ref(), site, "key")
        .await
        .unwrap();
    assert_eq!((summary.comments, summary.already_present), (0, 8));
    assert_eq!(app.thread(&demo_key()).await["thread"]["count"], 8);
}

#[tokio::test]
async fn a_posted_comment_comes_back_as_stored_and_stays() {
    let app = TestApp::spawn().await;
    let (status, posted) = app.post(new_comment()).await;
    assert_eq!(status, 201, "{posted}");
    assert_eq!(posted["comment"]["author"]["name"], "Test Reader");
    assert_eq!(
        posted["comment"]["author"]["website"],
        "https://reader.example/"
    );
    assert_eq!(posted["edit_token"].as_str().unwrap().len(), 32);
    assert!(
        !posted.to_string().contains("reader@example.com"),
        "the email is never returned"
    );
    let body = &posted["comment"]["body"][0]["children"];
    assert_eq!(body[1]["type"], "emphasis");
    assert_eq!(body[3]["type"], "line_break");

    let page = app.thread(&demo_key()).await;
    assert_eq!(page["thread"]["count"], 9);
    let last = page["comments"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last, posted["comment"]);
    assert!(!page.to_string().contains("reader@example.com"));
}

#[tokio::test]
async fn a_reply_to_a_nested_comment_is_stored_under_it() {
    let app = TestApp::spawn().await;
    let page = app.thread(&demo_key()).await;
    let nested = page["comments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| !c["parent_id"].is_null())
        .unwrap()
        .clone();
    let mut reply = new_comment();
    reply["parent_id"] = nested["id"].clone();
    let (status, posted) = app.post(reply).await;
    assert_eq!(status, 201, "{posted}");
    assert_eq!(posted["comment"]["parent_id"], nested["id"]);
    let page = app.thread(&demo_key()).await;
    let stored = page["comments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == nested["id"])
        .unwrap()
        .clone();
    assert_eq!(stored["reply_count"], 1);
}

#[tokio::test]
async fn the_first_comment_creates_a_thread_with_its_title() {
    let app = TestApp::spawn_tuned(Default::default(), |site, _| {
        site.origins = vec!["https://blog.example".to_owned()]
    })
    .await;
    let empty = app.thread("/new-post/").await;
    assert_eq!(empty["thread"]["count"], 0);
    assert!(empty["thread"]["title"].is_null());
    let mut comment = new_comment();
    comment["thread"] = json!("/new-post/");
    comment["title"] = json!("A new post");
    comment["url"] = json!("https://blog.example/new-post/");
    assert_eq!(app.post(comment).await.0, 201);
    let page = app.thread("/new-post/").await;
    assert_eq!(page["thread"]["title"], "A new post");
    assert_eq!(page["thread"]["url"], "https://blog.example/new-post/");
    assert_eq!(page["thread"]["count"], 1);
}

#[tokio::test]
async fn a_script_may_name_only_an_address_on_the_site_and_a_page_only_its_own() {
    let app = TestApp::spawn_tuned(Default::default(), |site, _| {
        site.origins = vec!["https://blog.example".to_owned()]
    })
    .await;
    let mut comment = new_comment();
    comment["thread"] = json!("/claimed/");
    comment["url"] = json!("https://phishing.example/login");
    let (status, refused) = app.post(comment.clone()).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["error"]["code"], "url_not_on_site");
    let (status, refused) = app.post_from("https://blog.example", comment.clone()).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["error"]["code"], "url_not_on_origin");
    // A site with no origins of its own takes no address from a script at all.
    let bare = TestApp::spawn().await;
    comment["url"] = json!("https://blog.example/claimed/");
    let (status, _) = bare.post(comment).await;
    assert_eq!(status, 422);
    assert!(bare.thread("/claimed/").await["thread"]["url"].is_null());
}

#[tokio::test]
async fn files_of_the_static_directory_are_served_beside_the_api() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("embed.js"), "/* loader */").unwrap();
    let app = TestApp::spawn_with(confab_server::http::RouterSetup {
        static_dir: Some(dir.path().to_owned()),
        ..Default::default()
    })
    .await;
    let text = app
        .client
        .get(app.url("/embed.js"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(text, "/* loader */");
    assert_eq!(app.thread(&demo_key()).await["thread"]["count"], 8);
}

#[tokio::test]
async fn only_configured_origins_get_cors_headers() {
    let app = TestApp::spawn_tuned(Default::default(), |site, _| {
        site.origins = vec!["https://blog.example".into()]
    })
    .await;
    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, app.url("/api/v1/comments"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type")
            .send()
    };
    let allowed = preflight("https://blog.example").await.unwrap();
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://blog.example"
    );
    let other = preflight("https://evil.example").await.unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn posts_sent_together_are_committed_together_and_a_refused_one_harms_none() {
    let app = TestApp::spawn().await;
    let mut bodies: Vec<serde_json::Value> = (0..30).map(|_| new_comment()).collect();
    // The same text twice: one of the pair is a duplicate; a reply to nothing fails too.
    bodies[7]["body"] = bodies[3]["body"].clone();
    bodies[11]["parent_id"] = serde_json::json!(999_999_999);
    let url = app.url("/api/v1/comments");
    let posts: Vec<_> = bodies
        .into_iter()
        .map(|body| {
            let (client, url) = (app.client.clone(), url.clone());
            tokio::spawn(async move {
                let response = client.post(url).json(&body).send().await.unwrap();
                response.status().as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for post in posts {
        statuses.push(post.await.unwrap());
    }
    let created = statuses.iter().filter(|status| **status == 201).count();
    let refused: Vec<u16> = statuses
        .into_iter()
        .filter(|status| *status != 201)
        .collect();
    assert_eq!((created, refused), (28, vec![422, 422]));
    let thread = app.thread(&demo_key()).await;
    assert_eq!(thread["thread"]["count"], 8 + 28);
}
