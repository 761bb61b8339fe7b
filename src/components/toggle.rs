//! A small button that is pressed or not (`aria-pressed`) and runs a writer part: a vote
//! or a reaction. One function draws both, so the widget carries one copy of its code.

use super::context::ThreadContext;
use super::writer::{self, WriterPart};
use leptos::prelude::*;

/// What a toggle shows and does.
pub struct Toggle {
    /// The button's classes and `part` names.
    pub class: &'static str,
    pub part: &'static str,
    pub pressed: bool,
    /// Read by assistive technology (the `text` is a glyph and a count).
    pub label: String,
    pub text: String,
    /// A button that cannot be pressed (on the reader's own comment).
    pub disabled: bool,
    /// What pressing it runs.
    pub runs: WriterPart,
}

/// The button.
pub fn toggle(context: ThreadContext, toggle: Toggle) -> AnyView {
    let runs = toggle.runs;
    view! {
        <button type="button" class=toggle.class part=toggle.part
            aria-pressed=toggle.pressed.to_string() aria-label=toggle.label
            disabled=toggle.disabled on:click=move |_| writer::run(context.writer, runs)>
            {toggle.text}
        </button>
    }
    .into_any()
}
