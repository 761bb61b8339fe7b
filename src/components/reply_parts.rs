//! Pieces both reply boxes draw, the reader core's shell and the full box: the note above
//! the guest's fields, “remember me”, unique field numbers, and finding elements in the
//! widget's root.

use super::reply_state::ReplyForm;
use crate::messages;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A number to keep field ids unique when several widgets share a page.
pub fn next_field_number() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The first element matching `selector` in `root`: the widget's shadow root, or the
/// document when the widget is mounted without one.
pub fn query_in_root(root: &web_sys::Node, selector: &str) -> Option<web_sys::HtmlElement> {
    let found = match root.dyn_ref::<web_sys::ShadowRoot>() {
        Some(shadow) => shadow.query_selector(selector),
        None => document().query_selector(selector),
    };
    found.ok().flatten()?.dyn_into().ok()
}

/// “Your email address will not be published. Required fields are marked *” (hidden,
/// with the guest's fields, while the site signs the reader in).
#[component]
pub fn ReplyNote() -> impl IntoView {
    view! {
        <p class="confab-reply__note">
            {messages::text("email-note")} " " {messages::text("required-note")} " "
            <span class="confab-required">"*"</span>
        </p>
    }
}

/// “Save my name, email, and website in this browser…”.
#[component]
pub fn RememberMe(form: ReplyForm) -> impl IntoView {
    view! {
        <p class="confab-reply__remember">
            <label>
                <input type="checkbox" prop:checked=move || form.remember.get()
                    on:change=move |event| form.set_remember(event_target_checked(&event)) />
                " " {messages::text("remember-me")}
            </label>
        </p>
    }
}
