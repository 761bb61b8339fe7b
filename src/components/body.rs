//! A comment body drawn from its node tree: DOM elements built one by one, never HTML text.
//!
//! A body never changes once drawn (an edit draws it again), so it is built with the DOM's
//! own calls rather than a view per node kind: one small recursive function instead of a
//! renderer per element type, and no reactive nodes per paragraph.

use super::dom::{child, text_child};
use crate::thread::SharedComment;
use confab_api::{Block, Inline};
use web_sys::{Document, Element};

/// The `rel` of every link a reader wrote or gave: no ranking credit, no window access.
pub const UGC_LINK_REL: &str = "nofollow ugc noopener";

/// Fills `element` with the blocks of a body; a directive: `<div use:draw_blocks=blocks>`.
pub fn draw_blocks(element: Element, blocks: Vec<Block>) {
    // A view drawn again over the same element runs its directive again: start empty.
    element.set_text_content(None);
    if let Some(document) = element.owner_document() {
        append_blocks(&document, &element, &blocks);
    }
}

/// Fills `element` with a comment's body; a directive: `<div use:draw_body=comment>`. The
/// comment is shared with the thread's model, so drawing copies nothing. A card drawn
/// again (new totals, an edit) runs it again on the same element: what was there goes.
pub fn draw_body(element: Element, comment: SharedComment) {
    element.set_text_content(None);
    if let Some(document) = element.owner_document() {
        append_blocks(&document, &element, &comment.body);
    }
}

fn append_blocks(document: &Document, parent: &Element, blocks: &[Block]) {
    for block in blocks {
        // An element the DOM refused to create is left out; the rest still shows.
        let _ = append_block(document, parent, block);
    }
}

fn append_block(document: &Document, parent: &Element, block: &Block) -> Option<()> {
    match block {
        Block::Paragraph { children } => {
            let paragraph = child(document, parent, "p")?;
            paragraph.set_attribute("dir", "auto").ok()?;
            append_inlines(document, &paragraph, children);
        }
        Block::CodeBlock { text } => {
            let pre = child(document, parent, "pre")?;
            pre.set_attribute("dir", "ltr").ok()?;
            text_child(document, &pre, "code", text)?;
        }
        Block::BlockQuote { children } => {
            let quote = child(document, parent, "blockquote")?;
            append_blocks(document, &quote, children);
        }
        Block::List { start, items } => {
            let list = match start {
                Some(start) => {
                    let list = child(document, parent, "ol")?;
                    list.set_attribute("start", &start.to_string()).ok()?;
                    list
                }
                None => child(document, parent, "ul")?,
            };
            for item in items {
                let entry = child(document, &list, "li")?;
                entry.set_attribute("dir", "auto").ok()?;
                append_blocks(document, &entry, item);
            }
        }
    }
    Some(())
}

fn append_inlines(document: &Document, parent: &Element, inlines: &[Inline]) {
    for inline in inlines {
        let _ = append_inline(document, parent, inline);
    }
}

fn append_inline(document: &Document, parent: &Element, inline: &Inline) -> Option<()> {
    let (tag, children) = match inline {
        Inline::Text { text } => {
            parent.append_child(&document.create_text_node(text)).ok()?;
            return Some(());
        }
        Inline::Code { text } => {
            text_child(document, parent, "code", text)?;
            return Some(());
        }
        Inline::LineBreak => {
            child(document, parent, "br")?;
            return Some(());
        }
        Inline::Emphasis { children } => ("em", children),
        Inline::Strong { children } => ("strong", children),
        Inline::Strikethrough { children } => ("s", children),
        Inline::Link { url, children } => {
            let link = child(document, parent, "a")?;
            link.set_attribute("href", url).ok()?;
            link.set_attribute("rel", UGC_LINK_REL).ok()?;
            link.set_attribute("target", "_blank").ok()?;
            append_inlines(document, &link, children);
            return Some(());
        }
    };
    let element = child(document, parent, tag)?;
    append_inlines(document, &element, children);
    Some(())
}
