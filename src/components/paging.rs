//! Loading the rest of a thread on demand: “Show more comments”, “Show earlier comments”
//! and “Show N more replies”. A failed load says so and offers to try again, and keeps
//! everything already shown.

use super::context::ThreadContext;
use super::news::Watch;
use super::switch::shown_when;
use crate::api::{self, ApiError, PagePosition};
use crate::config::WidgetConfig;
use crate::messages;
use crate::thread::ThreadModel;
use confab_api::{CommentId, Sort, ThreadPage};
use leptos::prelude::*;

/// What a “load more” button runs; boxed, so that one button serves every kind of load
/// (a generic button was drawn by a copy of its code for each).
type LoadFn = Box<dyn Fn() -> Load + Send + Sync>;

/// One “load more” button: shows progress, and a message with “Try again” on failure.
#[component]
fn LoadButton(label: Signal<String>, load: LoadFn) -> impl IntoView {
    let load = StoredValue::new(load);
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let start = move || {
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        error.set(None);
        let future = load.with_value(|load| load());
        leptos::task::spawn_local(async move {
            if let Err(failure) = future.0.await {
                error.set(Some(failure.to_string()));
            }
            loading.set(false);
        });
    };
    view! {
        <div class="confab-more">
            <button type="button" class="confab-button confab-button--more" part="button more-button"
                disabled=move || loading.get() on:click=move |_| start()>
                {move || if loading.get() { messages::text("loading").to_owned() } else { label.get() }}
            </button>
            {move || error.get().map(|message| view! {
                <p class="confab-error" role="alert">{message} " "
                    <button type="button" class="confab-link-button" on:click=move |_| start()>
                        {messages::text("try-again")}
                    </button>
                </p>
            })}
        </div>
    }
}

/// A load to run: its future, boxed so buttons can hold different ones.
pub struct Load(std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), ApiError>>>>);

/// What a top-level page is loaded into, and how it is asked for.
#[derive(Clone, Copy)]
struct ShownPages {
    model: RwSignal<ThreadModel>,
    config: StoredValue<WidgetConfig>,
    sort: RwSignal<Sort>,
}

/// Loads the top-level page at `position` (in the reader's order) into the thread.
fn page_load(
    shown: ShownPages,
    position: PagePosition,
    apply: fn(&mut ThreadModel, ThreadPage),
) -> Load {
    let ShownPages {
        model,
        config,
        sort,
    } = shown;
    let (api_base, thread, page_size) = config.with_value(|config| {
        (
            config.api_base.clone(),
            config.thread.clone(),
            config.page_size,
        )
    });
    let sort = sort.get_untracked();
    Load(Box::pin(async move {
        let query = api::ThreadQuery {
            thread: &thread,
            sort,
            page_size,
        };
        let page = api::fetch_thread(&api_base, query, &position).await?;
        model.update(|model| apply(model, page));
        Ok(())
    }))
}

/// “Show more comments” under the top-level list, while the server has more.
#[component]
pub fn MoreComments(
    model: RwSignal<ThreadModel>,
    config: StoredValue<WidgetConfig>,
    sort: RwSignal<Sort>,
) -> impl IntoView {
    let cursor = move || model.with(|model| model.next_cursor.clone());
    let shown = ShownPages {
        model,
        config,
        sort,
    };
    let load = move || {
        let after = PagePosition::After(cursor().unwrap_or_default());
        page_load(shown, after, |model, page| {
            model.next_cursor = page.next_cursor;
            model.add_page(page.comments);
        })
    };
    let label = Signal::derive(|| messages::text("show-more-comments").to_owned());
    view! {
        {shown_when(move || cursor().is_some(), move || view! { <LoadButton label load=Box::new(load) /> }.into_any())}
    }
}

/// “Show earlier comments” above the list, after a link opened the thread further down.
#[component]
pub fn EarlierComments(
    model: RwSignal<ThreadModel>,
    config: StoredValue<WidgetConfig>,
    sort: RwSignal<Sort>,
) -> impl IntoView {
    let cursor = move || model.with(|model| model.prev_cursor.clone());
    let shown = ShownPages {
        model,
        config,
        sort,
    };
    let load = move || {
        let before = PagePosition::Before(cursor().unwrap_or_default());
        page_load(shown, before, |model, page| {
            model.prev_cursor = page.prev_cursor;
            model.add_earlier_page(page.comments);
        })
    };
    let label = Signal::derive(|| messages::text("show-earlier-comments").to_owned());
    view! {
        {shown_when(move || cursor().is_some(), move || view! { <LoadButton label load=Box::new(load) /> }.into_any())}
    }
}

/// “Show N more replies” under the replies of comment `id`, while it has more.
pub fn more_replies(context: ThreadContext, id: CommentId, watch: Watch) -> impl IntoView {
    let (model, config) = (context.model, context.config);
    let more = move || {
        watch.track();
        model.with_untracked(|model| model.more_replies(id))
    };
    let shown = more.clone();
    let load = move || {
        let after = model.with_untracked(|model| model.last_loaded_reply(id));
        let api_base = config.with_value(|config| config.api_base.clone());
        Load(Box::pin(async move {
            let page = api::fetch_replies(&api_base, id, after).await?;
            model.update(|model| model.add_page(page.comments));
            Ok(())
        }))
    };
    let label = Signal::derive(move || messages::more_replies(more()));
    view! {
        {shown_when(move || shown() > 0, move || view! { <LoadButton label load=Box::new(load) /> }.into_any())}
    }
}
