//! Imports: whole files in one transaction, each comment at most once.

use super::Store;
use super::rows::{Parents, insert_into, stored_reaction_totals, thread_id_creating};
use super::{Conn, Pool};
use crate::storage::{Archives, ExportedThread, SeedComment};
use crate::storage::{ImportCounts, StorageError, ThreadImport};
use async_trait::async_trait;
use confab_api::CommentId;

/// Stores `threads`, skipping comments whose import reference is already stored.
pub async fn import(pool: &Pool, threads: Vec<ThreadImport>) -> Result<ImportCounts, StorageError> {
    let mut counts = ImportCounts::default();
    // Taking turns with every other writer: two servers importing one file at once store
    // each comment once.
    let mut tx = super::begin_recording(pool).await?;
    for ThreadImport {
        thread,
        locked,
        reactions,
        comments,
    } in threads
    {
        let existed: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM threads WHERE key = $1)")
                .bind(&thread.key)
                .fetch_one(&mut *tx)
                .await?;
        let thread_id = thread_id_creating(&mut tx, &thread).await?;
        if existed {
            // Keep what is there; fill in only what the thread lacked.
            sqlx::query(
                "UPDATE threads SET title = COALESCE(title, $1), url = COALESCE(url, $2) WHERE id = $3",
            )
            .bind(&thread.title)
            .bind(&thread.url)
            .bind(thread_id)
            .execute(&mut *tx)
            .await?;
        } else {
            counts.new_threads += 1;
        }
        if locked {
            sqlx::query("UPDATE threads SET locked = TRUE WHERE id = $1")
                .bind(thread_id)
                .execute(&mut *tx)
                .await?;
        }
        if !reactions.is_empty() {
            sqlx::query("UPDATE threads SET reactions = $1 WHERE id = $2 AND reactions = ''")
                .bind(stored_reaction_totals(&reactions))
                .bind(thread_id)
                .execute(&mut *tx)
                .await?;
        }
        let mut ids: Vec<CommentId> = Vec::with_capacity(comments.len());
        for mut import in comments {
            let stored: Option<CommentId> =
                sqlx::query_scalar("SELECT id FROM comments WHERE import_ref = $1")
                    .bind(&import.import_ref)
                    .fetch_optional(&mut *tx)
                    .await?;
            if let Some(id) = stored {
                counts.already_present += 1;
                ids.push(id);
                continue;
            }
            import.comment.parent_id = import
                .parent_index
                .map(|index| ids.get(index).copied().ok_or(StorageError::UnknownParent))
                .transpose()?;
            let id = insert_into(&mut tx, thread_id, &import.comment, Parents::Any).await?;
            sqlx::query(
                "UPDATE comments SET import_ref = $1, status = $2, edited_at = $3 WHERE id = $4",
            )
            .bind(&import.import_ref)
            .bind(import.status)
            .bind(import.edited_at)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if let Some(pinned_at) = import.pinned_at {
                pin_imported(&mut tx, thread_id, id, pinned_at).await?;
            }
            counts.comments += 1;
            ids.push(id);
        }
    }
    tx.commit().await?;
    Ok(counts)
}

/// Pins imported comment `id` as its source had it, if it is a published top-level
/// comment and its thread has fewer than three pinned.
async fn pin_imported(
    conn: &mut Conn,
    thread_id: i64,
    id: CommentId,
    pinned_at: i64,
) -> Result<(), StorageError> {
    sqlx::query(
        "UPDATE comments SET pinned_at = $1 WHERE id = $2 AND parent_id IS NULL \
         AND status = 'published' AND (SELECT COUNT(*) FROM comments \
         WHERE thread_id = $3 AND pinned_at IS NOT NULL) < 3",
    )
    .bind(pinned_at)
    .bind(id)
    .bind(thread_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[async_trait]
impl Archives for Store {
    async fn seed_once(
        &self,
        marker: &str,
        comments: Vec<SeedComment>,
    ) -> Result<bool, StorageError> {
        let mut tx = self.writer.begin().await?;
        let claimed = sqlx::query(
            "INSERT INTO settings (name, value) VALUES ($1, 'done') ON CONFLICT DO NOTHING",
        )
        .bind(marker)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if claimed == 0 {
            return Ok(false);
        }
        let mut ids: Vec<CommentId> = Vec::with_capacity(comments.len());
        for SeedComment {
            mut comment,
            parent_index,
        } in comments
        {
            comment.parent_id = match parent_index {
                Some(index) => Some(*ids.get(index).ok_or(StorageError::UnknownParent)?),
                None => None,
            };
            let thread_id = thread_id_creating(&mut tx, &comment.thread).await?;
            ids.push(insert_into(&mut tx, thread_id, &comment, Parents::Any).await?);
        }
        tx.commit().await?;
        self.changed().await;
        Ok(true)
    }

    async fn import(&self, threads: Vec<ThreadImport>) -> Result<ImportCounts, StorageError> {
        let counts = import(&self.writer, threads).await?;
        self.changed().await;
        Ok(counts)
    }

    async fn export(&self, key: Option<&str>) -> Result<Vec<ExportedThread>, StorageError> {
        super::export::threads(&self.reader, key).await
    }
}
