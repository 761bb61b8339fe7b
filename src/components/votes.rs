//! A comment's score and the reader's vote: buttons with `aria-pressed` (for, and against
//! where the site takes both); the vote itself is sent by a writer part
//! ([`vote_cast`](super::vote_cast)). Pressing the pressed button takes the vote back.

use super::context::ThreadContext;
use super::toggle::{Toggle, toggle};
use super::writer::WriterPart;
use crate::thread::SharedComment;
use crate::{local_store, messages};
use confab_api::{CommentStatus, VoteMode};
use leptos::prelude::*;

/// The vote buttons of a published comment, when the site takes votes; `own` comments
/// show their score on buttons that cannot be pressed. The card is drawn again when the
/// totals change, so what the reader voted is read once here.
pub fn vote_buttons(context: ThreadContext, comment: &SharedComment, own: bool) -> Option<AnyView> {
    let mode = context.terms.votes;
    if mode == VoteMode::Off || comment.status != CommentStatus::Published {
        return None;
    }
    let id = comment.id;
    // Only a comment with votes can have the reader's.
    let mine = if comment.up + comment.down > 0 {
        context
            .config
            .with_value(|config| local_store::my_vote(&config.thread, id))
    } else {
        0
    };
    let button = move |side: i8, count: u32, key: &'static str, glyph: &'static str| {
        toggle(
            context,
            Toggle {
                class: "confab-button confab-button--small confab-vote",
                part: "button vote-button",
                pressed: mine == side,
                label: format!("{} ({count})", messages::text(key)),
                text: format!("{glyph} {count}"),
                disabled: own,
                runs: WriterPart::Vote(context, id, if mine == side { 0 } else { side }),
            },
        )
    };
    Some(
        view! {
            <span class="confab-votes" part="votes">
                {button(1, comment.up, "vote-up", "▲")}
                {(mode == VoteMode::UpDown).then(|| button(-1, comment.down, "vote-down", "▼"))}
            </span>
        }
        .into_any(),
    )
}
