//! Showing a view, or another, while a condition holds: what `<Show>` does, compiled once.
//!
//! Each `<Show>` with its own closures is its own copy of the machinery in the download;
//! these take their closures boxed, so every use shares one copy.

use leptos::prelude::*;

/// A condition, boxed.
type Condition = Box<dyn Fn() -> bool + Send + Sync>;
/// A view to draw, boxed.
type Drawing = Box<dyn Fn() -> AnyView + Send + Sync>;

/// `children` while `when` holds, nothing otherwise. Drawn again only when `when` changes.
pub fn shown_when(
    when: impl Fn() -> bool + Send + Sync + 'static,
    children: impl Fn() -> AnyView + Send + Sync + 'static,
) -> AnyView {
    switch(Box::new(when), Box::new(children), None)
}

/// `children` while `when` holds, `fallback` otherwise. Drawn again only when `when` changes.
pub fn shown_when_else(
    when: impl Fn() -> bool + Send + Sync + 'static,
    children: impl Fn() -> AnyView + Send + Sync + 'static,
    fallback: impl Fn() -> AnyView + Send + Sync + 'static,
) -> AnyView {
    switch(Box::new(when), Box::new(children), Some(Box::new(fallback)))
}

fn switch(when: Condition, children: Drawing, fallback: Option<Drawing>) -> AnyView {
    let holds = Memo::new(move |_| when());
    (move || {
        if holds.get() {
            children()
        } else {
            fallback
                .as_ref()
                .map_or_else(|| ().into_any(), |fallback| fallback())
        }
    })
    .into_any()
}
