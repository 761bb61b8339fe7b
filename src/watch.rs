//! Calling back when the host page changes some attributes of an element (a
//! `MutationObserver`), for options the widget follows live: the theme, the signed-in
//! reader.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{Element, MutationObserver, MutationObserverInit};

/// Calls `changed` whenever one of `attributes` of `element` changes, for as long as the
/// page lives.
pub fn attributes(element: &Element, attributes: &[&str], changed: impl Fn() + 'static) {
    let callback = Closure::<dyn Fn()>::new(changed);
    let Ok(observer) = MutationObserver::new(callback.as_ref().unchecked_ref()) else {
        return;
    };
    callback.forget();
    let options = MutationObserverInit::new();
    options.set_attributes(true);
    let filter: js_sys::Array = attributes
        .iter()
        .map(|name| js_sys::JsString::from(*name))
        .collect();
    options.set_attribute_filter(&filter);
    let _ = observer.observe_with_options(element, &options);
}
