//! A comment's score and the reader's vote: buttons with `aria-pressed` (for, and against
//! where the site takes both), the vote sent to the server and the totals it answers
//! drawn at once. Pressing the pressed button takes the vote back.

use super::context::ThreadContext;
use crate::thread::SharedComment;
use crate::{api, local_store, messages};
use confab_api::{CastVote, CommentId, CommentStatus, Tally, VoteMode};
use leptos::prelude::*;

/// The vote buttons of a published comment, when the site takes votes; `own` comments
/// show their score on buttons that cannot be pressed.
pub fn vote_buttons(context: ThreadContext, comment: &SharedComment, own: bool) -> Option<AnyView> {
    let mode = context.terms.votes;
    if mode == VoteMode::Off || comment.status != CommentStatus::Published {
        return None;
    }
    let id = comment.id;
    let button = move |side: i8, count: u32, key: &'static str, glyph: &'static str| {
        let pressed = move || context.my_votes.of(id) == side;
        view! {
            <button type="button" class="confab-button confab-button--small confab-vote" part="button vote-button"
                aria-pressed=move || pressed().to_string()
                aria-label=format!("{} ({count})", messages::text(key)) disabled=own
                on:click=move |_| cast(context, id, if pressed() { 0 } else { side })>
                {glyph} " " {count}
            </button>
        }
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

/// Sends the reader's vote: the button shows it at once, the totals follow the answer,
/// and a refusal puts the earlier vote back and says why.
fn cast(context: ThreadContext, id: CommentId, value: i8) {
    let before = untrack(|| context.my_votes.of(id));
    context.my_votes.set(id, value);
    let api_base = context.config.with_value(|config| config.api_base.clone());
    let sign_in = context.form.sign_in;
    let vote = CastVote {
        value,
        voter: local_store::voter_key(),
        sso: sign_in.token(),
        session: sign_in.session(),
    };
    leptos::task::spawn_local(async move {
        match api::vote(&api_base, id, &vote).await {
            Ok(counted) => {
                context.my_votes.set(id, counted.value);
                let tally = Tally {
                    id,
                    up: counted.up,
                    down: counted.down,
                };
                context.model.update(|model| {
                    model.tallied(tally);
                });
            }
            Err(error) => {
                context.my_votes.set(id, before);
                context.announcer.0.set(error.to_string());
            }
        }
    });
}
