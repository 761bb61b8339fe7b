//! Imported HTML comment bodies into the typed node tree. The HTML is parsed as a browser
//! would (html5ever, through `scraper`); paragraphs, line breaks, emphasis, links, lists,
//! quotes and code keep their structure, every other element gives only its text, and the
//! contents of scripts, styles and embedded frames are dropped. Links keep their target only
//! when its scheme is allowed; structure deeper than [`MAX_NESTING`] keeps only its text.

use confab_api::body::{Block, Inline, is_allowed_link};
use confab_api::limits::MAX_NESTING;
use scraper::{ElementRef, Html, Node};

/// Whether newlines in text are the author's line breaks (WordPress stores comments as
/// typed and adds `<p>` and `<br>` only when showing them) or just layout (Disqus).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Newlines {
    /// A newline is a line break; a blank line starts a new paragraph.
    Significant,
    /// Newlines are white space like any other.
    Layout,
}

/// The most HTML of one comment that is read (a comment is rarely a hundredth of it).
pub const MAX_HTML_BYTES: usize = 256 * 1024;
/// Past this many tags, a comment is not parsed but kept as the text it is: parsing cost
/// grows with the square of the nesting, which a hostile file chooses.
pub const MAX_TAGS: usize = 5_000;
/// Elements nested deeper than this give only their text (no recursion past it).
pub const MAX_ELEMENT_DEPTH: usize = 128;

/// Parses the HTML of an imported comment into the blocks it is stored as.
pub fn to_blocks(html: &str, newlines: Newlines) -> Vec<Block> {
    let mut end = html.len().min(MAX_HTML_BYTES);
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    let html = &html[..end];
    let mut builder = Builder {
        newlines,
        nesting: 0,
        depth: 0,
    };
    let mut blocks = BlockList::default();
    if html.matches('<').count() > MAX_TAGS {
        builder.text(html, &mut blocks);
    } else {
        let fragment = Html::parse_fragment(html);
        builder.children(fragment.root_element(), &mut blocks);
    }
    blocks.finish()
}

/// Blocks being built, with the paragraph under construction.
#[derive(Default)]
struct BlockList {
    blocks: Vec<Block>,
    inlines: Vec<Inline>,
    /// Inside emphasis or a link, where space at the edges belongs to the sentence.
    keep_edges: bool,
}

impl BlockList {
    fn push_inline(&mut self, inline: Inline) {
        if matches!(&inline, Inline::Text { text } if text.is_empty()) {
            return;
        }
        if let (Inline::Text { text }, Some(Inline::Text { text: last })) =
            (&inline, self.inlines.last_mut())
        {
            last.push_str(text);
            return;
        }
        self.inlines.push(inline);
    }

    fn end_paragraph(&mut self) {
        let mut inlines = std::mem::take(&mut self.inlines);
        if !self.keep_edges {
            trim_edges(&mut inlines);
        }
        if !inlines.is_empty() {
            self.blocks.push(Block::Paragraph { children: inlines });
        }
    }

    fn push_block(&mut self, block: Block) {
        self.end_paragraph();
        self.blocks.push(block);
    }

    fn finish(mut self) -> Vec<Block> {
        self.end_paragraph();
        self.blocks
    }
}

struct Builder {
    newlines: Newlines,
    /// How many quotes, lists, emphases and links enclose the current node.
    nesting: usize,
    /// How many elements enclose the current node.
    depth: usize,
}

impl Builder {
    fn children(&mut self, element: ElementRef<'_>, out: &mut BlockList) {
        for child in element.children() {
            match child.value() {
                Node::Text(text) => self.text(text, out),
                Node::Element(_) => {
                    let Some(element) = ElementRef::wrap(child) else {
                        continue;
                    };
                    if self.depth >= MAX_ELEMENT_DEPTH {
                        out.push_inline(Inline::Text {
                            text: collapse_space(&element.text().collect::<String>()),
                        });
                        continue;
                    }
                    self.depth += 1;
                    self.element(element, out);
                    self.depth -= 1;
                }
                _ => {}
            }
        }
    }

    fn text(&self, text: &str, out: &mut BlockList) {
        match self.newlines {
            Newlines::Layout => out.push_inline(Inline::Text {
                text: collapse_space(text),
            }),
            Newlines::Significant => {
                let text = text.replace("\r\n", "\n");
                for (index, paragraph) in text.split("\n\n").enumerate() {
                    if index > 0 {
                        out.end_paragraph();
                    }
                    for (line_index, line) in paragraph.split('\n').enumerate() {
                        if line_index > 0 && !out.inlines.is_empty() {
                            out.push_inline(Inline::LineBreak);
                        }
                        out.push_inline(Inline::Text {
                            text: collapse_space(line),
                        });
                    }
                }
            }
        }
    }

