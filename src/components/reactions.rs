//! Reactions to a comment or to the page: a button for each of the site's reactions, with
//! its count, pressed (`aria-pressed`) where the reader chose it, drawn with the DOM's own
//! calls. A comment shows the reactions chosen so far and “Add a reaction”, which draws the
//! rest; the page shows them all. Presses are answered by the thread's click listener
//! ([`clicks`](super::clicks)); sending one is a writer part
//! ([`reaction_cast`](super::reaction_cast)).

use super::context::ThreadContext;
use super::dom::{Toggle, copied_button, copied_element, element_with, toggle};
use crate::thread::SharedComment;
use crate::{local_store, messages};
use confab_api::{CommentId, CommentStatus, Reactions};
use leptos::prelude::*;
use web_sys::{Document, Element, Node};

/// Adds the bar of the site's reactions to a published `comment`, with its totals, to
/// `parent`, when the site offers any; on the reader's `own` comment they cannot be
/// pressed. The card is drawn again when the totals change, so what the reader chose is
/// read there. The reactions nobody chose are drawn only while “Add a reaction” is open:
/// most comments have none, and a thread of thousands would otherwise hold six buttons
/// for each.
pub fn append_reaction_bar(
    document: &Document,
    parent: &Element,
    context: ThreadContext,
    comment: &SharedComment,
    own: bool,
) -> Option<()> {
    let offered = context
        .model
        .with_untracked(|model| !model.reactions.is_empty());
    if !offered || comment.status != CommentStatus::Published {
        return Some(());
    }
    let bar = copied_element(document, "reaction-bar", &|document| {
        let attributes = [
            ("class", "confab-reactions"),
            ("part", "reactions"),
            ("role", "group"),
        ];
        element_with(document, "span", &attributes)
    })?;
    bar.set_attribute("aria-label", &messages::text("reactions"))
        .ok()?;
    parent.append_child(&bar).ok()?;
    let chosen = Shown {
        context,
        target: Some(comment.id),
        totals: &comment.reactions,
        own,
        every: false,
    };
    append_reactions(document, &bar, None, chosen);
    if !own {
        let add = copied_button(
            document,
            &bar,
            "add-reaction",
            &[
                (
                    "class",
                    "confab-button confab-button--small confab-reaction-add",
                ),
                ("part", "button add-reaction"),
                ("aria-expanded", "false"),
                ("data-act", "add-reaction"),
            ],
            "☺+",
        )?;
        add.set_attribute("aria-label", &messages::text("add-reaction"))
            .ok()?;
    }
    Some(())
}

/// Fills the page's reaction bar with every reaction the site offers and the page's
/// `totals`; a directive: `<span class="confab-reactions" use:draw_page_reactions=…>`,
/// run again on the same element when the totals change.
pub fn draw_page_reactions(element: Element, (context, totals): (ThreadContext, Reactions)) {
    element.set_text_content(None);
    if let Some(document) = element.owner_document() {
        let every = Shown {
            context,
            target: None,
            totals: &totals,
            own: false,
            every: true,
        };
        append_reactions(&document, &element, None, every);
    }
}

/// Opens or closes “Add a reaction” (`add`, in the bar of comment `id`): every reaction
/// is drawn while it is open, only those chosen while it is closed.
pub fn toggle_every_reaction(context: ThreadContext, add: &Element, id: CommentId) {
    let open = add.get_attribute("aria-expanded").as_deref() != Some("true");
    let _ = add.set_attribute("aria-expanded", if open { "true" } else { "false" });
    let (Some(bar), Some(document)) = (add.parent_element(), add.owner_document()) else {
        return;
    };
    let Some(totals) = context
        .model
        .with_untracked(|model| model.get(id).map(|comment| comment.reactions.clone()))
    else {
        return;
    };
    while let Ok(Some(shown)) = bar.query_selector(".confab-reaction") {
        shown.remove();
    }
    let shown = Shown {
        context,
        target: Some(id),
        totals: &totals,
        own: false,
        every: open,
    };
    append_reactions(&document, &bar, Some(add), shown);
}

/// Which reaction buttons a bar shows.
struct Shown<'a> {
    context: ThreadContext,
    /// The comment reacted to, or the page (`None`).
    target: Option<CommentId>,
    totals: &'a Reactions,
    /// The reader's own comment: the buttons cannot be pressed.
    own: bool,
    /// Every reaction the site offers, not only those chosen so far.
    every: bool,
}

/// Adds the buttons of the site's reactions, in the site's order, before `next` in `bar`.
fn append_reactions(document: &Document, bar: &Element, next: Option<&Node>, shown: Shown) {
    let Shown {
        context,
        target,
        totals,
        own,
        every,
    } = shown;
    let (model, config) = (context.model, context.config);
    model.with_untracked(|model| {
        config.with_value(|config| {
            for (index, reaction) in model.reactions.iter().enumerate() {
                let count = totals.count(reaction);
                if !every && count == 0 {
                    continue;
                }
                // Only a reaction someone chose can be the reader's.
                let mine = count > 0
                    && local_store::my_reaction(&config.thread, target.unwrap_or(0), reaction);
                let label = messages::text_with("react-with", &[("reaction", reaction)]);
                let text = if count > 0 {
                    format!("{reaction} {count}")
                } else {
                    reaction.clone()
                };
                let reaction = Toggle {
                    class: "confab-button confab-button--small confab-reaction",
                    part: "button reaction-button",
                    text: &text,
                    label: &format!("{label} ({count})"),
                    pressed: mine,
                    disabled: own,
                    act: "react",
                    data: ("data-index", &index.to_string()),
                    prototype: None,
                };
                let _ = toggle(document, bar, next, reaction);
            }
        })
    });
}
