//! The Rules tab: the rules on new comments (from the configuration file, then those added
//! here), a form that tries a new rule on past comments and adds it, and Remove.

use crate::api::{self, AdminError};
use confab_api::{FilterState, Rule, RuleAction, RuleKind};
use leptos::prelude::*;

/// In words, for the list and the form.
fn kind_label(kind: RuleKind) -> &'static str {
    match kind {
        RuleKind::Email => "Email (whole, or @domain)",
        RuleKind::Name => "Name (whole)",
        RuleKind::Identity => "Signed-in identity (whole)",
        RuleKind::Address => "Address or network",
        RuleKind::Website => "Website's domain",
        RuleKind::Link => "A link's domain",
        RuleKind::Words => "Any of these words",
        RuleKind::Phrase => "A phrase",
        RuleKind::Regex => "A regular expression",
    }
}

fn action_label(action: RuleAction) -> &'static str {
    match action {
        RuleAction::Refuse => "Refuse",
        RuleAction::Hold => "Hold",
        RuleAction::Spam => "Mark as spam",
        RuleAction::Shadow => "Shadow-ban (only its author sees it)",
    }
}

/// What one site's spam filter learned, and whether it judges yet.
fn filter_line(filter: &FilterState) -> String {
    let learned = format!(
        "Spam filter of {}: learned from {} spam and {} good comments",
        filter.site, filter.spam, filter.good
    );
    if filter.judging {
        let score = |hundredths: u32| match hundredths {
            100.. => "1 (never)".to_owned(),
            _ => format!("0.{hundredths:02}"),
        };
        format!(
            "{learned}; it holds new comments scoring {} or more and marks those scoring \
             {} or more as spam.",
            score(filter.hold_at),
            score(filter.spam_at)
        )
    } else if filter.spam >= filter.needed && filter.good >= filter.needed {
        format!("{learned}; it is turned off for this site and only learns.")
    } else {
        format!(
            "{learned}; it judges nothing until moderators have decided on {} of each \
             (Approve, Reject or Spam).",
            filter.needed
        )
    }
}

