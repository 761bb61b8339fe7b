//! WordPress eXtended RSS (WXR 1.2): threads as posts, comments with their nesting,
//! authors, dates and states, bodies as WordPress keeps them (paragraphs as blank lines,
//! inline markup as HTML) rendered from the node tree. WordPress, Isso and Disqus all read
//! it, and so does Confab's own importer.

use crate::storage::{ExportedComment, ExportedThread};
use confab_api::html::{escape, to_wordpress_text};
use confab_api::{Badge, CommentKind};
use time::OffsetDateTime;
use time::macros::format_description;

/// The WordPress user id and login that stand for the post's author.
const POST_AUTHOR_ID: u32 = 1;
const POST_AUTHOR_LOGIN: &str = "post-author";

/// The whole export as one XML document.
pub fn write(threads: &[ExportedThread]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n\
         <channel>\n<title>Confab export</title>\n<wp:wxr_version>1.2</wp:wxr_version>\n",
    );
    // One WordPress user stands for every post's author, so their badge travels.
    out.push_str(&format!(
        "<wp:author><wp:author_id>{POST_AUTHOR_ID}</wp:author_id>\
         <wp:author_login>{POST_AUTHOR_LOGIN}</wp:author_login>\
         <wp:author_display_name>Post author</wp:author_display_name></wp:author>\n"
    ));
    for (index, thread) in threads.iter().enumerate() {
        write_thread(&mut out, index + 1, thread);
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

fn write_thread(out: &mut String, post_id: usize, thread: &ExportedThread) {
    let title = thread.title.as_deref().unwrap_or(&thread.key);
    let link = thread.url.as_deref().unwrap_or(&thread.key);
    let created = thread
        .comments
        .first()
        .map_or(0, |comment| comment.created_at);
    out.push_str(&format!(
        "<item>\n<title>{}</title>\n<link>{}</link>\n<content:encoded></content:encoded>\n\
         <dc:creator>{POST_AUTHOR_LOGIN}</dc:creator>\n<wp:post_id>{post_id}</wp:post_id>\n<wp:post_date_gmt>{}</wp:post_date_gmt>\n\
         <wp:post_name>{}</wp:post_name>\n<wp:status>publish</wp:status>\n\
         <wp:post_type>post</wp:post_type>\n<wp:comment_status>{}</wp:comment_status>\n",
        escape(title),
        escape(link),
        gmt(created),
        escape(&thread.key),
        if thread.locked { "closed" } else { "open" },
    ));
    for comment in &thread.comments {
        if let Some(approved) = approved(&comment.status) {
            write_comment(out, comment, approved);
        }
    }
    out.push_str("</item>\n");
}

/// WordPress's `comment_approved` for a stored state; `None` for comments that were never
/// shown (rejected) or are gone without replies (removed).
fn approved(status: &str) -> Option<&'static str> {
    match status {
        "published" => Some("1"),
        "pending" => Some("0"),
        "spam" | "shadow" => Some("spam"),
        "deleted" => Some("trash"),
        _ => None,
    }
}

fn write_comment(out: &mut String, comment: &ExportedComment, approved: &str) {
    let kind = match comment.kind {
        CommentKind::Comment => "",
        CommentKind::Pingback => "pingback",
        CommentKind::Trackback => "trackback",
    };
    out.push_str(&format!(
        "<wp:comment>\n<wp:comment_id>{}</wp:comment_id>\n\
         <wp:comment_author>{}</wp:comment_author>\n\
         <wp:comment_author_email>{}</wp:comment_author_email>\n\
         <wp:comment_author_url>{}</wp:comment_author_url>\n\
         <wp:comment_author_IP>{}</wp:comment_author_IP>\n\
         <wp:comment_date_gmt>{}</wp:comment_date_gmt>\n\
         <wp:comment_content>{}</wp:comment_content>\n\
         <wp:comment_approved>{approved}</wp:comment_approved>\n\
         <wp:comment_type>{kind}</wp:comment_type>\n\
         <wp:comment_parent>{}</wp:comment_parent>\n\
         <wp:comment_user_id>{}</wp:comment_user_id>\n</wp:comment>\n",
        comment.id,
        escape(&comment.author_name),
        escape(comment.author_email.as_deref().unwrap_or_default()),
        escape(comment.author_website.as_deref().unwrap_or_default()),
        escape(comment.client_address.as_deref().unwrap_or_default()),
        gmt(comment.created_at),
        escape(&content(comment)),
        comment.parent_id.unwrap_or(0),
        if comment.badge == Some(Badge::PostAuthor) {
            POST_AUTHOR_ID
        } else {
            0
        },
    ));
}

