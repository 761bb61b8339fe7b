//! One comment (or pingback) and, recursively, the replies under it.

use super::body::{UGC_LINK_REL, blocks_view};
use super::reply_box::ReplyBox;
use super::thread_view::ThreadContext;
use crate::messages;
use crate::thread::indent_level;
use confab_api::{Author, Badge, Comment, CommentId, CommentKind};
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
    let Some(comment) = context.model.with_untracked(|model| model.get(id).cloned()) else {
        return ().into_any();
    };
    match comment.kind {
        CommentKind::Pingback | CommentKind::Trackback => pingback(&comment).into_any(),
        CommentKind::Comment => view! {
            <li class="confab-comment" id=format!("confab-comment-{id}")>
                <CommentView comment />
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

/// A comment's author line, date, body and Reply button.
#[component]
fn CommentView(comment: Comment) -> impl IntoView {
    let context = expect_context::<ThreadContext>();
    let id = comment.id;
    let badge = comment.author.badge.map(|badge| {
        let text = match badge {
            Badge::PostAuthor => messages::POST_AUTHOR,
            Badge::Moderator => messages::MODERATOR,
        };
        view! { <span class="confab-badge" part="badge">{text}</span> }
    });
    let date = display_date(&comment.created_at);
    view! {
        <article class="confab-comment__card" part="comment">
            <header class="confab-comment__meta">
                <b class="confab-comment__author" part="author">{author_name(&comment.author)}</b>
                {badge}
                <a class="confab-comment__permalink" href=format!("#confab-comment-{id}")>
                    <time datetime=comment.created_at.clone()>{date}</time>
                </a>
            </header>
            <div class="confab-comment__body" part="body">{blocks_view(&comment.body)}</div>
            <button
                type="button"
                class="confab-button confab-button--reply"
                part="button reply-button"
                on:click=move |_| context.form.reply_to(Some(id))
            >
                {messages::REPLY}
            </button>
        </article>
    }
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
