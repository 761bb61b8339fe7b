//! Confab's own JSON Lines export read back (see [`crate::export::jsonl`]). A line that is
//! not JSON makes the file unreadable; a record that is JSON but not a valid record is
//! skipped and named by its line.

use super::{ImportError, Skipped, Source, SourceBody, SourceComment, SourceThread, Status};
use crate::export::jsonl::{CommentRecord, Header, Record, VERSION};
use std::collections::HashMap;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Reads a Confab export.
pub fn read(bytes: &[u8]) -> Result<Source, ImportError> {
    let text = super::archive::utf8(bytes)?;
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty());
    let header: Option<Header> = lines
        .next()
        .and_then(|(_, line)| serde_json::from_str(line).ok());
    match header {
        Some(header) if header.confab_export == VERSION => {}
        Some(header) => {
            return Err(ImportError::Unreadable(format!(
                "line 1: export format version {} is not supported (this server reads {VERSION})",
                header.confab_export
            )));
        }
        None => {
            return Err(ImportError::Unreadable(
                "line 1: not a Confab export: expected {\"confab_export\": 1, …}".to_owned(),
            ));
        }
    }
    let mut source = Source::default();
    let mut index_by_key: HashMap<String, usize> = HashMap::new();
    for (index, line) in lines {
        let number = index + 1;
        let value: serde_json::Value = serde_json::from_str(line).map_err(|error| {
            ImportError::Unreadable(format!("line {number}: not JSON: {error}"))
        })?;
        let skip = |reason: String| Skipped {
            record: format!("line {number}"),
            reason,
        };
        match serde_json::from_value::<Record>(value) {
            Err(error) => source.skipped.push(skip(error.to_string())),
            Ok(Record::Thread(thread)) => match crate::validate::stored_thread_key(&thread.key) {
                Ok(key) if !index_by_key.contains_key(&key) => {
                    index_by_key.insert(key.clone(), source.threads.len());
                    source.threads.push(SourceThread {
                        key,
                        title: super::xml::title(thread.title),
                        url: super::xml::page_url(thread.url.as_deref()),
                        locked: thread.locked,
                        reactions: kept_reactions(thread.reactions),
                        comments: Vec::new(),
                    });
                }
                Ok(key) => source
                    .skipped
                    .push(skip(format!("thread {key} appears twice"))),
                Err(error) => source.skipped.push(skip(format!("thread key: {error}"))),
            },
            Ok(Record::Comment(comment)) => {
                let Some(&thread) = index_by_key.get(&comment.thread) else {
                    source.skipped.push(skip(format!(
                        "its thread {} has no thread line before it",
                        comment.thread
                    )));
                    continue;
                };
                match to_source(*comment) {
                    Ok(comment) => source.threads[thread].comments.push(comment),
                    Err(reason) => source.skipped.push(skip(reason)),
                }
            }
        }
    }
    Ok(source)
}

fn to_source(record: CommentRecord) -> Result<SourceComment, String> {
    let status: Status = serde_json::from_value(serde_json::Value::String(record.status.clone()))
        .map_err(|_| format!("unknown status {:?}", record.status))?;
    if !confab_api::body::is_well_formed(&record.body) {
        return Err("its body has a link that is not http(s) or mailto, or nests too deep".into());
    }
    Ok(SourceComment {
        id: record.id.to_string(),
        parent: record.parent.map(|parent| parent.to_string()),
        kind: record.kind,
        status,
        author_name: record.author_name,
        author_email: record.author_email,
        author_website: record.author_website,
        client_address: record.client_address,
        author_identity: record.author_identity,
        badge: record.badge,
        identity_proven: false,
        body: SourceBody::Tree(record.body_markdown, record.body),
        created_at: millis(&record.created_at).ok_or("created_at is not an RFC 3339 time")?,
        edited_at: record.edited_at.as_deref().and_then(millis),
        up_votes: record.up,
        down_votes: record.down,
        reactions: kept_reactions(record.reactions),
        pinned_at: record.pinned_at.as_deref().and_then(millis),
    })
}

fn millis(time: &str) -> Option<i64> {
    let time = OffsetDateTime::parse(time, &Rfc3339).ok()?;
    i64::try_from(time.unix_timestamp_nanos() / 1_000_000).ok()
}

/// Reactions as an export may bring them: each one a site could offer, and no more than
/// a site may offer; the rest are left out.
fn kept_reactions(reactions: confab_api::Reactions) -> confab_api::Reactions {
    use confab_api::reactions::{MAX_REACTIONS, is_well_formed};
    confab_api::Reactions(
        reactions
            .0
            .into_iter()
            .filter(|(reaction, _)| is_well_formed(reaction))
            .take(MAX_REACTIONS)
            .collect(),
    )
}
