//! Where the reply box under a comment is drawn: one effect for the whole thread places it
//! in the comment's entry, after its card, when the reader presses Reply, and takes it away
//! when they reply elsewhere. Every comment watching for the box itself held an effect and
//! a memo each, about a kilobyte per comment.

use super::context::ThreadContext;
use super::effects::effect;
use super::reply_shell::drawn_box;
use confab_api::CommentId;
use leptos::html::Section;
use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;
use leptos::tachys::view::{Mountable, Render};
use std::cell::RefCell;
use std::rc::Rc;

/// A box drawn into a comment's entry; dropping it takes the box away.
struct Placed {
    /// What the box's own effects and signals belong to.
    _owner: Owner,
    state: AnyViewState,
}

impl Drop for Placed {
    fn drop(&mut self) {
        self.state.unmount();
    }
}

/// Draws the reply box under the comment the reader replies to, in `section`'s thread.
pub fn follow_reply_place(context: ThreadContext, section: NodeRef<Section>) {
    // The boxes' owner is the thread's, so they find what the thread provides.
    let Some(thread) = Owner::current() else {
        return;
    };
    let placed = Rc::new(RefCell::new(None::<Placed>));
    effect(move || {
        let target = context.form.replying_to.get();
        let section = section.get();
        // The box before goes first, wherever it was.
        placed.replace(None);
        let (Some(id), Some(section)) = (target, section) else {
            return;
        };
        let entry = section
            .query_selector(&format!("#confab-comment-{id}"))
            .ok()
            .flatten();
        // The entry's first element is its card; the replies follow the box.
        let Some((entry, card)) =
            entry.and_then(|entry| Some((entry.clone(), entry.first_element_child()?)))
        else {
            return;
        };
        let next = card.next_sibling();
        let owner = thread.with(Owner::new);
        let state = owner.with(|| {
            let mut state = drawn_box(context, Some(id)).build();
            state.mount(&entry, next.as_ref());
            state
        });
        placed.replace(Some(Placed {
            _owner: owner,
            state,
        }));
    });
}

/// Called as the entry of comment `id` is drawn: when the reader was replying to it (the
/// entry is drawn again, say, when folded replies come back), the box is placed in it
/// once it is on the page.
pub fn entry_drawn(context: ThreadContext, id: CommentId) {
    let replying_to = context.form.replying_to;
    if replying_to.get_untracked() == Some(id) {
        replying_to.notify();
    }
}