    fn element(&mut self, element: ElementRef<'_>, out: &mut BlockList) {
        let name = element.value().name();
        let structured = self.nesting < MAX_NESTING;
        match name {
            "script" | "style" | "template" | "iframe" | "object" | "embed" | "noscript"
            | "head" | "title" | "svg" | "math" => {}
            "br" => out.push_inline(Inline::LineBreak),
            "p" | "div" | "section" | "article" | "header" | "footer" | "figure" | "table"
            | "tr" | "hr" => {
                out.end_paragraph();
                self.children(element, out);
                out.end_paragraph();
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                out.end_paragraph();
                let children = self.inlines_of(element);
                out.push_inline(Inline::Strong { children });
                out.end_paragraph();
            }
            // The parser already dropped the newline that may follow `<pre>`.
            "pre" => out.push_block(Block::CodeBlock {
                text: element.text().collect(),
            }),
            "code" | "kbd" | "samp" | "tt" => out.push_inline(Inline::Code {
                text: element.text().collect(),
            }),
            "blockquote" if structured => {
                let children = self.nested_blocks(element, false);
                out.push_block(Block::BlockQuote { children });
            }
            "ul" | "ol" if structured => {
                let start = (name == "ol").then(|| {
                    element
                        .value()
                        .attr("start")
                        .and_then(|start| start.trim().parse().ok())
                        .unwrap_or(1)
                });
                self.nesting += 1;
                let items = element
                    .child_elements()
                    .map(|item| {
                        let mut blocks = BlockList::default();
                        if item.value().name() == "li" {
                            self.children(item, &mut blocks);
                        } else {
                            self.element(item, &mut blocks);
                        }
                        blocks.finish()
                    })
                    .filter(|item| !item.is_empty())
                    .collect();
                self.nesting -= 1;
                out.push_block(Block::List { start, items });
            }
            "em" | "i" | "cite" | "var" if structured => {
                let children = self.inlines_of(element);
                out.push_inline(Inline::Emphasis { children });
            }
            "strong" | "b" if structured => {
                let children = self.inlines_of(element);
                out.push_inline(Inline::Strong { children });
            }
            "del" | "s" | "strike" if structured => {
                let children = self.inlines_of(element);
                out.push_inline(Inline::Strikethrough { children });
            }
            "a" if structured => match element.value().attr("href").map(str::trim) {
                Some(url) if is_allowed_link(url) => {
                    let children = self.inlines_of(element);
                    out.push_inline(Inline::Link {
                        url: url.to_owned(),
                        children,
                    });
                }
                _ => self.children(element, out),
            },
            "img" => {
                if let Some(alt) = element.value().attr("alt").filter(|alt| !alt.is_empty()) {
                    out.push_inline(Inline::Text {
                        text: alt.to_owned(),
                    });
                }
            }
            _ => self.children(element, out),
        }
    }

    /// The children of an element that nests, as blocks of their own.
    fn nested_blocks(&mut self, element: ElementRef<'_>, keep_edges: bool) -> Vec<Block> {
        self.nesting += 1;
        let mut blocks = BlockList {
            keep_edges,
            ..BlockList::default()
        };
        self.children(element, &mut blocks);
        self.nesting -= 1;
        blocks.finish()
    }

    /// The inline content of emphasis, a link or a heading; blocks inside them (which HTML
    /// allows in places) flow into the same line.
    fn inlines_of(&mut self, element: ElementRef<'_>) -> Vec<Inline> {
        let blocks = self.nested_blocks(element, true);
        let mut inlines = Vec::new();
        for block in blocks {
            if !inlines.is_empty() {
                inlines.push(Inline::LineBreak);
            }
            match block {
                Block::Paragraph { children } => inlines.extend(children),
                other => inlines.push(Inline::Text {
                    text: confab_api::body::plain_text(&[other]),
                }),
            }
        }
        inlines
    }
}

/// Runs of white space become one space, as a browser shows them.
fn collapse_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

/// Drops white space (and line breaks) at the start and end of a paragraph.
fn trim_edges(inlines: &mut Vec<Inline>) {
    let blank = |inline: &Inline| match inline {
        Inline::LineBreak => true,
        Inline::Text { text } => text.trim().is_empty(),
        _ => false,
    };
    let start = inlines
        .iter()
        .position(|inline| !blank(inline))
        .unwrap_or(inlines.len());
    inlines.drain(..start);
    let end = inlines
        .iter()
        .rposition(|inline| !blank(inline))
        .map_or(0, |last| last + 1);
    inlines.truncate(end);
    if let Some(Inline::Text { text }) = inlines.first_mut() {
        *text = text.trim_start().to_owned();
    }
    if let Some(Inline::Text { text }) = inlines.last_mut() {
        *text = text.trim_end().to_owned();
    }
}

#[cfg(test)]
mod tests;
