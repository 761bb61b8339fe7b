//! The reply box as the reader core draws it. Until the writer parts have loaded it is a
//! shell that looks like the full box and takes typing at once into the same signals (and
//! the same draft); when they arrive the full box takes its place, with the keyboard focus
//! and the caret where the reader left them, so no keystroke is lost.

use super::context::ThreadContext;
use super::reply_parts::{RememberMe, ReplyNote, next_field_number, query_in_root};
use super::switch::{shown_when, shown_when_else};
use super::writer;
use super::writer::WriterPart;
use super::writer_state::WriterState;
use crate::messages;
use confab_api::CommentId;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;

/// The reply box under the thread, shown while the reader replies to no comment (the box
/// under a comment is placed by [`reply_place`](super::reply_place)).
pub fn reply_box(context: ThreadContext) -> AnyView {
    shown_when(
        move || context.form.replying_to.get().is_none(),
        move || drawn_box(context, None),
    )
}

/// The shell, or the full box once the writer parts have arrived.
pub fn drawn_box(context: ThreadContext, parent: Option<CommentId>) -> AnyView {
    let shell = NodeRef::<leptos::html::Form>::new();
    // Only arriving changes what is drawn: the shell stays while the reader types in it.
    shown_when_else(
        move || context.writer.get() == WriterState::Ready,
        move || {
            hand_over_focus(shell);
            writer::view(context.writer, WriterPart::Reply(parent))
        },
        move || reply_shell(context, parent, shell),
    )
}

/// The shell: the full box's look, its fields bound to the form's signals.
fn reply_shell(
    context: ThreadContext,
    parent: Option<CommentId>,
    shell: NodeRef<leptos::html::Form>,
) -> AnyView {
    let form = context.form;
    let title = messages::reply_title(
        parent
            .and_then(|id| {
                context.model.with_untracked(|model| {
                    model.get(id).map(|comment| comment.author.name.clone())
                })
            })
            .as_deref(),
    );
    let cancel = parent.map(|_| {
        view! {
            " "
            <button type="button" class="confab-link-button" part="button cancel-reply"
                on:click=move |_| form.reply_to(None)>
                {messages::text("cancel-reply")}
            </button>
        }
    });
    let body_id = format!("confab-shell-body-{}", next_field_number());
    let body_label = body_id.clone();
    let field = |key: &str, name: &'static str, kind: &'static str, value: RwSignal<String>| {
        let id = format!("confab-shell-{name}-{}", next_field_number());
        view! {
            <p class=format!("confab-field confab-field--{name}")>
                <label for=id.clone()>{messages::text(key)}</label>
                <input id=id name=name type=kind prop:value=value.get_untracked()
                    on:input=move |event| form.edit_author(value, event_target_value(&event)) />
                <span class="confab-error"></span>
            </p>
        }
    };
    let problem = move || {
        (context.writer.get() == WriterState::Failed).then(|| writer::load_failed(context.writer))
    };
    view! {
        <form class="confab-reply confab-reply--loading" part="reply-box" novalidate node_ref=shell
            class:confab-reply--signed-in=move || form.sign_in.is_signed_in()
            on:focusin=move |_| writer::load(context.writer)
            on:submit=move |event| { event.prevent_default(); writer::load(context.writer); }>
            <h3 class="confab-reply__title">{title}{cancel}</h3>
            <ReplyNote />
            <div class="confab-tabs" role="group">
                <button type="button" class="confab-tab" part="button tab" aria-pressed="true">{messages::text("write")}</button>
                <button type="button" class="confab-tab" part="button tab" aria-pressed="false">{messages::text("preview")}</button>
            </div>
            <div class="confab-reply__write">
                <p class="confab-field confab-field--body">
                    <label for=body_label>{messages::text("comment")} " " <span class="confab-required">"*"</span></label>
                    <textarea id=body_id name="body" rows="6" aria-required="true"
                        prop:value=form.body.get_untracked()
                        on:input=move |event| form.edit_body(event_target_value(&event))></textarea>
                    <span class="confab-error"></span>
                </p>
            </div>
            <p class="confab-reply__hint">{messages::text("markdown-help")}</p>
            <div class="confab-reply__guest">
                {field("name", "author_name", "text", form.name)}
                {field("email", "author_email", "email", form.email)}
                {field("website", "author_website", "url", form.website)}
                <RememberMe form />
            </div>
            {context.terms.reply_notifications.then(|| view! {
                <p class="confab-reply__notify">
                    <label>
                        <input type="checkbox" name="notify_replies" disabled=true />
                        " " {messages::text("notify-replies")}
                    </label>
                </p>
            })}
            {problem}
            <button type="submit" class="confab-button confab-button--submit" part="button submit-button">
                {messages::text("post-comment")}
            </button>
        </form>
    }
    .into_any()
}

/// Where the keyboard was in the shell, given to the same field of the full box once it is
/// in place (a microtask later, so before any further key event).
fn hand_over_focus(shell: NodeRef<leptos::html::Form>) {
    let Some(shell) = shell.get_untracked() else {
        return;
    };
    let root = shell.get_root_node();
    let active = root
        .dyn_ref::<web_sys::ShadowRoot>()
        .and_then(web_sys::ShadowRoot::active_element)
        .or_else(|| document().active_element())
        .filter(|active| shell.contains(Some(active)));
    let Some(active) = active else {
        return;
    };
    let name = active.get_attribute("name").unwrap_or_default();
    let caret = active
        .dyn_ref::<HtmlTextAreaElement>()
        .and_then(|text| Some((text.selection_start().ok()??, text.selection_end().ok()??)));
    // A microtask: after this render, before the browser paints.
    wasm_bindgen_futures::spawn_local(async move {
        let selector = format!("form.confab-reply [name=\"{name}\"]");
        if let Some(field) = query_in_root(&root, &selector) {
            // Focus is a courtesy; nothing depends on it succeeding.
            let _ = field.focus();
            if let (Some(text), Some((start, end))) =
                (field.dyn_ref::<HtmlTextAreaElement>(), caret)
            {
                let _ = text.set_selection_range(start, end);
            }
        }
    });
}
