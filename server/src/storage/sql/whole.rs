//! A whole thread in one answer (`limit=all`): every visible comment read in one query and
//! put in order here — top-level comments in the chosen order, each followed by all its
//! replies, oldest first, depth first.

use super::Conn;
use super::rows::{COMMENT_COLUMNS, CommentRow};
use crate::storage::StorageError;
use confab_api::{self as wire, CommentId, Sort};
use std::collections::HashMap;

/// Every visible comment of `thread_id`, parents before their replies.
pub async fn comments(
    conn: &mut Conn,
    thread_id: i64,
    sort: Sort,
) -> Result<Vec<wire::Comment>, StorageError> {
    let rows: Vec<CommentRow> = sqlx::query_as(&format!(
        "SELECT {COMMENT_COLUMNS} FROM comments \
         WHERE thread_id = $1 AND status IN ('published', 'deleted') ORDER BY created_at, id"
    ))
    .bind(thread_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut replies: HashMap<CommentId, Vec<usize>> = HashMap::new();
    let mut roots = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        match row.parent_id {
            Some(parent) => replies.entry(parent).or_default().push(index),
            None => roots.push(index),
        }
    }
    let reply_count = |row: &CommentRow| {
        replies
            .get(&row.id)
            .map_or(0, |replies| replies.len() as u32)
    };
    match sort {
        Sort::Oldest => {}
        Sort::Newest => roots.reverse(),
        // Most replies first; among equals, oldest first (as the paged order).
        Sort::Replies => roots.sort_by_key(|&index| std::cmp::Reverse(reply_count(&rows[index]))),
        // The best voted first, by the rank stored with the votes; equals oldest first.
        Sort::Best => roots.sort_by_key(|&index| std::cmp::Reverse(rows[index].score_rank)),
    }
    // Pinned comments first (the first pinned first), as the first page shows them.
    let pinned_at = |index: &usize| {
        let row = &rows[*index];
        (row.status == "published")
            .then_some(row.pinned_at)
            .flatten()
    };
    let mut pinned: Vec<usize> = roots
        .iter()
        .copied()
        .filter(|index| pinned_at(index).is_some())
        .collect();
    pinned.sort_by_key(|index| (pinned_at(index), rows[*index].id));
    pinned.truncate(crate::storage::MAX_PINNED);
    roots.retain(|index| !pinned.contains(index));
    let roots: Vec<usize> = pinned.into_iter().chain(roots).collect();
    let mut order = Vec::with_capacity(rows.len());
    let mut stack: Vec<usize> = roots.into_iter().rev().collect();
    while let Some(index) = stack.pop() {
        order.push(index);
        if let Some(children) = replies.get(&rows[index].id) {
            stack.extend(children.iter().rev());
        }
    }
    let counts: Vec<u32> = order
        .iter()
        .map(|&index| reply_count(&rows[index]))
        .collect();
    let mut rows: Vec<Option<CommentRow>> = rows.into_iter().map(Some).collect();
    order
        .into_iter()
        .zip(counts)
        .filter_map(|(index, count)| rows[index].take().map(|row| row.into_wire(count)))
        .collect()
}
