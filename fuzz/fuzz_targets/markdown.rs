//! Markdown → node tree: never panics, links keep only allowed schemes, the tree stays
//! within the nesting limit and survives a JSON round trip.
#![no_main]

use confab_api::body::{Block, Inline, is_allowed_link};
use confab_api::markdown::to_blocks;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(markdown) = std::str::from_utf8(data) else {
        return;
    };
    let blocks = to_blocks(markdown);
    assert!(confab_api::body::nesting_depth(&blocks) <= confab_api::limits::MAX_NESTING);
    check_links(&blocks);
    let json = serde_json::to_string(&blocks).expect("a tree serialises");
    let back: Vec<Block> = serde_json::from_str(&json).expect("a tree reads back");
    assert_eq!(back, blocks);
    let _ = confab_api::body::plain_text(&blocks);
});

fn check_links(blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Paragraph { children } => check_inline_links(children),
            Block::BlockQuote { children } => check_links(children),
            Block::List { items, .. } => items.iter().for_each(|item| check_links(item)),
            Block::CodeBlock { .. } => {}
        }
    }
}

fn check_inline_links(inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::Link { url, children } => {
                assert!(is_allowed_link(url), "a link to {url:?}");
                check_inline_links(children);
            }
            Inline::Emphasis { children }
            | Inline::Strong { children }
            | Inline::Strikethrough { children } => check_inline_links(children),
            Inline::Text { .. } | Inline::Code { .. } | Inline::LineBreak => {}
        }
    }
}
