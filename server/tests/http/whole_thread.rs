//! `limit=all`: a whole thread in one answer, the same comments paging reaches, parents
//! before replies, and a clear refusal for threads too big to send at once.

use crate::common::TestApp;
use crate::paging::{THREAD, fill, get, page, read_everything, shape};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

fn ids(comments: &[Value]) -> Vec<i64> {
    comments.iter().map(|c| c["id"].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn the_whole_thread_holds_every_comment_once_under_its_parent() {
    let app = TestApp::spawn().await;
    fill(&app, &shape(40), |index| format!("Comment {index}")).await;
    let whole = page(&app, "limit=all").await;
    assert!(whole["next_cursor"].is_null() && whole["prev_cursor"].is_null());
    let comments = whole["comments"].as_array().unwrap();
    let mut paged = read_everything(&app, 7).await;
    let mut all = ids(comments);
    assert_eq!(
        all.len(),
        whole["thread"]["count"].as_u64().unwrap() as usize
    );
    paged.sort_unstable();
    all.sort_unstable();
    assert_eq!(all, paged, "the same comments as paging reaches");

    let mut seen = HashSet::new();
    let mut children: HashMap<i64, u64> = HashMap::new();
    for comment in comments {
        if let Some(parent) = comment["parent_id"].as_i64() {
            assert!(seen.contains(&parent), "a parent comes before its replies");
            *children.entry(parent).or_default() += 1;
        }
        seen.insert(comment["id"].as_i64().unwrap());
    }
    for comment in comments {
        let id = comment["id"].as_i64().unwrap();
        assert_eq!(
            comment["reply_count"].as_u64().unwrap(),
            children.get(&id).copied().unwrap_or(0),
            "every reply of {id} is there"
        );
    }
}

#[tokio::test]
async fn top_level_comments_keep_the_order_of_pages_in_every_sort() {
    let app = TestApp::spawn().await;
    fill(&app, &shape(30), |index| format!("Comment {index}")).await;
    for sort in ["oldest", "newest", "replies"] {
        let roots = |body: &Value| -> Vec<i64> {
            ids(body["comments"].as_array().unwrap())
                .into_iter()
                .zip(body["comments"].as_array().unwrap())
                .filter(|(_, comment)| comment["parent_id"].is_null())
                .map(|(id, _)| id)
                .collect()
        };
        let whole = page(&app, &format!("limit=all&sort={sort}")).await;
        let paged = page(&app, &format!("limit=100&sort={sort}")).await;
        // The first page stops at its byte budget; the whole thread goes on in the same order.
        let (whole, paged) = (roots(&whole), roots(&paged));
        assert!(
            paged.len() > 10 && whole.starts_with(&paged),
            "{sort}: {whole:?} {paged:?}"
        );
        assert_eq!(whole.len(), 30);
    }
}

#[tokio::test]
async fn limit_all_takes_no_cursor_and_refuses_threads_too_big_to_send_at_once() {
    let app = TestApp::spawn().await;
    let thread = format!("/api/v1/comments?thread={THREAD}");
    for query in [
        "limit=all&cursor=1.2.3",
        "limit=all&around=5",
        "limit=everything",
    ] {
        let (status, body) = get(&app, &format!("{thread}&{query}")).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (400, Some("invalid_limit")),
            "{query}"
        );
    }
    let too_many = vec![None; confab_api::limits::MAX_WHOLE_THREAD + 1];
    fill(&app, &too_many, |index| format!("C{index}")).await;
    let (status, body) = get(&app, &format!("{thread}&limit=all")).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "too_big_to_read_whole");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("10001 comments")
    );
}
