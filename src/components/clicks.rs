//! The thread's one click listener: it answers the buttons drawn without listeners of
//! their own (a comment's votes, reactions, Reply, Copy link and collapse, the page's
//! reactions) by what their `data-act` says, for the comment they are in.

use super::card_buttons::show_folded;
use super::context::{Announcer, ThreadContext};
use super::reactions::toggle_every_reaction;
use super::writer::{self, WriterPart};
use confab_api::CommentId;
use leptos::prelude::*;
use std::str::FromStr;
use wasm_bindgen::JsCast;
use web_sys::{Element, MouseEvent};

/// Answers a click anywhere in the thread; clicks on anything else are left alone.
pub fn answer_click(context: ThreadContext, event: MouseEvent) {
    let Some(button) = event
        .target()
        .and_then(|target| target.dyn_into::<Element>().ok())
        .and_then(|element| element.closest("[data-act]").ok().flatten())
    else {
        return;
    };
    let act = button.get_attribute("data-act").unwrap_or_default();
    let pressed = button.get_attribute("aria-pressed").as_deref() == Some("true");
    match (act.as_str(), comment_of(&button)) {
        ("reply", Some(id)) => {
            writer::load(context.writer);
            context.form.reply_to(Some(id));
        }
        ("copy-link", Some(id)) => copy_link(context.announcer, id),
        ("collapse", Some(id)) => {
            let folded = context.collapsed.try_update(|collapsed| {
                let folded = !collapsed.remove(&id);
                if folded {
                    collapsed.insert(id);
                }
                folded
            });
            show_folded(&button, folded.unwrap_or(false));
        }
        ("add-reaction", Some(id)) => toggle_every_reaction(context, &button, id),
        ("vote", Some(id)) => {
            if let Some(side) = attribute::<i8>(&button, "data-side") {
                let value = if pressed { 0 } else { side };
                writer::run(context.writer, WriterPart::Vote(context, id, value));
            }
        }
        // The page's reactions are in no comment.
        ("react", target) => {
            if let Some(index) = attribute(&button, "data-index") {
                let react = WriterPart::React(context, target, index, !pressed);
                writer::run(context.writer, react);
            }
        }
        _ => {}
    }
}

/// The value of `element`'s attribute `name`, read as a `T`.
fn attribute<T: FromStr>(element: &Element, name: &str) -> Option<T> {
    element.get_attribute(name)?.parse().ok()
}

/// The comment `button` is in, if any.
fn comment_of(button: &Element) -> Option<CommentId> {
    let comment = button.closest(".confab-comment").ok().flatten()?;
    comment.id().strip_prefix("confab-comment-")?.parse().ok()
}

/// Copies the comment's permalink (the page's address with `#confab-comment-<id>`).
fn copy_link(announcer: Announcer, id: CommentId) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let page = window.location().href().unwrap_or_default();
    let page = page.split('#').next().unwrap_or_default();
    let link = format!("{page}#confab-comment-{id}");
    // The promise settles later; the announcement is the reader's feedback.
    let _ = window.navigator().clipboard().write_text(&link);
    announcer.say("link-copied");
}
