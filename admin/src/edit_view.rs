//! A comment's “Edit” fold: its text and author fields as they stand, to correct, and
//! every earlier version with who wrote it (read from the server when opened).

use crate::api::{self, AdminError};
use confab_api::{CommentId, CommentVersion, ModeratedComment, ModeratorEdit};
use leptos::prelude::*;

/// The fold under comment `id`; `edited` takes the comment as it stands after a save.
pub fn edit_fold(
    id: CommentId,
    edited: impl Fn(Result<ModeratedComment, AdminError>) + Copy + 'static,
) -> impl IntoView {
    let (name, email, website, text) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let earlier = RwSignal::new(None::<Vec<CommentVersion>>);
    let failure = RwSignal::new(None::<String>);
    // Read when first opened: the fields start from the version readers see.
    let open = move |_| {
        if earlier.with_untracked(Option::is_some) {
            return;
        }
        leptos::task::spawn_local(async move {
            match api::versions(id).await {
                Ok(versions) => {
                    let current = versions.current;
                    name.set(current.author_name);
                    email.set(current.author_email.unwrap_or_default());
                    website.set(current.author_website.unwrap_or_default());
                    text.set(current.body);
                    earlier.set(Some(versions.earlier));
                }
                Err(error) => failure.set(Some(error.message())),
            }
        });
    };
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let given = |field: RwSignal<String>| {
            Some(field.get_untracked().trim().to_owned()).filter(|value| !value.is_empty())
        };
        let edit = ModeratorEdit {
            body: text.get_untracked(),
            author_name: name.get_untracked(),
            author_email: given(email),
            author_website: given(website),
        };
        leptos::task::spawn_local(async move { edited(api::edit(id, &edit).await) });
    };
    view! {
        <details class="edit" on:toggle=open>
            <summary>"Edit"</summary>
            <p class="notice" role="status">{move || failure.get()}</p>
            <form on:submit=save>
                <label>"Name " <input type="text" name="author_name" bind:value=name /></label>
                <label>"Email " <input type="email" name="author_email" bind:value=email /></label>
                <label>"Website " <input type="url" name="author_website" bind:value=website /></label>
                <label>
                    "Text (readers will see “edited by a moderator”)"
                    <textarea name="body" rows="4" bind:value=text></textarea>
                </label>
                <button type="submit" data-action="edit">"Save changes"</button>
            </form>
            {move || earlier.get().map(versions_list)}
        </details>
    }
}

/// The earlier versions, newest first, or a line saying there are none.
fn versions_list(versions: Vec<CommentVersion>) -> AnyView {
    if versions.is_empty() {
        return view! { <p class="status">"No earlier versions."</p> }.into_any();
    }
    view! {
        <h3 class="versions-heading">{format!("Earlier versions ({})", versions.len())}</h3>
        <ol class="versions">
            {versions.into_iter().map(|version| {
                let by = version.written_by.map_or_else(
                    || "by its author".to_owned(),
                    |moderator| format!("by {moderator}"),
                );
                let author = [Some(version.author_name), version.author_email, version.author_website]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · ");
                view! {
                    <li class="version">
                        <p class="meta">
                            <time datetime=version.written_at.clone()>
                                {confab::time::exact(&version.written_at, "en")}
                            </time>
                            " " {by} ": " <span class="author">{author}</span>
                        </p>
                        <pre class="version-text">{version.body}</pre>
                    </li>
                }
            }).collect::<Vec<_>>()}
        </ol>
    }
    .into_any()
}
