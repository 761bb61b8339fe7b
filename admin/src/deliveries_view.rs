//! The mails, webhook calls and chat messages Confab sent (or is still trying to send),
//! newest first, with their attempts and the last error: how a site owner sees that a
//! webhook or a chat is down.

use crate::api::{self, AdminError};
use confab_api::Delivery;
use leptos::prelude::*;

/// Where a delivery stands, in words.
fn state_of(delivery: &Delivery) -> String {
    match (
        &delivery.sent_at,
        &delivery.gave_up_at,
        &delivery.next_attempt_at,
    ) {
        (Some(at), _, _) => format!("sent {at}"),
        (None, Some(at), _) => format!("given up {at}"),
        (None, None, Some(at)) => format!("next attempt {at}"),
        (None, None, None) => "waiting".to_owned(),
    }
}

/// The latest deliveries as a table.
#[component]
pub fn DeliveriesView(
    on_error: impl Fn(AdminError) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let (deliveries, failure) = api::load_once(
        async { api::deliveries().await.map(|list| list.deliveries) },
        on_error,
    );
    view! {
        <p class="notice" role="status">{move || failure.get()}</p>
        {move || {
            deliveries
                .get()
                .map(|deliveries| {
                    view! {
                        <table class="log deliveries">
                            <thead>
                                <tr>
                                    <th scope="col">"Created"</th>
                                    <th scope="col">"Kind"</th>
                                    <th scope="col">"To"</th>
                                    <th scope="col">"Event"</th>
                                    <th scope="col">"Attempts"</th>
                                    <th scope="col">"State"</th>
                                    <th scope="col">"Last error"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {deliveries
                                    .into_iter()
                                    .map(|delivery| {
                                        let state = state_of(&delivery);
                                        view! {
                                            <tr>
                                                <td>{delivery.created_at}</td>
                                                <td>{delivery.purpose}</td>
                                                <td>{delivery.recipient}</td>
                                                <td>
                                                    {format!("{} #{}", delivery.event, delivery.comment_id)}
                                                </td>
                                                <td>{delivery.attempts}</td>
                                                <td>{state}</td>
                                                <td>{delivery.last_error}</td>
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
