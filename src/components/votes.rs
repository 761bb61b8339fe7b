//! A comment's score and the reader's vote: buttons with `aria-pressed` (for, and against
//! where the site takes both), drawn with the DOM's own calls; a press is answered by the
//! thread's click listener ([`clicks`](super::clicks)) and sent by a writer part
//! ([`vote_cast`](super::vote_cast)). Pressing the pressed button takes the vote back.

use super::context::ThreadContext;
use super::dom::{Toggle, copied_element, element_with, toggle};
use crate::thread::SharedComment;
use crate::{local_store, messages};
use confab_api::{CommentStatus, VoteMode};
use leptos::prelude::*;
use web_sys::{Document, Element};

/// Adds the vote buttons of a published comment to `parent`, when the site takes votes;
/// `own` comments show their score on buttons that cannot be pressed. The card is drawn
/// again when the totals change, so what the reader voted is read once here.
pub fn append_votes(
    document: &Document,
    parent: &Element,
    context: ThreadContext,
    comment: &SharedComment,
    own: bool,
) -> Option<()> {
    let mode = context.terms.votes;
    if mode == VoteMode::Off || comment.status != CommentStatus::Published {
        return Some(());
    }
    // Only a comment with votes can have the reader's.
    let mine = if comment.up + comment.down > 0 {
        context
            .config
            .with_value(|config| local_store::my_vote(&config.thread, comment.id))
    } else {
        0
    };
    let votes = copied_element(document, "votes", &|document| {
        element_with(
            document,
            "span",
            &[("class", "confab-votes"), ("part", "votes")],
        )
    })?;
    parent.append_child(&votes).ok()?;
    let mut sides = vec![(1, comment.up, "vote-up", "▲")];
    if mode == VoteMode::UpDown {
        sides.push((-1, comment.down, "vote-down", "▼"));
    }
    for (side, count, key, glyph) in sides {
        let vote = Toggle {
            class: "confab-button confab-button--small confab-vote",
            part: "button vote-button",
            text: &format!("{glyph} {count}"),
            label: &format!("{} ({count})", messages::text(key)),
            pressed: mine == side,
            disabled: own,
            act: "vote",
            data: ("data-side", if side > 0 { "1" } else { "-1" }),
            prototype: Some(key),
        };
        toggle(document, &votes, None, vote)?;
    }
    Some(())
}
