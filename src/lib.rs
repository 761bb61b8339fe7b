//! Confab's comment widget: a Leptos component compiled to WebAssembly.
//!
//! `embed.js` loads this module and calls [`mount`] for each place a page wants comments;
//! everything else lives in modules that native and browser tests can reach.

pub mod api;
pub mod components;
pub mod config;
pub mod draw_order;
pub mod fetch;
pub mod identicon;
pub mod json;
pub mod live;
pub mod local_store;
pub mod locale;
pub mod messages;
pub mod proof;
pub mod sign_in;
pub mod theme;
pub mod thread;
pub mod time;
pub mod watch;
pub mod wire;

use config::WidgetConfig;
use wasm_bindgen::prelude::*;

/// Mounts the widget into `host`'s (open) shadow root. `asset_base` is the URL of the
/// directory `embed.js` was loaded from; the stylesheet and, by default, the API live there.
#[wasm_bindgen]
pub fn mount(host: web_sys::HtmlElement, asset_base: String) -> Result<(), JsValue> {
    // Development builds name a panic in the console; the release widget aborts without
    // the message (its formatting code would be in every reader's download).
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    let config = WidgetConfig::from_host(&host, &asset_base)
        .map_err(|error| JsValue::from_str(&format!("Confab: {error}")))?;
    let root = components::prepare_shadow_root(&host, &config)?;
    theme::follow(&host, &root);
    let signed_in = sign_in::follow(&host);
    let lang = locale::for_host(&host);
    let overrides = locale::overrides(&host);
    // The skeleton shows while another language's strings arrive.
    let skeleton = leptos::mount::mount_to(root.clone(), components::skeleton);
    wasm_bindgen_futures::spawn_local(async move {
        let messages = locale::load(lang, &config.asset_base, overrides).await;
        let _ = root.set_attribute("lang", &messages.lang);
        let _ = root.set_attribute("dir", if messages.is_rtl() { "rtl" } else { "ltr" });
        messages::set_current(messages);
        drop(skeleton);
        leptos::mount::mount_to(root, move || components::widget(config, signed_in)).forget();
    });
    Ok(())
}
