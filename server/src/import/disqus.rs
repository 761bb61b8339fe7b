//! Disqus's XML export (with or without its default namespace): `thread` elements become
//! threads, keyed by their identifier when it is a path and by their link's path otherwise;
//! `post` elements become comments, found by the `dsq:id` of their thread and parent.
//! Messages are HTML, as CDATA or escaped text.

use super::html_body::Newlines;
use super::xml::{self, child, child_text, children};
use super::{ImportError, Skipped, Source, SourceBody, SourceComment, SourceThread, Status};
use confab_api::CommentKind;
use roxmltree::Node;
use std::collections::HashMap;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Reads a Disqus export.
pub fn read(bytes: &[u8]) -> Result<Source, ImportError> {
    let text = super::archive::utf8(bytes)?;
    let document = xml::parse(text)?;
    let lines = xml::Lines::new(text);
    let root = document.root_element();
    if root.tag_name().name() != "disqus" {
        return Err(ImportError::Unreadable(format!(
            "not a Disqus export: the root element is <{}>, not <disqus>",
            root.tag_name().name()
        )));
    }
    let mut source = Source::default();
    // Threads by their `dsq:id`, as posts name them.
    let mut threads: HashMap<String, usize> = HashMap::new();
    let mut index_by_key: HashMap<String, usize> = HashMap::new();
    for node in children(root, "thread") {
        let record = || format!("thread on line {}", lines.of(node));
        let Some(dsq_id) = dsq_id(node) else {
            source.skipped.push(Skipped {
                record: record(),
                reason: "it has no dsq:id for posts to refer to".to_owned(),
            });
            continue;
        };
        let link = child_text(node, "link");
        let key = child_text(node, "id")
            .and_then(|id| crate::validate::thread_key(&id).ok())
            .or_else(|| link.as_deref().and_then(xml::key_from_link));
        let Some(key) = key else {
            source.skipped.push(Skipped {
                record: record(),
                reason: "neither its id nor its link is a page address".to_owned(),
            });
            continue;
        };
        // Disqus may list one page under several threads; their posts join one thread.
        let index = *index_by_key.entry(key.clone()).or_insert_with(|| {
            source.threads.push(SourceThread {
                key,
                title: xml::title(child_text(node, "title")),
                url: xml::page_url(link.as_deref()),
                locked: child_text(node, "isClosed").as_deref() == Some("true"),
                reactions: Default::default(),
                comments: Vec::new(),
            });
            source.threads.len() - 1
        });
        threads.insert(dsq_id, index);
    }
    for node in children(root, "post") {
        let record = || {
            dsq_id(node).map_or_else(
                || format!("post on line {}", lines.of(node)),
                |id| format!("post {id}"),
            )
        };
        let thread = child(node, "thread").and_then(dsq_id);
        let Some(&index) = thread.as_ref().and_then(|thread| threads.get(thread)) else {
            source.skipped.push(Skipped {
                record: record(),
                reason: format!(
                    "orphan: its thread {} is not in the file",
                    thread.as_deref().unwrap_or("(none)")
                ),
            });
            continue;
        };
        match post(node) {
            Ok(comment) => source.threads[index].comments.push(comment),
            Err(reason) => source.skipped.push(Skipped {
                record: record(),
                reason,
            }),
        }
    }
    source.threads.retain(|thread| !thread.comments.is_empty());
    Ok(source)
}

/// The `dsq:id` attribute (whatever prefix the file binds to Disqus's internals).
fn dsq_id(node: Node<'_, '_>) -> Option<String> {
    node.attributes()
        .find(|attribute| attribute.name() == "id")
        .map(|attribute| attribute.value().trim().to_owned())
        .filter(|id| !id.is_empty())
}

fn post(node: Node<'_, '_>) -> Result<SourceComment, String> {
    let id = dsq_id(node).ok_or("it has no dsq:id")?;
    let created_at = child_text(node, "createdAt")
        .and_then(|date| OffsetDateTime::parse(&date, &Rfc3339).ok())
        .and_then(|date| i64::try_from(date.unix_timestamp_nanos() / 1_000_000).ok())
        .ok_or("its createdAt is missing or not a date")?;
    let flag = |name| child_text(node, name).as_deref() == Some("true");
    let status = if flag("isDeleted") {
        Status::Deleted
    } else if flag("isSpam") {
        Status::Spam
    } else {
        Status::Published
    };
    let author = child(node, "author");
    let author_field = |name| author.and_then(|author| child_text(author, name));
    let message = child(node, "message").map(xml::text).unwrap_or_default();
    Ok(SourceComment {
        parent: child(node, "parent").and_then(dsq_id),
        kind: CommentKind::Comment,
        status,
        author_name: author_field("name")
            .or_else(|| author_field("username"))
            .unwrap_or_default(),
        author_email: author_field("email"),
        author_website: None,
        client_address: child_text(node, "ipAddress"),
        author_identity: None,
        badge: None,
        identity_proven: false,
        body: SourceBody::Html(message, Newlines::Layout),
        created_at,
        edited_at: None,
        up_votes: 0,
        down_votes: 0,
        reactions: Default::default(),
        id,
        pinned_at: None,
    })
}
