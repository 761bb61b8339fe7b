//! One comment (or pingback) and, recursively, the replies under it.

use super::card_header::append_author_name;
use super::comment_card::{Replies, comment_card};
use super::context::ThreadContext;
use super::dom::text_child;
use super::news::Watch;
use super::paging::more_replies;
use super::reply_place::entry_drawn;
use super::switch::shown_when_else;
use crate::messages;
use crate::thread::SharedComment;
use crate::thread::indent_level;
use confab_api::{CommentId, CommentKind};
use leptos::prelude::*;
use web_sys::Element;

/// The replies of `parent` (`None`: the top-level comments), `depth` levels deep.
pub fn comment_list(
    context: ThreadContext,
    parent: Option<CommentId>,
    watch: Watch,
    depth: usize,
) -> AnyView {
    let ids = move || {
        watch.track();
        context.model.with_untracked(|model| {
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
    let watch = context.news.watch(Some(id));
    let comment = Memo::new({
        let watch = watch.clone();
        move |_| {
            watch.track();
            context.model.with_untracked(|model| model.shared(id))
        }
    });
    let Some(kind) = comment.with_untracked(|comment| comment.as_ref().map(|c| c.kind)) else {
        return ().into_any();
    };
    if matches!(kind, CommentKind::Pingback | CommentKind::Trackback) {
        return comment.get_untracked().map(pingback).into_any();
    }
    // Most comments have no replies: one memo stands for the whole area until they do.
    let replies = Memo::new({
        let watch = watch.clone();
        move |_| {
            watch.track();
            context.model.with_untracked(|model| Replies {
                shown: !model.children(Some(id)).is_empty(),
                more: model.more_replies(id) > 0,
            })
        }
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
                (replies.shown || replies.more).then(|| reply_area(context, id, watch.clone(), depth))
            }}
        </li>
    }
    .into_any()
}

/// The replies of comment `id` with “Show N more replies”, or a note while folded away.
fn reply_area(context: ThreadContext, id: CommentId, watch: Watch, depth: usize) -> impl IntoView {
    let folded = watch.clone();
    shown_when_else(
        move || {
            folded.track();
            !context
                .collapsed
                .with_untracked(|collapsed| collapsed.contains(&id))
        },
        move || {
            let (list, more) = (watch.clone(), watch.clone());
            view! { {comment_list(context, Some(id), list, depth + 1)} {more_replies(context, id, more)} }
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
fn pingback(comment: SharedComment) -> AnyView {
    view! {
        <li class="confab-pingback" id=format!("confab-comment-{}", comment.id) part="comment pingback"
            use:draw_pingback=comment></li>
    }
    .into_any()
}

/// Fills a pingback's line: its label, then the linking page's name and address; a
/// directive, like a card's header, since nothing in it changes.
fn draw_pingback(element: Element, comment: SharedComment) {
    element.set_text_content(None);
    let Some(document) = element.owner_document() else {
        return;
    };
    let label = messages::text(match comment.kind {
        CommentKind::Trackback => "trackback",
        _ => "pingback",
    });
    // A part the DOM refused to create is left out; the rest still shows.
    if let Some(label) = text_child(&document, &element, "span", &label) {
        let _ = label.set_attribute("class", "confab-pingback__label");
    }
    let _ = element.append_child(&document.create_text_node(" "));
    let _ = append_author_name(&document, &element, &comment.author);
}
