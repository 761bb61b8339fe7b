//! The “Leave a Reply” box: one form that moves under the comment being answered.
//!
//! The fields live in [`ReplyForm`], not in the DOM, so moving the box, cancelling a reply
//! or a refused post never loses a word the reader typed.

use super::thread_view::ThreadContext;
use crate::api::{self, ApiError};
use crate::messages;
use confab_api::{CommentId, NewComment, PostedComment};
use leptos::prelude::*;

/// The reply box's state: where it stands, what is typed, and what went wrong.
#[derive(Clone, Copy)]
pub struct ReplyForm {
    /// The comment being answered; `None` keeps the box under the thread.
    pub replying_to: RwSignal<Option<CommentId>>,
    pub name: RwSignal<String>,
    pub email: RwSignal<String>,
    pub website: RwSignal<String>,
    pub body: RwSignal<String>,
    /// The server's message and the field it concerns (`None`: the whole form).
    pub error: RwSignal<Option<(Option<String>, String)>>,
}

impl ReplyForm {
    pub fn new() -> Self {
        Self {
            replying_to: RwSignal::new(None),
            name: RwSignal::new(String::new()),
            email: RwSignal::new(String::new()),
            website: RwSignal::new(String::new()),
            body: RwSignal::new(String::new()),
            error: RwSignal::new(None),
        }
    }

    /// Moves the box under comment `parent` (or back under the thread).
    pub fn reply_to(&self, parent: Option<CommentId>) {
        self.replying_to.set(parent);
        self.error.set(None);
    }

    /// The server's message for `field`, if it named that field.
    fn error_for(
        &self,
        field: &'static str,
    ) -> impl Fn() -> Option<String> + Clone + Send + Sync + use<> {
        let error = self.error;
        move || {
            error.with(|error| match error {
                Some((Some(at), message)) if at == field => Some(message.clone()),
                _ => None,
            })
        }
    }
}

impl Default for ReplyForm {
    fn default() -> Self {
        Self::new()
    }
}

/// The reply box, shown only where the reader is replying (`parent`).
#[component]
pub fn ReplyBox(parent: Option<CommentId>) -> impl IntoView {
    let context = expect_context::<ThreadContext>();
    let form = context.form;
    view! {
        <Show when=move || form.replying_to.get() == parent>
            <ReplyForm parent />
        </Show>
    }
}

#[component]
fn ReplyForm(parent: Option<CommentId>) -> impl IntoView {
    let context = expect_context::<ThreadContext>();
    let form = context.form;
    let replying_to_name = parent.and_then(|id| {
        context
            .model
            .with_untracked(|model| model.get(id).map(|c| c.author.name.clone()))
    });
    let title = messages::reply_title(replying_to_name.as_deref());
    let post = Action::new_local(move |comment: &NewComment| {
        let comment = comment.clone();
        let api_base = context.config.with_value(|config| config.api_base.clone());
        async move { api::post_comment(&api_base, &comment).await }
    });
    Effect::new(move |_| {
        if let Some(result) = post.value().get() {
            finish_post(context, result);
        }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if post.pending().get_untracked() {
            return;
        }
        form.error.set(None);
        post.dispatch_local(new_comment(context, parent));
    };
    let general_error = move || {
        form.error.with(|error| match error {
            Some((None, message)) => Some(message.clone()),
            Some((Some(field), message)) if !is_form_field(field) => Some(message.clone()),
            _ => None,
        })
    };
    view! {
        <form class="confab-reply" part="reply-box" novalidate on:submit=submit>
            <h3 class="confab-reply__title">
                {title}
                {parent.map(|_| view! {
                    " "
                    <button type="button" class="confab-link-button" part="button cancel-reply"
                        on:click=move |_| form.reply_to(None)>
                        {messages::CANCEL_REPLY}
                    </button>
                })}
            </h3>
            <p class="confab-reply__note">
                {messages::EMAIL_NOTE} " " {messages::REQUIRED_NOTE} " " <span class="confab-required">"*"</span>
            </p>
            <Field label=messages::COMMENT name="body" required=true value=form.body error=form.error_for("body") multiline=true />
            <p class="confab-reply__hint">{messages::MARKDOWN_HINT}</p>
            <Field label=messages::NAME name="author_name" required=true value=form.name error=form.error_for("author_name") />
            <Field label=messages::EMAIL name="author_email" required=false value=form.email error=form.error_for("author_email") />
            <Field label=messages::WEBSITE name="author_website" required=false value=form.website error=form.error_for("author_website") />
            {move || general_error().map(|message| view! {
                <p class="confab-error confab-error--form" role="alert">{message}</p>
            })}
            <button type="submit" class="confab-button confab-button--submit" part="button submit-button"
                disabled=move || post.pending().get()>
                {move || if post.pending().get() { messages::POSTING } else { messages::POST_COMMENT }}
            </button>
        </form>
    }
}

/// One labelled input (or textarea) bound to a field of the form, with its error below.
#[component]
fn Field(
    label: &'static str,
    name: &'static str,
    required: bool,
    value: RwSignal<String>,
    error: impl Fn() -> Option<String> + Send + Sync + Clone + 'static,
    #[prop(optional)] multiline: bool,
) -> impl IntoView {
    let id = format!("confab-field-{name}-{}", next_field_number());
    let error_id = format!("{id}-error");
    let error_span_id = error_id.clone();
    let has_error = {
        let error = error.clone();
        move || error().is_some()
    };
    let input = if multiline {
        view! {
            <textarea id=id.clone() name=name rows="6" aria-required=required.to_string()
                aria-invalid=move || has_error().to_string() aria-describedby=error_id.clone()
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() name=name type="text" aria-required=required.to_string()
                aria-invalid=move || has_error().to_string() aria-describedby=error_id.clone()
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event)) />
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

/// A number to keep field ids unique when several widgets share a page.
fn next_field_number() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

fn is_form_field(field: &str) -> bool {
    matches!(
        field,
        "body" | "author_name" | "author_email" | "author_website"
    )
}

/// The comment as the form holds it now.
fn new_comment(context: ThreadContext, parent: Option<CommentId>) -> NewComment {
    let form = context.form;
    let optional =
        |value: RwSignal<String>| Some(value.get_untracked()).filter(|v| !v.trim().is_empty());
    context.config.with_value(|config| NewComment {
        thread: config.thread.clone(),
        title: Some(config.title.clone()),
        url: Some(config.url.clone()).filter(|url| url.starts_with("http")),
        parent_id: parent,
        author_name: form.name.get_untracked(),
        author_email: optional(form.email),
        author_website: optional(form.website),
        body: form.body.get_untracked(),
    })
}

/// Shows a stored comment in place, or the server's message next to its field.
fn finish_post(context: ThreadContext, result: Result<PostedComment, ApiError>) {
    let form = context.form;
    match result {
        Ok(posted) => {
            context
                .model
                .update(|model| model.insert_posted(posted.comment));
            context.count.update(|count| *count += 1);
            form.body.set(String::new());
            form.reply_to(None);
        }
        Err(ApiError::Refused(detail)) => form.error.set(Some((detail.field, detail.message))),
        Err(other) => form.error.set(Some((None, other.to_string()))),
    }
}
