//! The held, spam or published comments across threads, with search and one-click
//! actions (and pinning, for published ones).

use crate::api::{self, AdminError};
use crate::links::{draw_with_destinations, link_domains};
use confab::components::body::UGC_LINK_REL;
use confab_api::{Badge, CommentId, CommentStatus, ModeratedComment, ModerationAction};
use leptos::prelude::*;

/// The label of an action's button.
fn label(action: ModerationAction) -> &'static str {
    match action {
        ModerationAction::Approve => "Approve",
        ModerationAction::Reject => "Reject",
        ModerationAction::Spam => "Spam",
        ModerationAction::Delete => "Delete",
    }
}

/// One queue (`pending` or `spam`), newest first.
#[component]
pub fn Queue(
    status: &'static str,
    on_error: impl Fn(AdminError) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let search = RwSignal::new(String::new());
    let items = RwSignal::new(None::<Vec<ModeratedComment>>);
    let notice = RwSignal::new(None::<String>);
    let load = move || {
        leptos::task::spawn_local(async move {
            match api::queue(status, &search.get_untracked()).await {
                Ok(queue) => items.set(Some(queue.comments)),
                Err(error) => {
                    notice.set(Some(error.message()));
                    on_error(error);
                }
            }
        });
    };
    load();
    // A comment acted on leaves the list with a word; a failure says why.
    let settled = move |id: CommentId, outcome: Result<String, AdminError>| match outcome {
        Ok(message) => {
            notice.set(Some(message));
            items.update(|list| {
                if let Some(list) = list {
                    list.retain(|item| item.comment.id != id);
                }
            });
        }
        Err(error) => {
            notice.set(Some(error.message()));
            on_error(error);
        }
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
                Err(error) => {
                    notice.set(Some(error.message()));
                    on_error(error);
                }
            }
        });
    };
    let retitle = move |thread: String, title: String, url: String| {
        leptos::task::spawn_local(async move {
            match api::update_thread(thread.clone(), title, url).await {
                Ok(()) => notice.set(Some(format!("Updated the title and address of {thread}."))),
                Err(error) => {
                    notice.set(Some(error.message()));
                    on_error(error);
                }
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
                Err(error) => {
                    notice.set(Some(error.message()));
                    on_error(error);
                }
            }
        });
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        load();
    };
    view! {
        <form class="search" role="search" on:submit=submit>
            <input
                type="search"
                name="q"
                aria-label="Search by author, email or text"
                placeholder="Search by author, email or text"
                bind:value=search
            />
            <button type="submit">"Search"</button>
        </form>
        <p class="notice" role="status">{move || notice.get()}</p>
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
                            .map(|item| view! { <Item item act lock retitle reply pin /> })
                            .collect::<Vec<_>>()}
                    </ol>
                }
                    .into_any()
            }
        }}
    }
}

/// One comment with who, where and what, and its buttons.
#[component]
fn Item(
    item: ModeratedComment,
    act: impl Fn(CommentId, ModerationAction, Option<String>) + Copy + Send + Sync + 'static,
    lock: impl Fn(String) + Copy + Send + Sync + 'static,
    retitle: impl Fn(String, String, String) + Copy + Send + Sync + 'static,
    reply: impl Fn(CommentId, String) + Copy + Send + Sync + 'static,
    pin: impl Fn(CommentId, RwSignal<bool>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let ModeratedComment {
        comment,
        thread,
        author_email,
        client_address,
        author_identity,
    } = item;
    let id = comment.id;
    // Only a published top-level comment can be pinned.
    let pinnable = comment.parent_id.is_none() && comment.status == CommentStatus::Published;
    let pinned = RwSignal::new(comment.pinned);
    let domains = link_domains(&comment.body);
    // The text shown is the one an approval approves.
    let seen = StoredValue::new(comment.edited_at.clone());
    let website = comment.author.website.clone().map(|website| {
        let text = website.clone();
        view! {
            <a class="website" href=website rel=UGC_LINK_REL target="_blank">
                {text}
            </a>
        }
    });
    let badge = comment.author.badge.map(|badge| {
        let label = match badge {
            Badge::PostAuthor => "claims: Post author",
            Badge::Moderator => "claims: Moderator",
        };
        view! { <span class="badge">{label}</span> }
    });
    let thread_for_lock = thread.clone();
    let thread_for_retitle = thread.clone();
    let (new_title, new_url) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let answer = RwSignal::new(String::new());
    let send_answer = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        reply(id, answer.get());
    };
    let save_thread = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        retitle(thread_for_retitle.clone(), new_title.get(), new_url.get());
    };
    view! {
        <li class="item" data-comment-id=id.to_string()>
            <div class="meta">
                <strong class="author">{comment.author.name.clone()}</strong>
                {badge}
                <span class="email">{author_email.unwrap_or_default()}</span>
                {website}
                <span class="address">{client_address.unwrap_or_default()}</span>
                {author_identity.map(|identity| view! {
                    <span class="identity" title="Signed in: who the site or the identity provider vouched for">{identity}</span>
                })}
                <time datetime=comment.created_at.clone() title=confab::time::exact(&comment.created_at, "en")>
                    {confab::time::relative(&comment.created_at, "en")}
                </time>
                <span class="thread">{thread}</span>
            </div>
            <div class="body" use:draw_with_destinations=comment.body.clone()></div>
            {(!domains.is_empty()).then(|| view! {
                <p class="links">"Links to: " {domains.join(", ")}</p>
            })}
            <div class="actions">
                {ModerationAction::ALL
                    .into_iter()
                    .map(|action| {
                        view! {
                            <button type="button" data-action=action.as_str() on:click=move |_| act(id, action, seen.get_value())>
                                {label(action)}
                            </button>
                        }
                    })
                    .collect::<Vec<_>>()}
                {pinnable.then(|| view! {
                    <button type="button" data-action="pin" aria-pressed=move || pinned.get().to_string()
                        on:click=move |_| pin(id, pinned)>
                        {move || if pinned.get() { "Unpin" } else { "Pin to the top" }}
                    </button>
                })}
                <button type="button" data-action="lock" on:click=move |_| lock(thread_for_lock.clone())>
                    "Lock thread"
                </button>
            </div>
            <details class="reply">
                <summary>"Reply as moderator"</summary>
                <form on:submit=send_answer>
                    <label>
                        "Your reply (published at once, with the Moderator badge; a held comment is approved with it)"
                        <textarea name="reply" rows="3" bind:value=answer></textarea>
                    </label>
                    <button type="submit" data-action="reply">"Publish reply"</button>
                </form>
            </details>
            <details class="retitle">
                <summary>"Correct the thread's title and address"</summary>
                <form on:submit=save_thread>
                    <label>"Title " <input type="text" name="title" bind:value=new_title /></label>
                    <label>"Page address " <input type="url" name="url" bind:value=new_url /></label>
                    <button type="submit" data-action="retitle">"Save"</button>
                </form>
            </details>
        </li>
    }
}