/// The comment's text as WordPress keeps it (see [`to_wordpress_text`]); a deleted comment
/// (kept for its replies, its text erased) says so, because importers such as Isso's fail
/// on an empty `comment_content`.
fn content(comment: &ExportedComment) -> String {
    if comment.status == "deleted" {
        "[deleted]".to_owned()
    } else if comment.body.is_empty() {
        // A pingback without an excerpt: a space, which readers (Confab's too) take as no
        // text, where an empty element stops Isso's importer.
        " ".to_owned()
    } else {
        to_wordpress_text(&comment.body)
    }
}

/// `2011-02-18 16:42:00` in UTC, as WXR writes dates.
fn gmt(millis: i64) -> String {
    let format = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    OffsetDateTime::from_unix_timestamp(millis.div_euclid(1000))
        .ok()
        .and_then(|time| time.format(format).ok())
        .unwrap_or_else(|| "1970-01-01 00:00:00".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use confab_api::{Block, Inline};

    fn comment(id: i64, parent_id: Option<i64>, status: &str, text: &str) -> ExportedComment {
        ExportedComment {
            id,
            parent_id,
            kind: CommentKind::Comment,
            status: status.to_owned(),
            author_name: "Ann <b>".to_owned(),
            author_email: Some("ann@example.com".to_owned()),
            author_website: None,
            client_address: None,
            author_identity: None,
            badge: None,
            body_markdown: text.to_owned(),
            body: vec![Block::Paragraph {
                children: vec![Inline::Text { text: text.into() }],
            }],
            created_at: 1_298_047_320_000,
            edited_at: None,
            up_votes: 0,
            down_votes: 0,
            reactions: Default::default(),
            pinned_at: None,
        }
    }

    #[test]
    fn threads_comments_nesting_and_states_are_written_escaped() {
        let thread = ExportedThread {
            key: "/post/".into(),
            title: Some("Why & how".into()),
            url: Some("https://blog.example/post/".into()),
            locked: false,
            reactions: Default::default(),
            comments: vec![
                comment(1, None, "published", "<script>x</script>"),
                comment(2, Some(1), "pending", "reply"),
                comment(3, None, "rejected", "never shown"),
            ],
        };
        let xml = write(&[thread]);
        assert!(xml.contains("<title>Why &amp; how</title>"));
        assert!(xml.contains("<link>https://blog.example/post/</link>"));
        assert!(xml.contains(
            "<wp:comment_content>&amp;lt;script&amp;gt;x&amp;lt;/script&amp;gt;</wp:comment_content>"
        ));
        assert!(xml.contains("<wp:comment_author>Ann &lt;b&gt;</wp:comment_author>"));
        assert!(xml.contains("<wp:comment_parent>1</wp:comment_parent>"));
        assert!(xml.contains("<wp:comment_approved>0</wp:comment_approved>"));
        assert!(xml.contains("<wp:comment_date_gmt>2011-02-18 16:42:00</wp:comment_date_gmt>"));
        assert!(!xml.contains("never shown"));
    }

    #[test]
    fn empty_and_erased_bodies_still_have_content_for_other_importers() {
        let mut pingback = comment(1, None, "published", "");
        pingback.body.clear();
        let mut deleted = comment(2, None, "deleted", "");
        deleted.body.clear();
        let thread = ExportedThread {
            key: "/post/".into(),
            title: None,
            url: None,
            locked: false,
            reactions: Default::default(),
            comments: vec![pingback, deleted],
        };
        let xml = write(&[thread]);
        assert!(xml.contains("<wp:comment_content> </wp:comment_content>"));
        assert!(xml.contains("<wp:comment_content>[deleted]</wp:comment_content>"));
    }
}
