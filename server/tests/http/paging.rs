//! Reading big threads in pages: every comment reachable exactly once, cursors at the
//! edges, pages around a comment, sort orders, the byte budget, ETags and counts.

use crate::common::TestApp;
use confab_api::{CommentKind, CommentStatus};
use confab_server::storage::{CommentToStore, SeedComment, ThreadToStore};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

pub const THREAD: &str = "/big/";

/// Stores `shape` as thread `/big/`: each entry is the index of its parent (or `None`).
pub async fn fill(app: &TestApp, shape: &[Option<usize>], body: impl Fn(usize) -> String) {
    let comments = shape
        .iter()
        .enumerate()
        .map(|(index, parent)| SeedComment {
            parent_index: *parent,
            comment: CommentToStore {
                thread: ThreadToStore {
                    key: THREAD.into(),
                    title: Some("Big".into()),
                    url: None,
                },
                parent_id: None,
                kind: CommentKind::Comment,
                status: CommentStatus::Published,
                author_name: format!("Author {}", index % 17),
                author_email: None,
                author_website: None,
                avatar_seed: "seed".into(),
                badge: None,
                body_markdown: body(index),
                body: confab_api::markdown::to_blocks(&body(index)),
                edit_token_hash: None,
                client_address: None,
                author_identity: None,
                author_voter: None,
                up_votes: 0,
                down_votes: 0,
                reactions: Default::default(),
                notify_replies: false,
                lang: None,
                created_at: 1_300_000_000_000 + i64::try_from(index).unwrap() * 1000,
            },
        })
        .collect();
    assert!(app.storage.seed_once("test:big", comments).await.unwrap());
}

/// A thread of `roots` top-level comments, each with a chain and a fan of replies.
pub fn shape(roots: usize) -> Vec<Option<usize>> {
    let mut shape = Vec::new();
    for root in 0..roots {
        let root_index = shape.len();
        shape.push(None);
        let mut parent = root_index;
        for _ in 0..root % 4 {
            shape.push(Some(parent));
            parent = shape.len() - 1;
        }
        for _ in 0..(root % 7) * 3 {
            shape.push(Some(root_index));
        }
    }
    shape
}

