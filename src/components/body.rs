//! A comment body drawn from its node tree: DOM elements built one by one, never HTML text.

use confab_api::{Block, Inline};
use leptos::prelude::*;

/// The `rel` of every link a reader wrote or gave: no ranking credit, no window access.
pub const UGC_LINK_REL: &str = "nofollow ugc noopener";

/// Renders the blocks of a body.
pub fn blocks_view(blocks: &[Block]) -> Vec<AnyView> {
    blocks.iter().map(block_view).collect()
}

fn block_view(block: &Block) -> AnyView {
    match block {
        Block::Paragraph { children } => {
            view! { <p dir="auto">{inlines_view(children)}</p> }.into_any()
        }
        Block::CodeBlock { text } => {
            view! { <pre dir="ltr"><code>{text.clone()}</code></pre> }.into_any()
        }
        Block::BlockQuote { children } => {
            view! { <blockquote>{blocks_view(children)}</blockquote> }.into_any()
        }
        Block::List { start, items } => {
            let items: Vec<AnyView> = items
                .iter()
                .map(|item| view! { <li dir="auto">{blocks_view(item)}</li> }.into_any())
                .collect();
            match start {
                Some(start) => view! { <ol start=start.to_string()>{items}</ol> }.into_any(),
                None => view! { <ul>{items}</ul> }.into_any(),
            }
        }
    }
}

fn inlines_view(inlines: &[Inline]) -> Vec<AnyView> {
    inlines.iter().map(inline_view).collect()
}

fn inline_view(inline: &Inline) -> AnyView {
    match inline {
        Inline::Text { text } => text.clone().into_any(),
        Inline::Emphasis { children } => view! { <em>{inlines_view(children)}</em> }.into_any(),
        Inline::Strong { children } => {
            view! { <strong>{inlines_view(children)}</strong> }.into_any()
        }
        Inline::Strikethrough { children } => view! { <s>{inlines_view(children)}</s> }.into_any(),
        Inline::Code { text } => view! { <code>{text.clone()}</code> }.into_any(),
        Inline::LineBreak => view! { <br /> }.into_any(),
        Inline::Link { url, children } => view! {
            <a href=url.clone() rel=UGC_LINK_REL target="_blank">
                {inlines_view(children)}
            </a>
        }
        .into_any(),
    }
}
