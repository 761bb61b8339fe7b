//! Readers' reactions to comments and to pages: counting one into its target's totals
//! (inside a group commit, as votes are), with the same refusals and per-network budget.

use super::rows::{reaction_totals, stored_reaction_totals, thread_id_creating};
use super::{Conn, FOR_UPDATE};
use crate::storage::{
    ReactionCounted, ReactionTarget, ReactionToStore, StorageError, ThreadToStore,
};
use confab_api::{CommentId, Reactions};

/// What a reaction to a comment needs to know of it.
#[derive(sqlx::FromRow)]
struct Reacted {
    status: String,
    author_voter: Option<String>,
    author_identity: Option<String>,
    reactions: String,
    thread_id: i64,
    thread_key: String,
}

/// Counts `reaction`: refused on a comment that is not published, on the reader's own
/// comment, and past the network's budget; the totals follow. A refusal writes nothing.
pub(super) async fn cast(
    conn: &mut Conn,
    reaction: &ReactionToStore,
) -> Result<ReactionCounted, StorageError> {
    let (thread_id, comment_id, totals, thread_key) = match &reaction.target {
        ReactionTarget::Comment(id) => comment_target(conn, *id, &reaction.voter).await?,
        ReactionTarget::Page(thread) => page_target(conn, thread).await?,
    };
    let mut totals = reaction_totals(&totals)?;
    let (earlier, from_network): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM reactions WHERE thread_id = $1 \
         AND COALESCE(comment_id, 0) = $2 AND reaction = $3 AND voter = $4), \
         (SELECT COUNT(*) FROM (SELECT 1 FROM reactions WHERE thread_id = $1 \
         AND COALESCE(comment_id, 0) = $2 AND reaction = $3 AND network = $5 LIMIT $6) \
         AS counted)",
    )
    .bind(thread_id)
    .bind(comment_id.unwrap_or(0))
    .bind(&reaction.reaction)
    .bind(&reaction.voter)
    .bind(&reaction.network)
    .bind(i64::from(reaction.network_budget))
    .fetch_one(&mut *conn)
    .await?;
    let done = |totals: Reactions| ReactionCounted {
        reactions: totals,
        on: reaction.on,
        thread_key: thread_key.clone(),
    };
    if (earlier > 0) == reaction.on {
        return Ok(done(totals));
    }
    if reaction.on {
        if from_network >= i64::from(reaction.network_budget) {
            return Err(StorageError::NetworkReactedEnough);
        }
        sqlx::query(
            "INSERT INTO reactions (thread_id, comment_id, reaction, voter, network, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(thread_id)
        .bind(comment_id)
        .bind(&reaction.reaction)
        .bind(&reaction.voter)
        .bind(&reaction.network)
        .bind(reaction.at)
        .execute(&mut *conn)
        .await?;
    } else {
        sqlx::query(
            "DELETE FROM reactions WHERE thread_id = $1 AND COALESCE(comment_id, 0) = $2 \
             AND reaction = $3 AND voter = $4",
        )
        .bind(thread_id)
        .bind(comment_id.unwrap_or(0))
        .bind(&reaction.reaction)
        .bind(&reaction.voter)
        .execute(&mut *conn)
        .await?;
    }
    totals.change(&reaction.reaction, reaction.on);
    let stored = stored_reaction_totals(&totals);
    match comment_id {
        Some(id) => {
            sqlx::query("UPDATE comments SET reactions = $2, tallied_at = $3 WHERE id = $1")
                .bind(id)
                .bind(stored)
                .bind(reaction.at)
                .execute(&mut *conn)
                .await?
        }
        None => {
            sqlx::query("UPDATE threads SET reactions = $2 WHERE id = $1")
                .bind(thread_id)
                .bind(stored)
                .execute(&mut *conn)
                .await?
        }
    };
    Ok(done(totals))
}

/// A comment's thread, id and totals, kept until the commit; refused unless it is
/// published and someone else's.
async fn comment_target(
    conn: &mut Conn,
    id: CommentId,
    voter: &str,
) -> Result<(i64, Option<CommentId>, String, String), StorageError> {
    let comment: Option<Reacted> = sqlx::query_as(&format!(
        "SELECT status, author_voter, author_identity, reactions, thread_id, \
         (SELECT key FROM threads WHERE threads.id = comments.thread_id) AS thread_key \
         FROM comments WHERE id = $1 {FOR_UPDATE}"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let comment = comment
        .filter(|comment| comment.status == "published")
        .ok_or(StorageError::UnknownComment)?;
    let by_author = crate::identity::written_by(
        comment.author_voter.as_deref(),
        comment.author_identity.as_deref(),
        voter,
    );
    if by_author {
        return Err(StorageError::OwnComment);
    }
    Ok((
        comment.thread_id,
        Some(id),
        comment.reactions,
        comment.thread_key,
    ))
}

/// A page's thread (created if this is its first word) and its totals, kept until the
/// commit.
async fn page_target(
    conn: &mut Conn,
    thread: &ThreadToStore,
) -> Result<(i64, Option<CommentId>, String, String), StorageError> {
    let thread_id = thread_id_creating(conn, thread).await?;
    let totals: String = sqlx::query_scalar(&format!(
        "SELECT reactions FROM threads WHERE id = $1 {FOR_UPDATE}"
    ))
    .bind(thread_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok((thread_id, None, totals, thread.key.clone()))
}
