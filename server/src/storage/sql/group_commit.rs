//! New comments, votes and reactions committed together: writes that arrive while a commit is being
//! written to disk wait for the next one and share it, each inside its own savepoint, so a
//! refused one (a duplicate, a locked thread, a vote on one's own comment) never takes its
//! neighbours down with it. One commit (one `fsync`) then acknowledges many, and
//! durability stays whole (SQLite's `synchronous=FULL`, PostgreSQL's default). The outbox
//! events of the stored comments are written in the same transaction, in one statement.
//! Votes and reactions leave the outbox and the read caches alone: a thread's totals reach readers with
//! its next page read (cached pages are at most seconds old) and with live updates.

use super::rows::{
    Parents, fresh_comment, has_duplicate, insert_into, label, stored_comment, thread_id_creating,
};
use super::{Conn, Db, Pool};
use crate::storage::outbox::EventKind;
use crate::storage::{
    CommentToStore, DUPLICATE_WINDOW_MILLIS, IDEMPOTENCY_KEY_LIFETIME_MILLIS, IdempotencyClaim,
    Inserted, ReactionCounted, ReactionToStore, StorageError, VoteCounted, VoteToStore,
};
use sqlx::{Acquire, QueryBuilder};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::{mpsc, oneshot};

/// Most posts one commit carries.
const MAX_BATCH: usize = 256;

/// One write waiting for a commit, and where its answer goes.
enum Job {
    Post {
        comment: Box<CommentToStore>,
        claim: Option<IdempotencyClaim>,
        reply: oneshot::Sender<Result<Inserted, StorageError>>,
    },
    Vote {
        vote: VoteToStore,
        reply: oneshot::Sender<Result<VoteCounted, StorageError>>,
    },
    React {
        reaction: Box<ReactionToStore>,
        reply: oneshot::Sender<Result<ReactionCounted, StorageError>>,
    },
}

/// What one job did.
enum Done {
    Post(Result<Inserted, StorageError>),
    Vote(Result<VoteCounted, StorageError>),
    React(Result<ReactionCounted, StorageError>),
}

impl Done {
    fn failure(&self) -> Option<&StorageError> {
        match self {
            Self::Post(Err(error)) | Self::Vote(Err(error)) | Self::React(Err(error)) => {
                Some(error)
            }
            _ => None,
        }
    }
}

impl Job {
    /// Sends the job what it did (`done` comes from this job, so it is of its kind).
    fn answer(self, done: Done) {
        match (self, done) {
            (Self::Post { reply, .. }, Done::Post(result)) => drop(reply.send(result)),
            (Self::Vote { reply, .. }, Done::Vote(result)) => drop(reply.send(result)),
            (Self::React { reply, .. }, Done::React(result)) => drop(reply.send(result)),
            (job, _) => job.fail(StorageError::CommitFailed(String::new())),
        }
    }

    /// Tells the job it failed with `error`.
    fn fail(self, error: StorageError) {
        match self {
            Self::Post { reply, .. } => drop(reply.send(Err(error))),
            Self::Vote { reply, .. } => drop(reply.send(Err(error))),
            Self::React { reply, .. } => drop(reply.send(Err(error))),
        }
    }
}

/// Hands posts to the committing task.
#[derive(Clone)]
pub struct GroupCommit {
    jobs: mpsc::UnboundedSender<Job>,
}

impl GroupCommit {
    /// Starts the task that commits posts through `writer` (it ends with the last handle)
    /// and counts each commit in `writes`, even one whose posters have gone.
    pub fn start(writer: Pool, writes: Arc<AtomicU64>) -> Self {
        let (jobs, receiver) = mpsc::unbounded_channel();
        tokio::spawn(commit_loop(writer, receiver, writes));
        Self { jobs }
    }

    /// Stores one comment in the next commit and waits until that commit is durable.
    pub async fn insert(
        &self,
        comment: CommentToStore,
        claim: Option<IdempotencyClaim>,
    ) -> Result<Inserted, StorageError> {
        let (reply, answer) = oneshot::channel();
        let job = Job::Post {
            comment: Box::new(comment),
            claim,
            reply,
        };
        self.jobs.send(job).map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }

    /// Counts one vote in the next commit and waits until that commit is durable.
    pub async fn vote(&self, vote: VoteToStore) -> Result<VoteCounted, StorageError> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job::Vote { vote, reply })
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }

    /// Counts one reaction in the next commit and waits until that commit is durable.
    pub async fn react(&self, reaction: ReactionToStore) -> Result<ReactionCounted, StorageError> {
        let (reply, answer) = oneshot::channel();
        let reaction = Box::new(reaction);
        self.jobs
            .send(Job::React { reaction, reply })
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

fn stopped() -> StorageError {
    StorageError::CommitFailed("the committing task has stopped".to_owned())
}

async fn commit_loop(
    writer: Pool,
    mut receiver: mpsc::UnboundedReceiver<Job>,
    writes: Arc<AtomicU64>,
) {
    while let Some(first) = receiver.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match receiver.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        commit_batch(&writer, batch, &writes).await;
    }
}

