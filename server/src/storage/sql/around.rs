//! The page around one comment (a link to it): the page of its top-level ancestor, with
//! every reply on the way down to it and the first of its own replies.

use super::Conn;
use super::pages::{LISTED_ROOTS, children, forward, preview, root_from, visible_comments};
use super::rows::CommentRow;
use crate::storage::cursor::{Cursor, sort_sql};
use crate::storage::{PageRequest, StorageError};
use confab_api::{self as wire, CommentId, Sort};
use std::collections::HashSet;

/// The page holding comment `id` (pages counted from the start of the sort order), with
/// every reply on the way down to it.
pub(super) async fn around(
    conn: &mut Conn,
    thread_id: i64,
    request: &PageRequest,
    id: CommentId,
) -> Result<(Vec<wire::Comment>, Option<String>, Option<String>), StorageError> {
    let Some(chain) = ancestry(conn, thread_id, id).await? else {
        return forward(conn, thread_id, request, None).await;
    };
    let root = chain[0];
    let rank = rank_of(conn, thread_id, request, root).await?;
    let page_start = rank - rank % request.limit;
    let mut start = nth_cursor(conn, thread_id, request, page_start).await?;
    let (mut out, mut next, _) = forward(conn, thread_id, request, start).await?;
    if !out.iter().any(|comment| comment.id == root) {
        start = nth_cursor(conn, thread_id, request, rank).await?;
        (out, next, _) = forward(conn, thread_id, request, start).await?;
    }
    let prev = match start {
        Some(_) => out.first().map(|first| first.id),
        None => None,
    };
    let prev = match prev {
        Some(first) => top_level_cursor(conn, thread_id, first, request.sort).await?,
        None => None,
    };
    let mut seen: HashSet<CommentId> = out.iter().map(|comment| comment.id).collect();
    for pair in chain.windows(2) {
        for child in children(conn, pair[0], None, Some(pair[1]), usize::MAX).await? {
            if seen.insert(child.id) {
                out.push(child);
            }
        }
    }
    if let Some(target) = out.iter().find(|comment| comment.id == id).cloned() {
        let mut replies = Vec::new();
        preview(conn, &target, &mut replies).await?;
        out.extend(replies.into_iter().filter(|reply| seen.insert(reply.id)));
    }
    Ok((out, next, prev))
}

/// The ids from the top-level ancestor down to visible comment `id` of `thread_id`.
async fn ancestry(
    conn: &mut Conn,
    thread_id: i64,
    id: CommentId,
) -> Result<Option<Vec<CommentId>>, StorageError> {
    let mut chain = vec![id];
    let mut current = id;
    loop {
        let row: Option<(i64, Option<i64>, String)> =
            sqlx::query_as("SELECT thread_id, parent_id, status FROM comments WHERE id = $1")
                .bind(current)
                .fetch_optional(&mut *conn)
                .await?;
        let Some((thread, parent, status)) = row else {
            return Ok(None);
        };
        if thread != thread_id || !matches!(status.as_str(), "published" | "deleted") {
            return Ok(None);
        }
        match parent {
            Some(parent) if chain.len() <= confab_api::limits::MAX_DEPTH as usize + 1 => {
                chain.push(parent);
                current = parent;
            }
            _ => break,
        }
    }
    chain.reverse();
    Ok(Some(chain))
}

/// The cursor of top-level comment `id`.
async fn top_level_cursor(
    conn: &mut Conn,
    thread_id: i64,
    id: CommentId,
    sort: Sort,
) -> Result<Option<String>, StorageError> {
    let query = format!(
        "SELECT * FROM ({}) AS visible WHERE id = $2",
        visible_comments(&format!("thread_id = $1 AND {LISTED_ROOTS}"))
    );
    let row: Option<CommentRow> = sqlx::query_as(&query)
        .bind(thread_id)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row
        .map(root_from)
        .transpose()?
        .map(|root| root.cursor(sort).encode()))
}

/// How many top-level comments come before top-level comment `id` in the request's order.
async fn rank_of(
    conn: &mut Conn,
    thread_id: i64,
    request: &PageRequest,
    id: CommentId,
) -> Result<usize, StorageError> {
    let Some(cursor) = top_level_cursor(conn, thread_id, id, request.sort).await? else {
        return Ok(0);
    };
    let cursor = Cursor::decode(&cursor).expect("cursors made here decode");
    let query = format!(
        "SELECT COUNT(*) FROM ({}) AS visible WHERE {}",
        visible_comments(&format!("thread_id = $4 AND {LISTED_ROOTS}")),
        sort_sql(request.sort).before
    );
    let count: i64 = sqlx::query_scalar(&query)
        .bind(cursor.rank)
        .bind(cursor.created_at)
        .bind(cursor.id)
        .bind(thread_id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(usize::try_from(count).unwrap_or(0))
}

/// The cursor a page starting at position `start` continues from (`None`: the start).
async fn nth_cursor(
    conn: &mut Conn,
    thread_id: i64,
    request: &PageRequest,
    start: usize,
) -> Result<Option<Cursor>, StorageError> {
    if start == 0 {
        return Ok(None);
    }
    let query = format!(
        "SELECT * FROM ({}) AS visible ORDER BY {} LIMIT 1 OFFSET $2",
        visible_comments(&format!("thread_id = $1 AND {LISTED_ROOTS}")),
        sort_sql(request.sort).order
    );
    let row: Option<CommentRow> = sqlx::query_as(&query)
        .bind(thread_id)
        .bind(i64::try_from(start - 1).unwrap_or(0))
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row
        .map(root_from)
        .transpose()?
        .map(|root| root.cursor(request.sort)))
}
