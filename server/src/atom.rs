//! Atom feeds (RFC 4287) of published comments: one per thread and one per site. Each
//! entry's HTML is rendered from the node tree and then escaped into the XML, so nothing
//! a commenter wrote becomes markup.

use crate::storage::FeedEntry;
use confab_api::CommentKind;
use confab_api::html::{escape, to_html};

/// What a feed is about.
pub struct FeedHead<'a> {
    /// A stable IRI naming the feed.
    pub id: String,
    pub title: String,
    /// The feed's own address (may be relative to the document's).
    pub self_link: &'a str,
    /// The page the comments belong to, if known.
    pub page: Option<&'a str>,
    /// When nothing is in the feed, the time it says it was updated (RFC 3339).
    pub empty_updated: &'a str,
}

/// The whole feed document.
pub fn write(head: &FeedHead<'_>, entries: &[FeedEntry]) -> String {
    let updated = entries
        .iter()
        .map(updated)
        .max()
        .unwrap_or(head.empty_updated);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\">\n\
         <id>{}</id>\n<title>{}</title>\n<updated>{}</updated>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n\
         <generator>Confab</generator>\n",
        escape(&head.id),
        escape(&head.title),
        escape(updated),
        escape(head.self_link),
    );
    if let Some(page) = head.page {
        out.push_str(&format!(
            "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(page)
        ));
    }
    for entry in entries {
        write_entry(&mut out, entry);
    }
    out.push_str("</feed>\n");
    out
}

fn updated(entry: &FeedEntry) -> &str {
    entry
        .comment
        .edited_at
        .as_deref()
        .unwrap_or(&entry.comment.created_at)
}

fn write_entry(out: &mut String, entry: &FeedEntry) {
    let comment = &entry.comment;
    let author = &comment.author.name;
    let on = entry.thread_title.as_deref().unwrap_or(&entry.thread_key);
    let title = match comment.kind {
        CommentKind::Comment => format!("{author} on “{on}”"),
        CommentKind::Pingback | CommentKind::Trackback => format!("Mentioned by {author}"),
    };
    out.push_str(&format!(
        "<entry>\n<id>urn:confab:comment:{}</id>\n<title>{}</title>\n\
         <published>{}</published>\n<updated>{}</updated>\n<author><name>{}</name>",
        comment.id,
        escape(&title),
        escape(&comment.created_at),
        escape(updated(entry)),
        escape(if author.is_empty() {
            "Anonymous"
        } else {
            author
        }),
    ));
    if let Some(website) = &comment.author.website {
        out.push_str(&format!("<uri>{}</uri>", escape(website)));
    }
    out.push_str("</author>\n");
    if let Some(page) = &entry.thread_url {
        out.push_str(&format!(
            "<link rel=\"alternate\" type=\"text/html\" href=\"{}#confab-comment-{}\"/>\n",
            escape(page),
            comment.id
        ));
    }
    out.push_str(&format!(
        "<content type=\"html\">{}</content>\n</entry>\n",
        escape(&to_html(&comment.body))
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use confab_api::{Author, Block, CommentStatus, Inline};

    fn entry(text: &str, name: &str) -> FeedEntry {
        FeedEntry {
            thread_key: "/post/".into(),
            thread_title: Some("Tea & <biscuits>".into()),
            thread_url: Some("https://blog.example/post/?a=1&b=2".into()),
            comment: confab_api::Comment {
                id: 7,
                parent_id: None,
                kind: CommentKind::Comment,
                author: Author {
                    name: name.into(),
                    website: Some("https://ann.example/?x=\"y\"".into()),
                    avatar_seed: String::new(),
                    badge: None,
                },
                body: vec![Block::Paragraph {
                    children: vec![Inline::Text { text: text.into() }],
                }],
                created_at: "2020-01-02T03:04:05Z".into(),
                edited_at: Some("2020-01-03T00:00:00Z".into()),
                status: CommentStatus::Published,
                reply_count: 0,
                up: 0,
                down: 0,
                pinned: false,
                edited_by_moderator: false,
                reactions: Default::default(),
            },
        }
    }

    #[test]
    fn everything_written_by_readers_is_escaped_twice_over() {
        let head = FeedHead {
            id: "urn:confab:thread:/post/".into(),
            title: "Comments on “Tea & <biscuits>”".into(),
            self_link: "/api/v1/feeds/thread.atom?thread=/post/&origin=x",
            page: Some("https://blog.example/post/?a=1&b=2"),
            empty_updated: "1970-01-01T00:00:00Z",
        };
        let xml = write(&head, &[entry("<script>alert(1)</script>", "Ann </name>")]);
        assert!(xml.contains("<title>Comments on “Tea &amp; &lt;biscuits&gt;”</title>"));
        assert!(xml.contains("<updated>2020-01-03T00:00:00Z</updated>"));
        assert!(xml.contains(
            "<content type=\"html\">&lt;p&gt;&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;&lt;/p&gt;</content>"
        ));
        assert!(xml.contains("<name>Ann &lt;/name&gt;</name>"));
        assert!(xml.contains("href=\"https://blog.example/post/?a=1&amp;b=2#confab-comment-7\""));
        assert!(xml.contains("<uri>https://ann.example/?x=&quot;y&quot;</uri>"));
        assert!(!xml.contains("<script>"));
        roxmltree::Document::parse(&xml).expect("well-formed XML");
    }

    #[test]
    fn an_empty_feed_is_still_valid() {
        let head = FeedHead {
            id: "urn:confab:site:default".into(),
            title: "Recent comments".into(),
            self_link: "/api/v1/feeds/recent.atom",
            page: None,
            empty_updated: "1970-01-01T00:00:00Z",
        };
        let xml = write(&head, &[]);
        assert!(xml.contains("<updated>1970-01-01T00:00:00Z</updated>"));
        roxmltree::Document::parse(&xml).expect("well-formed XML");
    }
}
