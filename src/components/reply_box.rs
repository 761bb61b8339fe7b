//! The “Leave a Reply” box: one form that moves under the comment being answered, with a
//! Write / Preview switch, a length counter, “remember me”, “notify me of replies” (when
//! the server mails), and “Try again” after a network failure (the retry reuses the
//! idempotency key, so it never posts twice).

use super::body::draw_blocks;
use super::context::{Announcer, OwnRecords, ThreadContext};
use super::field::Field;
use super::manage::ManageMine;
use super::reply_parts::{RememberMe, ReplyNote, query_in_root};
use super::reply_state::ReplyForm;
use super::switch::shown_when;
use crate::api::{self, ApiError};
use crate::local_store::OwnComment;
use crate::messages;
use crate::thread::ThreadModel;
use confab_api::limits::{
    MAX_BODY_CHARS, MAX_EMAIL_CHARS, MAX_NAME_CHARS, MAX_WEBSITE_CHARS, char_count,
};
use confab_api::{Block, CommentId, CommentStatus, NewComment, PostedComment};
use leptos::prelude::*;
use std::sync::Arc;

/// The full reply box for `parent` (a writer part).
pub fn reply_form(parent: Option<CommentId>) -> AnyView {
    view! { <ReplyFormView parent /> }.into_any()
}

#[component]
fn ReplyFormView(parent: Option<CommentId>) -> impl IntoView {
    // Closures take the one context and pick their handles: smaller than capturing each.
    let context = expect_context::<ThreadContext>();
    let form = context.form;
    let replying_to_name = parent.and_then(|id| {
        context
            .model
            .with_untracked(|model| model.get(id).map(|comment| comment.author.name.clone()))
    });
    let title = messages::reply_title(replying_to_name.as_deref());
    let post = Action::new_local(move |(comment, key): &(NewComment, String)| {
        let (comment, key) = (comment.clone(), key.clone());
        let api_base = context.config.with_value(|config| config.api_base.clone());
        async move {
            let body = comment.body.clone();
            Ok((crate::proof::post(&api_base, comment, &key).await?, body))
        }
    });
    // Text typed before the writer part loaded is writing too: its proof starts now.
    if form.body.with_untracked(|body| !body.is_empty()) {
        context
            .config
            .with_value(|config| crate::proof::prepare(&config.api_base));
    }
    let form_element = NodeRef::<leptos::html::Form>::new();
    super::effects::effect(move || {
        if let Some(result) = post.value().get() {
            let root = form_element
                .get_untracked()
                .map(|form| form.get_root_node());
            let posted_id = result.as_ref().ok().map(|(posted, _)| posted.comment.id);
            Posting::from(context).finish(parent, result);
            // The reply box moves away: the keyboard goes to the new comment.
            if let (Some(root), Some(id)) = (root, posted_id) {
                request_animation_frame(move || {
                    focus_in_comment(&root, id, ".confab-comment__card")
                });
            }
        }
    });
    let over = |value: RwSignal<String>, max: usize| value.with(|value| char_count(value) > max);
    let too_long = move || {
        over(form.body, MAX_BODY_CHARS)
            || over(form.name, MAX_NAME_CHARS)
            || over(form.email, MAX_EMAIL_CHARS)
            || over(form.website, MAX_WEBSITE_CHARS)
    };
    let send = move || {
        if post.pending().get_untracked() || too_long() {
            return;
        }
        form.error.set(None);
        let comment = context.config.with_value(|config| form.new_comment(config));
        post.dispatch_local((comment, form.idempotency_key()));
    };
    let previewing = RwSignal::new(false);
    let cancel = move || {
        if let Some(id) = parent {
            let root = form_element
                .get_untracked()
                .map(|form| form.get_root_node());
            form.reply_to(None);
            if let Some(root) = root {
                request_animation_frame(move || {
                    focus_in_comment(&root, id, ".confab-button--reply")
                });
            }
        }
    };
    view! {
        <form class="confab-reply" part="reply-box" novalidate node_ref=form_element
            class:confab-reply--signed-in=move || form.sign_in.is_signed_in()
            on:submit=move |event| { event.prevent_default(); send(); }
            on:keydown=move |event| keyboard_shortcuts(&event, send, cancel)>
            <h3 class="confab-reply__title">
                {title}
                {parent.map(|_| view! {
                    " "
                    <button type="button" class="confab-link-button" part="button cancel-reply"
                        on:click=move |_| cancel()>
                        {messages::text("cancel-reply")}
                    </button>
                })}
            </h3>
            <WhoIsWriting form />
            <WriteOrPreview previewing />
            <div class="confab-reply__write" hidden=move || previewing.get()>
                <Field label=messages::text("comment") name="body" required=true value=form.body
                    on_edit=Arc::new(move |text: String| {
                        form.edit_body(text);
                        context.config.with_value(|config| crate::proof::prepare(&config.api_base));
                    }) error=form.error_for("body") multiline=true autofocus=parent.is_some() />
                <BodyCounter />
            </div>
            {shown_when(move || previewing.get(), move || view! { <PreviewPane markdown=form.body.get_untracked() /> }.into_any())}
            <p class="confab-reply__hint">{messages::text("markdown-help")}</p>
            <div class="confab-reply__guest">
                <Field label=messages::text("name") name="author_name" required=true value=form.name
                    on_edit=Arc::new(move |text: String| form.edit_author(form.name, text)) error=form.error_for("author_name")
                    max_chars=MAX_NAME_CHARS />
                <Field label=messages::text("email") name="author_email" required=false value=form.email input_type="email"
                    on_edit=Arc::new(move |text: String| form.edit_author(form.email, text)) error=form.error_for("author_email")
                    max_chars=MAX_EMAIL_CHARS />
                <Field label=messages::text("website") name="author_website" required=false value=form.website input_type="url"
                    on_edit=Arc::new(move |text: String| form.edit_author(form.website, text)) error=form.error_for("author_website")
                    max_chars=MAX_WEBSITE_CHARS />
                <p class="confab-field confab-field--homepage" aria-hidden="true">
                    <label>
                        {messages::text("honeypot")}
                        <input type="text" name="homepage" tabindex="-1" autocomplete="off"
                            prop:value=move || form.homepage.get()
                            on:input=move |event| form.homepage.set(event_target_value(&event)) />
                    </label>
                </p>
                <RememberMe form />
            </div>
            {context.terms.reply_notifications.then(|| view! {
                <p class="confab-reply__notify">
                    <label>
                        <input type="checkbox" name="notify_replies"
                            prop:checked=move || form.notify.get()
                            disabled=move || !form.can_notify()
                            on:change=move |event| form.set_notify(event_target_checked(&event)) />
                        " " {messages::text("notify-replies")}
                    </label>
                </p>
            })}
            <FormProblem on_retry=send />
            <button type="submit" class="confab-button confab-button--submit" part="button submit-button"
                disabled=move || post.pending().get() || too_long()>
                {move || if post.pending().get() { messages::text("posting") } else { messages::text("post-comment") }}
            </button>
        </form>
        {parent.is_none().then(|| view! { <ManageMine /> })}
    }
}