/// Runs each job in a savepoint of one transaction, commits, and answers every job. A
/// database failure (not a refused write) may have ended the transaction itself, so it
/// fails the whole batch rather than letting the rest commit piecemeal.
async fn commit_batch(writer: &Pool, batch: Vec<Job>, writes: &AtomicU64) {
    let mut tx = match super::begin_recording(writer).await {
        Ok(tx) => tx,
        Err(error) => {
            let message = error.to_string();
            for job in batch {
                job.fail(StorageError::CommitFailed(message.clone()));
            }
            return;
        }
    };
    let mut results = Vec::with_capacity(batch.len());
    let mut broken = None;
    for job in &batch {
        let done = match job {
            Job::Post { comment, claim, .. } => {
                Done::Post(in_savepoint(&mut tx, comment, claim.as_ref()).await)
            }
            // A refused vote writes nothing: no savepoint needed.
            Job::Vote { vote, .. } => Done::Vote(super::votes::cast(&mut tx, vote).await),
            Job::React { reaction, .. } => {
                Done::React(super::reactions::cast(&mut tx, reaction).await)
            }
        };
        if let Some(StorageError::Database(error)) = done.failure() {
            broken = Some(error.to_string());
            break;
        }
        results.push(done);
    }
    let stored: Vec<&Inserted> = results
        .iter()
        .filter_map(|done| match done {
            Done::Post(Ok(inserted)) if !inserted.replayed => Some(inserted),
            _ => None,
        })
        .collect();
    // Only new comments are news for the outbox, the caches and the other servers.
    let news = !stored.is_empty();
    if broken.is_none()
        && let Err(error) = record_created(&mut tx, &stored).await
    {
        broken = Some(error.to_string());
    }
    if broken.is_none()
        && news
        && let Err(error) = super::announce_on_commit(&mut tx).await
    {
        broken = Some(error.to_string());
    }
    let committed = match broken {
        Some(message) => {
            let _ = tx.rollback().await;
            Err(message)
        }
        None => tx.commit().await.map_err(|error| error.to_string()),
    };
    if committed.is_ok() && news {
        writes.fetch_add(1, Ordering::Release);
    }
    // Jobs after a database failure never ran: they fail with the batch. A refused write
    // keeps its own reason.
    let mut results = results.into_iter();
    for job in batch {
        match (&committed, results.next()) {
            (Ok(()), Some(done)) => job.answer(done),
            (Err(_), Some(done))
                if done
                    .failure()
                    .is_some_and(|error| !matches!(error, StorageError::CommitFailed(_))) =>
            {
                job.answer(done)
            }
            (Err(message), _) => job.fail(StorageError::CommitFailed(message.clone())),
            (Ok(()), None) => job.fail(StorageError::CommitFailed(String::new())),
        }
    }
}

/// Records the outbox events of the comments the batch stored, in one statement (one per
/// post would cost the writer a third of its speed).
async fn record_created(conn: &mut Conn, stored: &[&Inserted]) -> Result<(), sqlx::Error> {
    if stored.is_empty() {
        return Ok(());
    }
    let mut query = QueryBuilder::<Db>::new(
        "INSERT INTO outbox_events (kind, comment_id, status, created_at) ",
    );
    query.push_values(stored.iter(), |mut row, inserted| {
        row.push_bind(EventKind::Created.as_str())
            .push_bind(inserted.comment.id)
            .push_bind(label(&inserted.comment.status))
            .push_bind(inserted.created_at);
    });
    query.build().execute(conn).await?;
    Ok(())
}

async fn in_savepoint(
    conn: &mut Conn,
    comment: &CommentToStore,
    claim: Option<&IdempotencyClaim>,
) -> Result<Inserted, StorageError> {
    let mut savepoint = conn.begin().await?;
    match insert(&mut savepoint, comment, claim).await {
        Ok(inserted) => {
            savepoint.commit().await?;
            Ok(inserted)
        }
        Err(error) => {
            savepoint.rollback().await?;
            Err(error)
        }
    }
}

/// One post: its idempotency key checked, its thread open, not a duplicate, then stored.
async fn insert(
    conn: &mut Conn,
    comment: &CommentToStore,
    claim: Option<&IdempotencyClaim>,
) -> Result<Inserted, StorageError> {
    if let Some(claim) = claim {
        sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
            .bind(comment.created_at - IDEMPOTENCY_KEY_LIFETIME_MILLIS)
            .execute(&mut *conn)
            .await?;
        let earlier: Option<(String, i64)> =
            sqlx::query_as("SELECT request_hash, comment_id FROM idempotency_keys WHERE key = $1")
                .bind(&claim.key)
                .fetch_optional(&mut *conn)
                .await?;
        if let Some((request_hash, comment_id)) = earlier {
            if request_hash != claim.request_hash {
                return Err(StorageError::IdempotencyMismatch);
            }
            return stored_comment(conn, comment_id, true).await;
        }
    }
    let thread: Option<(i64, bool)> =
        sqlx::query_as("SELECT id, locked FROM threads WHERE key = $1")
            .bind(&comment.thread.key)
            .fetch_optional(&mut *conn)
            .await?;
    let thread_id = match thread {
        Some((_, true)) => return Err(StorageError::Locked),
        Some((id, false)) => id,
        None => thread_id_creating(conn, &comment.thread).await?,
    };
    let since = comment.created_at - DUPLICATE_WINDOW_MILLIS;
    if has_duplicate(conn, thread_id, &comment.body_markdown, since, None).await? {
        return Err(StorageError::Duplicate);
    }
    let id = insert_into(conn, thread_id, comment, Parents::Visible).await?;
    if let Some(claim) = claim {
        sqlx::query(
            "INSERT INTO idempotency_keys (key, request_hash, comment_id, created_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(&claim.key)
        .bind(&claim.request_hash)
        .bind(id)
        .bind(comment.created_at)
        .execute(&mut *conn)
        .await?;
    }
    // Nothing answers a comment that was just stored: no need to read it back.
    Ok(Inserted {
        comment: fresh_comment(id, comment),
        replayed: false,
        created_at: comment.created_at,
    })
}
