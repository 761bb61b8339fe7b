//! “Manage my comments”, under the reply box (a writer part): a guest enters the address
//! they comment with and is mailed a link to the page of their comments (download,
//! erase); a signed-in reader gets the link at once. One structure whose classes show
//! the right half, as the reply box does: smaller than views switched between.

use super::context::ThreadContext;
use crate::api;
use crate::messages;
use confab_api::ManageRequest;
use leptos::prelude::*;

#[component]
pub fn ManageMine() -> impl IntoView {
    let context = expect_context::<ThreadContext>();
    let sign_in = context.form.sign_in;
    let email = RwSignal::new(context.form.email.get_untracked());
    // What asking came to: the page's address (signed in), or words for the reader.
    let page = RwSignal::new(None::<String>);
    let said = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    // Not a form: the reply box is the widget's one form.
    let send = move || {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let request = ManageRequest {
            email: (!sign_in.is_signed_in()).then(|| email.get_untracked()),
            sso: sign_in.token(),
            session: sign_in.session(),
            lang: Some(messages::lang()),
        };
        let api_base = context.config.with_value(|config| config.api_base.clone());
        leptos::task::spawn_local(async move {
            let answer = api::manage_link(&api_base, &request).await;
            busy.set(false);
            match answer {
                Ok(path) => {
                    said.set(if path.is_some() {
                        String::new()
                    } else {
                        messages::text("manage-sent")
                    });
                    page.set(path.map(|path| format!("{api_base}{path}")));
                }
                Err(error) => said.set(error.to_string()),
            }
        });
    };
    let explain = if context.terms.reply_notifications {
        "manage-explain"
    } else {
        "manage-no-mail"
    };
    view! {
        <details class="confab-manage" part="manage"
            class:confab-manage--signed-in=move || sign_in.is_signed_in()
            class:confab-manage--no-mail=!context.terms.reply_notifications>
            <summary>{messages::text("manage-comments")}</summary>
            <div role="group">
                <p class="confab-manage__guest">{messages::text(explain)}</p>
                <p class="confab-field confab-manage__guest confab-manage__mail">
                    <label>
                        {messages::text("email")}
                        <input type="email" name="manage_email" autocomplete="email"
                            prop:value=move || email.get()
                            on:input=move |event| email.set(event_target_value(&event))
                            on:keydown=move |event| if event.key() == "Enter" {
                                event.prevent_default();
                                send();
                            } />
                    </label>
                </p>
                <button type="button" class="confab-button confab-manage__mail" part="button manage-button"
                    disabled=move || busy.get() on:click=move |_| send()>
                    {move || messages::text(if sign_in.is_signed_in() { "manage-get" } else { "manage-send" })}
                </button>
            </div>
            <p role="status">
                {move || said.get()}
                <a href=move || page.get() hidden=move || page.with(Option::is_none)
                    target="_blank" rel="noopener" part="manage-link">
                    {messages::text("manage-open")}
                </a>
            </p>
        </details>
    }
}
