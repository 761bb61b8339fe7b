//! WordPress eXtended RSS (WXR 1.0, 1.1 and 1.2, with the `http` or `https` namespace that
//! newer WordPress writes): each item with comments becomes a thread keyed by its link's
//! path, each `wp:comment` a comment. Bodies are HTML whose newlines are line breaks.

use super::html_body::Newlines;
use super::xml::{self, child, child_text, children};
use super::{ImportError, Skipped, Source, SourceBody, SourceComment, SourceThread, Status};
use confab_api::{Badge, CommentKind};
use roxmltree::Node;
use std::collections::{HashMap, HashSet};
use time::PrimitiveDateTime;
use time::macros::format_description;

/// Reads a WXR file.
pub fn read(bytes: &[u8]) -> Result<Source, ImportError> {
    let text = super::archive::utf8(bytes)?;
    let document = xml::parse(text)?;
    let lines = xml::Lines::new(text);
    let root = document.root_element();
    let channel = child(root, "channel").filter(|_| root.tag_name().name() == "rss");
    let is_wxr = root.descendants().any(|node| {
        node.tag_name()
            .namespace()
            .is_some_and(is_wordpress_namespace)
    });
    let (Some(channel), true) = (channel, is_wxr) else {
        return Err(ImportError::Unreadable(
            "not a WordPress export: expected <rss><channel> with elements in the \
             wordpress.org/export/ namespace"
                .to_owned(),
        ));
    };
    let authors = authors(channel);
    let mut source = Source::default();
    let mut keys = HashSet::new();
    for item in children(channel, "item") {
        if child(item, "comment").is_none() {
            continue;
        }
        let post_id = child_text(item, "post_id").unwrap_or_default();
        let link = child_text(item, "link");
        let key = link.as_deref().and_then(xml::key_from_link).or_else(|| {
            let fallback = format!("/?p={post_id}");
            (!post_id.is_empty())
                .then(|| crate::validate::thread_key(&fallback).ok())
                .flatten()
        });
        let Some(key) = key.filter(|key| keys.insert(key.clone())) else {
            source.skipped.push(Skipped {
                record: format!("item on line {}", lines.of(item)),
                reason: "no link or post id to key its thread by, or the same link as an \
                         earlier item"
                    .to_owned(),
            });
            continue;
        };
        let post_author = child_text(item, "creator").and_then(|login| authors.get(&login));
        let mut thread = SourceThread {
            title: xml::title(child_text(item, "title")),
            url: xml::page_url(link.as_deref()),
            locked: child_text(item, "comment_status").as_deref() == Some("closed"),
            reactions: Default::default(),
            comments: Vec::new(),
            key,
        };
        let mut ids = HashSet::new();
        for node in children(item, "comment") {
            match comment(node, post_author) {
                Ok(comment) if ids.insert(comment.id.clone()) => thread.comments.push(comment),
                Ok(comment) => source.skipped.push(Skipped {
                    record: format!("comment {} of {}", comment.id, thread.key),
                    reason: "the same comment id appears twice in this post".to_owned(),
                }),
                Err(reason) => source.skipped.push(Skipped {
                    record: format!("comment on line {} ({})", lines.of(node), thread.key),
                    reason,
                }),
            }
        }
        source.threads.push(thread);
    }
    Ok(source)
}

/// `http(s)://wordpress.org/export/1.x/`.
fn is_wordpress_namespace(namespace: &str) -> bool {
    namespace
        .strip_prefix("http://")
        .or_else(|| namespace.strip_prefix("https://"))
        .is_some_and(|rest| rest.starts_with("wordpress.org/export/"))
}

/// A WordPress user: their id and email, by login.
struct Author {
    id: Option<String>,
    email: Option<String>,
}

fn authors(channel: Node<'_, '_>) -> HashMap<String, Author> {
    children(channel, "author")
        .filter_map(|author| {
            let login = child_text(author, "author_login")?;
            Some((
                login,
                Author {
                    id: child_text(author, "author_id"),
                    email: child_text(author, "author_email").map(|email| email.to_lowercase()),
                },
            ))
        })
        .collect()
}

fn comment(node: Node<'_, '_>, post_author: Option<&Author>) -> Result<SourceComment, String> {
    let id = child_text(node, "comment_id").ok_or("it has no wp:comment_id")?;
    let created_at = ["comment_date_gmt", "comment_date"]
        .into_iter()
        .filter_map(|name| child_text(node, name))
        .find_map(|date| wordpress_date(&date))
        .ok_or_else(|| format!("comment {id} has no readable date"))?;
    let status = match child_text(node, "comment_approved").as_deref() {
        Some("1" | "approve") => Status::Published,
        Some("spam") => Status::Spam,
        Some("trash" | "post-trashed") => Status::Deleted,
        _ => Status::Pending,
    };
    let kind = match child_text(node, "comment_type").as_deref() {
        Some("pingback") => CommentKind::Pingback,
        Some("trackback") => CommentKind::Trackback,
        _ => CommentKind::Comment,
    };
    let email = child_text(node, "comment_author_email");
    let user_id = child_text(node, "comment_user_id").filter(|id| id != "0");
    // Only a registered user proves who they are; a guest may type any address.
    let identity_proven = user_id.is_some();
    let by_post_author = identity_proven
        && post_author.is_some_and(|author| {
            user_id == author.id
                || (email.is_some()
                    && email.as_deref().map(str::to_lowercase).as_ref() == author.email.as_ref())
        });
    let content = child(node, "comment_content")
        .map(xml::text)
        .unwrap_or_default();
    Ok(SourceComment {
        parent: child_text(node, "comment_parent").filter(|parent| parent != "0"),
        kind,
        status,
        author_name: child_text(node, "comment_author").unwrap_or_default(),
        author_email: email,
        author_website: child_text(node, "comment_author_url"),
        client_address: child_text(node, "comment_author_IP"),
        author_identity: None,
        badge: by_post_author.then_some(Badge::PostAuthor),
        identity_proven,
        body: SourceBody::Html(content, Newlines::Significant),
        created_at,
        edited_at: None,
        up_votes: 0,
        down_votes: 0,
        reactions: Default::default(),
        id,
        pinned_at: None,
    })
}

/// `2011-02-18 16:42:00` as milliseconds since the epoch (UTC); WordPress writes
/// `0000-00-00 00:00:00` for dates it never set.
fn wordpress_date(date: &str) -> Option<i64> {
    let format = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let date = PrimitiveDateTime::parse(date, format).ok()?.assume_utc();
    i64::try_from(date.unix_timestamp_nanos() / 1_000_000).ok()
}
