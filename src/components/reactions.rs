//! Reactions to a comment or to the page: a button for each of the site's reactions, with
//! its count, pressed (`aria-pressed`) where the reader chose it. A comment shows the
//! reactions chosen so far and “Add a reaction”, which shows the rest; the page shows them
//! all. Sending one is a writer part ([`reaction_cast`](super::reaction_cast)).

use super::context::ThreadContext;
use super::writer::{self, WriterPart};
use crate::{local_store, messages};
use confab_api::{CommentId, Reactions};
use leptos::prelude::*;

/// The reactions to comment `target` (or to the page, `None`) with their `totals`, when
/// the site takes reactions; on the reader's `own` comment they cannot be pressed. The
/// card is drawn again when the totals change, so what the reader chose is read once here.
pub fn reaction_bar(
    context: ThreadContext,
    target: Option<CommentId>,
    totals: &Reactions,
    own: bool,
) -> Option<AnyView> {
    let set = context.terms.reactions;
    if set.with_value(Vec::is_empty) {
        return None;
    }
    let page = target.is_none();
    let opened = RwSignal::new(page);
    let thread = context.config.with_value(|config| config.thread.clone());
    let buttons = set.with_value(|set| {
        set.iter()
            .enumerate()
            .map(|(index, reaction)| {
                let count = totals.count(reaction);
                // Only a reaction someone chose can be the reader's.
                let mine =
                    count > 0 && local_store::my_reaction(&thread, target.unwrap_or(0), reaction);
                let part = WriterPart::React(context, target, index, !mine);
                let label = messages::text_with("react-with", &[("reaction", reaction)]);
                view! {
                    <button type="button" class="confab-button confab-button--small confab-reaction"
                        part="button reaction-button" value=reaction.clone()
                        aria-pressed=mine.to_string() aria-label=format!("{label} ({count})")
                        disabled=own hidden=move || count == 0 && !opened.get()
                        on:click=move |_| writer::run(context.writer, part)>
                        {reaction.clone()} {(count > 0).then(|| format!(" {count}"))}
                    </button>
                }
            })
            .collect_view()
    });
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
