//! Live updates: while the thread is on screen and the tab visible, an `EventSource` on
//! the server's `/api/v1/events` brings other readers' changes. New top-level comments wait
//! behind a “New comments” button instead of moving the page under the reader; replies to
//! a comment shown appear in place; edits and deletions show at once. Each change's id is
//! kept, so a stream opened again (the tab shown again) misses nothing.

use crate::components::context::OwnRecords;
use crate::config::WidgetConfig;
use crate::thread::ThreadModel;
use confab_api::ThreadChange;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// The open stream and what decides whether it should be open.
struct Live {
    model: RwSignal<ThreadModel>,
    own: OwnRecords,
    config: StoredValue<WidgetConfig>,
    source: Option<web_sys::EventSource>,
    on_message: Option<Closure<dyn FnMut(web_sys::MessageEvent)>>,
    on_error: Option<Closure<dyn FnMut()>>,
    /// The id of the last change received.
    last_id: Option<String>,
    on_screen: bool,
}

/// What must stay alive while the thread is shown.
struct Watchers {
    live: Rc<RefCell<Live>>,
    observer: Option<web_sys::IntersectionObserver>,
    _on_intersect: Closure<dyn FnMut(js_sys::Array)>,
    on_visibility: Closure<dyn FnMut()>,
}

/// Follows the thread's changes after change `since` (when its page was read) while
/// `section` is on screen and the tab visible.
pub fn follow(
    model: RwSignal<ThreadModel>,
    own: OwnRecords,
    config: StoredValue<WidgetConfig>,
    section: web_sys::Element,
    since: i64,
) {
    let live = Rc::new(RefCell::new(Live {
        model,
        own,
        config,
        source: None,
        on_message: None,
        on_error: None,
        last_id: Some(since.to_string()),
        on_screen: false,
    }));
    let on_intersect = {
        let live = Rc::clone(&live);
        Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let on_screen = entries.iter().any(|entry| {
                entry
                    .unchecked_into::<web_sys::IntersectionObserverEntry>()
                    .is_intersecting()
            });
            live.borrow_mut().on_screen = on_screen;
            update(&live);
        })
    };
    let observer = web_sys::IntersectionObserver::new(on_intersect.as_ref().unchecked_ref()).ok();
    if let Some(observer) = &observer {
        observer.observe(&section);
    }
    let on_visibility = {
        let live = Rc::clone(&live);
        Closure::<dyn FnMut()>::new(move || update(&live))
    };
    let document = window().document();
    if let Some(document) = &document {
        let _ = document.add_event_listener_with_callback(
            "visibilitychange",
            on_visibility.as_ref().unchecked_ref(),
        );
    }
    let watchers = StoredValue::new_local(Watchers {
        live,
        observer,
        _on_intersect: on_intersect,
        on_visibility,
    });
    on_cleanup(move || {
        watchers.update_value(|watchers| {
            if let Some(observer) = &watchers.observer {
                observer.disconnect();
            }
            if let Some(document) = window().document() {
                let _ = document.remove_event_listener_with_callback(
                    "visibilitychange",
                    watchers.on_visibility.as_ref().unchecked_ref(),
                );
            }
            close(&mut watchers.live.borrow_mut());
        });
    });
}

/// Opens or closes the stream as the thread and the tab are shown or hidden.
fn update(live: &Rc<RefCell<Live>>) {
    let hidden = window()
        .document()
        .is_some_and(|document| document.hidden());
    let wanted = live.borrow().on_screen && !hidden;
    let open = live.borrow().source.is_some();
    if wanted && !open {
        start(live);
    } else if !wanted && open {
        close(&mut live.borrow_mut());
    }
}

fn start(live: &Rc<RefCell<Live>>) {
    let url = {
        let state = live.borrow();
        let (api_base, thread) = state
            .config
            .with_value(|config| (config.api_base.clone(), config.thread.clone()));
        let mut url = format!(
            "{api_base}/api/v1/events?thread={}",
            js_sys::encode_uri_component(&thread)
        );
        if let Some(last) = &state.last_id {
            url.push_str(&format!(
                "&last_event_id={}",
                js_sys::encode_uri_component(last)
            ));
        }
        url
    };
    let Ok(source) = web_sys::EventSource::new(&url) else {
        return;
    };
    let on_message = {
        let live = Rc::clone(live);
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let Some(data) = event.data().as_string() else {
                return;
            };
            let Ok(change) = crate::wire::parse::<ThreadChange>(&data) else {
                return;
            };
            let mut state = live.borrow_mut();
            let id = event.last_event_id();
            if !id.is_empty() {
                state.last_id = Some(id);
            }
            apply(state.model, state.own, change);
        })
    };
    source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The browser retries a dropped connection by itself, but gives up on an error answer
    // (a proxy's 502 while the server restarts): then try again a little later.
    let on_error = {
        let live = Rc::clone(live);
        Closure::<dyn FnMut()>::new(move || {
            let given_up = live
                .borrow()
                .source
                .as_ref()
                .is_some_and(|source| source.ready_state() == web_sys::EventSource::CLOSED);
            if given_up {
                close(&mut live.borrow_mut());
                let live = Rc::clone(&live);
                let retry = Closure::once_into_js(move || update(&live));
                let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(
                    retry.unchecked_ref(),
                    RETRY_AFTER_ERROR_MS,
                );
            }
        })
    };
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let mut state = live.borrow_mut();
    state.source = Some(source);
    state.on_message = Some(on_message);
    state.on_error = Some(on_error);
}

/// How long to wait before opening a stream again after the browser gave up on it.
const RETRY_AFTER_ERROR_MS: i32 = 5_000;

fn close(live: &mut Live) {
    if let Some(source) = live.source.take() {
        source.set_onmessage(None);
        source.set_onerror(None);
        source.close();
    }
    live.on_message = None;
    live.on_error = None;
}

/// Shows one change (see [`crate::thread::ThreadModel::apply`]); views hear of it only when it
/// changed something.
pub fn apply(model: RwSignal<ThreadModel>, own_records: OwnRecords, change: ThreadChange) {
    let own = match &change {
        ThreadChange::Added { comment } => own_records.contains(comment.id),
        ThreadChange::Deleted { id, .. } => own_records.contains(*id),
        _ => false,
    };
    model.maybe_update(|model| model.apply(change, own));
}
