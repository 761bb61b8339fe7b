//! Tests of `markdown`.

use super::*;
use crate::body::nesting_depth as depth;

fn text(text: &str) -> Inline {
    Inline::Text { text: text.into() }
}

fn paragraph(children: Vec<Inline>) -> Block {
    Block::Paragraph { children }
}

#[test]
fn deep_markup_is_flattened_and_keeps_its_text() {
    for markdown in [
        format!("{}deep", "> ".repeat(3000)),
        format!("{}deep", "* ".repeat(3000)),
        format!("{}deep", "1. > - ".repeat(1000)),
        format!("{}deep{}", "*_".repeat(2000), "_*".repeat(2000)),
        format!("{}deep{}", "~~**".repeat(500), "**~~".repeat(500)),
        format!(
            "{}deep{}",
            "[".repeat(3000),
            "](https://a.example)".repeat(3000)
        ),
    ] {
        let blocks = to_blocks(&markdown);
        assert!(depth(&blocks) <= MAX_NESTING, "{}", &markdown[..20]);
        assert!(crate::body::plain_text(&blocks).contains("deep"));
        let json = serde_json::to_string(&blocks).unwrap();
        let back: Vec<Block> = serde_json::from_str(&json).expect("within serde_json's limit");
        assert_eq!(back, blocks);
    }
}

#[test]
fn nesting_up_to_the_limit_is_kept() {
    let blocks = to_blocks(&format!("{}kept", "> ".repeat(MAX_NESTING)));
    assert_eq!(depth(&blocks), MAX_NESTING);
}

#[test]
fn a_single_newline_is_a_line_break_and_a_blank_line_a_new_paragraph() {
    let blocks = to_blocks("Hey guys,\n\nGreat post.\nThanks! Leonard");
    assert_eq!(
        blocks,
        vec![
            paragraph(vec![text("Hey guys,")]),
            paragraph(vec![
                text("Great post."),
                Inline::LineBreak,
                text("Thanks! Leonard")
            ]),
        ]
    );
}

#[test]
fn emphasis_strong_strikethrough_and_code_are_kept() {
    let blocks = to_blocks("*a* **b** ~~c~~ `d`");
    let Block::Paragraph { children } = &blocks[0] else {
        panic!("expected a paragraph, got {blocks:?}");
    };
    assert!(matches!(children[0], Inline::Emphasis { .. }));
    assert!(matches!(children[2], Inline::Strong { .. }));
    assert!(matches!(children[4], Inline::Strikethrough { .. }));
    assert_eq!(children[6], Inline::Code { text: "d".into() });
}

#[test]
fn links_keep_allowed_urls_and_lose_the_others() {
    let blocks = to_blocks("[ok](https://example.com) [bad](javascript:alert(1))");
    assert_eq!(
        blocks,
        vec![paragraph(vec![
            Inline::Link {
                url: "https://example.com".into(),
                children: vec![text("ok")],
            },
            text(" bad"),
        ])]
    );
}

#[test]
fn raw_html_becomes_text() {
    let blocks = to_blocks("<script>alert(1)</script>\n\nhi <b onclick=x>there</b>");
    assert_eq!(
        blocks,
        vec![
            paragraph(vec![text("<script>alert(1)</script>")]),
            paragraph(vec![text("hi <b onclick=x>there</b>")]),
        ]
    );
}

#[test]
fn images_become_their_alt_text_and_headings_strong_text() {
    let blocks = to_blocks("# Title\n\n![a cat](https://example.com/cat.png)");
    assert_eq!(
        blocks,
        vec![
            paragraph(vec![Inline::Strong {
                children: vec![text("Title")],
            }]),
            paragraph(vec![text("a cat")]),
        ]
    );
}

#[test]
fn quotes_lists_and_code_blocks_nest() {
    let blocks = to_blocks("> quoted\n\n1. one\n2. two\n\n```\nlet x = 1;\n```");
    assert_eq!(
        blocks,
        vec![
            Block::BlockQuote {
                children: vec![paragraph(vec![text("quoted")])],
            },
            Block::List {
                start: Some(1),
                items: vec![
                    vec![paragraph(vec![text("one")])],
                    vec![paragraph(vec![text("two")])],
                ],
            },
            Block::CodeBlock {
                text: "let x = 1;\n".into(),
            },
        ]
    );
}

#[test]
fn empty_input_gives_no_blocks() {
    assert!(to_blocks("").is_empty());
    assert!(to_blocks("   \n\n ").is_empty());
}
