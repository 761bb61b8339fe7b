//! Checks on what a reader made of a file, before storing: parents before replies,
//! nesting within [`MAX_DEPTH`], authors within the limits, bodies rendered to the tree,
//! and deleted comments kept only where a kept reply needs them.

use super::{
    Format, Skipped, SourceBody, SourceComment, SourceThread, Status, Summary, Target, html_body,
};
use crate::identity;
use crate::storage::{CommentImport, CommentToStore, ThreadImport, ThreadToStore};
use confab_api::limits::{MAX_DEPTH, MAX_EMAIL_CHARS, MAX_NAME_CHARS, MAX_WEBSITE_CHARS};
use confab_api::{Badge, CommentStatus, markdown};
use std::collections::{HashMap, HashSet};

/// Orders a thread's comments parents first, checks authors, renders bodies, and keeps
/// nesting within [`MAX_DEPTH`]. Deleted comments stay as placeholders only when a
/// comment that is kept answers them.
pub(super) fn prepare(
    thread: SourceThread,
    target: Target<'_>,
    format: Format,
    summary: &mut Summary,
) -> ThreadImport {
    let record = |comment: &SourceComment| format!("comment {} of {}", comment.id, thread.key);
    let ids: HashSet<&str> = thread.comments.iter().map(|c| c.id.as_str()).collect();
    let mut parent_of: HashMap<String, Option<String>> = HashMap::new();
    for comment in &thread.comments {
        let parent = match &comment.parent {
            Some(parent) if !ids.contains(parent.as_str()) => {
                summary.adjusted.push(Skipped {
                    record: record(comment),
                    reason: format!("the comment it answers ({parent}) is not in the file; stored as a top-level comment"),
                });
                None
            }
            parent => parent.clone(),
        };
        parent_of.insert(comment.id.clone(), parent);
    }
    let (order, cut) = parents_first(&thread.comments, &mut parent_of);
    for index in cut {
        summary.adjusted.push(Skipped {
            record: record(&thread.comments[index]),
            reason: "its replies lead back to it (a loop); stored as a top-level comment"
                .to_owned(),
        });
    }
    // A deleted comment stays as a placeholder under a visible reply, out of view (as the
    // live delete leaves it) under held or spam replies only, and goes with none at all.
    let mut needed: HashSet<&str> = HashSet::new();
    let mut shown: HashSet<&str> = HashSet::new();
    for &index in order.iter().rev() {
        let comment = &thread.comments[index];
        let deleted = comment.status == Status::Deleted;
        let kept = !deleted || needed.contains(comment.id.as_str());
        let visible = match comment.status {
            Status::Published => true,
            Status::Deleted => shown.contains(comment.id.as_str()),
            _ => false,
        };
        if let Some(Some(parent)) = parent_of.get(&comment.id) {
            if kept {
                needed.insert(parent.as_str());
            }
            if visible {
                shown.insert(parent.as_str());
            }
        }
    }
    let store_thread = ThreadToStore {
        key: thread.key.clone(),
        title: thread.title.clone(),
        url: thread.url.clone(),
    };
    let mut position: HashMap<&str, (usize, u32)> = HashMap::new();
    let mut comments = Vec::with_capacity(order.len());
    for &index in &order {
        let comment = &thread.comments[index];
        let deleted = comment.status == Status::Deleted;
        if deleted && !needed.contains(comment.id.as_str()) {
            summary.skipped.push(Skipped {
                record: record(comment),
                reason: "deleted, with no replies to keep it for".to_owned(),
            });
            continue;
        }
        let mut parent = parent_of[&comment.id]
            .as_deref()
            .and_then(|parent| position.get(parent).copied());
        if let Some((_, depth)) = parent
            && depth >= MAX_DEPTH
        {
            summary.adjusted.push(Skipped {
                record: record(comment),
                reason: format!(
                    "nested deeper than {MAX_DEPTH} levels; stored as a reply at the deepest level"
                ),
            });
            parent = deepest_ancestor(&comments, parent);
        }
        let depth = parent.map_or(0, |(_, depth)| depth + 1);
        position.insert(&comment.id, (comments.len(), depth));
        comments.push(CommentImport {
            import_ref: import_ref(format, &thread.key, &comment.id),
            parent_index: parent.map(|(index, _)| index),
            status: if deleted && !shown.contains(comment.id.as_str()) {
                Status::Removed.label()
            } else {
                comment.status.label()
            },
            edited_at: comment.edited_at,
            pinned_at: comment.pinned_at,
            comment: to_store(comment, &store_thread, target),
        });
    }
    ThreadImport {
        thread: store_thread,
        locked: thread.locked,
        reactions: thread.reactions,
        comments,
    }
}

