//! Bulk actions: approve, reject, mark as spam or delete the comments selected, or every
//! comment the filters match (page by page, so a site of any size), each done and logged
//! on the server as if alone.

use crate::actions::{action_button, label};
use crate::api::{self, AdminError};
use crate::filters::Filters;
use confab_api::{CommentId, ModerationAction};
use leptos::prelude::*;
use std::collections::BTreeSet;

/// What a bulk action did.
#[derive(Debug, Clone, Default)]
pub struct BulkDone {
    pub action: Option<ModerationAction>,
    pub done: Vec<CommentId>,
    /// How many it could not do (no longer held, gone, another site's…).
    pub refused: usize,
}

impl BulkDone {
    /// In words, for the notice.
    pub fn summary(&self) -> String {
        let name = self.action.map_or("", ModerationAction::as_str);
        let done = match self.done.len() {
            1 => "1 comment".to_owned(),
            count => format!("{count} comments"),
        };
        match self.refused {
            0 => format!("{done}: done ({name})."),
            refused => {
                format!("{done}: done ({name}); {refused} could not be (already done, or gone).")
            }
        }
    }

    fn add(&mut self, outcome: confab_api::BulkOutcome) {
        self.done.extend(outcome.done);
        self.refused += outcome.refused.len();
    }
}

/// Does `action` to every comment of `status` that `query` matches, a page at a time
/// (each page after the last one seen, so none is taken twice).
pub async fn on_every_match(
    status: &'static str,
    query: Vec<(&'static str, String)>,
    action: ModerationAction,
) -> Result<BulkDone, AdminError> {
    let mut total = BulkDone {
        action: Some(action),
        ..BulkDone::default()
    };
    let mut before = None;
    loop {
        let page = api::queue(status, &query, before.as_deref()).await?;
        let ids: Vec<CommentId> = page.comments.iter().map(|item| item.comment.id).collect();
        if !ids.is_empty() {
            total.add(api::bulk(action, ids).await?);
        }
        match page.next {
            Some(next) => before = Some(next),
            None => return Ok(total),
        }
    }
}

/// The bar above the list: select all shown, how many are selected, whether the action
/// is for every match, and the four actions.
pub fn bulk_bar(
    status: &'static str,
    filters: Filters,
    selected: RwSignal<BTreeSet<CommentId>>,
    shown: impl Fn() -> Vec<CommentId> + Copy + Send + Sync + 'static,
    on_done: impl Fn(Result<BulkDone, AdminError>) + Copy + 'static,
) -> impl IntoView {
    let every_match = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let act = move |action: ModerationAction| {
        let ids: Vec<CommentId> = selected.get_untracked().into_iter().collect();
        let everything = every_match.get_untracked();
        let query = filters.query();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let outcome = if everything {
                on_every_match(status, query, action).await
            } else {
                let mut total = BulkDone {
                    action: Some(action),
                    ..BulkDone::default()
                };
                for chunk in ids.chunks(api::PAGE) {
                    match api::bulk(action, chunk.to_vec()).await {
                        Ok(outcome) => total.add(outcome),
                        Err(error) => {
                            busy.set(false);
                            return on_done(Err(error));
                        }
                    }
                }
                Ok(total)
            };
            busy.set(false);
            every_match.set(false);
            on_done(outcome);
        });
    };
    let all_shown = move || {
        let shown = shown();
        !shown.is_empty() && selected.with(|selected| shown.iter().all(|id| selected.contains(id)))
    };
    let nothing_chosen =
        move || busy.get() || (!every_match.get() && selected.with(BTreeSet::is_empty));
    view! {
        <div class="bulk" role="group" aria-label="Bulk actions">
            <label>
                <input type="checkbox" name="select-all" prop:checked=all_shown
                    on:change=move |event| {
                        let ids = if event_target_checked(&event) { shown() } else { Vec::new() };
                        selected.set(ids.into_iter().collect());
                    } />
                " Select all shown"
            </label>
            <span class="selected-count">
                {move || format!("{} selected", selected.with(BTreeSet::len))}
            </span>
            <label>
                <input type="checkbox" name="every-match" bind:checked=every_match />
                " Every comment matching the filters"
            </label>
            {ModerationAction::ALL
                .into_iter()
                .map(|action| {
                    let text = move || if every_match.get() {
                        format!("{} all matching", label(action))
                    } else {
                        format!("{} selected", label(action))
                    };
                    action_button(action, text, nothing_chosen, move || act(action))
                })
                .collect::<Vec<_>>()}
        </div>
    }
}
