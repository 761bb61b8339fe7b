//! HTML bodies: what keeps its structure, what becomes text, and what is dropped.

use super::*;

fn text(text: &str) -> Inline {
    Inline::Text { text: text.into() }
}

fn paragraph(children: Vec<Inline>) -> Block {
    Block::Paragraph { children }
}

#[test]
fn paragraphs_breaks_emphasis_links_lists_quotes_and_code_keep_their_structure() {
    let html = "<p>Hi <em>you</em>, <strong>bold</strong> <del>gone</del><br>next \
                <a href=\"https://example.com/\">site</a> <code>x&lt;y</code></p>\
                <blockquote><p>quoted</p></blockquote>\
                <ol start=\"3\"><li>three</li><li><p>four</p></li></ol>\
                <ul><li>dot</li></ul><pre>let x = 1;\n  y</pre>";
    assert_eq!(
        to_blocks(html, Newlines::Layout),
        vec![
            paragraph(vec![
                text("Hi "),
                Inline::Emphasis {
                    children: vec![text("you")]
                },
                text(", "),
                Inline::Strong {
                    children: vec![text("bold")]
                },
                text(" "),
                Inline::Strikethrough {
                    children: vec![text("gone")]
                },
                Inline::LineBreak,
                text("next "),
                Inline::Link {
                    url: "https://example.com/".into(),
                    children: vec![text("site")]
                },
                text(" "),
                Inline::Code { text: "x<y".into() },
            ]),
            Block::BlockQuote {
                children: vec![paragraph(vec![text("quoted")])]
            },
            Block::List {
                start: Some(3),
                items: vec![
                    vec![paragraph(vec![text("three")])],
                    vec![paragraph(vec![text("four")])]
                ]
            },
            Block::List {
                start: None,
                items: vec![vec![paragraph(vec![text("dot")])]]
            },
            Block::CodeBlock {
                text: "let x = 1;\n  y".into()
            },
        ]
    );
}

#[test]
fn wordpress_newlines_are_line_breaks_and_blank_lines_paragraphs() {
    assert_eq!(
        to_blocks(
            "Hey guys,\r\n\r\nGreat post.\nThanks!",
            Newlines::Significant
        ),
        vec![
            paragraph(vec![text("Hey guys,")]),
            paragraph(vec![
                text("Great post."),
                Inline::LineBreak,
                text("Thanks!")
            ]),
        ]
    );
    assert_eq!(
        to_blocks("<p>one\n  two</p>", Newlines::Layout),
        vec![paragraph(vec![text("one two")])]
    );
}

#[test]
fn hostile_html_comes_out_as_text_or_safe_nodes() {
    let html = "<script>alert(1)</script><img src=x onerror=alert(2) alt=\"pic\">\
                <a href=\"javascript:alert(3)\">click</a> <a href=\" java\tscript:x\">two</a>\
                <iframe src=\"https://evil.example/\">frame text</iframe>\
                <svg><script>alert(4)</script></svg><style>p{}</style>\
                <div onclick=\"alert(5)\">plain &lt;b&gt;</div><span style=\"x\">span</span>";
    let blocks = to_blocks(html, Newlines::Layout);
    assert_eq!(
        blocks,
        vec![
            paragraph(vec![text("picclick two")]),
            paragraph(vec![text("plain <b>")]),
            paragraph(vec![text("span")]),
        ]
    );
    let json = serde_json::to_string(&blocks).unwrap();
    assert!(!json.contains("alert"), "{json}");
}

#[test]
fn other_elements_give_their_text_and_headings_become_bold_lines() {
    assert_eq!(
        to_blocks(
            "<h2>Title</h2><font color=red>red</font> <u>under</u><table><tr><td>cell</td></tr></table>",
            Newlines::Layout
        ),
        vec![
            paragraph(vec![Inline::Strong {
                children: vec![text("Title")]
            }]),
            paragraph(vec![text("red under")]),
            paragraph(vec![text("cell")]),
        ]
    );
}

#[test]
fn nesting_deeper_than_the_limit_keeps_only_its_text() {
    let depth = MAX_NESTING + 20;
    let html = format!(
        "{}deep{}",
        "<blockquote><em>".repeat(depth),
        "</em></blockquote>".repeat(depth)
    );
    let blocks = to_blocks(&html, Newlines::Layout);
    assert!(confab_api::body::nesting_depth(&blocks) <= MAX_NESTING);
    assert!(confab_api::body::plain_text(&blocks).contains("deep"));
}

#[test]
fn broken_html_is_repaired_as_a_browser_would() {
    assert_eq!(
        to_blocks("<p><b>bold <i>both</b> after", Newlines::Layout),
        vec![paragraph(vec![
            Inline::Strong {
                children: vec![
                    text("bold "),
                    Inline::Emphasis {
                        children: vec![text("both")]
                    }
                ]
            },
            Inline::Emphasis {
                children: vec![text(" after")]
            }
        ])]
    );
    assert!(to_blocks("", Newlines::Significant).is_empty());
}

#[test]
fn absurd_nesting_and_tag_counts_end_as_text_without_deep_recursion() {
    // Run on a small stack, as a server worker's: recursion must stay bounded.
    let worker = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(|| {
            for html in [
                format!("{}deep", "<q>".repeat(50_000)),
                format!("{}deep", "<span>".repeat(4_000)),
                format!("{}deep{}", "<b>".repeat(3_000), "</b>".repeat(3_000)),
            ] {
                let blocks = to_blocks(&html, Newlines::Layout);
                assert!(confab_api::body::plain_text(&blocks).contains("deep"));
                assert!(confab_api::body::nesting_depth(&blocks) <= MAX_NESTING);
            }
        })
        .unwrap();
    worker.join().expect("no stack overflow");
}

#[test]
fn a_huge_comment_is_cut_at_a_character_boundary() {
    let html = "é".repeat(MAX_HTML_BYTES);
    let text = confab_api::body::plain_text(&to_blocks(&html, Newlines::Layout));
    assert_eq!(text.len(), MAX_HTML_BYTES);
}
