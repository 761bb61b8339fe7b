//! A body's node tree as escaped HTML text, for places outside a browser: exports and
//! feeds. Only the tree's own elements are written; every text is escaped.

use crate::body::{Block, Inline};

/// `blocks` as HTML.
pub fn to_html(blocks: &[Block]) -> String {
    let mut out = String::new();
    write_blocks(&mut out, blocks);
    out
}

/// `blocks` as WordPress keeps a comment's text: paragraphs separated by blank lines and
/// line breaks as newlines (WordPress adds `<p>` and `<br>` when it shows a comment), inline
/// markup and other blocks as HTML. Importers that read comments as typed (Isso's) see
/// paragraphs rather than tags.
pub fn to_wordpress_text(blocks: &[Block]) -> String {
    let parts: Vec<String> = blocks
        .iter()
        .map(|block| {
            let mut out = String::new();
            match block {
                Block::Paragraph { children } => write_inlines(&mut out, children, "\n"),
                other => write_blocks(&mut out, std::slice::from_ref(other)),
            }
            out
        })
        .collect();
    parts.join("\n\n")
}

/// `text` with `&`, `<`, `>`, `"` and `'` escaped, for HTML and XML text and attributes;
/// control characters that XML cannot carry are left out.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Characters XML 1.0 forbids even escaped: one would make a feed or an
            // export unreadable.
            '\u{0}'..='\u{8}'
            | '\u{B}'
            | '\u{C}'
            | '\u{E}'..='\u{1F}'
            | '\u{FFFE}'
            | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn write_blocks(out: &mut String, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Paragraph { children } => {
                out.push_str("<p>");
                write_inlines(out, children, "<br>");
                out.push_str("</p>");
            }
            Block::CodeBlock { text } => {
                out.push_str("<pre><code>");
                out.push_str(&escape(text));
                out.push_str("</code></pre>");
            }
            Block::BlockQuote { children } => {
                out.push_str("<blockquote>");
                write_blocks(out, children);
                out.push_str("</blockquote>");
            }
            Block::List { start, items } => {
                match start {
                    Some(start) => out.push_str(&format!("<ol start=\"{start}\">")),
                    None => out.push_str("<ul>"),
                }
                for item in items {
                    out.push_str("<li>");
                    write_blocks(out, item);
                    out.push_str("</li>");
                }
                out.push_str(if start.is_some() { "</ol>" } else { "</ul>" });
            }
        }
    }
}

fn write_inlines(out: &mut String, inlines: &[Inline], line_break: &str) {
    for inline in inlines {
        let (open, close, children) = match inline {
            Inline::Text { text } => {
                out.push_str(&escape(text));
                continue;
            }
            Inline::Code { text } => {
                out.push_str("<code>");
                out.push_str(&escape(text));
                out.push_str("</code>");
                continue;
            }
            Inline::LineBreak => {
                out.push_str(line_break);
                continue;
            }
            Inline::Emphasis { children } => ("<em>".to_owned(), "</em>", children),
            Inline::Strong { children } => ("<strong>".to_owned(), "</strong>", children),
            Inline::Strikethrough { children } => ("<del>".to_owned(), "</del>", children),
            Inline::Link { url, children } => (
                format!("<a href=\"{}\" rel=\"nofollow ugc\">", escape(url)),
                "</a>",
                children,
            ),
        };
        out.push_str(&open);
        write_inlines(out, children, line_break);
        out.push_str(close);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(text: &str) -> Inline {
        Inline::Text { text: text.into() }
    }

    #[test]
    fn wordpress_text_has_paragraphs_as_blank_lines_and_breaks_as_newlines() {
        let blocks = vec![
            Block::Paragraph {
                children: vec![text("one <b>"), Inline::LineBreak, text("two")],
            },
            Block::BlockQuote {
                children: vec![Block::Paragraph {
                    children: vec![text("quoted")],
                }],
            },
            Block::Paragraph {
                children: vec![Inline::Emphasis {
                    children: vec![text("three")],
                }],
            },
        ];
        assert_eq!(
            to_wordpress_text(&blocks),
            "one &lt;b&gt;\ntwo\n\n<blockquote><p>quoted</p></blockquote>\n\n<em>three</em>"
        );
    }

    #[test]
    fn the_tree_becomes_html_and_every_text_is_escaped() {
        let blocks = vec![
            Block::Paragraph {
                children: vec![
                    text("<script>alert(1)</script> & "),
                    Inline::Strong {
                        children: vec![text("bold")],
                    },
                    Inline::LineBreak,
                    Inline::Link {
                        url: "https://a.example/?q=\"x\"&y".into(),
                        children: vec![text("link")],
                    },
                ],
            },
            Block::List {
                start: Some(3),
                items: vec![vec![Block::CodeBlock {
                    text: "a < b".into(),
                }]],
            },
        ];
        assert_eq!(
            to_html(&blocks),
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; <strong>bold</strong><br>\
             <a href=\"https://a.example/?q=&quot;x&quot;&amp;y\" rel=\"nofollow ugc\">link</a></p>\
             <ol start=\"3\"><li><pre><code>a &lt; b</code></pre></li></ol>"
        );
    }

    #[test]
    fn characters_xml_cannot_carry_are_left_out() {
        assert_eq!(escape("a\u{1}b\u{1F}c\td\ne\u{FFFE}"), "abc\td\ne");
    }
}
