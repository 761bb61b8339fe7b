//! The author's own comment: Edit and Delete while the edit window is open.
//!
//! The edit token stays in this browser (`localStorage`); a signed-in reader's comments
//! from other browsers are proven by who they are (and may be deleted after the window).
//! The server checks the proof and the window, and when it refuses, the controls go away
//! and its message stays.

use super::context::{Announcer, Editing, OwnRecords, ThreadContext};
use super::field::Field;
use super::reply_box::{PreviewPane, WriteOrPreview, focus_in_comment};
use super::switch::{shown_when, shown_when_else};
use crate::api::{self, ApiError};
use crate::messages;
use crate::thread::ThreadModel;
use confab_api::{Comment, CommentId};
use leptos::prelude::*;
use std::sync::Arc;

/// Edit, Delete (with a confirmation) and the time left, on a comment this browser posted.
#[component]
pub fn OwnControls(id: CommentId) -> impl IntoView {
    // Closures take the one context and pick their handles: smaller than capturing each.
    let context = expect_context::<ThreadContext>();
    let (own, editing) = (context.own, context.editing);
    let until = move || own.get(id).map(|own| own.editable_until);
    // Proven by who the reader is rather than by this browser: deletable at any time.
    let by_identity = move || own.get(id).is_some_and(|own| own.edit_token.is_empty());
    let ms_left = move || {
        // The clock signal renews the text every few seconds; the time itself is read now.
        context.clock.track();
        until().map_or(0.0, |until| until - js_sys::Date::now())
    };
    let confirming = RwSignal::new(false);
    let delete = move || {
        confirming.set(false);
        let proof = proof(context, id);
        let api_base = context.config.with_value(|config| config.api_base.clone());
        leptos::task::spawn_local(async move {
            match api::delete_comment(&api_base, id, &proof).await {
                Ok(()) => OwnChanges::from(context).deleted(id),
                Err(error) => OwnChanges::from(context).refused(id, error),
            }
        });
    };
    let confirm = move || {
        shown_when_else(
            move || confirming.get(),
            move || {
                view! {
                <span class="confab-confirm" role="group" aria-label=messages::text("confirm-delete")>
                    {messages::text("confirm-delete")} " "
                    <button type="button" class="confab-button confab-button--danger" part="button confirm-delete-button"
                        on:click=move |_| delete()>
                        {messages::text("delete")}
                    </button>
                    <button type="button" class="confab-button confab-button--small" part="button"
                        on:click=move |_| confirming.set(false)>
                        {messages::text("keep")}
                    </button>
                </span>
            }.into_any()
            },
            move || {
                view! {
                <button type="button" class="confab-button confab-button--small" part="button delete-button"
                    on:click=move |_| confirming.set(true)>
                    {messages::text("delete")}
                </button>
            }.into_any()
            },
        )
    };
    shown_when(
        move || (ms_left() > 0.0 || by_identity()) && !editing.is_editing(id),
        move || {
            view! {
            <button type="button" class="confab-button confab-button--small" part="button edit-button"
                hidden=move || ms_left() <= 0.0
                on:click=move |_| {
                    editing.notice.set(None);
                    editing.comment.set(Some(id));
                }>
                {messages::text("edit")}
            </button>
            {confirm()}
            <span class="confab-comment__time-left" hidden=move || ms_left() <= 0.0>
                {move || messages::time_left(ms_left())}
            </span>
    }.into_any()
        },
    )
}

/// Edit and Delete on comment `id` (a writer part).
pub fn controls(id: CommentId) -> AnyView {
    view! { <OwnControls id /> }.into_any()
}

/// The edit box of comment `id` (a writer part).
pub fn edit_box(id: CommentId) -> AnyView {
    view! { <EditBox id /> }.into_any()
}

