//! The buttons of the moderation actions, on one comment and in bulk: their labels, and
//! Erase's second press.

use confab_api::ModerationAction;
use leptos::prelude::*;

/// The label of an action's button.
pub fn label(action: ModerationAction) -> &'static str {
    match action {
        ModerationAction::Approve => "Approve",
        ModerationAction::Reject => "Reject",
        ModerationAction::Spam => "Spam",
        ModerationAction::Delete => "Delete",
        ModerationAction::Erase => "Erase",
    }
}

/// A button for `action` that says `text` and runs `run`; Erase, which cannot be undone,
/// runs only when pressed again (“Erase for good?”).
pub fn action_button(
    action: ModerationAction,
    text: impl Fn() -> String + Send + Sync + 'static,
    disabled: impl Fn() -> bool + Send + Sync + 'static,
    run: impl Fn() + 'static,
) -> impl IntoView {
    let armed = RwSignal::new(false);
    let click = move |_| {
        if action == ModerationAction::Erase && !armed.get_untracked() {
            armed.set(true);
        } else {
            armed.set(false);
            run();
        }
    };
    view! {
        <button type="button" data-action=action.as_str() disabled=disabled on:click=click>
            {move || if armed.get() { "Erase for good?".to_owned() } else { text() }}
        </button>
    }
}
