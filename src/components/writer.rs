//! The writer parts (the full reply box, the edit box, Edit and Delete on the reader's
//! own comments, and sending a vote or a reaction) behind the split point: the release build moves them off the reader core
//! into a module of their own, loaded when the reader focuses the reply box or presses
//! Reply or Edit, and prefetched once the browser is idle after the thread is drawn. Without the `split`
//! feature they are in the one module and "loading" them costs nothing.

use super::context::ThreadContext;
use super::writer_state::WriterState;
use confab_api::CommentId;
use leptos::prelude::*;
use std::task::{Context, Poll, Waker};
use wasm_bindgen::JsCast;

/// One writer part, as the reader core asks for it. (A vote carries the thread's handles:
/// copied once per press, cheaper in bytes than boxing them.)
#[derive(Clone, Copy)]
#[allow(clippy::large_enum_variant)]
pub enum WriterPart {
    /// The reply box answering a comment, or under the thread (`None`).
    Reply(Option<CommentId>),
    /// The edit box of the reader's own comment.
    Edit(CommentId),
    /// Edit and Delete on the reader's own comment.
    Controls(CommentId),
    /// Not a view: sends the reader's vote on a comment of the thread, drawing nothing.
    Vote(ThreadContext, CommentId, i8),
    /// Not a view: adds (`true`) or takes back the reader's reaction (the site's reaction
    /// at that index) to a comment, or to the page (`None`).
    React(ThreadContext, Option<CommentId>, usize, bool),
}

/// The reader asked for the writer parts: loads them unless they are loaded or on their
/// way (a prefetch under way now counts as asked, so its failure is shown).
pub fn load(state: RwSignal<WriterState>) {
    match state.get_untracked() {
        WriterState::Loading | WriterState::Ready => {}
        WriterState::Prefetching => state.set(WriterState::Loading),
        WriterState::Waiting | WriterState::Failed => start(state, WriterState::Loading),
    }
}

fn start(state: RwSignal<WriterState>, how: WriterState) {
    state.set(how);
    leptos::task::spawn_local(async move {
        let loaded = entry::preload().await.is_ok();
        state.set(match (loaded, state.get_untracked()) {
            (true, _) => WriterState::Ready,
            (false, WriterState::Prefetching) => WriterState::Waiting,
            (false, _) => WriterState::Failed,
        });
    });
}

/// Loads the writer parts when the browser is next idle (at once where it cannot say).
pub fn prefetch_when_idle(state: RwSignal<WriterState>) {
    let prefetch = move || {
        if state.get_untracked() == WriterState::Waiting {
            start(state, WriterState::Prefetching);
        }
    };
    let callback = wasm_bindgen::closure::Closure::once_into_js(prefetch);
    let window = window();
    let idle = js_sys::Reflect::get(&window, &"requestIdleCallback".into())
        .ok()
        .and_then(|function| function.dyn_into::<js_sys::Function>().ok());
    let scheduled = match idle {
        Some(request_idle) => request_idle.call1(&window, &callback).is_ok(),
        None => window
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 1)
            .is_ok(),
    };
    if !scheduled {
        prefetch();
    }
}

/// “The reply box could not be loaded” with Try again, where a writer part should be.
pub fn load_failed(state: RwSignal<WriterState>) -> AnyView {
    view! {
        <div class="confab-problem" role="alert">
            <p class="confab-error confab-error--form">{crate::messages::text("writer-failed")}</p>
            <button type="button" class="confab-button confab-button--retry" part="button retry-button"
                on:click=move |_| load(state)>
                {crate::messages::text("try-again")}
            </button>
        </div>
    }
    .into_any()
}

/// A writer part, once loaded (ask only when [`WriterState::Ready`]). The module is there,
/// so the split function's future is ready at its first poll: the part is drawn at once,
/// in the caller's reactive owner, with no suspense boundary in the reader core.
pub fn view(state: RwSignal<WriterState>, part: WriterPart) -> AnyView {
    let mut drawn = std::pin::pin!(entry::writer_part(part));
    let mut no_waiting = Context::from_waker(Waker::noop());
    match drawn.as_mut().poll(&mut no_waiting) {
        Poll::Ready(Ok(view)) => view,
        // Loaded once, the module stays; this is only for completeness.
        _ => {
            state.set(WriterState::Failed);
            ().into_any()
        }
    }
}

/// Runs a writer part that draws nothing (sending a vote): at once when the writer parts
/// are there, else once they have loaded.
pub fn run(state: RwSignal<WriterState>, part: WriterPart) {
    if state.get_untracked() == WriterState::Ready {
        view(state, part);
        return;
    }
    leptos::task::spawn_local(async move {
        if entry::preload().await.is_ok() {
            state.set(WriterState::Ready);
            view(state, part);
        } else {
            state.set(WriterState::Failed);
        }
    });
}

/// The writer parts themselves: what the split-off module runs.
fn draw(part: WriterPart) -> AnyView {
    // Drawn inside the caller's render effect: what the part reads while it is built must
    // not make that effect run again.
    untrack(|| match part {
        WriterPart::Reply(parent) => super::reply_box::reply_form(parent),
        WriterPart::Edit(id) => super::own::edit_box(id),
        WriterPart::Controls(id) => super::own::controls(id),
        WriterPart::Vote(context, id, value) => {
            super::vote_cast::cast(context, id, value);
            ().into_any()
        }
        WriterPart::React(context, target, index, on) => {
            super::reaction_cast::cast(context, target, index, on);
            ().into_any()
        }
    })
}

/// The release build's split point: wasm-split moves `draw` and everything only it uses
/// into `split_writer.wasm`. The macro's loader stubs need `unsafe`.
#[cfg(feature = "split")]
#[allow(unsafe_code)]
mod entry {
    use super::WriterPart;
    use leptos::prelude::AnyView;
    use leptos::wasm_split::SplitLoaderError;

    #[leptos::wasm_split::wasm_split(
        writer,
        wasm_split_path = ::leptos::wasm_split,
        preload(preload),
        fallible
    )]
    pub fn writer_part(part: WriterPart) -> Result<AnyView, SplitLoaderError> {
        Ok(super::draw(part))
    }
}

/// One module: the writer parts are always there.
#[cfg(not(feature = "split"))]
mod entry {
    use super::WriterPart;
    use leptos::prelude::AnyView;
    use leptos::wasm_split::SplitLoaderError;

    pub async fn preload() -> Result<(), SplitLoaderError> {
        Ok(())
    }

    pub async fn writer_part(part: WriterPart) -> Result<AnyView, SplitLoaderError> {
        Ok(super::draw(part))
    }
}
