//! The widget's components, one per concept, and the shadow root they render into.

pub mod body;
pub mod comment;
pub mod field;
pub mod own;
pub mod reply_box;
pub mod reply_state;
pub mod thread_view;

use crate::api;
use crate::config::WidgetConfig;
use crate::messages;
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

/// The whole widget: loads the thread, then shows it with its reply box.
pub fn widget(config: WidgetConfig) -> impl IntoView {
    let api_base = config.api_base.clone();
    let thread_key = config.thread.clone();
    let page = LocalResource::new(move || {
        let api_base = api_base.clone();
        let thread_key = thread_key.clone();
        async move { api::fetch_thread(&api_base, &thread_key).await }
    });
    view! {
        <Transition fallback=|| view! { <p class="confab-status">{messages::LOADING}</p> }>
            {move || {
                let config = config.clone();
                Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! { <thread_view::ThreadView page config /> }.into_any(),
                        Err(error) => {
                            view! { <p class="confab-status confab-status--error" role="alert">{error.to_string()}</p> }
                                .into_any()
                        }
                    }
                })
            }}
        </Transition>
    }
}
