//! A comment's buttons (its votes, reactions, Reply, Copy link and collapse), drawn with the DOM's
//! own calls: a thread of thousands holds no view, closure or listener for each of them.
//! Each carries what it does in `data-act`, and the thread's one click listener
//! ([`clicks`](super::clicks)) answers it for the comment it is in.

use super::context::ThreadContext;
use super::dom::copied_button;
use super::reactions::append_reaction_bar;
use super::votes::append_votes;
use crate::messages;
use crate::thread::SharedComment;
use confab_api::{CommentId, CommentStatus};
use leptos::prelude::*;
use web_sys::{Document, Element};

/// What a comment's buttons are drawn from.
#[derive(Clone)]
pub struct CardButtons {
    pub context: ThreadContext,
    pub comment: SharedComment,
    /// The reader's own comment: its votes and reactions cannot be pressed.
    pub own: bool,
    /// Whether replies are shown under it, which it can fold away.
    pub replies: bool,
}

/// Fills `element` with a comment's buttons (a deleted comment's: only the one that folds
/// its replies); a directive: `<span use:draw_card_buttons=…>`. A card drawn again (new
/// totals, an edit, its first reply) runs it again on the same element.
pub fn draw_card_buttons(element: Element, buttons: CardButtons) {
    element.set_text_content(None);
    let Some(document) = element.owner_document() else {
        return;
    };
    let CardButtons {
        context,
        comment,
        own,
        replies,
    } = buttons;
    // A button the DOM refused to create is left out; the rest still shows.
    if comment.status != CommentStatus::Deleted {
        let _ = append_votes(&document, &element, context, &comment, own);
        let _ = append_reaction_bar(&document, &element, context, &comment, own);
        if !context.terms.locked {
            let _ = copied_button(
                &document,
                &element,
                "reply",
                &[
                    ("class", "confab-button confab-button--reply"),
                    ("part", "button reply-button"),
                    ("data-act", "reply"),
                ],
                &messages::text("reply"),
            );
        }
        let _ = copied_button(
            &document,
            &element,
            "copy-link",
            &[
                ("class", "confab-button confab-button--small"),
                ("part", "button copy-link-button"),
                ("data-act", "copy-link"),
            ],
            &messages::text("copy-link"),
        );
    }
    if replies {
        let _ = append_collapse(&document, &element, context, comment.id);
    }
}

/// The button that folds the replies of comment `id` away, or brings them back.
fn append_collapse(
    document: &Document,
    parent: &Element,
    context: ThreadContext,
    id: CommentId,
) -> Option<()> {
    let button = copied_button(
        document,
        parent,
        "collapse",
        &[
            ("class", "confab-button confab-button--small"),
            ("part", "button collapse-button"),
            ("data-act", "collapse"),
        ],
        "",
    )?;
    let folded = context
        .collapsed
        .with_untracked(|collapsed| collapsed.contains(&id));
    show_folded(&button, folded);
    Some(())
}

/// Says on the collapse `button` whether the replies are `folded` away.
pub fn show_folded(button: &Element, folded: bool) {
    let expanded = if folded { "false" } else { "true" };
    let _ = button.set_attribute("aria-expanded", expanded);
    let text = messages::text(if folded { "expand" } else { "collapse" });
    button.set_text_content(Some(&text));
}
