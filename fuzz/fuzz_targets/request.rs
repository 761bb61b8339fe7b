//! Request decoding: any bytes as a new comment's JSON, and any text as a cursor, a thread
//! key or an idempotency key, are accepted or refused without a panic; what is accepted
//! is within the limits.
#![no_main]

use confab_api::NewComment;
use confab_api::limits::{MAX_BODY_CHARS, MAX_NAME_CHARS, char_count};
use confab_server::storage::cursor::Cursor;
use confab_server::validate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(input) = serde_json::from_slice::<NewComment>(data) {
        if let Ok(valid) = validate::new_comment(input) {
            assert!(char_count(&valid.author_name) <= MAX_NAME_CHARS);
            assert!(!valid.author_name.trim().is_empty());
            assert!(char_count(&valid.body_markdown) <= MAX_BODY_CHARS);
            assert!(valid.thread.starts_with('/'));
        }
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(cursor) = Cursor::decode(text) {
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
    }
    if let Ok(key) = validate::stored_thread_key(text) {
        assert_eq!(validate::stored_thread_key(&key).ok(), Some(key));
    }
    let _ = validate::idempotency_key(text);
    let _ = validate::page_url_origin(Some(text), Some("https://blog.example"));
});
