//! The numbers: comments per day over 30, 90 or 365 days (published, held, caught as
//! spam), drawn by the page itself as an SVG bar chart with the same numbers as a table,
//! and the busiest threads.

use crate::api::{self, AdminError};
use confab_api::{DayCounts, Stats};
use leptos::prelude::*;

/// How tall the chart's drawing is, in its own units (the page scales it).
const HEIGHT: u32 = 100;

#[component]
pub fn NumbersView(on_error: impl Fn(AdminError) + Copy + Send + Sync + 'static) -> impl IntoView {
    let days = RwSignal::new(30_u32);
    let numbers = RwSignal::new(None::<Stats>);
    let notice = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let period = days.get();
        leptos::task::spawn_local(async move {
            match api::stats(period).await {
                Ok(stats) => numbers.set(Some(stats)),
                Err(error) => {
                    notice.set(Some(error.message()));
                    on_error(error);
                }
            }
        });
    });
    let period_button = move |period: u32| {
        view! {
            <button type="button" aria-pressed=move || (days.get() == period).to_string()
                on:click=move |_| days.set(period)>
                {format!("{period} days")}
            </button>
        }
    };
    view! {
        <div class="periods" role="group" aria-label="Period">
            {period_button(30)} {period_button(90)} {period_button(365)}
        </div>
        <p class="notice" role="status">{move || notice.get()}</p>
        {move || numbers.get().map(|stats| view! {
            <p class="totals">{totals(&stats.days)}</p>
            {chart(&stats.days)}
            <p class="legend">
                <span class="key published">"Published"</span>
                <span class="key held">"Held"</span>
                <span class="key spam">"Spam"</span>
            </p>
            <details class="as-table">
                <summary>"The numbers as a table"</summary>
                {day_table(&stats.days)}
            </details>
            <h2>"Busiest threads"</h2>
            {if stats.busiest.is_empty() {
                view! { <p class="status empty">"No published comments in this period."</p> }.into_any()
            } else {
                view! {
                    <ol class="busiest">
                        {stats.busiest.into_iter().map(|thread| view! {
                            <li>
                                <span class="title">{thread.title.unwrap_or_else(|| thread.thread.clone())}</span>
                                " " <span class="key">{thread.thread}</span>
                                " " <span class="count">{plural(thread.comments, "comment")}</span>
                            </li>
                        }).collect::<Vec<_>>()}
                    </ol>
                }.into_any()
            }}
        })}
    }
}

/// `1 comment`, `2 comments`.
fn plural(count: u32, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// The period's totals in words.
fn totals(days: &[DayCounts]) -> String {
    let sum = |of: fn(&DayCounts) -> u32| days.iter().map(of).sum::<u32>();
    format!(
        "In {} days: {} published, {} held, {} caught as spam.",
        days.len(),
        sum(|day| day.published),
        sum(|day| day.held),
        sum(|day| day.spam)
    )
}

/// One stacked bar a day (published at the bottom, then held, then spam), scaled to the
/// busiest day; each bar says its numbers on hover.
fn chart(days: &[DayCounts]) -> impl IntoView + use<> {
    let busiest = days
        .iter()
        .map(|day| day.published + day.held + day.spam)
        .max()
        .unwrap_or(0)
        .max(1);
    let scale = |count: u32| count * HEIGHT / busiest;
    let width = days.len() * 4;
    let bars = days
        .iter()
        .enumerate()
        .map(|(index, day)| {
            let x = (index * 4).to_string();
            let mut top = HEIGHT;
            let mut part = |count: u32, class: &'static str| {
                let height = scale(count);
                top -= height;
                view! { <rect x=x.clone() y=top.to_string() width="3" height=height.to_string() class=class /> }
            };
            let label = format!(
                "{}: {} published, {} held, {} spam",
                day.day, day.published, day.held, day.spam
            );
            view! {
                <g>
                    <title>{label}</title>
                    {part(day.published, "published")}
                    {part(day.held, "held")}
                    {part(day.spam, "spam")}
                </g>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <svg class="chart" viewBox=format!("0 0 {width} {HEIGHT}") preserveAspectRatio="none"
            role="img" aria-label=format!("Comments per day; the busiest day had {busiest}.")>
            {bars}
        </svg>
    }
}

/// The days with any comment, newest first, as a table.
fn day_table(days: &[DayCounts]) -> impl IntoView + use<> {
    let rows = days
        .iter()
        .rev()
        .filter(|day| day.published + day.held + day.spam > 0)
        .map(|day| {
            view! {
                <tr>
                    <td>{day.day.clone()}</td>
                    <td>{day.published}</td>
                    <td>{day.held}</td>
                    <td>{day.spam}</td>
                </tr>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <table class="log days">
            <thead>
                <tr>
                    <th scope="col">"Day"</th>
                    <th scope="col">"Published"</th>
                    <th scope="col">"Held"</th>
                    <th scope="col">"Spam"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
