//! One comment's card: avatar, author, badge, time, body (or the edit box) and its
//! buttons, or the placeholder of a deleted comment.

use super::body::draw_body;
use super::card_buttons::{CardButtons, draw_card_buttons};
use super::card_header::draw_card_header;
use super::context::ThreadContext;
use super::switch::shown_when_else;
use super::writer;
use super::writer::WriterPart;
use super::writer_state::WriterState;
use crate::messages;
use crate::thread::SharedComment;
use confab_api::CommentStatus;
use leptos::prelude::*;

/// What is under a comment: replies shown, and replies the server has beyond those.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replies {
    pub shown: bool,
    pub more: bool,
}

/// A comment's card, or the placeholder of a deleted one; with the button that folds its
/// replies away when `replies` are shown (the card is drawn again when that changes).
pub fn comment_card(context: ThreadContext, comment: SharedComment, replies: bool) -> AnyView {
    let id = comment.id;
    let buttons = CardButtons {
        context,
        comment: comment.clone(),
        own: false,
        replies,
    };
    if comment.status == CommentStatus::Deleted {
        return view! {
            <article class="confab-comment__card confab-comment__card--deleted" part="comment deleted">
                <p class="confab-status">{messages::text("deleted")}</p>
                <div class="confab-comment__actions" use:draw_card_buttons=buttons></div>
            </article>
        }
        .into_any();
    }
    let pending = (comment.status == CommentStatus::Pending).then(|| {
        view! { <p class="confab-comment__pending" part="pending">{messages::text("awaiting-moderation")}</p> }
    });
    // Only this browser's own comments can be edited, deleted or refused: the others are
    // drawn without the reactive parts those need. (A guest's comment becomes this
    // browser's only when posted here, and is recorded as such before it is drawn; a
    // signed-in reader's comments from other browsers become theirs when the server says
    // so, after the thread is drawn.)
    let own = untrack(|| context.own.contains(id));
    let may_become_own = !own && untrack(|| context.form.sign_in.is_signed_in());
    let body = if own {
        own_body(context, comment.clone())
    } else if may_become_own {
        let comment = comment.clone();
        shown_when_else(
            move || context.own.contains(id),
            {
                let comment = comment.clone();
                move || own_body(context, comment.clone())
            },
            move || plain_body(comment.clone()),
        )
        .into_any()
    } else {
        plain_body(comment.clone())
    };
    view! {
        <article class="confab-comment__card" part="comment" tabindex="-1">
            <header class="confab-comment__meta"
                use:draw_card_header=(context.clock, comment.clone())></header>
            {pending}
            {body}
            <div class="confab-comment__actions">
                <span class="confab-comment__buttons"
                    use:draw_card_buttons=CardButtons { own, ..buttons }></span>
                // Edit and Delete (and their clock) are a writer part: prefetched when
                // idle, since the thread has comments of this browser's.
                {(own || may_become_own).then_some(move || {
                    let still_own = context.own.contains(id);
                    (still_own && context.writer.get() == WriterState::Ready)
                        .then(|| writer::view(context.writer, WriterPart::Controls(id)))
                })}
            </div>
        </article>
    }
    .into_any()
}

/// The body of a comment as every reader sees it.
fn plain_body(comment: SharedComment) -> AnyView {
    view! { <div class="confab-comment__body" part="body" use:draw_body=comment></div> }.into_any()
}

/// The body of one of this browser's own comments, or its edit box while editing, and
/// the message of a refused change.
fn own_body(context: ThreadContext, comment: SharedComment) -> AnyView {
    let id = comment.id;
    let editing = context.editing;
    let notice = move || {
        editing
            .notice_for(id)
            .map(|message| view! { <p class="confab-error" role="alert">{message}</p> })
    };
    let edit_box = move || match context.writer.get() {
        WriterState::Ready => writer::view(context.writer, WriterPart::Edit(id)),
        WriterState::Failed => writer::load_failed(context.writer),
        _ => view! { <p class="confab-status">{messages::text("writer-loading")}</p> }.into_any(),
    };
    view! {
        {shown_when_else(
            move || editing.is_editing(id),
            move || edit_box.into_any(),
            move || plain_body(comment.clone()),
        )}
        {notice}
    }
    .into_any()
}
