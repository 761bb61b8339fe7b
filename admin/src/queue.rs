//! A list of comments across threads (held, spam, published, or all of them), with its
//! filters, pages (“Show more”), one-click actions on each, and bulk actions on those
//! selected or on every comment the filters match.

use crate::api::{self, AdminError};
use crate::bulk::{BulkDone, bulk_bar};
use crate::filters::{Filters, search_form};
use crate::item::Item;
use crate::pages::Pages;
use confab_api::{CommentId, ModeratedComment, ModerationAction};
use leptos::prelude::*;
use std::collections::BTreeSet;

/// The comments of one `status` (`pending`, `spam`, `shadow`, `published` or `all`), newest
/// first.
#[component]
pub fn Queue(
    status: &'static str,
    on_error: impl Fn(AdminError) + Copy + Send + Sync + 'static,
    /// The filters to start from (one commenter's comments); none set by default.
    #[prop(optional)]
    filters: Option<Filters>,
) -> impl IntoView {
    let filters = filters.unwrap_or_default();
    let pages = Pages::<ModeratedComment>::default();
    let items = pages.items;
    let selected = RwSignal::new(BTreeSet::<CommentId>::new());
    let notice = RwSignal::new(None::<String>);
    let fail = move |error: AdminError| {
        notice.set(Some(error.message()));
        on_error(error);
    };
    // The first page (a new search), or the next one after those shown.
    let load = move |more: bool| {
        let before = pages.before(more);
        let query = filters.query();
        leptos::task::spawn_local(async move {
            match api::queue(status, &query, before.as_deref()).await {
                Ok(page) => {
                    if !more {
                        selected.set(BTreeSet::new());
                    }
                    pages.receive(more, page.comments, page.next);
                }
                Err(error) => fail(error),
            }
        });
    };
    load(false);
    // Comments acted on leave the list.
    let gone = move |done: &[CommentId]| {
        items.update(|list| {
            if let Some(list) = list {
                list.retain(|item| !done.contains(&item.comment.id));
            }
        });
        selected.update(|selected| done.iter().for_each(|id| _ = selected.remove(id)));
    };
    let settled = move |id: CommentId, outcome: Result<String, AdminError>| match outcome {
        Ok(message) => {
            notice.set(Some(message));
            gone(&[id]);
        }
        Err(error) => fail(error),
    };
    let act = move |id: CommentId, action: ModerationAction, seen: Option<String>| {
        leptos::task::spawn_local(async move {
            let outcome = api::moderate(id, action, seen.as_deref()).await;
            let name = action.as_str();
            settled(
                id,
                outcome.map(|()| format!("Comment {id}: done ({name}).")),
            );
        });
    };
    let lock = move |thread: String| {
        leptos::task::spawn_local(async move {
            match api::lock(thread.clone(), true).await {
                Ok(()) => notice.set(Some(format!("Locked {thread}: it takes no new comments."))),
                Err(error) => fail(error),
            }
        });
    };
    let retitle = move |thread: String, title: String, url: String| {
        leptos::task::spawn_local(async move {
            match api::update_thread(thread.clone(), title, url).await {
                Ok(()) => notice.set(Some(format!("Updated the title and address of {thread}."))),
                Err(error) => fail(error),
            }
        });
    };
    let reply = move |id: CommentId, body: String| {
        leptos::task::spawn_local(async move {
            let outcome = api::reply(id, body).await;
            settled(
                id,
                outcome.map(|_| {
                    format!("Answered comment {id}: it is published, with your reply under it.")
                }),
            );
        });
    };
    let pin = move |id: CommentId, pinned: RwSignal<bool>| {
        let wanted = !pinned.get_untracked();
        leptos::task::spawn_local(async move {
            match api::pin(id, wanted).await {
                Ok(()) => {
                    pinned.set(wanted);
                    notice.set(Some(if wanted {
                        format!("Pinned comment {id}: it comes first in its thread.")
                    } else {
                        format!("Unpinned comment {id}.")
                    }));
                }
                Err(error) => fail(error),
            }
        });
    };
    // An edited comment is drawn again as it now stands.
    let edited = move |outcome: Result<ModeratedComment, AdminError>| match outcome {
        Ok(item) => {
            let id = item.comment.id;
            items.update(|list| {
                let shown = list
                    .iter_mut()
                    .flatten()
                    .find(|shown| shown.comment.id == id);
                if let Some(shown) = shown {
                    *shown = item;
                }
            });
            notice.set(Some(format!(
                "Saved comment {id}: readers see it edited by a moderator."
            )));
        }
        Err(error) => fail(error),
    };
    let bulk_done = move |outcome: Result<BulkDone, AdminError>| match outcome {
        Ok(done) => {
            gone(&done.done);
            notice.set(Some(done.summary()));
        }
        Err(error) => fail(error),
    };
    let shown = move || {
        items.with(|list| {
            list.iter()
                .flatten()
                .map(|item| item.comment.id)
                .collect::<Vec<_>>()
        })
    };
    view! {
        {search_form(filters, move || load(false))}
        <p class="notice" role="status">{move || notice.get()}</p>
        {bulk_bar(status, filters, selected, shown, bulk_done)}
        {move || match items.get() {
            None => view! { <p class="status">"Loading…"</p> }.into_any(),
            Some(list) if list.is_empty() => {
                view! { <p class="status empty">"Nothing here."</p> }.into_any()
            }
            Some(list) => {
                view! {
                    <ol class="queue">
                        {list
                            .into_iter()
                            .map(|item| view! { <Item item act lock retitle reply pin edited selected /> })
                            .collect::<Vec<_>>()}
                    </ol>
                }
                    .into_any()
            }
        }}
        {pages.more_button(load)}
    }
}
