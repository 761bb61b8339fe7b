//! Confab's moderators' screen: log in, work through held, spam and all comments (with
//! filters, pages and bulk actions, edits and their history), one commenter's page,
//! threads and numbers, lock threads,
//! read the log of who did what, and see the mails and webhook calls sent. Served by `confab-server` at `/admin/`.

pub mod actions;
pub mod api;
pub mod bulk;
pub mod commenter;
pub mod commenter_view;
pub mod deliveries_view;
pub mod edit_view;
pub mod filters;
pub mod item;
pub mod links;
pub mod log_view;
pub mod numbers_view;
pub mod pages;
pub mod queue;
pub mod rules_view;
pub mod threads_view;

use api::AdminError;
use confab_api::ModeratorSession;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// Starts the page when its module loads.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

/// Who is logged in: unknown while asking, then nobody or a moderator.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Session {
    Checking,
    LoggedOut,
    LoggedIn(ModeratorSession),
}

/// What the main area shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Held,
    Spam,
    /// Shadow-banned comments: shown to their authors alone.
    Shadow,
    Published,
    All,
    Threads,
    Numbers,
    Log,
    Rules,
    Deliveries,
    /// One commenter's page, opened from a comment's email, identity or address.
    Commenter,
}

/// The whole page: the login form until a moderator is logged in, then the work.
#[component]
pub fn App() -> impl IntoView {
    let session = RwSignal::new(Session::Checking);
    leptos::task::spawn_local(async move {
        session.set(match api::me().await {
            Ok(me) => Session::LoggedIn(me),
            Err(_) => Session::LoggedOut,
        });
    });
    let logged_out = move || session.set(Session::LoggedOut);
    view! {
        <main class="admin">
            {move || match session.get() {
                Session::Checking => view! { <p class="status">"Loading…"</p> }.into_any(),
                Session::LoggedOut => {
                    view! { <LoginForm on_login=move |me| session.set(Session::LoggedIn(me)) /> }
                        .into_any()
                }
                Session::LoggedIn(me) => view! { <Workspace me on_logout=logged_out /> }.into_any(),
            }}
        </main>
    }
}

/// Name and password.
#[component]
fn LoginForm(on_login: impl Fn(ModeratorSession) + Copy + Send + Sync + 'static) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::login(name.get_untracked(), password.get_untracked()).await {
                Ok(session) => on_login(session),
                Err(failure) => {
                    error.set(Some(failure.message()));
                    busy.set(false);
                }
            }
        });
    };
    view! {
        <form class="login" on:submit=submit>
            <h1>"Confab moderation"</h1>
            <label>
                "Name"
                <input name="name" autocomplete="username" required bind:value=name />
            </label>
            <label>
                "Password"
                <input name="password" type="password" autocomplete="current-password" required bind:value=password />
            </label>
            <p class="error" role="alert">{move || error.get()}</p>
            <button type="submit" disabled=move || busy.get()>"Log in"</button>
        </form>
    }
}

/// The logged-in screen: tabs, search and the list.
#[component]
fn Workspace(
    me: ModeratorSession,
    on_logout: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    // A moderator of some sites: their names beside theirs, and no Deliveries (an owner's).
    let owner = me.sites.is_empty();
    let sites = me.sites.clone();
    let name = if owner {
        me.name
    } else {
        format!("{} ({})", me.name, me.sites.join(", "))
    };
    let tab = RwSignal::new(Tab::Held);
    let commenter = RwSignal::new(None::<commenter::Commenter>);
    provide_context(commenter::OpenCommenter(Callback::new(move |who| {
        commenter.set(Some(who));
        tab.set(Tab::Commenter);
    })));
    let on_error = move |error: AdminError| {
        if error == AdminError::LoggedOut {
            on_logout();
        }
    };
    let log_out = move |_| {
        leptos::task::spawn_local(async move {
            let _ = api::logout().await;
            on_logout();
        });
    };
    let tab_button = move |which: Tab, label: &'static str| {
        view! {
            <button
                type="button"
                role="tab"
                aria-selected=move || (tab.get() == which).to_string()
                on:click=move |_| tab.set(which)
            >
                {label}
            </button>
        }
    };
    view! {
        <header class="top">
            <h1>"Confab moderation"</h1>
            <span class="who">{name}</span>
            <button type="button" class="logout" on:click=log_out>"Log out"</button>
        </header>
        <nav class="tabs" role="tablist">
            {tab_button(Tab::Held, "Held")}
            {tab_button(Tab::Spam, "Spam")}
            {tab_button(Tab::Shadow, "Shadow-banned")}
            {tab_button(Tab::Published, "Published")}
            {tab_button(Tab::All, "All comments")}
            {tab_button(Tab::Threads, "Threads")}
            {tab_button(Tab::Numbers, "Numbers")}
            {tab_button(Tab::Log, "Log")}
            {tab_button(Tab::Rules, "Rules")}
            {owner.then(|| tab_button(Tab::Deliveries, "Deliveries"))}
            {move || commenter.with(Option::is_some).then(|| tab_button(Tab::Commenter, "Commenter"))}
        </nav>
        {move || match tab.get() {
            Tab::Held => view! { <queue::Queue status="pending" on_error /> }.into_any(),
            Tab::Spam => view! { <queue::Queue status="spam" on_error /> }.into_any(),
            Tab::Shadow => view! { <queue::Queue status="shadow" on_error /> }.into_any(),
            Tab::Published => view! { <queue::Queue status="published" on_error /> }.into_any(),
            Tab::All => view! { <queue::Queue status="all" on_error /> }.into_any(),
            Tab::Threads => view! { <threads_view::ThreadsView on_error /> }.into_any(),
            Tab::Numbers => view! { <numbers_view::NumbersView on_error /> }.into_any(),
            Tab::Log => view! { <log_view::LogView on_error /> }.into_any(),
            Tab::Rules => {
                let sites = sites.clone();
                view! { <rules_view::RulesView sites on_error /> }.into_any()
            }
            Tab::Deliveries => view! { <deliveries_view::DeliveriesView on_error /> }.into_any(),
            Tab::Commenter => {
                let sites = sites.clone();
                commenter
                    .get()
                    .map(|who| view! { <commenter_view::CommenterView who sites on_error /> })
                    .into_any()
            }
        }}
    }
}
