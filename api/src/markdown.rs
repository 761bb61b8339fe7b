//! Markdown → body tree: what a reader typed becomes [`Block`]s and [`Inline`]s.
//!
//! Only the nodes of [`crate::body`] come out. Raw HTML, images, headings, rules and
//! anything else markdown knows become plain text (or plain emphasis), and a link whose URL
//! is not an allowed scheme keeps its text and loses its target. A single newline is a line
//! break, as readers of comment boxes expect. Quotes, lists and emphasis nest at most
//! [`MAX_NESTING`] deep; deeper markup keeps its text and loses its structure, so no tree
//! is too deep to store, send or draw.

use crate::body::{Block, Inline, is_allowed_link};
use crate::limits::MAX_NESTING;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Parses `markdown` into the blocks of a comment body.
pub fn to_blocks(markdown: &str) -> Vec<Block> {
    let mut builder = TreeBuilder::default();
    for event in Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH) {
        builder.event(event);
    }
    builder.finish()
}

/// What an open markdown element turns into when it ends.
enum FrameKind {
    Root,
    Paragraph,
    Heading,
    BlockQuote,
    List(Option<u64>),
    Item,
    CodeBlock,
    Emphasis,
    Strong,
    Strikethrough,
    /// A link; `None` when its URL was refused, so only its text survives.
    Link(Option<String>),
    /// Anything else: its content flows into the enclosing element.
    Transparent,
}

struct Frame {
    kind: FrameKind,
    blocks: Vec<Block>,
    inlines: Vec<Inline>,
    items: Vec<Vec<Block>>,
    code: String,
}

impl Frame {
    fn new(kind: FrameKind) -> Self {
        Self {
            kind,
            blocks: Vec::new(),
            inlines: Vec::new(),
            items: Vec::new(),
            code: String::new(),
        }
    }

    /// Turns loose inline content (as in a tight list item) into a paragraph.
    fn flush_inlines(&mut self) {
        if !self.inlines.is_empty() {
            let children = std::mem::take(&mut self.inlines);
            self.blocks.push(Block::Paragraph { children });
        }
    }

    fn push_block(&mut self, block: Block) {
        self.flush_inlines();
        self.blocks.push(block);
    }

    fn push_inline(&mut self, inline: Inline) {
        if let (Some(Inline::Text { text: last }), Inline::Text { text }) =
            (self.inlines.last_mut(), &inline)
        {
            last.push_str(text);
            return;
        }
        self.inlines.push(inline);
    }
}

impl FrameKind {
    /// Whether this element adds a level to the tree (a list's items belong to its level).
    fn nests(&self) -> bool {
        matches!(
            self,
            Self::BlockQuote
                | Self::Heading
                | Self::List(_)
                | Self::Emphasis
                | Self::Strong
                | Self::Strikethrough
                | Self::Link(Some(_))
        )
    }
}

struct TreeBuilder {
    stack: Vec<Frame>,
    /// How many open frames add a level to the tree.
    nesting: usize,
}

impl Default for TreeBuilder {
    fn default() -> Self {
        Self {
            stack: vec![Frame::new(FrameKind::Root)],
            nesting: 0,
        }
    }
}

impl TreeBuilder {
    fn top(&mut self) -> &mut Frame {
        self.stack
            .last_mut()
            .expect("the root frame is never popped")
    }

    fn text(&mut self, text: &str) {
        let top = self.top();
        if matches!(top.kind, FrameKind::CodeBlock) {
            top.code.push_str(text);
        } else {
            top.push_inline(Inline::Text {
                text: text.to_owned(),
            });
        }
    }

