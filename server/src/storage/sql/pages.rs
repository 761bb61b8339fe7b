//! Reading a thread in pages: top-level comments by cursor in the chosen order, each with
//! the first of its replies, within a byte budget; more replies of one comment. Replies
//! always come oldest first, as a contiguous prefix per parent, so "the replies after the
//! last one loaded" is always the right next request. Pinned comments stand apart: the
//! first page starts with them, and no order lists them again.

use super::Conn;
use super::rows::{COMMENT_COLUMNS, CommentRow};
use crate::storage::cursor::{Cursor, sort_sql};
use crate::storage::{MAX_PINNED, PageRequest, StorageError};
use confab_api::limits::{PAGE_BYTE_BUDGET, REPLY_PREVIEW};
use confab_api::{self as wire, CommentId, Sort};

/// Top-level comments as the sort orders list them: all but the pinned ones (a pinned
/// comment deleted since is listed where it stood).
pub(super) const LISTED_ROOTS: &str =
    "parent_id IS NULL AND (pinned_at IS NULL OR status <> 'published')";

/// Visible comments with their visible-reply counts (a derived table named `c`).
pub(super) fn visible_comments(extra_condition: &str) -> String {
    format!(
        "SELECT {COMMENT_COLUMNS}, \
         (SELECT COUNT(*) FROM comments r WHERE r.parent_id = comments.id \
          AND r.status IN ('published', 'deleted')) AS reply_count \
         FROM comments WHERE status IN ('published', 'deleted') AND {extra_condition}"
    )
}

/// One top-level comment as read, with what its cursor needs.
pub(super) struct Root {
    comment: wire::Comment,
    created_at: i64,
    score_rank: i64,
}

impl Root {
    /// Where this comment stands in `sort`.
    pub(super) fn cursor(&self, sort: Sort) -> Cursor {
        let rank = match sort {
            Sort::Best => self.score_rank,
            _ => i64::from(self.comment.reply_count),
        };
        Cursor {
            rank,
            created_at: self.created_at,
            id: self.comment.id,
        }
    }
}

pub(super) fn root_from(row: CommentRow) -> Result<Root, StorageError> {
    let (created_at, score_rank) = (row.created_at, row.score_rank);
    let reply_count = u32::try_from(row.reply_count).unwrap_or(0);
    Ok(Root {
        comment: row.into_wire(reply_count)?,
        created_at,
        score_rank,
    })
}

/// Top-level comments of `thread_id` on one side of `cursor` (or from the start).
pub(super) async fn top_level(
    conn: &mut Conn,
    thread_id: i64,
    request: &PageRequest,
    cursor: Option<(Cursor, bool)>,
    limit: usize,
) -> Result<Vec<Root>, StorageError> {
    let sql = sort_sql(request.sort);
    let (condition, order) = match cursor {
        None => ("TRUE", sql.order),
        Some((_, true)) => (sql.after, sql.order),
        Some((_, false)) => (sql.before, sql.reverse_order),
    };
    let query = format!(
        "SELECT * FROM ({}) AS visible WHERE {condition} ORDER BY {order} LIMIT $5",
        visible_comments(&format!("thread_id = $4 AND {LISTED_ROOTS}"))
    );
    let at = cursor.map(|(cursor, _)| cursor).unwrap_or(Cursor {
        rank: 0,
        created_at: 0,
        id: 0,
    });
    let rows: Vec<CommentRow> = sqlx::query_as(&query)
        .bind(at.rank)
        .bind(at.created_at)
        .bind(at.id)
        .bind(thread_id)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter().map(root_from).collect()
}

/// Direct replies of `parent`, oldest first, after `after` (exclusive) or up to `until`
/// (inclusive), at most `limit`.
pub(super) async fn children(
    conn: &mut Conn,
    parent: CommentId,
    after: Option<CommentId>,
    until: Option<CommentId>,
    limit: usize,
) -> Result<Vec<wire::Comment>, StorageError> {
    let query = format!(
        "{} ORDER BY created_at, id LIMIT $4",
        visible_comments(
            "parent_id = $1 \
             AND ($2 IS NULL OR (created_at, id) > \
                  (SELECT created_at, id FROM comments WHERE id = $2)) \
             AND ($3 IS NULL OR (created_at, id) <= \
                  (SELECT created_at, id FROM comments WHERE id = $3))"
        )
    );
    let rows: Vec<CommentRow> = sqlx::query_as(&query)
        .bind(parent)
        .bind(after)
        .bind(until)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter()
        .map(|row| {
            let reply_count = u32::try_from(row.reply_count).unwrap_or(0);
            row.into_wire(reply_count)
        })
        .collect()
}

