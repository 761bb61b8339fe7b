//! A comment's header (avatar, author, badge, time and marks), drawn with the DOM's own
//! calls: it holds no reactive state, so a thread of thousands holds nothing for it. The
//! few recent times whose words change while the reader looks are renewed by the thread's
//! [`Clock`].

use super::body::UGC_LINK_REL;
use super::clock::Clock;
use super::dom::{child, copy_of, element_with, text_child};
use crate::identicon::identicon;
use crate::thread::SharedComment;
use crate::{messages, time};
use confab_api::{Author, Badge};
use web_sys::{Document, Element, Node};

const SVG: &str = "http://www.w3.org/2000/svg";

/// Fills `element` with a comment's header; a directive: `<header use:draw_card_header=…>`.
/// A card drawn again (new totals, an edit) runs it again on the same element.
pub fn draw_card_header(element: Element, (clock, comment): (Clock, SharedComment)) {
    element.set_text_content(None);
    if let Some(document) = element.owner_document() {
        // A part the DOM refused to create is left out; the rest still shows.
        let _ = append_header(&document, &element, clock, &comment);
    }
}

fn append_header(
    document: &Document,
    header: &Element,
    clock: Clock,
    comment: &SharedComment,
) -> Option<()> {
    let parts = copy_of(document, "header", &header_prototype)?;
    header.append_child(&parts).ok()?;
    let avatar = header.first_element_child()?;
    paint_avatar(&avatar, &comment.author.avatar_seed)?;
    let author = avatar.next_element_sibling()?;
    append_author_name(document, &author, &comment.author)?;
    let permalink = author.next_element_sibling()?;
    if let Some(badge) = comment.author.badge {
        let text = messages::text(match badge {
            Badge::PostAuthor => "post-author",
            Badge::Moderator => "moderator",
        });
        let badge = element_with(
            document,
            "span",
            &[("class", "confab-badge"), ("part", "badge")],
        )?;
        badge.set_text_content(Some(&text));
        header.insert_before(&badge, Some(&permalink)).ok()?;
    }
    permalink
        .set_attribute("href", &format!("#confab-comment-{}", comment.id))
        .ok()?;
    let created = &comment.created_at;
    let lang = messages::lang();
    let when = permalink.first_element_child()?;
    when.set_text_content(Some(&time::relative(created, &lang)));
    when.set_attribute("datetime", created).ok()?;
    when.set_attribute("title", &time::exact(created, &lang))
        .ok()?;
    if time::is_recent(created) {
        clock.renew(when);
    }
    if comment.edited_at.is_some() {
        let key = if comment.edited_by_moderator {
            "edited-by-moderator"
        } else {
            "edited"
        };
        let edited = text_child(document, header, "span", &messages::text(key))?;
        edited
            .set_attribute("class", "confab-comment__edited")
            .ok()?;
    }
    if comment.pinned {
        let pinned = text_child(document, header, "span", &messages::text("pinned"))?;
        pinned
            .set_attribute("class", "confab-badge confab-badge--pinned")
            .ok()?;
        pinned.set_attribute("part", "pinned").ok()?;
    }
    Some(())
}

/// What every header starts with, without its words and colours: the avatar (its
/// background and squares), the author's place, and the permalink with its time.
fn header_prototype(document: &Document) -> Option<Node> {
    let parts = document.create_document_fragment();
    let svg = document.create_element_ns(Some(SVG), "svg").ok()?;
    for (name, value) in [
        ("class", "confab-avatar"),
        ("part", "avatar"),
        ("viewBox", "0 0 5 5"),
        ("width", "32"),
        ("height", "32"),
        ("aria-hidden", "true"),
    ] {
        svg.set_attribute(name, value).ok()?;
    }
    let background = document.create_element_ns(Some(SVG), "rect").ok()?;
    background.set_attribute("width", "5").ok()?;
    background.set_attribute("height", "5").ok()?;
    svg.append_child(&background).ok()?;
    let squares = document.create_element_ns(Some(SVG), "path").ok()?;
    svg.append_child(&squares).ok()?;
    parts.append_child(&svg).ok()?;
    let author = [
        ("class", "confab-comment__author"),
        ("part", "author"),
        ("dir", "auto"),
    ];
    let author = element_with(document, "b", &author)?;
    parts.append_child(&author).ok()?;
    let permalink = element_with(document, "a", &[("class", "confab-comment__permalink")])?;
    child(document, &permalink, "time")?;
    parts.append_child(&permalink).ok()?;
    Some(parts.into())
}

/// The author's name at the end of `parent`, linked to their website when they gave one.
pub fn append_author_name(document: &Document, parent: &Element, author: &Author) -> Option<()> {
    match &author.website {
        Some(website) => {
            let link = text_child(document, parent, "a", &author.name)?;
            link.set_attribute("class", "confab-author-link").ok()?;
            link.set_attribute("href", website).ok()?;
            link.set_attribute("rel", UGC_LINK_REL).ok()?;
            link.set_attribute("target", "_blank").ok()?;
        }
        None => {
            parent
                .append_child(&document.create_text_node(&author.name))
                .ok()?;
        }
    }
    Some(())
}

/// Paints the identicon of an author's avatar seed on a copied avatar: the background's
/// colour, and one path of unit squares (two elements, whatever the pattern).
fn paint_avatar(svg: &Element, seed: &str) -> Option<()> {
    let picture = identicon(seed);
    let background = svg.first_element_child()?;
    let fill = format!("hsl({}, 45%, 92%)", picture.hue);
    background.set_attribute("fill", &fill).ok()?;
    let squares = svg.last_element_child()?;
    squares.set_attribute("d", &picture.path()).ok()?;
    let fill = format!("hsl({}, 55%, 45%)", picture.hue);
    squares.set_attribute("fill", &fill).ok()?;
    Some(())
}
