//! Effects compiled once: each `Effect::new` with its own closure type is its own copy of
//! the effect machinery in the download; this one takes its closure boxed, so every use
//! shares one copy.

use leptos::prelude::*;

/// Runs `run` (first on the next tick) and again whenever what it read changes, for as
/// long as the view that made it is drawn.
pub fn effect(run: impl Fn() + 'static) {
    let run: Box<dyn Fn()> = Box::new(run);
    Effect::new(run);
}