/// Ctrl+Enter (Cmd+Enter on a Mac) sends, Escape cancels.
pub fn keyboard_shortcuts(event: &leptos::ev::KeyboardEvent, send: impl Fn(), cancel: impl Fn()) {
    match event.key().as_str() {
        "Enter" if event.ctrl_key() || event.meta_key() => {
            event.prevent_default();
            send();
        }
        "Escape" => {
            event.prevent_default();
            cancel();
        }
        _ => {}
    }
}

/// Gives the keyboard focus back to the first `selector` of comment `id` (inside the
/// widget's shadow root, or the document when mounted without one).
pub fn focus_in_comment(root: &web_sys::Node, id: CommentId, selector: &str) {
    if let Some(button) = query_in_root(root, &format!("#confab-comment-{id} {selector}")) {
        // Focus is a courtesy; nothing depends on it succeeding.
        let _ = button.focus();
    }
}

/// The Write / Preview switch.
#[component]
pub fn WriteOrPreview(previewing: RwSignal<bool>) -> impl IntoView {
    let tab = move |label: String, preview: bool| {
        view! {
            <button type="button" class="confab-tab" part="button tab"
                aria-pressed=move || (previewing.get() == preview).to_string()
                on:click=move |_| previewing.set(preview)>
                {label}
            </button>
        }
    };
    view! {
        <div class="confab-tabs" role="group">
            {tab(messages::text("write"), false)}
            {tab(messages::text("preview"), true)}
        </div>
    }
}

/// The body exactly as it would be published, from the server's `preview` endpoint.
#[component]
pub fn PreviewPane(markdown: String) -> impl IntoView {
    let config = expect_context::<ThreadContext>().config;
    let api_base = config.with_value(|config| config.api_base.clone());
    let tree = RwSignal::new(None::<Result<Vec<Block>, ApiError>>);
    leptos::task::spawn_local(async move {
        let answer = api::preview(&api_base, &markdown).await;
        // The pane may be gone (the reader went back to Write) by the time it arrives.
        let _ = tree.try_set(Some(answer));
    });
    let shown = move || match tree.get() {
        None => {
            view! { <p class="confab-status">{messages::text("loading-preview")}</p> }.into_any()
        }
        Some(Ok(blocks)) if blocks.is_empty() => {
            view! { <p class="confab-status">{messages::text("preview-empty")}</p> }.into_any()
        }
        Some(Ok(blocks)) => view! { <div use:draw_blocks=blocks></div> }.into_any(),
        Some(Err(error)) => view! { <p class="confab-error">{error.to_string()}</p> }.into_any(),
    };
    view! {
        <div class="confab-preview confab-comment__body" part="preview body" aria-live="polite">
            {shown}
        </div>
    }
}

