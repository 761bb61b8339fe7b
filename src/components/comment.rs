//! One comment (or pingback) and, recursively, the replies under it.

use super::comment_card::{Replies, author_name, comment_card};
use super::context::ThreadContext;
use super::paging::more_replies;
use super::reply_place::entry_drawn;
use super::switch::shown_when_else;
use crate::messages;
use crate::thread::indent_level;
use confab_api::{Comment, CommentId, CommentKind};
use leptos::prelude::*;

/// The replies of `parent` (`None`: the top-level comments), `depth` levels deep.
pub fn comment_list(context: ThreadContext, parent: Option<CommentId>, depth: usize) -> AnyView {
    let ids = move || {
        context.model.with(|model| {
            let children = model.children(parent);
            children[..context.pace.drawable(children)].to_vec()
        })
    };
    let class = if parent.is_none() {
        "confab-comments".to_owned()
    } else {
        format!(
            "confab-comments confab-comments--replies confab-indent-{}",
            indent_level(depth)
        )
    };
    // A list of replies with none drawn yet (only more to load, or drawing later) is empty
    // and hidden by the stylesheet: no effect to hold for whether it shows.
    view! {
        <ol class=class>
            <For each=ids key=|id| *id children=move |id| comment_item(context, id, depth) />
        </ol>
    }
    .into_any()
}

/// One entry of a list: the comment itself, then its replies (the reply box, when the
/// reader replies to it, is placed between them: [`reply_place`](super::reply_place)).
fn comment_item(context: ThreadContext, id: CommentId, depth: usize) -> AnyView {
    let comment = Memo::new(move |_| context.model.with(|model| model.shared(id)));
    let Some(kind) = comment.with_untracked(|comment| comment.as_ref().map(|c| c.kind)) else {
        return ().into_any();
    };
    if matches!(kind, CommentKind::Pingback | CommentKind::Trackback) {
        return comment.with_untracked(|comment| comment.as_deref().map(pingback).into_any());
    }
    // Most comments have no replies: one memo stands for the whole area until they do.
    let replies = Memo::new(move |_| {
        context.model.with(|model| Replies {
            shown: !model.children(Some(id)).is_empty(),
            more: model.more_replies(id) > 0,
        })
    });
    entry_drawn(context, id);
    view! {
        <li class="confab-comment" id=format!("confab-comment-{id}")
            class:confab-comment--later=depth == 0 && context.pace.drawing_later()>
            {move || {
                let shown = replies.with(|replies| replies.shown);
                comment.get().map(|comment| comment_card(context, comment, shown))
            }}
            {move || {
                let replies = replies.get();
                (replies.shown || replies.more).then(|| reply_area(context, id, depth))
            }}
        </li>
    }
    .into_any()
}

/// The replies of comment `id` with “Show N more replies”, or a note while folded away.
fn reply_area(context: ThreadContext, id: CommentId, depth: usize) -> impl IntoView {
    shown_when_else(
        move || !context.collapsed.with(|collapsed| collapsed.contains(&id)),
        move || {
            view! { {comment_list(context, Some(id), depth + 1)} {more_replies(context.model, context.config, id)} }
                .into_any()
        },
        move || {
            view! {
                <p class="confab-status confab-collapsed-note">
                    {move || messages::hidden_replies(
                        context.model.with(|model| model.shown_descendants(id)))}
                </p>
            }
            .into_any()
        },
    )
}

/// A pingback or trackback: one compact line naming the page that linked here.
fn pingback(comment: &Comment) -> AnyView {
    let label = match comment.kind {
        CommentKind::Trackback => messages::text("trackback"),
        _ => messages::text("pingback"),
    };
    view! {
        <li class="confab-pingback" id=format!("confab-comment-{}", comment.id) part="comment pingback">
            <span class="confab-pingback__label">{label}</span>
            " "
            {author_name(&comment.author)}
        </li>
    }
    .into_any()
}