/// The edit box that takes the place of the body: the same Write / Preview switch as the
/// reply box, Save and Cancel (Ctrl+Enter saves, Escape cancels).
#[component]
fn EditBox(id: CommentId) -> impl IntoView {
    let context = expect_context::<ThreadContext>();
    let token = proof(context, id);
    let text = RwSignal::new(
        context
            .own
            .get(id)
            .map(|own| own.markdown)
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<String>);
    let previewing = RwSignal::new(false);
    // The answer is handled where it arrives, not by an effect of this box: the live
    // update of the same edit may redraw the comment, and this box with it, first.
    let save = Action::new_local(move |markdown: &String| {
        let (markdown, token) = (markdown.clone(), token.clone());
        let api_base = context.config.with_value(|config| config.api_base.clone());
        let changes = OwnChanges::from(context);
        async move {
            match api::edit_comment(&api_base, id, &token, &markdown).await {
                Ok(comment) => changes.saved(comment, markdown),
                Err(ApiError::Refused(detail)) if detail.field.as_deref() == Some("body") => {
                    error.set(Some(messages::server_error(&detail.code, &detail.message)))
                }
                Err(failure) => changes.refused(id, failure),
            }
        }
    });
    let submit = move || {
        if !save.pending().get_untracked() {
            save.dispatch_local(text.get_untracked());
        }
    };
    let form = NodeRef::<leptos::html::Form>::new();
    let cancel = move || {
        let root = form.get_untracked().map(|form| form.get_root_node());
        context.editing.comment.set(None);
        if let Some(root) = root {
            request_animation_frame(move || {
                focus_in_comment(&root, id, "[part~='edit-button']");
            });
        }
    };
    view! {
        <form class="confab-edit" part="edit-box" novalidate node_ref=form
            on:submit=move |event| { event.prevent_default(); submit(); }
            on:keydown=move |event| super::reply_box::keyboard_shortcuts(&event, submit, cancel)>
            <WriteOrPreview previewing />
            <div hidden=move || previewing.get()>
                <Field label=messages::text("edit-label") name="body" required=true value=text
                    on_edit=Arc::new(move |new: String| text.set(new)) error=Arc::new(move || error.get()) multiline=true autofocus=true />
            </div>
            {shown_when(move || previewing.get(), move || view! { <PreviewPane markdown=text.get_untracked() /> }.into_any())}
            <button type="submit" class="confab-button confab-button--submit" part="button save-button"
                disabled=move || save.pending().get()>
                {messages::text("save")}
            </button>
            " "
            <button type="button" class="confab-button" part="button cancel-button" on:click=move |_| cancel()>
                {messages::text("cancel")}
            </button>
        </form>
    }
}

/// How a change to comment `id` proves it comes from its author: this browser's edit
/// token, or, for a comment posted elsewhere, the signed-in reader's token or session.
fn proof(context: ThreadContext, id: CommentId) -> String {
    let token = context
        .own
        .get(id)
        .map(|own| own.edit_token)
        .unwrap_or_default();
    let sign_in = context.form.sign_in;
    if !token.is_empty() {
        format!("Bearer {token}")
    } else if let Some(sso) = sign_in.token() {
        format!("SSO {sso}")
    } else {
        format!("Session {}", sign_in.session().unwrap_or_default())
    }
}

/// What an answer about one of this browser's comments changes: the thread, the records,
/// the edit box and what screen readers hear.
#[derive(Clone, Copy)]
struct OwnChanges {
    model: RwSignal<ThreadModel>,
    own: OwnRecords,
    editing: Editing,
    announcer: Announcer,
}

impl From<ThreadContext> for OwnChanges {
    fn from(context: ThreadContext) -> Self {
        Self {
            model: context.model,
            own: context.own,
            editing: context.editing,
            announcer: context.announcer,
        }
    }
}

impl OwnChanges {
    fn saved(self, comment: Comment, markdown: String) {
        let id = comment.id;
        let waits = self
            .model
            .try_update(|model| model.edited(comment))
            .unwrap_or(false);
        self.own.change(|own| {
            if let Some(entry) = own.iter_mut().find(|entry| entry.id == id) {
                entry.markdown = markdown;
            }
        });
        self.editing.comment.set(None);
        self.announcer.say(if waits {
            "awaiting-moderation"
        } else {
            "updated"
        });
    }

    fn deleted(self, id: CommentId) {
        self.model.update(|model| model.deleted(id));
        self.own.change(|own| own.retain(|entry| entry.id != id));
        self.announcer.say("removed");
    }

    /// The server refused a change: its message stays by the comment; when the window has
    /// closed or the token does not fit, the controls go away for good.
    fn refused(self, id: CommentId, error: ApiError) {
        if let ApiError::Refused(detail) = &error
            && matches!(
                detail.code.as_str(),
                "edit_window_closed" | "wrong_token" | "not_found"
            )
        {
            self.own.change(|own| {
                // A comment proven by who the reader was is theirs no more here.
                own.retain(|entry| entry.id != id || !entry.edit_token.is_empty());
                if let Some(entry) = own.iter_mut().find(|entry| entry.id == id) {
                    entry.editable_until = 0.0;
                }
            });
            self.editing.comment.set(None);
        }
        self.editing.notice.set(Some((id, error.to_string())));
    }
}
