//! One comment of the moderators' list: who, where and what (links with their
//! destinations), a box to select it for a bulk action, and its own buttons and forms
//! (answer, edit, correct the thread).

use crate::actions::{action_button, label};
use crate::api::AdminError;
use crate::commenter::{Commenter, commenter_button};
use crate::edit_view::edit_fold;
use crate::links::{draw_with_destinations, link_domains};
use crate::threads_view::retitle_form;
use confab::components::body::UGC_LINK_REL;
use confab_api::{Badge, CommentId, CommentStatus, ModeratedComment, ModerationAction};
use leptos::prelude::*;
use std::collections::BTreeSet;

/// One comment with who, where and what, and its buttons.
#[component]
pub fn Item(
    item: ModeratedComment,
    act: impl Fn(CommentId, ModerationAction, Option<String>) + Copy + Send + Sync + 'static,
    lock: impl Fn(String) + Copy + Send + Sync + 'static,
    retitle: impl Fn(String, String, String) + Copy + Send + Sync + 'static,
    reply: impl Fn(CommentId, String) + Copy + Send + Sync + 'static,
    pin: impl Fn(CommentId, RwSignal<bool>) + Copy + Send + Sync + 'static,
    edited: impl Fn(Result<ModeratedComment, AdminError>) + Copy + Send + Sync + 'static,
    selected: RwSignal<BTreeSet<CommentId>>,
) -> impl IntoView {
    let ModeratedComment {
        comment,
        thread,
        author_email,
        client_address,
        author_identity,
        rule_note,
        shadow,
    } = item;
    let id = comment.id;
    // Only a published top-level comment can be pinned (a shadow-banned one only looks so
    // to its author).
    let pinnable =
        comment.parent_id.is_none() && comment.status == CommentStatus::Published && !shadow;
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
                <label class="select">
                    <input type="checkbox" name="select"
                        prop:checked=move || selected.with(|selected| selected.contains(&id))
                        on:change=move |event| {
                            let on = event_target_checked(&event);
                            selected.update(|selected| {
                                if on { selected.insert(id); } else { selected.remove(&id); }
                            });
                        } />
                    <span class="visually-hidden">{format!("Select comment {id}")}</span>
                </label>
                <strong class="author">{comment.author.name.clone()}</strong>
                {badge}
                {shadow.then(|| view! { <span class="badge shadow">"Shadow-banned"</span> })}
                {author_email.map(|email| commenter_button("email", Commenter::Email(email)))}
                {website}
                {client_address.map(|address| commenter_button("address", Commenter::Address(address)))}
                {author_identity.map(|identity| commenter_button("identity", Commenter::Identity(identity)))}
                <time datetime=comment.created_at.clone() title=confab::time::exact(&comment.created_at, "en")>
                    {confab::time::relative(&comment.created_at, "en")}
                </time>
                <span class="thread">{thread}</span>
            </div>
            {rule_note.map(|note| view! { <p class="rule-note">"Why: " {note}</p> })}
            <div class="body" use:draw_with_destinations=comment.body.clone()></div>
            {(!domains.is_empty()).then(|| view! {
                <p class="links">"Links to: " {domains.join(", ")}</p>
            })}
            <div class="actions">
                {ModerationAction::ALL
                    .into_iter()
                    .map(|action| {
                        action_button(action, move || label(action).to_owned(), || false,
                            move || act(id, action, seen.get_value()))
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
            {edit_fold(id, edited)}
            {retitle_form("Correct the thread's title and address", new_title, new_url, save_thread)}
        </li>
    }
}
