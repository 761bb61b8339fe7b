//! Readers' votes and moderators' pins: counting a vote into a comment's totals (inside a
//! group commit), the totals that changed lately, and pinning.

use super::{Conn, FOR_UPDATE, Pool, Store};
use crate::storage::concerns::Community;
use crate::storage::{
    MAX_PINNED, ReactionCounted, ReactionToStore, StorageError, TallyChange, VoteCounted,
    VoteToStore, now_millis,
};
use async_trait::async_trait;
use confab_api::{self as wire, CommentId};

/// What a vote needs to know of its comment, and of the voter's earlier votes.
#[derive(sqlx::FromRow)]
struct Voted {
    status: String,
    author_voter: Option<String>,
    author_identity: Option<String>,
    up_votes: i64,
    down_votes: i64,
    /// The voter's vote on it so far.
    earlier: Option<i64>,
    /// The votes of the voter's network on it, counted no further than its budget.
    from_network: i64,
    thread_key: String,
}

/// Counts `vote`: refused on a comment that is not published, on the voter's own
/// comment, and past the network's budget; the comment's totals and rank follow. One read
/// (which keeps the comment's row until the commit) and two writes; a refusal writes
/// nothing, so a vote needs no savepoint of its own.
pub(super) async fn cast(conn: &mut Conn, vote: &VoteToStore) -> Result<VoteCounted, StorageError> {
    let comment: Option<Voted> = sqlx::query_as(&format!(
        "SELECT status, author_voter, author_identity, up_votes, down_votes, \
         (SELECT value FROM votes WHERE comment_id = $1 AND voter = $2) AS earlier, \
         (SELECT COUNT(*) FROM (SELECT 1 FROM votes WHERE comment_id = $1 AND network = $3 \
          LIMIT $4) AS counted) AS from_network, \
         (SELECT key FROM threads WHERE threads.id = comments.thread_id) AS thread_key \
         FROM comments WHERE id = $1 {FOR_UPDATE}"
    ))
    .bind(vote.comment_id)
    .bind(&vote.voter)
    .bind(&vote.network)
    .bind(i64::from(vote.network_budget))
    .fetch_optional(&mut *conn)
    .await?;
    let comment = comment
        .filter(|comment| comment.status == "published")
        .ok_or(StorageError::UnknownComment)?;
    let by_author = crate::identity::written_by(
        comment.author_voter.as_deref(),
        comment.author_identity.as_deref(),
        &vote.voter,
    );
    if by_author {
        return Err(StorageError::OwnComment);
    }
    let before = comment.earlier.unwrap_or(0);
    let value = i64::from(vote.value);
    if before == value {
        return Ok(counted(
            comment.up_votes,
            comment.down_votes,
            vote.value,
            comment.thread_key,
        ));
    }
    let (id, voter) = (vote.comment_id, &vote.voter);
    match comment.earlier {
        None if comment.from_network >= i64::from(vote.network_budget) => {
            return Err(StorageError::NetworkVotedEnough);
        }
        None => {
            sqlx::query(
                "INSERT INTO votes (comment_id, voter, value, network, created_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(voter)
            .bind(value)
            .bind(&vote.network)
            .bind(vote.at)
            .execute(&mut *conn)
            .await?;
        }
        Some(_) if value == 0 => {
            sqlx::query("DELETE FROM votes WHERE comment_id = $1 AND voter = $2")
                .bind(id)
                .bind(voter)
                .execute(&mut *conn)
                .await?;
        }
        Some(_) => {
            sqlx::query("UPDATE votes SET value = $3 WHERE comment_id = $1 AND voter = $2")
                .bind(id)
                .bind(voter)
                .bind(value)
                .execute(&mut *conn)
                .await?;
        }
    }
    let change = |side: i64| i64::from(value == side) - i64::from(before == side);
    let totals = counted(
        comment.up_votes + change(1),
        comment.down_votes + change(-1),
        vote.value,
        comment.thread_key,
    );
    sqlx::query(
        "UPDATE comments SET up_votes = $2, down_votes = $3, score_rank = $4, tallied_at = $5 \
         WHERE id = $1",
    )
    .bind(vote.comment_id)
    .bind(i64::from(totals.up))
    .bind(i64::from(totals.down))
    .bind(wire::votes::wilson_rank(totals.up, totals.down))
    .bind(vote.at)
    .execute(&mut *conn)
    .await?;
    Ok(totals)
}

fn counted(up: i64, down: i64, value: i8, thread_key: String) -> VoteCounted {
    VoteCounted {
        up: u32::try_from(up).unwrap_or(0),
        down: u32::try_from(down).unwrap_or(0),
        value,
        thread_key,
    }
}

fn count(stored: i64) -> u32 {
    u32::try_from(stored).unwrap_or(0)
}

/// Comments whose votes or reactions changed after `since`, oldest change first.
async fn tallies_since(
    pool: &Pool,
    since: i64,
    limit: usize,
) -> Result<Vec<TallyChange>, StorageError> {
    let rows: Vec<(String, i64, i64, i64, i64, String)> = sqlx::query_as(
        "SELECT threads.key, comments.id, comments.up_votes, comments.down_votes, \
         comments.tallied_at, comments.reactions FROM comments JOIN threads ON threads.id = comments.thread_id \
         WHERE comments.tallied_at > $1 ORDER BY comments.tallied_at LIMIT $2",
    )
    .bind(since)
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(thread_key, id, up, down, at, reactions)| {
            Ok(TallyChange {
                thread_key,
                tally: wire::Tally {
                    id,
                    up: count(up),
                    down: count(down),
                    reactions: super::rows::reaction_totals(&reactions)?,
                },
                at,
            })
        })
        .collect()
}

