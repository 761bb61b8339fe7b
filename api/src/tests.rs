//! Tests of the crate's root.

use super::*;

#[test]
fn a_new_comment_needs_only_thread_name_and_body() {
    let parsed: NewComment =
        serde_json::from_str(r#"{"thread":"/p","author_name":"Ann","body":"Hi"}"#).unwrap();
    assert_eq!(parsed.parent_id, None);
    assert_eq!(parsed.author_email, None);
    assert_eq!(parsed.body, "Hi");
}

#[test]
fn enums_travel_in_snake_case() {
    let json = serde_json::to_string(&(Badge::PostAuthor, CommentKind::Pingback)).unwrap();
    assert_eq!(json, r#"["post_author","pingback"]"#);
}

#[test]
fn an_error_body_has_code_message_and_field() {
    let body = ErrorBody {
        error: ErrorDetail {
            code: "required".into(),
            message: "Please write a comment.".into(),
            field: Some("body".into()),
        },
    };
    let json = serde_json::to_value(&body).unwrap();
    assert_eq!(json["error"]["field"], "body");
    assert_eq!(json["error"]["code"], "required");
}
