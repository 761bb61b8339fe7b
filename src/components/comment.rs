//! One comment (or pingback) and, recursively, the replies under it.

use super::body::UGC_LINK_REL;
use super::comment_card::CommentCard;
use super::paging::MoreReplies;
use super::reply_shell::ReplyBox;
use super::thread_view::ThreadContext;
use crate::messages;
use crate::thread::indent_level;
use confab_api::{Author, Comment, CommentId, CommentKind};
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
            <li class="confab-comment" id=format!("confab-comment-{id}")
                class:confab-comment--highlighted=move || context.highlighted.get() == Some(id)>
                {move || comment.get().map(|comment| view! { <CommentCard comment /> })}
                <ReplyBox parent=Some(id) />
                <Show
                    when=move || !context.collapsed.with(|collapsed| collapsed.contains(&id))
                    fallback=move || view! {
                        <p class="confab-status confab-collapsed-note">
                            {move || messages::hidden_replies(
                                context.model.with(|model| model.shown_descendants(id)))}
                        </p>
                    }
                >
                    <CommentList parent=Some(id) depth=depth + 1 />
                    <MoreReplies id />
                </Show>
            </li>
        }
        .into_any(),
    }
}

/// A pingback or trackback: one compact line naming the page that linked here.
fn pingback(comment: &Comment) -> impl IntoView + use<> {
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
}

/// The author's name, linked to their website when they gave one.
pub fn author_name(author: &Author) -> AnyView {
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