#[component]
pub fn RulesView(
    sites: Vec<String>,
    on_error: impl Fn(AdminError) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let rules = RwSignal::new(None::<Vec<Rule>>);
    let filters = RwSignal::new(Vec::<FilterState>::new());
    let notice = RwSignal::new(None::<String>);
    let fail = move |error: AdminError| {
        notice.set(Some(error.message()));
        on_error(error);
    };
    let load = move || {
        leptos::task::spawn_local(async move {
            match api::rules().await {
                Ok(list) => {
                    filters.set(list.filters);
                    rules.set(Some(list.rules));
                }
                Err(error) => fail(error),
            }
        });
    };
    load();
    let (kind, pattern, action, message, site) = (
        RwSignal::new(RuleKind::Words.as_str().to_owned()),
        RwSignal::new(String::new()),
        RwSignal::new(RuleAction::Spam.as_str().to_owned()),
        RwSignal::new(String::new()),
        RwSignal::new(sites.first().cloned().unwrap_or_default()),
    );
    let drafted = move || Rule {
        id: None,
        site: Some(site.get_untracked()).filter(|site| !site.is_empty()),
        kind: RuleKind::from_name(&kind.get_untracked()).unwrap_or(RuleKind::Words),
        pattern: pattern.get_untracked(),
        action: RuleAction::from_name(&action.get_untracked()).unwrap_or(RuleAction::Spam),
        message: Some(message.get_untracked()).filter(|message| !message.trim().is_empty()),
    };
    let try_it = move |_| {
        let rule = drafted();
        leptos::task::spawn_local(async move {
            match api::test_rule(&rule).await {
                Ok(trial) => notice.set(Some(format!(
                    "This rule would have matched {} of the latest {} comments.",
                    trial.matched, trial.read
                ))),
                Err(error) => fail(error),
            }
        });
    };
    let add = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let rule = drafted();
        leptos::task::spawn_local(async move {
            match api::add_rule(&rule).await {
                Ok(added) => {
                    notice.set(Some(format!(
                        "Added rule {}.",
                        added.id.unwrap_or_default()
                    )));
                    pattern.set(String::new());
                    load();
                }
                Err(error) => fail(error),
            }
        });
    };
    let remove = move |id: i64| {
        leptos::task::spawn_local(async move {
            match api::remove_rule(id).await {
                Ok(()) => {
                    notice.set(Some(format!("Removed rule {id}.")));
                    load();
                }
                Err(error) => fail(error),
            }
        });
    };
    let choice =
        |value: &'static str, label: &'static str| view! { <option value=value>{label}</option> };
    // An owner may write a rule for every site; a site's moderator for their sites.
    let every_site = sites.is_empty().then(|| choice("", "Every site"));
    let site_choices = sites
        .iter()
        .map(|name| {
            let name = name.clone();
            view! { <option value=name.clone()>{name.clone()}</option> }
        })
        .collect::<Vec<_>>();
    view! {
        <ul class="filters">
            {move || filters.get().into_iter().map(|filter| view! { <li>{filter_line(&filter)}</li> }).collect::<Vec<_>>()}
        </ul>
        <form class="rule-form" on:submit=add>
            <div class="filter-fields">
                <label>"Looks at "
                    <select name="kind" bind:value=kind>
                        {RuleKind::ALL.into_iter().map(|kind| choice(kind.as_str(), kind_label(kind))).collect::<Vec<_>>()}
                    </select>
                </label>
                <label>"Pattern " <input type="text" name="pattern" required bind:value=pattern /></label>
                <label>"Then "
                    <select name="action" bind:value=action>
                        {RuleAction::ALL.into_iter().map(|action| choice(action.as_str(), action_label(action))).collect::<Vec<_>>()}
                    </select>
                </label>
                <label>"Message when refused " <input type="text" name="message" bind:value=message /></label>
                <label>"Site " <select name="site" bind:value=site>{every_site}{site_choices}</select></label>
            </div>
            <div class="actions">
                <button type="button" data-action="try-rule" on:click=try_it>"Try on past comments"</button>
                <button type="submit" data-action="add-rule">"Add the rule"</button>
            </div>
        </form>
        <p class="notice" role="status">{move || notice.get()}</p>
        {move || match rules.get() {
            None => view! { <p class="status">"Loading…"</p> }.into_any(),
            Some(list) if list.is_empty() => view! { <p class="status empty">"No rules yet."</p> }.into_any(),
            Some(list) => view! {
                <table class="log rules">
                    <thead><tr>
                        <th scope="col">"Looks at"</th><th scope="col">"Pattern"</th>
                        <th scope="col">"Then"</th><th scope="col">"Site"</th>
                        <th scope="col"><span class="visually-hidden">"Remove"</span></th>
                    </tr></thead>
                    <tbody>
                        {list.into_iter().map(|rule| {
                            let id = rule.id;
                            view! {
                                <tr>
                                    <td>{kind_label(rule.kind)}</td>
                                    <td><code>{rule.pattern}</code></td>
                                    <td>{action_label(rule.action)}{rule.message.map(|message| format!(": “{message}”"))}</td>
                                    <td>{rule.site.unwrap_or_else(|| "every site".to_owned())}</td>
                                    <td>{match id {
                                        Some(id) => view! {
                                            <button type="button" data-action="remove-rule" on:click=move |_| remove(id)>
                                                {format!("Remove rule {id}")}
                                            </button>
                                        }.into_any(),
                                        None => view! { <span class="status">"configured"</span> }.into_any(),
                                    }}</td>
                                </tr>
                            }
                        }).collect::<Vec<_>>()}
                    </tbody>
                </table>
            }.into_any(),
        }}
    }
}
