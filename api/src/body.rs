//! A comment body as a typed tree of the few nodes Confab allows.
//!
//! There is no node for raw HTML, scripts, styles or images, and a link carries a URL the
//! server checked against [`ALLOWED_LINK_SCHEMES`]. Whoever renders this tree escapes text
//! and cannot produce anything else, so a body is safe by construction.

use serde::{Deserialize, Serialize};

/// The URL schemes a link in a body may use.
pub const ALLOWED_LINK_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// A block of a comment body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph of inline content.
    Paragraph {
        /// Its content.
        children: Vec<Inline>,
    },
    /// Preformatted code, shown as typed.
    CodeBlock {
        /// The code.
        text: String,
    },
    /// A quotation of other blocks.
    BlockQuote {
        /// The quoted blocks.
        children: Vec<Block>,
    },
    /// A bulleted or numbered list.
    List {
        /// The first number of a numbered list; `None` for bullets.
        start: Option<u64>,
        /// Each item is a sequence of blocks.
        items: Vec<Vec<Block>>,
    },
}

/// Inline content of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    /// Plain text, shown as is (escaped).
    Text {
        /// The text.
        text: String,
    },
    /// Emphasis (italics).
    Emphasis {
        /// Its content.
        children: Vec<Inline>,
    },
    /// Strong emphasis (bold).
    Strong {
        /// Its content.
        children: Vec<Inline>,
    },
    /// Struck-through text.
    Strikethrough {
        /// Its content.
        children: Vec<Inline>,
    },
    /// Inline code.
    Code {
        /// The code.
        text: String,
    },
    /// A line break inside a paragraph.
    LineBreak,
    /// A link whose URL uses one of [`ALLOWED_LINK_SCHEMES`].
    Link {
        /// The checked URL.
        url: String,
        /// The link text.
        children: Vec<Inline>,
    },
}

/// Whether `url` is absolute and uses an allowed scheme (compared case-insensitively).
pub fn is_allowed_link(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once(':') else {
        return false;
    };
    let scheme_allowed = ALLOWED_LINK_SCHEMES
        .iter()
        .any(|allowed| scheme.eq_ignore_ascii_case(allowed));
    let no_hidden_characters = !url.chars().any(|c| c.is_control() || c.is_whitespace());
    scheme_allowed && no_hidden_characters && !rest.is_empty()
}

/// How many links a body carries.
pub fn link_count(blocks: &[Block]) -> usize {
    let mut count = 0;
    for_each_link(blocks, &mut |_| count += 1);
    count
}

/// The addresses a body's links go to, in order.
pub fn link_urls(blocks: &[Block]) -> Vec<String> {
    let mut urls = Vec::new();
    for_each_link(blocks, &mut |url| urls.push(url.to_owned()));
    urls
}

/// Calls `found` with the address of each link in `blocks`, in order.
fn for_each_link(blocks: &[Block], found: &mut impl FnMut(&str)) {
    fn in_inlines(inlines: &[Inline], found: &mut impl FnMut(&str)) {
        for inline in inlines {
            match inline {
                Inline::Link { url, children } => {
                    found(url);
                    in_inlines(children, found);
                }
                Inline::Emphasis { children }
                | Inline::Strong { children }
                | Inline::Strikethrough { children } => in_inlines(children, found),
                Inline::Text { .. } | Inline::Code { .. } | Inline::LineBreak => {}
            }
        }
    }
    for block in blocks {
        match block {
            Block::Paragraph { children } => in_inlines(children, found),
            Block::BlockQuote { children } => for_each_link(children, found),
            Block::List { items, .. } => {
                for item in items {
                    for_each_link(item, found);
                }
            }
            Block::CodeBlock { .. } => {}
        }
    }
}

/// How many levels of quotes, lists, emphasis and links nest in a body at most (the
/// markdown parser keeps this within [`crate::limits::MAX_NESTING`]).
pub fn nesting_depth(blocks: &[Block]) -> usize {
    fn in_inlines(inlines: &[Inline]) -> usize {
        inlines
            .iter()
            .map(|inline| match inline {
                Inline::Emphasis { children }
                | Inline::Strong { children }
                | Inline::Strikethrough { children }
                | Inline::Link { children, .. } => 1 + in_inlines(children),
                Inline::Text { .. } | Inline::Code { .. } | Inline::LineBreak => 0,
            })
            .max()
            .unwrap_or(0)
    }
    blocks
        .iter()
        .map(|block| match block {
            Block::Paragraph { children } => in_inlines(children),
            Block::BlockQuote { children } => 1 + nesting_depth(children),
            Block::List { items, .. } => {
                1 + items
                    .iter()
                    .map(|item| nesting_depth(item))
                    .max()
                    .unwrap_or(0)
            }
            Block::CodeBlock { .. } => 0,
        })
        .max()
        .unwrap_or(0)
}

