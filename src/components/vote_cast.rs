//! Sending a vote (a writer part): the vote and the totals the server answers are drawn
//! at once (the card is drawn again), and a refusal says why.

use super::context::ThreadContext;
use crate::{api, local_store};
use confab_api::{CastVote, CommentId};
use leptos::prelude::*;

/// Sends the reader's vote `value` on comment `id`.
pub fn cast(context: ThreadContext, id: CommentId, value: i8) {
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
                context.config.with_value(|config| {
                    local_store::set_my_vote(&config.thread, id, counted.value);
                });
                context.model.update(|model| {
                    model.retally(id, |tally| {
                        (tally.up, tally.down) = (counted.up, counted.down)
                    });
                });
            }
            Err(error) => context.announcer.0.set(error.to_string()),
        }
    });
}
