//! One comment (or pingback) and, recursively, the replies under it.

use super::body::{UGC_LINK_REL, blocks_view};
use super::own::{EditBox, OwnControls};
use super::reply_box::ReplyBox;
use super::thread_view::ThreadContext;
use crate::messages;
use crate::thread::indent_level;
use confab_api::{Author, Badge, Comment, CommentId, CommentKind, CommentStatus};
use leptos::prelude::*;

/// The replies of `parent` (`None`: the top-level comments), `depth` levels deep.
#[component]
pub fn CommentList(parent: Option<CommentId>, depth: usize) -> impl IntoView {
    let context = expect_context::<ThreadContext>();
    let ids = move || context.model.with(|model| model.children(parent).to_vec());
    let class = if parent.is_none() {
        "confab-comments".to_owned()
    } else {
        format!(
            "confab-comments confab-comments--replies confab-indent-{}",
            indent_level(depth)
        )
    };
    view! {
        <Show when=move || parent.is_none() || !ids().is_empty()>
            <ol class=class.clone()>
                <For each=ids key=|id| *id children=move |id| comment_item(id, depth) />
            </ol>
        </Show>
    }
}

/// One entry of a list: the comment itself, then the box if replying to it, then its replies.
fn comment_item(id: CommentId, depth: usize) -> AnyView {
    let context = expect_context::<ThreadContext>();
    let comment = Memo::new(move |_| context.model.with(|model| model.get(id).cloned()));
    let Some(kind) = comment.with_untracked(|comment| comment.as_ref().map(|c| c.kind)) else {
        return ().into_any();
    };
    match kind {
        CommentKind::Pingback | CommentKind::Trackback => comment
            .get_untracked()
            .map(|comment| pingback(&comment))
            .into_any(),
        CommentKind::Comment => view! {
            <li class="confab-comment" id=format!("confab-comment-{id}")>
                {move || comment.get().map(|comment| view! { <CommentView comment /> })}
                <ReplyBox parent=Some(id) />
                <CommentList parent=Some(id) depth=depth + 1 />
            </li>
        }
        .into_any(),
    }
}

/// A pingback or trackback: one compact line naming the page that linked here.
fn pingback(comment: &Comment) -> impl IntoView + use<> {
    let label = match comment.kind {
        CommentKind::Trackback => messages::TRACKBACK,
        _ => messages::PINGBACK,
    };
    view! {
        <li class="confab-pingback" id=format!("confab-comment-{}", comment.id) part="comment pingback">
            <span class="confab-pingback__label">{label}</span>
            " "
            {author_name(&comment.author)}
        </li>
    }
}

/// A comment's author line, date, body and buttons, or the placeholder of a deleted one.
#[component]
fn CommentView(comment: Comment) -> impl IntoView {
    let context = expect_context::<ThreadContext>();
    let id = comment.id;
    if comment.status == CommentStatus::Deleted {
        return view! {
            <article class="confab-comment__card confab-comment__card--deleted" part="comment deleted">
                <p class="confab-status">{messages::DELETED}</p>
            </article>
        }
        .into_any();
    }
    let badge = comment.author.badge.map(|badge| {
        let text = match badge {
            Badge::PostAuthor => messages::POST_AUTHOR,
            Badge::Moderator => messages::MODERATOR,
        };
        view! { <span class="confab-badge" part="badge">{text}</span> }
    });
    let date = display_date(&comment.created_at);
    let edited = comment
        .edited_at
        .is_some()
        .then(|| view! { <span class="confab-comment__edited">{messages::EDITED}</span> });
    let pending = (comment.status == CommentStatus::Pending).then(|| {
        view! { <p class="confab-comment__pending" part="pending">{messages::AWAITING_MODERATION}</p> }
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
        <article class="confab-comment__card" part="comment">
            <header class="confab-comment__meta">
                <b class="confab-comment__author" part="author">{author_name(&comment.author)}</b>
                {badge}
                <a class="confab-comment__permalink" href=format!("#confab-comment-{id}")>
                    <time datetime=comment.created_at.clone()>{date}</time>
                </a>
                {edited}
            </header>
            {pending}
            <Show
                when=move || context.editing.get() == Some(id)
                fallback=move || view! {
                    <div class="confab-comment__body" part="body">{blocks_view(&body)}</div>
                }
            >
                <EditBox id />
            </Show>
            {notice}
            <div class="confab-comment__actions">
                <button
                    type="button"
                    class="confab-button confab-button--reply"
                    part="button reply-button"
                    on:click=move |_| context.form.reply_to(Some(id))
                >
                    {messages::REPLY}
                </button>
                <OwnControls id />
            </div>
        </article>
    }
    .into_any()
}

/// The author's name, linked to their website when they gave one.
fn author_name(author: &Author) -> AnyView {
    match &author.website {
        Some(website) => view! {
            <a class="confab-author-link" href=website.clone() rel=UGC_LINK_REL target="_blank">
                {author.name.clone()}
            </a>
        }
        .into_any(),
        None => author.name.clone().into_any(),
    }
}

/// A date the way a blog shows it (“February 18, 2011 at 4:42 PM”), in the reader's time zone.
fn display_date(rfc3339: &str) -> String {
    let date = js_sys::Date::new(&rfc3339.into());
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    let options = js_sys::Object::new();
    for (key, value) in [("dateStyle", "long"), ("timeStyle", "short")] {
        // Setting a plain property on a fresh object cannot fail.
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    date.to_locale_string("en", &options).into()
}
