//! Drawing a freshly loaded thread a slice at a time, in reading order (the order and the
//! slice sizes are [`crate::draw_order`]'s): a screenful in the task that loaded it, the
//! rest after the first paint, in short tasks that leave the page free to scroll and click.

use crate::draw_order::{DrawOrder, FIRST_SLICE, next_slice};
use crate::thread::ThreadModel;
use confab_api::CommentId;
use leptos::prelude::*;
use std::time::Duration;

/// How much of the loaded page is drawn so far.
#[derive(Clone, Copy)]
pub struct Pace {
    order: StoredValue<DrawOrder>,
    /// Comments placed before this in the order are drawn.
    limit: RwSignal<u32>,
    /// Whether the first slice (and any comment a link pointed to) is drawn: what comes
    /// after is drawn below it.
    first_drawn: StoredValue<bool>,
}

impl Pace {
    /// The pace of drawing `model`, a page just loaded: its first slice only, so far.
    pub fn new(model: &ThreadModel) -> Self {
        Self {
            order: StoredValue::new(DrawOrder::of(model)),
            limit: RwSignal::new(FIRST_SLICE),
            first_drawn: StoredValue::new(false),
        }
    }

    /// How many of `siblings` (a list's comments, in order) to draw now. Only a list still
    /// waiting for some depends on the pace, so finished lists are not run again.
    pub fn drawable(&self, siblings: &[CommentId]) -> usize {
        let limit = self.limit.get_untracked();
        let drawable = self
            .order
            .with_value(|order| order.drawable(siblings, limit));
        if drawable < siblings.len() {
            self.limit.track();
        }
        drawable
    }

    /// Whether the comments drawn now come after the first slice (the page's first task
    /// and a link's target are drawn before). Those are the ones the browser may leave
    /// unrendered while far from the screen (`confab-comment--later`): their size is then
    /// a guess, which must never move what the reader was sent to.
    pub fn drawing_later(&self) -> bool {
        self.first_drawn.get_value()
    }

    /// Whether some of the page is still to be drawn (the thread is `aria-busy` meanwhile).
    pub fn is_drawing(&self) -> bool {
        self.limit.get() != u32::MAX
    }

    /// Draws everything up to comment `id` at once (a link points to it).
    pub fn draw_through(&self, id: CommentId) {
        let Some(place) = self.order.with_value(|order| order.position(id)) else {
            return;
        };
        if place >= self.limit.get_untracked() {
            self.limit.set(place.saturating_add(1));
        }
    }

    /// Draws the rest of the page, a slice per task, after the first slice has painted.
    pub fn start(self) {
        if self.order.with_value(DrawOrder::len) <= FIRST_SLICE {
            self.finish();
            return;
        }
        request_animation_frame(move || self.draw_next(0, js_sys::Date::now()));
    }

    /// In a new task: sizes the next slice by how long the last one (`last` comments,
    /// started at `started`) took, and draws it.
    fn draw_next(self, last: u32, started: f64) {
        set_timeout(
            move || {
                let now = js_sys::Date::now();
                // The thread was replaced meanwhile (another order, a reload).
                let Some(limit) = self.limit.try_get_untracked() else {
                    return;
                };
                self.first_drawn.set_value(true);
                let slice = next_slice(last, now - started);
                let limit = limit.saturating_add(slice);
                if limit >= self.order.with_value(DrawOrder::len) {
                    self.finish();
                } else {
                    self.limit.set(limit);
                    self.draw_next(slice, now);
                }
            },
            Duration::ZERO,
        );
    }

    /// Everything is drawn: the order is no longer needed.
    fn finish(self) {
        self.limit.set(u32::MAX);
        self.order.set_value(DrawOrder::default());
    }
}
