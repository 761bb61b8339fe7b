//! The widget's components, one per concept, and the shadow root they render into.

pub mod body;
pub mod card_buttons;
pub mod card_header;
pub mod clicks;
pub mod clock;
pub mod comment;
pub mod comment_card;
pub mod context;
pub mod dom;
pub mod effects;
pub mod field;
pub mod manage;
pub mod news;
pub mod own;
pub mod pace;
pub mod paging;
pub mod reaction_cast;
pub mod reactions;
pub mod reply_box;
pub mod reply_parts;
pub mod reply_place;
pub mod reply_shell;
pub mod reply_state;
pub mod sign_in_follow;
pub mod switch;
pub mod thread_view;
pub mod vote_cast;
pub mod votes;
pub mod writer;
pub mod writer_state;

use crate::api;
use crate::config::WidgetConfig;
use crate::local_store;
use crate::messages;
use confab_api::ThreadPage;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlElement, ShadowRootInit, ShadowRootMode};

/// Gives `host` an open shadow root holding the widget's stylesheet and an empty root
/// element to mount into, so host CSS cannot reach in and the widget's cannot leak out.
pub fn prepare_shadow_root(
    host: &HtmlElement,
    config: &WidgetConfig,
) -> Result<HtmlElement, JsValue> {
    let shadow = match host.shadow_root() {
        Some(existing) => existing,
        None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };
    shadow.set_inner_html("");
    let document = host
        .owner_document()
        .ok_or("the host element has no document")?;
    let stylesheet = document.create_element("link")?;
    stylesheet.set_attribute("rel", "stylesheet")?;
    stylesheet.set_attribute("href", &config.stylesheet_url)?;
    shadow.append_child(&stylesheet)?;
    let root: HtmlElement = document.create_element("div")?.unchecked_into();
    root.set_class_name("confab");
    root.set_attribute("part", "confab")?;
    shadow.append_child(&root)?;
    Ok(root)
}

/// The whole widget: loads the thread (in the reader's sort order, or around the comment
/// the page's address points to), then shows it with its reply box. While another order or
/// page loads, the thread shown stays until the new one arrives; only the latest request's
/// answer is shown.
pub fn widget(config: WidgetConfig, signed_in: RwSignal<String>) -> impl IntoView {
    let sort = RwSignal::new(local_store::stored_sort());
    let around = RwSignal::new(thread_view::linked_comment());
    let reloads = RwSignal::new(0_u32);
    // The latest answer waits in `answer` until drawn, which takes it out (unnoticed) so a
    // thread of thousands of comments is never copied.
    let answer = RwSignal::new(None::<Result<ThreadPage, api::ApiError>>);
    let requests = StoredValue::new(0_u32);
    let (api_base, thread_key, page_size) = (
        config.api_base.clone(),
        config.thread.clone(),
        config.page_size,
    );
    effects::effect(move || {
        let position = match around.get() {
            Some(id) => api::PagePosition::Around(id),
            None => api::PagePosition::First,
        };
        let sort = sort.get();
        reloads.track();
        requests.update_value(|requests| *requests += 1);
        let request = requests.get_value();
        let (api_base, thread_key) = (api_base.clone(), thread_key.clone());
        leptos::task::spawn_local(async move {
            let query = api::ThreadQuery {
                thread: &thread_key,
                sort,
                page_size,
            };
            let page = api::fetch_thread(&api_base, query, &position).await;
            if requests.get_value() == request {
                answer.set(Some(page));
            }
        });
    });
    move || {
        answer.track();
        match answer.try_update_untracked(Option::take).flatten() {
            None => skeleton().into_any(),
            Some(Ok(page)) => {
                let config = config.clone();
                view! { <thread_view::ThreadView page config sort around reloads signed_in /> }
                    .into_any()
            }
            Some(Err(error)) => view! {
                <div class="confab-status confab-status--error" role="alert">
                    <p>{messages::text("load-failed")} " " {error.to_string()}</p>
                    <button type="button" class="confab-button" part="button retry-button"
                        on:click=move |_| reloads.update(|reloads| *reloads += 1)>
                        {messages::text("try-again")}
                    </button>
                </div>
            }
            .into_any(),
        }
    }
}

/// The shape of a thread, shown while it loads (instead of a blank).
pub fn skeleton() -> impl IntoView {
    view! {
        <div class="confab-skeleton" aria-busy="true" aria-label=messages::text("loading")>
            <div class="confab-skeleton__heading"></div>
            {(0..3).map(|_| view! {
                <div class="confab-skeleton__comment">
                    <div class="confab-skeleton__avatar"></div>
                    <div class="confab-skeleton__lines"><div></div><div></div><div></div></div>
                </div>
            }).collect_view()}
        </div>
    }
}
