//! A comment's header (avatar, author, badge, time and marks), drawn with the DOM's own
//! calls: it holds no reactive state, so a thread of thousands holds nothing for it. The
//! few recent times whose words change while the reader looks are renewed by the thread's
//! [`Clock`].

use super::body::UGC_LINK_REL;
use super::clock::Clock;
use super::dom::{child, text_child};
use crate::identicon::identicon;
use crate::thread::SharedComment;
use crate::{messages, time};
use confab_api::{Author, Badge};
use web_sys::{Document, Element};

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
    append_avatar(document, header, &comment.author.avatar_seed)?;
    let author = child(document, header, "b")?;
    author
        .set_attribute("class", "confab-comment__author")
        .ok()?;
    author.set_attribute("part", "author").ok()?;
    author.set_attribute("dir", "auto").ok()?;
    append_author_name(document, &author, &comment.author)?;
    if let Some(badge) = comment.author.badge {
        let text = messages::text(match badge {
            Badge::PostAuthor => "post-author",
            Badge::Moderator => "moderator",
        });
        let badge = text_child(document, header, "span", &text)?;
        badge.set_attribute("class", "confab-badge").ok()?;
        badge.set_attribute("part", "badge").ok()?;
    }
    let permalink = child(document, header, "a")?;
    permalink
        .set_attribute("class", "confab-comment__permalink")
        .ok()?;
    permalink
        .set_attribute("href", &format!("#confab-comment-{}", comment.id))
        .ok()?;
    let created = &comment.created_at;
    let lang = messages::lang();
    let when = text_child(
        document,
        &permalink,
        "time",
        &time::relative(created, &lang),
    )?;
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

/// The identicon of an author's avatar seed, as an SVG: a background and one path of
/// unit squares (two elements, whatever the pattern).
fn append_avatar(document: &Document, parent: &Element, seed: &str) -> Option<()> {
    let picture = identicon(seed);
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
    let fill = format!("hsl({}, 45%, 92%)", picture.hue);
    background.set_attribute("fill", &fill).ok()?;
    svg.append_child(&background).ok()?;
    let squares = document.create_element_ns(Some(SVG), "path").ok()?;
    squares.set_attribute("d", &picture.path()).ok()?;
    let fill = format!("hsl({}, 55%, 45%)", picture.hue);
    squares.set_attribute("fill", &fill).ok()?;
    svg.append_child(&squares).ok()?;
    parent.append_child(&svg).ok()?;
    Some(())
}
