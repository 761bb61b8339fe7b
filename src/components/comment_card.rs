//! One comment's card: avatar, author, badge, time, body (or the edit box) and its
//! buttons, or the placeholder of a deleted comment.

use super::body::draw_blocks;
use super::comment::author_name;
use super::own::OwnControls;
use super::thread_view::ThreadContext;
use super::writer::{self, WriterPart, WriterState};
use crate::identicon::identicon;
use crate::{messages, time};
use confab_api::{Badge, Comment, CommentId, CommentStatus};
use leptos::prelude::*;

/// A comment's card, or the placeholder of a deleted one.
#[component]
pub fn CommentCard(comment: Comment) -> impl IntoView {
    let context = expect_context::<ThreadContext>();
    let id = comment.id;
    if comment.status == CommentStatus::Deleted {
        return view! {
            <article class="confab-comment__card confab-comment__card--deleted" part="comment deleted">
                <p class="confab-status">{messages::text("deleted")}</p>
                <div class="confab-comment__actions"><CollapseToggle id /></div>
            </article>
        }
        .into_any();
    }
    let badge = comment.author.badge.map(|badge| {
        let text = match badge {
            Badge::PostAuthor => messages::text("post-author"),
            Badge::Moderator => messages::text("moderator"),
        };
        view! { <span class="confab-badge" part="badge">{text}</span> }
    });
    let created = comment.created_at.clone();
    let exact = time::exact(&created, &messages::lang());
    let relative = move || {
        context.now.track();
        time::relative(&created, &messages::lang())
    };
    let edited = comment
        .edited_at
        .is_some()
        .then(|| view! { <span class="confab-comment__edited">{messages::text("edited")}</span> });
    let pending = (comment.status == CommentStatus::Pending).then(|| {
        view! { <p class="confab-comment__pending" part="pending">{messages::text("awaiting-moderation")}</p> }
    });
    let body = comment.body.clone();
    let notice = move || {
        context
            .notice
            .get()
            .filter(|(about, _)| *about == id)
            .map(|(_, message)| view! { <p class="confab-error" role="alert">{message}</p> })
    };
    view! {
        <article class="confab-comment__card" part="comment" tabindex="-1">
            <header class="confab-comment__meta">
                <Avatar seed=comment.author.avatar_seed.clone() />
                <b class="confab-comment__author" part="author" dir="auto">{author_name(&comment.author)}</b>
                {badge}
                <a class="confab-comment__permalink" href=format!("#confab-comment-{id}")>
                    <time datetime=comment.created_at.clone() title=exact>{relative}</time>
                </a>
                {edited}
            </header>
            {pending}
            <Show
                when=move || context.editing.get() == Some(id)
                fallback=move || view! {
                    <div class="confab-comment__body" part="body" use:draw_blocks=body.clone()></div>
                }
            >
                {move || match context.writer.get() {
                    WriterState::Ready => writer::view(context, WriterPart::Edit(id)),
                    WriterState::Failed => writer::load_failed(context.writer),
                    _ => view! { <p class="confab-status">{messages::text("writer-loading")}</p> }.into_any(),
                }}
            </Show>
            {notice}
            <div class="confab-comment__actions">
                {(!context.locked).then(|| view! {
                    <button type="button" class="confab-button confab-button--reply" part="button reply-button"
                        on:click=move |_| {
                            writer::load(context.writer);
                            context.form.reply_to(Some(id));
                        }>
                        {messages::text("reply")}
                    </button>
                })}
                <CopyLink id />
                <CollapseToggle id />
                <OwnControls id />
            </div>
        </article>
    }
    .into_any()
}

/// The identicon of an author's avatar seed, as an SVG: a background and one path of
/// unit squares (two elements, whatever the pattern).
#[component]
fn Avatar(seed: String) -> impl IntoView {
    let picture = identicon(&seed);
    let colour = format!("hsl({}, 55%, 45%)", picture.hue);
    let background = format!("hsl({}, 45%, 92%)", picture.hue);
    view! {
        <svg class="confab-avatar" part="avatar" viewBox="0 0 5 5" width="32" height="32" aria-hidden="true">
            <rect width="5" height="5" fill=background />
            <path d=picture.path() fill=colour />
        </svg>
    }
}

/// Folds a comment's replies away, or brings them back (`aria-expanded`).
#[component]
fn CollapseToggle(id: CommentId) -> impl IntoView {
    let context = expect_context::<ThreadContext>();
    let has_replies = move || {
        context
            .model
            .with(|model| !model.children(Some(id)).is_empty())
    };
    let collapsed = move || context.collapsed.with(|collapsed| collapsed.contains(&id));
    let toggle = move |_| {
        context.collapsed.update(|collapsed| {
            if !collapsed.remove(&id) {
                collapsed.insert(id);
            }
        })
    };
    view! {
        <Show when=has_replies>
            <button type="button" class="confab-button confab-button--small" part="button collapse-button"
                aria-expanded=move || (!collapsed()).to_string() on:click=toggle>
                {move || if collapsed() { messages::text("expand") } else { messages::text("collapse") }}
            </button>
        </Show>
    }
}

/// Copies the comment's permalink (the page's address with `#confab-comment-<id>`).
#[component]
fn CopyLink(id: CommentId) -> impl IntoView {
    let context = expect_context::<ThreadContext>();
    let copy = move |_| {
        let Some(window) = web_sys::window() else {
            return;
        };
        let page = window.location().href().unwrap_or_default();
        let page = page.split('#').next().unwrap_or_default();
        let link = format!("{page}#confab-comment-{id}");
        // The promise settles later; the announcement is the reader's feedback.
        let _ = window.navigator().clipboard().write_text(&link);
        context
            .announcement
            .set(messages::text("link-copied").to_owned());
    };
    view! {
        <button type="button" class="confab-button confab-button--small" part="button copy-link-button"
            on:click=copy>
            {messages::text("copy-link")}
        </button>
    }
}
