//! A comment's buttons (its votes, reactions, Reply and Copy link), drawn with the DOM's
//! own calls: a thread of thousands holds no view, closure or listener for each of them.
//! Each carries what it does in `data-act`, and the thread's one click listener
//! ([`clicks`](super::clicks)) answers it for the comment it is in.

use super::context::ThreadContext;
use super::dom::button;
use super::reactions::append_reaction_bar;
use super::votes::append_votes;
use crate::messages;
use crate::thread::SharedComment;
use confab_api::CommentStatus;
use web_sys::Element;

/// What a comment's buttons are drawn from.
#[derive(Clone)]
pub struct CardButtons {
    pub context: ThreadContext,
    pub comment: SharedComment,
    /// The reader's own comment: its votes and reactions cannot be pressed.
    pub own: bool,
}

/// Fills `element` with a comment's buttons; a directive: `<span use:draw_card_buttons=…>`.
/// A card drawn again (new totals, an edit) runs it again on the same element.
pub fn draw_card_buttons(element: Element, buttons: CardButtons) {
    element.set_text_content(None);
    let Some(document) = element.owner_document() else {
        return;
    };
    let CardButtons {
        context,
        comment,
        own,
    } = buttons;
    // A button the DOM refused to create is left out; the rest still shows.
    let _ = append_votes(&document, &element, context, &comment, own);
    if comment.status == CommentStatus::Published {
        let _ = append_reaction_bar(
            &document,
            &element,
            context,
            comment.id,
            &comment.reactions,
            own,
        );
    }
    if !context.terms.locked {
        let _ = button(
            &document,
            &element,
            None,
            &messages::text("reply"),
            &[
                ("class", "confab-button confab-button--reply"),
                ("part", "button reply-button"),
                ("data-act", "reply"),
            ],
        );
    }
    let _ = button(
        &document,
        &element,
        None,
        &messages::text("copy-link"),
        &[
            ("class", "confab-button confab-button--small"),
            ("part", "button copy-link-button"),
            ("data-act", "copy-link"),
        ],
    );
}