pub async fn get(app: &TestApp, path_and_query: &str) -> (u16, Value) {
    let response = app
        .client
        .get(app.url(path_and_query))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

pub async fn page(app: &TestApp, query: &str) -> Value {
    let (status, body) = get(app, &format!("/api/v1/comments?thread={THREAD}&{query}")).await;
    assert_eq!(status, 200, "{body}");
    body
}

/// Loads the whole thread as a reader would: pages, then "more replies" wherever a
/// comment has more replies than loaded. Returns every id in the order received.
pub async fn read_everything(app: &TestApp, limit: usize) -> Vec<i64> {
    let mut received = Vec::new();
    let mut pending: Vec<Value> = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let query = match &cursor {
            Some(cursor) => format!("limit={limit}&cursor={cursor}"),
            None => format!("limit={limit}"),
        };
        let body = page(app, &query).await;
        pending.extend(body["comments"].as_array().unwrap().iter().cloned());
        match body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    let mut children: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut reply_counts: HashMap<i64, u64> = HashMap::new();
    while let Some(comment) = pending.pop() {
        let id = comment["id"].as_i64().unwrap();
        received.push(id);
        reply_counts.insert(id, comment["reply_count"].as_u64().unwrap());
        if let Some(parent) = comment["parent_id"].as_i64() {
            children.entry(parent).or_default().push(id);
        }
    }
    let mut incomplete: Vec<i64> = reply_counts.keys().copied().collect();
    while let Some(parent) = incomplete.pop() {
        let loaded = children.get(&parent).map_or(0, Vec::len) as u64;
        if loaded >= reply_counts[&parent] {
            continue;
        }
        let after = children[&parent].iter().max().copied();
        let path = match after {
            Some(after) => format!("/api/v1/comments/{parent}/replies?after={after}"),
            None => format!("/api/v1/comments/{parent}/replies"),
        };
        let (status, body) = get(app, &path).await;
        assert_eq!(status, 200, "{body}");
        for comment in body["comments"].as_array().unwrap() {
            let id = comment["id"].as_i64().unwrap();
            received.push(id);
            reply_counts.insert(id, comment["reply_count"].as_u64().unwrap());
            children
                .entry(comment["parent_id"].as_i64().unwrap())
                .or_default()
                .push(id);
            incomplete.push(id);
        }
        incomplete.push(parent);
    }
    received
}

#[tokio::test]
async fn every_comment_is_reachable_exactly_once() {
    let app = TestApp::spawn().await;
    let shape = shape(60);
    fill(&app, &shape, |index| format!("Comment number {index}")).await;
    let received = read_everything(&app, 7).await;
    let unique: HashSet<i64> = received.iter().copied().collect();
    assert_eq!(unique.len(), received.len(), "no comment comes twice");
    assert_eq!(received.len(), shape.len(), "every comment comes");
    let first = page(&app, "limit=7").await;
    assert_eq!(first["thread"]["count"], shape.len());
}

#[tokio::test]
async fn an_empty_thread_and_the_last_page_have_no_next_cursor() {
    let app = TestApp::spawn().await;
    let empty = page(&app, "").await;
    assert_eq!(empty["comments"], serde_json::json!([]));
    assert!(empty["next_cursor"].is_null());

    fill(&app, &shape(5), |index| format!("c{index}")).await;
    let all = page(&app, "limit=5").await;
    assert!(all["next_cursor"].is_null());
    let first = page(&app, "limit=4").await;
    let last = page(
        &app,
        &format!("limit=4&cursor={}", first["next_cursor"].as_str().unwrap()),
    )
    .await;
    assert!(last["next_cursor"].is_null());
    let roots = |body: &Value| {
        body["comments"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["parent_id"].is_null())
            .count()
    };
    assert_eq!((roots(&first), roots(&last)), (4, 1));
}

#[tokio::test]
async fn pages_stay_stable_when_comments_come_and_go_between_them() {
    let app = TestApp::spawn().await;
    let roots: Vec<Option<usize>> = vec![None; 12];
    fill(&app, &roots, |index| format!("root {index}")).await;
    let first = page(&app, "limit=5").await;
    let ids = |body: &Value| -> Vec<i64> {
        body["comments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect()
    };
    let first_ids = ids(&first);

    let second_before = page(
        &app,
        &format!("limit=5&cursor={}", first["next_cursor"].as_str().unwrap()),
    )
    .await;
    let deleted = ids(&second_before)[0];
    app.storage.delete_comment(deleted).await.unwrap();
    let (status, _) = app
        .post(serde_json::json!({ "thread": THREAD, "author_name": "Late", "body": "New one" }))
        .await;
    assert_eq!(status, 201);

    let mut seen: Vec<i64> = first_ids.clone();
    let mut cursor = first["next_cursor"].as_str().map(str::to_owned);
    while let Some(next) = cursor {
        let body = page(&app, &format!("limit=5&cursor={next}")).await;
        seen.extend(ids(&body));
        cursor = body["next_cursor"].as_str().map(str::to_owned);
    }
    let unique: HashSet<i64> = seen.iter().copied().collect();
    assert_eq!(unique.len(), seen.len(), "nothing twice");
    assert!(!seen.contains(&deleted), "the deleted comment is gone");
    assert_eq!(
        seen.len(),
        12 - 1 + 1,
        "every other comment, and the new one at the end"
    );
}

#[tokio::test]
async fn sort_orders_newest_and_most_replies() {
    let app = TestApp::spawn().await;
    fill(
        &app,
        &[None, None, Some(1), Some(1), None, Some(4)],
        |index| format!("c{index}"),
    )
    .await;
    let roots = |body: &Value| -> Vec<String> {
        body["comments"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["parent_id"].is_null())
            .map(|c| c["author"]["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        roots(&page(&app, "sort=oldest").await),
        ["Author 0", "Author 1", "Author 4"]
    );
    assert_eq!(
        roots(&page(&app, "sort=newest").await),
        ["Author 4", "Author 1", "Author 0"]
    );
    assert_eq!(
        roots(&page(&app, "sort=replies").await),
        ["Author 1", "Author 4", "Author 0"]
    );
    let first = page(&app, "sort=replies&limit=1").await;
    let second = page(
        &app,
        &format!(
            "sort=replies&limit=1&cursor={}",
            first["next_cursor"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(roots(&second), ["Author 4"]);
}

#[tokio::test]
async fn a_page_around_a_deep_comment_holds_it_and_its_ancestors() {
    let app = TestApp::spawn().await;
    let mut shape: Vec<Option<usize>> = vec![None; 45];
    let mut parent = 37;
    for _ in 0..12 {
        shape.push(Some(parent));
        parent = shape.len() - 1;
    }
    fill(&app, &shape, |index| format!("c{index}")).await;
    let everything = page(&app, "limit=100").await;
    let all: Vec<Value> = everything["comments"].as_array().unwrap().clone();
    let root_ids: Vec<i64> = all
        .iter()
        .filter(|c| c["parent_id"].is_null())
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    let chain: Vec<i64> = (1..=12).map(|step| root_ids[44] + step).collect();
    let deepest = chain[11];

    let around = page(&app, &format!("limit=10&around={deepest}")).await;
    let ids: HashSet<i64> = around["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert!(ids.contains(&deepest), "the comment itself");
    assert!(ids.contains(&root_ids[37]), "its top-level ancestor");
    assert!(
        chain.iter().all(|id| ids.contains(id)),
        "every reply on the way down"
    );
    assert!(
        ids.contains(&root_ids[30]) && ids.contains(&root_ids[39]),
        "the page 30–39"
    );
    assert!(!ids.contains(&root_ids[29]) && !ids.contains(&root_ids[40]));

    let before = page(
        &app,
        &format!(
            "limit=10&before={}",
            around["prev_cursor"].as_str().unwrap()
        ),
    )
    .await;
    let before_roots: Vec<i64> = before["comments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["parent_id"].is_null())
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(before_roots, root_ids[20..30].to_vec());
    let after = page(
        &app,
        &format!(
            "limit=10&cursor={}",
            around["next_cursor"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(after["comments"][0]["id"].as_i64(), Some(root_ids[40]));

    let unknown = page(&app, "limit=10&around=999999").await;
    assert_eq!(
        unknown["comments"][0]["id"].as_i64(),
        Some(root_ids[0]),
        "an unknown comment opens the first page"
    );
}

#[tokio::test]
async fn the_first_answer_stays_under_64_kb_even_with_long_comments() {
    let app = TestApp::spawn().await;
    fill(&app, &shape(40), |index| {
        format!("{index} {}", "long words ".repeat(900))
    })
    .await;
    let response = app
        .client
        .get(app.url(&format!("/api/v1/comments?thread={THREAD}")))
        .send()
        .await
        .unwrap();
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.len() < 64 * 1024, "{} bytes", bytes.len());
    let body: Value = serde_json::from_slice(&bytes).unwrap();
    assert!(body["next_cursor"].is_string());
    assert_eq!(read_everything(&app, 20).await.len(), shape(40).len());
}

#[tokio::test]
async fn an_unchanged_thread_answers_304_to_its_etag() {
    let app = TestApp::spawn().await;
    let url = app.url("/api/v1/comments?thread=/why-social-media-in-healthcare/");
    let first = app.client.get(&url).send().await.unwrap();
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    let again = app
        .client
        .get(&url)
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    app.post(crate::common::new_comment()).await;
    let changed = app
        .client
        .get(&url)
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
}

#[tokio::test]
async fn counts_come_for_many_threads_in_one_request() {
    let app = TestApp::spawn().await;
    let (status, body) = get(
        &app,
        "/api/v1/counts?thread=/why-social-media-in-healthcare/&thread=/nothing/",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["counts"]["/why-social-media-in-healthcare/"], 8);
    assert_eq!(body["counts"]["/nothing/"], 0);
    let (status, body) = get(&app, "/api/v1/counts").await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (422, Some("thread"))
    );
}

#[tokio::test]
async fn bad_cursors_limits_and_parents_are_refused_clearly() {
    let app = TestApp::spawn().await;
    for (query, field) in [
        ("cursor=nope", "cursor"),
        ("before=1.2", "before"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
    ] {
        let (status, body) = get(&app, &format!("/api/v1/comments?thread={THREAD}&{query}")).await;
        assert_eq!(
            (status, body["error"]["field"].as_str()),
            (400, Some(field)),
            "{query}: {body}"
        );
    }
    let (status, body) = get(&app, "/api/v1/comments?thread=/x/&sort=sideways").await;
    assert_eq!(status, 400, "{body}");
    let (status, _) = get(&app, "/api/v1/comments/999999/replies").await;
    assert_eq!(status, 404);
}