/// The indexes of `comments`, each parent before its replies (depth first, oldest first
/// among siblings), and the comments cut out of a loop of parents (only a broken file has
/// one), which become top-level.
fn parents_first(
    comments: &[SourceComment],
    parent_of: &mut HashMap<String, Option<String>>,
) -> (Vec<usize>, Vec<usize>) {
    let mut by_time: Vec<usize> = (0..comments.len()).collect();
    by_time.sort_by_key(|&index| (comments[index].created_at, index));
    let index_of: HashMap<&str, usize> = comments
        .iter()
        .enumerate()
        .map(|(index, comment)| (comment.id.as_str(), index))
        .collect();
    let mut replies: Vec<Vec<usize>> = vec![Vec::new(); comments.len()];
    let mut roots = Vec::new();
    for &index in &by_time {
        match parent_of[&comments[index].id].as_deref() {
            Some(parent) => replies[index_of[parent]].push(index),
            None => roots.push(index),
        }
    }
    let mut placed = vec![false; comments.len()];
    let mut order = Vec::with_capacity(comments.len());
    let mut cut = Vec::new();
    let walk = |root: usize, order: &mut Vec<usize>, placed: &mut Vec<bool>| {
        let mut stack = vec![root];
        while let Some(index) = stack.pop() {
            if std::mem::replace(&mut placed[index], true) {
                continue;
            }
            order.push(index);
            stack.extend(replies[index].iter().rev());
        }
    };
    for root in roots {
        walk(root, &mut order, &mut placed);
    }
    // What is left hangs on a loop: the oldest of it becomes top-level, and so on.
    for &index in &by_time {
        if !placed[index] {
            parent_of.insert(comments[index].id.clone(), None);
            cut.push(index);
            walk(index, &mut order, &mut placed);
        }
    }
    (order, cut)
}

/// The ancestor of a too-deep reply that sits at the deepest allowed level.
fn deepest_ancestor(
    comments: &[CommentImport],
    mut parent: Option<(usize, u32)>,
) -> Option<(usize, u32)> {
    while let Some((index, depth)) = parent {
        if depth < MAX_DEPTH {
            return parent;
        }
        parent = comments[index]
            .parent_index
            .map(|up| (up, depth.saturating_sub(1)));
    }
    parent
}

/// A checked comment: names and links within the limits, the body as a tree.
fn to_store(comment: &SourceComment, thread: &ThreadToStore, target: Target<'_>) -> CommentToStore {
    let deleted = comment.status.erased();
    let (body_markdown, body) = if deleted {
        (String::new(), Vec::new())
    } else {
        match &comment.body {
            SourceBody::Html(html, newlines) => {
                let blocks = html_body::to_blocks(html, *newlines);
                (confab_api::body::plain_text(&blocks), blocks)
            }
            SourceBody::Markdown(text) => (text.clone(), markdown::to_blocks(text)),
            SourceBody::Tree(text, blocks) => (text.clone(), blocks.clone()),
        }
    };
    let author_name = if deleted {
        String::new()
    } else {
        let name: String = comment
            .author_name
            .trim()
            .chars()
            .take(MAX_NAME_CHARS)
            .collect();
        if name.is_empty() {
            "Anonymous".to_owned()
        } else {
            name
        }
    };
    let author_email = comment
        .author_email
        .as_deref()
        .map(str::trim)
        .filter(|email| !deleted && email.contains('@') && email.chars().count() <= MAX_EMAIL_CHARS)
        .map(str::to_owned);
    let author_identity = comment
        .author_identity
        .clone()
        .filter(|identity| !deleted && identity.chars().count() <= MAX_IDENTITY_CHARS);
    let author_website = comment
        .author_website
        .as_deref()
        .map(str::trim)
        .filter(|url| {
            !deleted
                && url.chars().count() <= MAX_WEBSITE_CHARS
                && url::Url::parse(url).is_ok_and(|url| matches!(url.scheme(), "http" | "https"))
        })
        .map(str::to_owned);
    // The site's configured post authors are badged too, when the source proves who
    // wrote the comment (an address alone proves nothing).
    let badge = comment
        .badge
        .or_else(|| {
            let email = author_email
                .as_deref()
                .filter(|_| comment.identity_proven)?;
            target
                .site
                .is_post_author(email)
                .then_some(Badge::PostAuthor)
        })
        .filter(|_| !deleted);
    CommentToStore {
        thread: thread.clone(),
        parent_id: None,
        kind: comment.kind,
        // Storage records `CommentImport::status`; this is what readers see meanwhile.
        status: CommentStatus::Pending,
        // A signed-in author keeps the avatar that follows them on the site.
        avatar_seed: match author_identity.as_deref() {
            Some(signed_in) => {
                identity::signed_in_avatar_seed(target.server_key, &target.site.name, signed_in)
            }
            None => identity::avatar_seed(target.server_key, author_email.as_deref(), &author_name),
        },
        author_name,
        author_email,
        author_website,
        badge,
        body_markdown,
        body,
        edit_token_hash: None,
        created_at: comment.created_at,
        client_address: comment.client_address.clone().filter(|_| !deleted),
        author_identity,
        author_voter: None,
        up_votes: comment.up_votes,
        down_votes: comment.down_votes,
        reactions: comment.reactions.clone(),
        notify_replies: false,
        lang: None,
    }
}

/// The longest author identity kept (`sso:` and a subject of up to 255 characters).
const MAX_IDENTITY_CHARS: usize = 300;

/// Names a comment in its source: `format:thread#id`, or for a name too long to index
/// (a file may hold ids of any length), `format:sha256:<hash of it>`. Names up to the
/// limit (well above any real one, under PostgreSQL's index limit) are kept as they are.
fn import_ref(format: Format, thread: &str, id: &str) -> String {
    const LONGEST: usize = 2_400;
    let name = format!("{}:{thread}#{id}", format.as_str());
    if name.len() <= LONGEST {
        return name;
    }
    format!(
        "{}:sha256:{}",
        format.as_str(),
        crate::identity::content_hash(name.as_bytes())
    )
}

#[cfg(test)]
mod tests;
