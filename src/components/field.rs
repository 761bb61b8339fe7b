//! One labelled input or textarea of the reply box, with its error message below it.

use super::effects::effect;
use super::reply_parts::next_field_number;
use crate::messages;
use confab_api::limits::char_count;
use leptos::prelude::*;
use std::sync::Arc;

/// What a field does with the text the reader types. Fields take this and [`FieldError`]
/// boxed, so that one copy of [`Field`]'s code draws them all (a generic one was copied for
/// each field).
pub type OnEdit = Arc<dyn Fn(String) + Send + Sync>;
/// A field's error message, when it has one.
pub type FieldError = Arc<dyn Fn() -> Option<String> + Send + Sync>;

/// A text field bound to `value`; `on_edit` receives what the reader types.
#[component]
pub fn Field(
    label: String,
    name: &'static str,
    required: bool,
    value: RwSignal<String>,
    on_edit: OnEdit,
    error: FieldError,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] input_type: Option<&'static str>,
    /// Moves the keyboard focus into this (multiline) field when it appears.
    #[prop(optional)]
    autofocus: bool,
    /// The server's length limit, checked as the reader types (the server stays the judge).
    #[prop(optional)]
    max_chars: Option<usize>,
) -> impl IntoView {
    let field_label = label.clone();
    let error = move || {
        let too_long = max_chars.filter(|max| value.with(|value| char_count(value) > *max));
        match too_long {
            Some(max) => Some(messages::too_long(&field_label, max)),
            None => error(),
        }
    };
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    effect(move || {
        if let Some(textarea) = textarea.get().filter(|_| autofocus) {
            // Focus is a courtesy; a refusal (element not focusable yet) changes nothing.
            let _ = textarea.focus();
        }
    });
    let id = format!("confab-field-{name}-{}", next_field_number());
    let error_id = format!("{id}-error");
    let error_span_id = error_id.clone();
    let invalid = {
        let error = error.clone();
        move || error().is_some().to_string()
    };
    let input = if multiline {
        view! {
            <textarea node_ref=textarea id=id.clone() name=name rows="6" aria-required=required.to_string()
                aria-invalid=invalid aria-describedby=error_id
                prop:value=move || value.get()
                on:input=move |event| on_edit(event_target_value(&event))></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() name=name type=input_type.unwrap_or("text")
                aria-required=required.to_string()
                aria-invalid=invalid aria-describedby=error_id
                prop:value=move || value.get()
                on:input=move |event| on_edit(event_target_value(&event)) />
        }
        .into_any()
    };
    view! {
        <p class=format!("confab-field confab-field--{name}")>
            <label for=id>
                {label}
                {required.then(|| view! { " " <span class="confab-required">"*"</span> })}
            </label>
            {input}
            <span class="confab-error" id=error_span_id role="alert">{error}</span>
        </p>
    }
}
