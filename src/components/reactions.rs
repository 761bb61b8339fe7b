//! Reactions to a comment or to the page: a button for each of the site's reactions, with
//! its count, pressed (`aria-pressed`) where the reader chose it. A comment shows the
//! reactions chosen so far and “Add a reaction”, which draws the rest; the page shows
//! them all. Sending one is a writer part ([`reaction_cast`](super::reaction_cast)).

use super::context::ThreadContext;
use super::toggle::{Toggle, toggle};
use super::writer::WriterPart;
use crate::{local_store, messages};
use confab_api::{CommentId, Reactions};
use leptos::prelude::*;

/// The site's reactions to comment `target` (or to the page, `None`) with their `totals`,
/// when the site offers any; on the reader's `own` comment they cannot be pressed. The
/// bar is drawn again when the totals change, so what the reader chose is read once
/// there. A comment's reactions nobody chose are drawn only while “Add a reaction” is
/// open: most comments have none, and a thread of thousands would otherwise hold six
/// buttons for each.
pub fn reaction_bar(
    context: ThreadContext,
    target: Option<CommentId>,
    offered: &[String],
    totals: &Reactions,
    own: bool,
) -> Option<AnyView> {
    if offered.is_empty() {
        return None;
    }
    let page = target.is_none();
    let opened = RwSignal::new(false);
    let totals = totals.clone();
    let buttons = move || {
        let every = page || opened.get();
        context.model.with_untracked(|model| {
            context.config.with_value(|config| {
                reaction_buttons(
                    context,
                    target,
                    &model.reactions,
                    &totals,
                    &config.thread,
                    own,
                    every,
                )
            })
        })
    };
    let label = messages::text(if page { "page-reactions" } else { "reactions" });
    Some(
        view! {
            <span class="confab-reactions" part="reactions" role="group" aria-label=label>
                {buttons}
                {(!page && !own).then(|| view! {
                    <button type="button" class="confab-button confab-button--small confab-reaction-add"
                        part="button add-reaction" aria-label=messages::text("add-reaction")
                        aria-expanded=move || opened.get().to_string()
                        on:click=move |_| opened.update(|opened| *opened = !*opened)>
                        "☺+"
                    </button>
                })}
            </span>
        }
        .into_any(),
    )
}

/// The buttons of the `offered` reactions, in the site's order: those chosen so far, or
/// `every` one.
fn reaction_buttons(
    context: ThreadContext,
    target: Option<CommentId>,
    offered: &[String],
    totals: &Reactions,
    thread: &str,
    own: bool,
    every: bool,
) -> AnyView {
    offered
        .iter()
        .enumerate()
        .filter(|(_, reaction)| every || totals.count(reaction) > 0)
        .map(|(index, reaction)| {
            let count = totals.count(reaction);
            // Only a reaction someone chose can be the reader's.
            let mine = count > 0 && local_store::my_reaction(thread, target.unwrap_or(0), reaction);
            let label = messages::text_with("react-with", &[("reaction", reaction)]);
            toggle(
                context,
                Toggle {
                    class: "confab-button confab-button--small confab-reaction",
                    part: "button reaction-button",
                    pressed: mine,
                    label: format!("{label} ({count})"),
                    text: if count > 0 {
                        format!("{reaction} {count}")
                    } else {
                        reaction.clone()
                    },
                    disabled: own,
                    runs: WriterPart::React(context, target, index, !mine),
                },
            )
        })
        // Nested pairs rather than a list: their drawing code is shared with other views.
        .fold(().into_any(), |before, button| (before, button).into_any())
}