/// Appends to `out` the first [`REPLY_PREVIEW`] replies under `root`, depth first.
pub(super) async fn preview(
    conn: &mut Conn,
    root: &wire::Comment,
    out: &mut Vec<wire::Comment>,
) -> Result<(), StorageError> {
    let mut remaining = REPLY_PREVIEW;
    if root.reply_count == 0 {
        return Ok(());
    }
    let mut stack = vec![
        children(conn, root.id, None, None, remaining)
            .await?
            .into_iter(),
    ];
    while remaining > 0 {
        let Some(level) = stack.last_mut() else {
            break;
        };
        let Some(child) = level.next() else {
            stack.pop();
            continue;
        };
        remaining -= 1;
        let (id, has_replies) = (child.id, child.reply_count > 0);
        out.push(child);
        if has_replies && remaining > 0 {
            stack.push(children(conn, id, None, None, remaining).await?.into_iter());
        }
    }
    Ok(())
}

/// Each root with its preview, in order, until the byte budget is spent (at least one
/// root always fits). Returns the comments and how many roots made it.
pub(super) async fn with_previews(
    conn: &mut Conn,
    roots: &[wire::Comment],
) -> Result<(Vec<wire::Comment>, usize), StorageError> {
    let (mut out, mut bytes, mut used) = (Vec::new(), 0, 0);
    for root in roots {
        let mut group = vec![root.clone()];
        preview(conn, root, &mut group).await?;
        let size = serde_json::to_vec(&group).map_or(0, |json| json.len());
        if used > 0 && bytes + size > PAGE_BYTE_BUDGET {
            break;
        }
        bytes += size;
        used += 1;
        out.extend(group);
    }
    Ok((out, used))
}

pub(super) async fn forward(
    conn: &mut Conn,
    thread_id: i64,
    request: &PageRequest,
    after: Option<Cursor>,
) -> Result<(Vec<wire::Comment>, Option<String>, Option<String>), StorageError> {
    let mut out = match after {
        None => pinned(conn, thread_id).await?,
        Some(_) => Vec::new(),
    };
    let cursor = after.map(|cursor| (cursor, true));
    let mut roots = top_level(conn, thread_id, request, cursor, request.limit + 1).await?;
    let more = roots.len() > request.limit;
    roots.truncate(request.limit);
    let comments: Vec<wire::Comment> = roots.iter().map(|root| root.comment.clone()).collect();
    let (listed, used) = with_previews(conn, &comments).await?;
    out.extend(listed);
    let next = (more || used < roots.len()).then(|| roots[used - 1].cursor(request.sort).encode());
    Ok((out, next, None))
}

/// The thread's pinned comments, first pinned first, each with its preview.
async fn pinned(conn: &mut Conn, thread_id: i64) -> Result<Vec<wire::Comment>, StorageError> {
    let query = format!(
        "{} ORDER BY pinned_at, id LIMIT {MAX_PINNED}",
        visible_comments(
            "thread_id = $1 AND parent_id IS NULL AND pinned_at IS NOT NULL \
             AND status = 'published'"
        )
    );
    let rows: Vec<CommentRow> = sqlx::query_as(&query)
        .bind(thread_id)
        .fetch_all(&mut *conn)
        .await?;
    let mut out = Vec::new();
    for row in rows {
        let root = root_from(row)?.comment;
        out.push(root.clone());
        preview(conn, &root, &mut out).await?;
    }
    Ok(out)
}

pub(super) async fn backward(
    conn: &mut Conn,
    thread_id: i64,
    request: &PageRequest,
    before: Cursor,
) -> Result<(Vec<wire::Comment>, Option<String>, Option<String>), StorageError> {
    let cursor = Some((before, false));
    let mut roots = top_level(conn, thread_id, request, cursor, request.limit + 1).await?;
    let more = roots.len() > request.limit;
    roots.truncate(request.limit);
    roots.reverse();
    let (mut out, mut bytes, mut first) = (Vec::new(), 0, roots.len());
    for (index, root) in roots.iter().enumerate().rev() {
        let mut group = vec![root.comment.clone()];
        preview(conn, &root.comment, &mut group).await?;
        let size = serde_json::to_vec(&group).map_or(0, |json| json.len());
        if first < roots.len() && bytes + size > PAGE_BYTE_BUDGET {
            break;
        }
        bytes += size;
        first = index;
        out.splice(0..0, group);
    }
    let prev = (more || first > 0).then(|| roots[first].cursor(request.sort).encode());
    Ok((out, None, prev))
}

/// More direct replies of `parent` after `after`, each with its preview; `None` when
/// `parent` is not a visible comment.
pub async fn replies(
    conn: &mut Conn,
    parent: CommentId,
    after: Option<CommentId>,
    limit: usize,
) -> Result<Option<wire::RepliesPage>, StorageError> {
    let visible: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM comments WHERE id = $1 AND status IN ('published', 'deleted')",
    )
    .bind(parent)
    .fetch_optional(&mut *conn)
    .await?;
    if visible.is_none() {
        return Ok(None);
    }
    let mut direct = children(conn, parent, after, None, limit + 1).await?;
    let more = direct.len() > limit;
    direct.truncate(limit);
    let (comments, used) = with_previews(conn, &direct).await?;
    Ok(Some(wire::RepliesPage {
        comments,
        more: more || used < direct.len(),
    }))
}
