//! The threads page: every thread of the moderator's sites, newest first, with its title
//! and page address (corrected here), its published and held comments, its latest
//! comment, and a lock; searched by key or title, 200 at a time with “Show more”.

use crate::api::{self, AdminError};
use crate::pages::Pages;
use confab_api::ThreadSummary;
use leptos::prelude::*;

#[component]
pub fn ThreadsView(on_error: impl Fn(AdminError) + Copy + Send + Sync + 'static) -> impl IntoView {
    let search = RwSignal::new(String::new());
    let pages = Pages::<ThreadSummary>::default();
    let threads = pages.items;
    let notice = RwSignal::new(None::<String>);
    let fail = move |error: AdminError| {
        notice.set(Some(error.message()));
        on_error(error);
    };
    let load = move |more: bool| {
        let before = pages.before(more);
        let query = search.get_untracked();
        leptos::task::spawn_local(async move {
            match api::threads(&query, before.as_deref()).await {
                Ok(page) => pages.receive(more, page.threads, page.next),
                Err(error) => fail(error),
            }
        });
    };
    load(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        load(false);
    };
    view! {
        <form class="search" role="search" on:submit=submit>
            <div class="search-line">
                <input type="search" name="q" aria-label="Search threads by key or title"
                    placeholder="Search threads by key or title" bind:value=search />
                <button type="submit">"Search"</button>
            </div>
        </form>
        <p class="notice" role="status">{move || notice.get()}</p>
        {move || match threads.get() {
            None => view! { <p class="status">"Loading…"</p> }.into_any(),
            Some(list) if list.is_empty() => view! { <p class="status empty">"No threads."</p> }.into_any(),
            Some(list) => view! {
                <table class="log threads">
                    <thead>
                        <tr>
                            <th scope="col">"Thread"</th>
                            <th scope="col">"Published"</th>
                            <th scope="col">"Held"</th>
                            <th scope="col">"Latest comment"</th>
                            <th scope="col">"Changes"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {list.into_iter().map(|thread| thread_row(thread, notice, fail)).collect::<Vec<_>>()}
                    </tbody>
                </table>
            }.into_any(),
        }}
        {pages.more_button(load)}
    }
}

/// One thread: its title (a link to its page), key and counts, the lock, and the form
/// that corrects its title and address.
fn thread_row(
    thread: ThreadSummary,
    notice: RwSignal<Option<String>>,
    fail: impl Fn(AdminError) + Copy + 'static,
) -> impl IntoView {
    let key = StoredValue::new(thread.key.clone());
    let locked = RwSignal::new(thread.locked);
    let title = RwSignal::new(thread.title.clone().unwrap_or_default());
    let url = RwSignal::new(thread.url.clone().unwrap_or_default());
    let toggle_lock = move |_| {
        let wanted = !locked.get_untracked();
        leptos::task::spawn_local(async move {
            match api::lock(key.get_value(), wanted).await {
                Ok(()) => {
                    locked.set(wanted);
                    let key = key.get_value();
                    notice.set(Some(if wanted {
                        format!("Locked {key}: it takes no new comments.")
                    } else {
                        format!("Unlocked {key}: it takes comments again.")
                    }));
                }
                Err(error) => fail(error),
            }
        });
    };
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        leptos::task::spawn_local(async move {
            match api::update_thread(key.get_value(), title.get_untracked(), url.get_untracked())
                .await
            {
                Ok(()) => notice.set(Some(format!(
                    "Updated the title and address of {}.",
                    key.get_value()
                ))),
                Err(error) => fail(error),
            }
        });
    };
    let heading = thread.title.clone().unwrap_or_else(|| thread.key.clone());
    let link = thread
        .url
        .clone()
        .filter(|url| url.starts_with("https://") || url.starts_with("http://"));
    view! {
        <tr data-thread=thread.key.clone()>
            <td>
                {match link {
                    Some(link) => view! { <a href=link rel="noopener" target="_blank">{heading}</a> }.into_any(),
                    None => view! { <span>{heading}</span> }.into_any(),
                }}
                <div class="key">{thread.key.clone()}</div>
            </td>
            <td>{thread.published}</td>
            <td>{thread.held}</td>
            <td>
                {thread.last_comment_at.map(|at| view! {
                    <time datetime=at.clone() title=confab::time::exact(&at, "en")>
                        {confab::time::relative(&at, "en")}
                    </time>
                })}
            </td>
            <td class="changes">
                <button type="button" data-action="lock" aria-pressed=move || locked.get().to_string()
                    on:click=toggle_lock>
                    {move || if locked.get() { "Unlock" } else { "Lock" }}
                </button>
                {retitle_form("Edit title and address", title, url, save)}
            </td>
        </tr>
    }
}

/// The folded form that corrects a thread's title and page address.
pub fn retitle_form(
    summary: &'static str,
    title: RwSignal<String>,
    url: RwSignal<String>,
    save: impl Fn(leptos::ev::SubmitEvent) + 'static,
) -> impl IntoView {
    view! {
        <details class="retitle">
            <summary>{summary}</summary>
            <form on:submit=save>
                <label>"Title " <input type="text" name="title" bind:value=title /></label>
                <label>"Page address " <input type="url" name="url" bind:value=url /></label>
                <button type="submit" data-action="retitle">"Save"</button>
            </form>
        </details>
    }
}