/// Above the fields, who is writing (the shell shows only the note: the rest waits for
/// the writer parts, off the reader core): the signed-in reader, with a way to log out
/// (the site's link, or ending the identity provider's session); or a guest, with the note
/// on the fields, a link to the site's login and the “Sign in with …” buttons.
#[component]
pub fn WhoIsWriting(form: ReplyForm) -> impl IntoView {
    // One structure; the form's `confab-reply--signed-in` class shows its half (one
    // reactive class is smaller than a view switched between two, or hidden attributes).
    let context = expect_context::<ThreadContext>();
    super::sign_in_follow::follow_sign_in(context);
    let sign_in = form.sign_in;
    let name = move || {
        let name = sign_in
            .reader()
            .map(|reader| reader.name)
            .unwrap_or_default();
        messages::text_with("signed-in-as", &[("name", &name)])
    };
    let api_base = move || context.config.with_value(|config| config.api_base.clone());
    let log_out_link = sign_in.logout_url().map(|url| {
        view! { " · " <a href=url part="log-out-link">{messages::text("log-out")}</a> }
    });
    let end_session = move |_| {
        if let Some(session) = sign_in.session() {
            let api_base = api_base();
            leptos::task::spawn_local(async move { api::end_session(&api_base, &session).await });
        }
        sign_in.forget_session();
    };
    let log_out = move || {
        if sign_in.has_session() {
            view! {
                " · "
                <button type="button" class="confab-link-button" part="button log-out"
                    on:click=end_session>
                    {messages::text("log-out")}
                </button>
            }
            .into_any()
        } else {
            log_out_link.clone().into_any()
        }
    };
    let log_in = sign_in.login_url().map(|url| {
        view! { <a href=url part="log-in-link">{messages::text("log-in")}</a> " " }
    });
    let buttons = sign_in
        .logins()
        .into_iter()
        .map(|login| {
            let label = messages::text_with("sign-in-with", &[("name", &login.name)]);
            view! {
                <button type="button" class="confab-button confab-button--sign-in"
                    part="button sign-in"
                    on:click=move |_| sign_in.sign_in_with(&api_base(), &login.id)>
                    {label}
                </button>
                " "
            }
        })
        .collect_view();
    view! {
        <p class="confab-reply__signed-in" part="signed-in">
            {name} {log_out}
        </p>
        <p class="confab-reply__log-in">{log_in} {buttons}</p>
        <ReplyNote />
    }
}

/// “N characters left” once the body nears the limit; a message once it is over.
#[component]
fn BodyCounter() -> impl IntoView {
    let body = expect_context::<ThreadContext>().form.body;
    let remaining = move || MAX_BODY_CHARS as i64 - body.with(|body| char_count(body)) as i64;
    view! {
        {shown_when(move || remaining() < (MAX_BODY_CHARS / 10) as i64, move || view! {
            <p class="confab-counter" class:confab-error=move || remaining() < 0 aria-live="polite">
                {move || messages::characters_left(remaining())}
            </p>
        }.into_any())}
    }
}

/// The problem with the whole form (not one field), with “Try again” when retrying can help.
#[component]
fn FormProblem(on_retry: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let error = expect_context::<ThreadContext>().form.error;
    let problem = move || {
        error.get().filter(|error| {
            !matches!(
                error.field.as_deref(),
                Some("body" | "author_name" | "author_email" | "author_website")
            )
        })
    };
    view! {
        <div class="confab-problem" role="alert" aria-live="assertive">
            {move || problem().map(|problem| view! {
                <p class="confab-error confab-error--form">{problem.message}</p>
                {problem.can_retry.then(|| view! {
                    <button type="button" class="confab-button confab-button--retry" part="button retry-button"
                        on:click=move |_| on_retry()>
                        {messages::text("try-again")}
                    </button>
                })}
            })}
        </div>
    }
}

/// What a post's answer changes: the form, the thread, the records of this browser's
/// comments and what screen readers hear.
#[derive(Clone, Copy)]
struct Posting {
    form: ReplyForm,
    model: RwSignal<ThreadModel>,
    own: OwnRecords,
    announcer: Announcer,
}

impl From<ThreadContext> for Posting {
    fn from(context: ThreadContext) -> Self {
        Self {
            form: context.form,
            model: context.model,
            own: context.own,
            announcer: context.announcer,
        }
    }
}

impl Posting {
    /// Shows a stored comment in place (remembering it as this browser's own), or the
    /// server's message next to its field.
    fn finish(self, parent: Option<CommentId>, result: Result<(PostedComment, String), ApiError>) {
        let (posted, markdown) = match result {
            Ok(success) => success,
            Err(error) => return self.form.failed(error),
        };
        let comment = posted.comment;
        let held = comment.status == CommentStatus::Pending;
        self.own.change(|own| {
            own.push(OwnComment {
                id: comment.id,
                edit_token: posted.edit_token,
                editable_until: js_sys::Date::parse(&posted.editable_until),
                markdown,
            })
        });
        // The live stream may have brought (and counted) it first: shown and counted once.
        self.model.update(|model| {
            model.posted(comment);
        });
        self.form.posted(parent);
        self.announcer.say(if held {
            "awaiting-moderation"
        } else {
            "posted"
        });
    }
}