    /// Text that keeps its own line breaks, such as raw HTML shown as typed.
    fn multiline_text(&mut self, text: &str) {
        let mut lines = text.trim_end_matches('\n').split('\n').peekable();
        while let Some(line) = lines.next() {
            if !line.is_empty() {
                self.text(line);
            }
            if lines.peek().is_some() {
                self.top().push_inline(Inline::LineBreak);
            }
        }
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text),
            Event::Code(text) => self.top().push_inline(Inline::Code {
                text: text.into_string(),
            }),
            Event::Html(html) | Event::InlineHtml(html) => self.multiline_text(&html),
            Event::SoftBreak | Event::HardBreak => self.top().push_inline(Inline::LineBreak),
            Event::Rule => self.top().push_block(Block::Paragraph {
                children: vec![Inline::Text { text: "---".into() }],
            }),
            Event::InlineMath(text) | Event::DisplayMath(text) => self.text(&text),
            Event::FootnoteReference(label) => self.text(&format!("[^{label}]")),
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        let kind = match tag {
            Tag::Paragraph | Tag::HtmlBlock => FrameKind::Paragraph,
            Tag::Heading { .. } => FrameKind::Heading,
            Tag::BlockQuote(_) => FrameKind::BlockQuote,
            Tag::CodeBlock(_) => FrameKind::CodeBlock,
            Tag::List(start) => FrameKind::List(start),
            Tag::Item => FrameKind::Item,
            Tag::Emphasis => FrameKind::Emphasis,
            Tag::Strong => FrameKind::Strong,
            Tag::Strikethrough => FrameKind::Strikethrough,
            Tag::Link { dest_url, .. } => {
                let url = dest_url.trim();
                FrameKind::Link(is_allowed_link(url).then(|| url.to_owned()))
            }
            _ => FrameKind::Transparent,
        };
        let kind = match kind {
            kind if kind.nests() && self.nesting >= MAX_NESTING => FrameKind::Transparent,
            // The items of a list flattened for depth flow into its parent too.
            FrameKind::Item if !matches!(self.top().kind, FrameKind::List(_)) => {
                FrameKind::Transparent
            }
            kind => kind,
        };
        if kind.nests() {
            self.nesting += 1;
        }
        self.stack.push(Frame::new(kind));
    }

    fn end(&mut self, _tag: TagEnd) {
        if self.stack.len() == 1 {
            return;
        }
        let mut frame = self.stack.pop().expect("checked above");
        if frame.kind.nests() {
            self.nesting -= 1;
        }
        let parent = self.top();
        match frame.kind {
            FrameKind::Root => unreachable!("the root frame is never pushed"),
            FrameKind::Paragraph => {
                if !frame.inlines.is_empty() {
                    parent.push_block(Block::Paragraph {
                        children: frame.inlines,
                    });
                }
            }
            FrameKind::Heading => parent.push_block(Block::Paragraph {
                children: vec![Inline::Strong {
                    children: frame.inlines,
                }],
            }),
            FrameKind::BlockQuote => {
                frame.flush_inlines();
                parent.push_block(Block::BlockQuote {
                    children: frame.blocks,
                });
            }
            FrameKind::CodeBlock => parent.push_block(Block::CodeBlock { text: frame.code }),
            FrameKind::List(start) => parent.push_block(Block::List {
                start,
                items: frame.items,
            }),
            FrameKind::Item => {
                frame.flush_inlines();
                parent.items.push(frame.blocks);
            }
            FrameKind::Emphasis => parent.push_inline(Inline::Emphasis {
                children: frame.inlines,
            }),
            FrameKind::Strong => parent.push_inline(Inline::Strong {
                children: frame.inlines,
            }),
            FrameKind::Strikethrough => parent.push_inline(Inline::Strikethrough {
                children: frame.inlines,
            }),
            FrameKind::Link(Some(url)) => parent.push_inline(Inline::Link {
                url,
                children: frame.inlines,
            }),
            FrameKind::Link(None) | FrameKind::Transparent => {
                for block in frame.blocks {
                    parent.push_block(block);
                }
                for inline in frame.inlines {
                    parent.push_inline(inline);
                }
            }
        }
    }

    fn finish(mut self) -> Vec<Block> {
        while self.stack.len() > 1 {
            self.end(TagEnd::Paragraph);
        }
        let mut root = self.stack.pop().expect("the root frame");
        root.flush_inlines();
        root.blocks
    }
}

#[cfg(test)]
mod tests;