/// Whether a tree from outside (an import) is one the markdown parser could have made:
/// every link's scheme allowed and nesting within [`crate::limits::MAX_NESTING`].
pub fn is_well_formed(blocks: &[Block]) -> bool {
    fn inlines_ok(inlines: &[Inline]) -> bool {
        inlines.iter().all(|inline| match inline {
            Inline::Link { url, children } => is_allowed_link(url) && inlines_ok(children),
            Inline::Emphasis { children }
            | Inline::Strong { children }
            | Inline::Strikethrough { children } => inlines_ok(children),
            Inline::Text { .. } | Inline::Code { .. } | Inline::LineBreak => true,
        })
    }
    fn blocks_ok(blocks: &[Block]) -> bool {
        blocks.iter().all(|block| match block {
            Block::Paragraph { children } => inlines_ok(children),
            Block::BlockQuote { children } => blocks_ok(children),
            Block::List { items, .. } => items.iter().all(|item| blocks_ok(item)),
            Block::CodeBlock { .. } => true,
        })
    }
    nesting_depth(blocks) <= crate::limits::MAX_NESTING && blocks_ok(blocks)
}

/// The plain text of a body, with blocks separated by blank lines (for titles and feeds).
pub fn plain_text(blocks: &[Block]) -> String {
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph { children } => out.push(inline_text(children)),
            Block::CodeBlock { text } => out.push(text.clone()),
            Block::BlockQuote { children } => out.push(plain_text(children)),
            Block::List { items, .. } => {
                out.extend(items.iter().map(|item| plain_text(item)));
            }
        }
    }
    out.join("\n\n")
}

fn inline_text(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|inline| match inline {
            Inline::Text { text } | Inline::Code { text } => text.clone(),
            Inline::LineBreak => "\n".to_owned(),
            Inline::Emphasis { children }
            | Inline::Strong { children }
            | Inline::Strikethrough { children }
            | Inline::Link { children, .. } => inline_text(children),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_https_and_mailto_links_are_allowed() {
        assert!(is_allowed_link("https://example.com/a?b=c"));
        assert!(is_allowed_link("HTTP://EXAMPLE.COM"));
        assert!(is_allowed_link("mailto:ann@example.com"));
        assert!(!is_allowed_link("javascript:alert(1)"));
        assert!(!is_allowed_link("data:text/html,<script>"));
        assert!(!is_allowed_link("/relative/path"));
        assert!(!is_allowed_link("java\tscript:alert(1)"));
        assert!(!is_allowed_link("https:"));
    }

    #[test]
    fn trees_with_unsafe_links_or_deep_nesting_are_not_well_formed() {
        let link = |url: &str| {
            vec![Block::Paragraph {
                children: vec![Inline::Link {
                    url: url.into(),
                    children: vec![],
                }],
            }]
        };
        assert!(is_well_formed(&link("https://example.com/")));
        assert!(!is_well_formed(&link("javascript:alert(1)")));
        let mut deep = link("https://example.com/");
        for _ in 0..=crate::limits::MAX_NESTING {
            deep = vec![Block::BlockQuote { children: deep }];
        }
        assert!(!is_well_formed(&deep));
    }

    #[test]
    fn nodes_travel_tagged_by_type() {
        let block = Block::Paragraph {
            children: vec![Inline::Text { text: "hi".into() }, Inline::LineBreak],
        };
        let json = serde_json::to_string(&block).unwrap();
        assert_eq!(
            json,
            r#"{"type":"paragraph","children":[{"type":"text","text":"hi"},{"type":"line_break"}]}"#
        );
    }

    #[test]
    fn links_are_counted_at_any_depth() {
        let link = |url: &str| Inline::Link {
            url: url.into(),
            children: vec![Inline::Text { text: "x".into() }],
        };
        let body = vec![
            Block::Paragraph {
                children: vec![
                    link("https://a.example"),
                    Inline::Strong {
                        children: vec![link("https://b.example")],
                    },
                ],
            },
            Block::List {
                start: None,
                items: vec![vec![Block::Paragraph {
                    children: vec![link("https://c.example")],
                }]],
            },
        ];
        assert_eq!(link_count(&body), 3);
    }

    #[test]
    fn plain_text_keeps_words_and_line_breaks() {
        let body = vec![
            Block::Paragraph {
                children: vec![
                    Inline::Strong {
                        children: vec![Inline::Text { text: "Hey".into() }],
                    },
                    Inline::LineBreak,
                    Inline::Text { text: "you".into() },
                ],
            },
            Block::CodeBlock { text: "x".into() },
        ];
        assert_eq!(plain_text(&body), "Hey\nyou\n\nx");
    }
}
