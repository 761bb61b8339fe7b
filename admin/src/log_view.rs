//! The moderation log: who did what, and when, newest first.

use crate::api::{self, AdminError};
use leptos::prelude::*;

/// The latest entries of the log as a table.
#[component]
pub fn LogView(on_error: impl Fn(AdminError) + Copy + Send + Sync + 'static) -> impl IntoView {
    let (entries, failure) =
        api::load_once(async { api::log().await.map(|log| log.entries) }, on_error);
    view! {
        <p class="notice" role="status">{move || failure.get()}</p>
        {move || {
            entries
                .get()
                .map(|entries| {
                    view! {
                        <table class="log">
                            <thead>
                                <tr>
                                    <th scope="col">"When"</th>
                                    <th scope="col">"Who"</th>
                                    <th scope="col">"What"</th>
                                    <th scope="col">"Comment"</th>
                                    <th scope="col">"Thread"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {entries
                                    .into_iter()
                                    .map(|entry| {
                                        view! {
                                            <tr>
                                                <td>{entry.at}</td>
                                                <td>{entry.actor}</td>
                                                <td>{entry.action}</td>
                                                <td>{entry.comment_id.map(|id| id.to_string())}</td>
                                                <td>{entry.thread}</td>
                                            </tr>
                                        }
                                    })
                                    .collect::<Vec<_>>()}
                            </tbody>
                        </table>
                    }
                })
        }}
    }
}
