//! Reading threads: a page with its count, more replies, counts of several threads, and
//! feeds.

use super::rows::ThreadRow;
use super::{Conn, Store, around, begin_snapshot, pages, whole};
use crate::storage::{FeedEntry, FeedScope, PagePosition, PageRequest, StorageError, Threads};
use async_trait::async_trait;
use confab_api::{self as wire, CommentId};
use std::collections::BTreeMap;

#[async_trait]
impl Threads for Store {
    async fn thread_page(
        &self,
        key: &str,
        request: &PageRequest,
    ) -> Result<wire::ThreadPage, StorageError> {
        // One read transaction: the count and the page come from the same snapshot.
        let mut tx = begin_snapshot(&self.reader).await?;
        // Where live updates of this page start: the same snapshot as the page.
        let last_event_id: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM outbox_events")
                .fetch_one(&mut *tx)
                .await?;
        let thread: Option<ThreadRow> = sqlx::query_as(
            "SELECT id, key, title, url, locked, reactions FROM threads WHERE key = $1",
        )
        .bind(key)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(thread) = thread else {
            return Ok(wire::ThreadPage {
                thread: wire::ThreadInfo {
                    key: key.to_owned(),
                    title: None,
                    url: None,
                    count: 0,
                    locked: false,
                    reply_notifications: false,
                    login_url: None,
                    logins: Vec::new(),
                    votes: wire::VoteMode::Off,
                    reactions: Vec::new(),
                    page_reactions: wire::Reactions::default(),
                    logout_url: None,
                    last_event_id,
                },
                comments: Vec::new(),
                next_cursor: None,
                prev_cursor: None,
            });
        };
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM comments WHERE thread_id = $1 AND status = 'published'",
        )
        .bind(thread.id)
        .fetch_one(&mut *tx)
        .await?;
        if matches!(request.position, PagePosition::Whole) {
            let visible: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM comments WHERE thread_id = $1 \
                 AND status IN ('published', 'deleted')",
            )
            .bind(thread.id)
            .fetch_one(&mut *tx)
            .await?;
            let visible = u64::try_from(visible).unwrap_or_default();
            if visible > confab_api::limits::MAX_WHOLE_THREAD as u64 {
                return Err(StorageError::TooBigToReadWhole(visible));
            }
        }
        let (comments, next_cursor, prev_cursor) = page(&mut tx, thread.id, request).await?;
        tx.commit().await?;
        Ok(wire::ThreadPage {
            thread: wire::ThreadInfo {
                key: thread.key,
                title: thread.title,
                url: thread.url,
                count: u32::try_from(count).unwrap_or(u32::MAX),
                locked: thread.locked,
                reply_notifications: false,
                login_url: None,
                logins: Vec::new(),
                votes: wire::VoteMode::Off,
                reactions: Vec::new(),
                page_reactions: super::rows::reaction_totals(&thread.reactions)?,
                logout_url: None,
                last_event_id,
            },
            comments,
            next_cursor,
            prev_cursor,
        })
    }

    async fn replies(
        &self,
        parent: CommentId,
        after: Option<CommentId>,
        limit: usize,
    ) -> Result<Option<wire::RepliesPage>, StorageError> {
        let mut tx = begin_snapshot(&self.reader).await?;
        let page = pages::replies(&mut tx, parent, after, limit).await?;
        tx.commit().await?;
        Ok(page)
    }

    async fn counts(&self, keys: &[String]) -> Result<BTreeMap<String, u32>, StorageError> {
        let mut counts: BTreeMap<String, u32> = keys.iter().map(|key| (key.clone(), 0)).collect();
        if keys.is_empty() {
            return Ok(counts);
        }
        let placeholders = (1..=keys.len())
            .map(|n| format!("${n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let query = format!(
            "SELECT key, (SELECT COUNT(*) FROM comments \
             WHERE comments.thread_id = threads.id AND status = 'published') \
             FROM threads WHERE key IN ({placeholders})"
        );
        let mut select = sqlx::query_as::<_, (String, i64)>(&query);
        for key in keys {
            select = select.bind(key);
        }
        for (key, count) in select.fetch_all(&self.reader).await? {
            counts.insert(key, u32::try_from(count).unwrap_or(u32::MAX));
        }
        Ok(counts)
    }

    async fn feed(
        &self,
        scope: FeedScope<'_>,
        limit: usize,
    ) -> Result<Vec<FeedEntry>, StorageError> {
        super::feed::entries(&self.reader, scope, limit).await
    }
}

/// The comments and cursors of one page of top-level comments of `thread_id`.
async fn page(
    conn: &mut Conn,
    thread_id: i64,
    request: &PageRequest,
) -> Result<(Vec<wire::Comment>, Option<String>, Option<String>), StorageError> {
    match request.position {
        PagePosition::First => pages::forward(conn, thread_id, request, None).await,
        PagePosition::After(cursor) => pages::forward(conn, thread_id, request, Some(cursor)).await,
        PagePosition::Before(cursor) => pages::backward(conn, thread_id, request, cursor).await,
        PagePosition::Around(id) => around::around(conn, thread_id, request, id).await,
        PagePosition::Whole => Ok((
            whole::comments(conn, thread_id, request.sort).await?,
            None,
            None,
        )),
    }
}