/// Pins (or unpins) comment `id`; returns its thread's key.
async fn pin(pool: &Pool, id: CommentId, pinned: bool) -> Result<String, StorageError> {
    let mut tx = pool.begin().await?;
    let comment: Option<(i64, Option<i64>, String, String)> = sqlx::query_as(
        "SELECT comments.thread_id, comments.parent_id, comments.status, threads.key \
         FROM comments JOIN threads ON threads.id = comments.thread_id WHERE comments.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let (thread_id, parent_id, status, key) = comment.ok_or(StorageError::UnknownComment)?;
    if pinned {
        if parent_id.is_some() || status != "published" {
            return Err(StorageError::NotPinnable);
        }
        let others: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM comments WHERE thread_id = $1 AND pinned_at IS NOT NULL \
             AND status = 'published' AND parent_id IS NULL AND id <> $2",
        )
        .bind(thread_id)
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        if others >= MAX_PINNED as i64 {
            return Err(StorageError::TooManyPinned);
        }
        sqlx::query("UPDATE comments SET pinned_at = COALESCE(pinned_at, $2) WHERE id = $1")
            .bind(id)
            .bind(now_millis())
            .execute(&mut *tx)
            .await?;
    } else {
        sqlx::query("UPDATE comments SET pinned_at = NULL WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(key)
}

#[async_trait]
impl Community for Store {
    async fn vote(&self, vote: VoteToStore) -> Result<VoteCounted, StorageError> {
        self.posts.vote(vote).await
    }

    async fn react(&self, reaction: ReactionToStore) -> Result<ReactionCounted, StorageError> {
        self.posts.react(reaction).await
    }

    async fn tallies_since(
        &self,
        since: i64,
        limit: usize,
    ) -> Result<Vec<TallyChange>, StorageError> {
        tallies_since(&self.reader, since, limit).await
    }

    async fn pin(&self, id: CommentId, pinned: bool) -> Result<String, StorageError> {
        let key = pin(&self.writer, id, pinned).await?;
        self.changed().await;
        Ok(key)
    }
}
