//! One commenter's page: how many comments they left in each status and in how many
//! threads, every one of them (the comment list, filtered to them, with its bulk
//! actions), one button that erases everything they wrote, and one that blocks them (a
//! rule that sends their new comments to Spam).

use crate::actions::action_button;
use crate::api::{self, AdminError};
use crate::bulk::on_every_match;
use crate::commenter::Commenter;
use crate::queue::Queue;
use confab_api::{CommentTally, ModerationAction, Rule};
use leptos::prelude::*;

#[component]
pub fn CommenterView(
    who: Commenter,
    /// The moderator's sites (none: an owner's, every site).
    sites: Vec<String>,
    on_error: impl Fn(AdminError) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let tally = RwSignal::new(None::<CommentTally>);
    let notice = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // The list is drawn afresh after an erasure.
    let reloads = RwSignal::new(0_u32);
    let query = StoredValue::new(vec![who.query()]);
    let fail = move |error: AdminError| {
        notice.set(Some(error.message()));
        on_error(error);
    };
    let count = move || {
        leptos::task::spawn_local(async move {
            match api::commenter(&query.get_value()).await {
                Ok(counted) => tally.set(Some(counted)),
                Err(error) => fail(error),
            }
        });
    };
    count();
    let erase_all = move || {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let outcome = on_every_match("all", query.get_value(), ModerationAction::Erase).await;
            busy.set(false);
            match outcome {
                Ok(done) => {
                    notice.set(Some(done.summary()));
                    reloads.update(|reloads| *reloads += 1);
                    count();
                }
                Err(error) => fail(error),
            }
        });
    };
    // Blocking is a rule: their new comments go to Spam, on every site the moderator
    // looks after (one rule for every site, for an owner).
    let rule = who.blocking_rule();
    let targets: Vec<Option<String>> = if sites.is_empty() {
        vec![None]
    } else {
        sites.into_iter().map(Some).collect()
    };
    let block = move || {
        let (rule, targets) = (rule.clone(), targets.clone());
        leptos::task::spawn_local(async move {
            let mut added = Vec::new();
            for site in targets {
                match api::add_rule(&Rule {
                    site,
                    ..rule.clone()
                })
                .await
                {
                    Ok(stored) => added.push(stored.id.unwrap_or_default().to_string()),
                    Err(error) => return fail(error),
                }
            }
            notice.set(Some(format!(
                "Blocked: their new comments go to Spam (rule {}).",
                added.join(", ")
            )));
        });
    };
    let heading = match &who {
        Commenter::Email(email) => format!("Commenter {email}"),
        Commenter::Identity(identity) => format!("Signed-in commenter {identity}"),
        Commenter::Address(address) => format!("Comments from {address}"),
    };
    view! {
        <section class="commenter-page" aria-labelledby="commenter-heading">
            <h2 id="commenter-heading">{heading}</h2>
            <p class="notice" role="status">{move || notice.get()}</p>
            {move || tally.get().map(tally_list)}
            <div class="actions">
                {action_button(
                    ModerationAction::Erase,
                    || "Erase everything they wrote".to_owned(),
                    move || busy.get(),
                    erase_all,
                )}
                <button type="button" data-action="block" on:click=move |_| block()>
                    "Block: their new comments go to Spam"
                </button>
            </div>
            {move || {
                reloads.track();
                let filters = who.filters();
                view! { <Queue status="all" filters on_error /> }
            }}
        </section>
    }
}

/// The counts, as a list of terms.
fn tally_list(tally: CommentTally) -> impl IntoView {
    let day =
        |at: Option<String>| at.map_or_else(|| "–".to_owned(), |at| at.chars().take(10).collect());
    let rows = [
        ("Published", tally.published.to_string()),
        ("Held", tally.held.to_string()),
        ("Spam", tally.spam.to_string()),
        ("Deleted", tally.deleted.to_string()),
        ("Threads", tally.threads.to_string()),
        ("First", day(tally.first_at)),
        ("Latest", day(tally.last_at)),
    ];
    view! {
        <dl class="tally">
            {rows.into_iter().map(|(term, value)| view! {
                <div><dt>{term}</dt><dd>{value}</dd></div>
            }).collect::<Vec<_>>()}
        </dl>
    }
}
