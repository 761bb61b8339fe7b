//! Drawing a freshly loaded thread a slice at a time, in reading order (the order and the
//! batch sizes are [`crate::draw_order`]'s): a screenful in the task that loaded it, the
//! rest after the first paint, in short tasks that leave the page free to scroll and click.
//! Each of those tasks draws batches until its time is used.

use crate::draw_order::{DrawOrder, FIRST_SLICE, MIN_BATCH, next_batch};
use crate::thread::ThreadModel;
use confab_api::CommentId;
use leptos::prelude::*;
use std::task::Poll;
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
        request_animation_frame(move || self.draw_next());
    }

    /// Draws the next slice in a new task.
    fn draw_next(self) {
        set_timeout(
            move || leptos::task::spawn_local(self.draw_slice()),
            Duration::ZERO,
        );
    }

    /// Draws batches of comments until the slice's time is used, then leaves the rest to
    /// the next task. Each batch is drawn by the lists before the next is sized: they
    /// follow the limit in tasks of the same turn, which run before this one resumes.
    async fn draw_slice(self) {
        let started = js_sys::Date::now();
        let (mut drawn, mut batch) = (0, MIN_BATCH);
        loop {
            // The thread was replaced meanwhile (another order, a reload).
            let Some(limit) = self.limit.try_get_untracked() else {
                return;
            };
            self.first_drawn.set_value(true);
            let limit = limit.saturating_add(batch);
            if limit >= self.order.with_value(DrawOrder::len) {
                self.finish();
                return;
            }
            self.limit.set(limit);
            drawn += batch;
            yield_now().await;
            match next_batch(drawn, js_sys::Date::now() - started) {
                Some(next) => batch = next,
                None => break,
            }
        }
        self.draw_next();
    }

    /// Everything is drawn: the order is no longer needed.
    fn finish(self) {
        self.limit.set(u32::MAX);
        self.order.set_value(DrawOrder::default());
    }
}

/// Lets every task already woken in this turn (the lists following the limit) run first.
async fn yield_now() {
    let mut yielded = false;
    std::future::poll_fn(|context| {
        if yielded {
            Poll::Ready(())
        } else {
            yielded = true;
            context.waker().wake_by_ref();
            Poll::Pending
        }
    })
    .await;
}
