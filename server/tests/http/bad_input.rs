//! Hostile and broken input over real HTTP: a clear error in one shape, never a 500.

use crate::common::{TestApp, demo_key, new_comment};
use serde_json::{Value, json};

/// Asserts an error answer: its status, and the field and code it names.
fn assert_error(status: u16, body: &Value, expected_status: u16, field: Option<&str>, code: &str) {
    assert_eq!(status, expected_status, "{body}");
    assert_eq!(body["error"]["code"], code, "{body}");
    assert_eq!(body["error"]["field"].as_str(), field, "{body}");
    assert!(!body["error"]["message"].as_str().unwrap().is_empty());
}

fn with(field: &str, value: Value) -> Value {
    let mut comment = new_comment();
    comment[field] = value;
    comment
}

#[tokio::test]
async fn each_bad_field_is_refused_with_its_name_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let cases = [
        (with("body", json!("")), "body", "required"),
        (with("body", json!("   \n\n  ")), "body", "required"),
        (with("body", json!("x".repeat(10_001))), "body", "too_long"),
        (with("author_name", json!("")), "author_name", "required"),
        (
            with("author_name", json!("n".repeat(101))),
            "author_name",
            "too_long",
        ),
        (
            with("author_email", json!("not an email")),
            "author_email",
            "invalid_email",
        ),
        (
            with("author_website", json!("javascript:alert(1)")),
            "author_website",
            "invalid_url",
        ),
        (
            with("author_website", json!("www.example.com")),
            "author_website",
            "invalid_url",
        ),
        (with("thread", json!("")), "thread", "required"),
        (
            with("thread", json!("relative")),
            "thread",
            "invalid_thread",
        ),
        (
            with("url", json!("javascript:alert(1)")),
            "url",
            "invalid_url",
        ),
        (
            with("parent_id", json!(999_999)),
            "parent_id",
            "unknown_parent",
        ),
    ];
    for (comment, field, code) in cases {
        let (status, body) = app.post(comment).await;
        assert_error(status, &body, 422, Some(field), code);
    }
    assert_eq!(app.thread(&demo_key()).await["thread"]["count"], 8);
}

#[tokio::test]
async fn a_parent_in_another_thread_is_refused() {
    let app = TestApp::spawn().await;
    let (_, other) = app.post(with("thread", json!("/other/"))).await;
    let (status, body) = app
        .post(with("parent_id", other["comment"]["id"].clone()))
        .await;
    assert_error(status, &body, 422, Some("parent_id"), "unknown_parent");
}

#[tokio::test]
async fn missing_fields_and_wrong_types_are_named() {
    let app = TestApp::spawn().await;
    let (status, body) = app
        .post(json!({ "thread": demo_key(), "author_name": "A" }))
        .await;
    assert_error(status, &body, 400, Some("body"), "invalid_field");
    let (status, body) = app.post(with("parent_id", json!("seven"))).await;
    assert_error(status, &body, 400, Some("parent_id"), "invalid_field");
    let (status, body) = app.post(json!([1, 2, 3])).await;
    assert_eq!(status, 400, "{body}");
}

#[tokio::test]
async fn broken_json_wrong_media_type_and_huge_bodies_are_refused() {
    let app = TestApp::spawn().await;
    let send = |content_type: &'static str, body: Vec<u8>| {
        app.client
            .post(app.url("/api/v1/comments"))
            .header("Content-Type", content_type)
            .body(body)
            .send()
    };
    let broken = send("application/json", b"{\"thread\": ".to_vec())
        .await
        .unwrap();
    let status = broken.status().as_u16();
    assert_error(
        status,
        &broken.json().await.unwrap(),
        400,
        None,
        "invalid_json",
    );

    let form = send("application/x-www-form-urlencoded", b"body=hi".to_vec())
        .await
        .unwrap();
    let status = form.status().as_u16();
    assert_error(
        status,
        &form.json().await.unwrap(),
        415,
        None,
        "unsupported_media_type",
    );

    let huge = send("application/json", vec![b' '; 1024 * 1024])
        .await
        .unwrap();
    let status = huge.status().as_u16();
    assert_error(status, &huge.json().await.unwrap(), 413, None, "too_large");

    let binary = send("application/json", vec![0xff, 0xfe, 0x00, 0x01])
        .await
        .unwrap();
    assert_eq!(binary.status(), 400);
}

#[tokio::test]
async fn bad_queries_unknown_paths_and_methods_get_json_errors() {
    let app = TestApp::spawn().await;
    let get = |path: &str| app.client.get(app.url(path)).send();

    let missing = get("/api/v1/comments").await.unwrap();
    let status = missing.status().as_u16();
    assert_error(
        status,
        &missing.json().await.unwrap(),
        422,
        Some("thread"),
        "required",
    );

    let control = get("/api/v1/comments?thread=/a%00b").await.unwrap();
    let status = control.status().as_u16();
    assert_error(
        status,
        &control.json().await.unwrap(),
        422,
        Some("thread"),
        "invalid_thread",
    );

    let unknown = get("/api/v1/nothing-here").await.unwrap();
    let status = unknown.status().as_u16();
    assert_error(
        status,
        &unknown.json().await.unwrap(),
        404,
        None,
        "not_found",
    );

    let delete = app
        .client
        .delete(app.url("/api/v1/comments"))
        .send()
        .await
        .unwrap();
    let status = delete.status().as_u16();
    assert_error(
        status,
        &delete.json().await.unwrap(),
        405,
        None,
        "method_not_allowed",
    );
}

#[tokio::test]
async fn hostile_names_and_bodies_are_stored_as_text() {
    let app = TestApp::spawn().await;
    let mut comment = new_comment();
    comment["author_name"] = json!("<img src=x onerror=alert(1)>\u{202E}");
    comment["body"] = json!("<script>alert(1)</script>\n\nSee [x](javascript:alert(1))");
    let (status, posted) = app.post(comment).await;
    assert_eq!(status, 201, "{posted}");
    assert_eq!(
        posted["comment"]["author"]["name"],
        "<img src=x onerror=alert(1)>"
    );
    let body = &posted["comment"]["body"];
    assert_eq!(
        body[0]["children"],
        json!([{"type": "text", "text": "<script>alert(1)</script>"}])
    );
    assert_eq!(
        body[1]["children"],
        json!([{"type": "text", "text": "See x"}])
    );
}

#[tokio::test]
async fn deeply_nested_markdown_is_flattened_or_refused_and_the_thread_stays_readable() {
    let app = TestApp::spawn().await;
    for body in [
        format!("{}deep", "> ".repeat(3000)),
        format!("{}deep", "* ".repeat(3000)),
        format!("{}deep{}", "*_".repeat(2000), "_*".repeat(2000)),
        format!(
            "{}deep{}",
            "[".repeat(3000),
            "](https://a.example)".repeat(3000)
        ),
        format!("{}deep", "1. > - ".repeat(1400)),
    ] {
        let mut comment = new_comment();
        comment["body"] = json!(body);
        let (status, answer) = app.post(comment).await;
        assert!(status == 201 || status == 422, "{status}: {answer}");
        let response = app
            .client
            .get(app.url("/api/v1/comments"))
            .query(&[("thread", demo_key().as_str()), ("sort", "newest")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "the thread must stay readable");
        let preview = app
            .send(
                reqwest::Method::POST,
                "/api/v1/preview",
                None,
                Some(json!({"body": body})),
            )
            .await;
        assert!(
            preview.0 == 200 || preview.0 == 422,
            "preview: {}",
            preview.0
        );
    }
}
