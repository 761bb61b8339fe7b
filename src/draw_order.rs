//! The order in which a freshly loaded thread is drawn, and how much to draw per task.
//!
//! A thread of thousands of comments built in one task holds the main thread for half a
//! second or more: the page cannot scroll or take a click meanwhile. So the widget draws a
//! screenful first, then the rest in slices of about [`SLICE_TARGET_MS`] each, in the order
//! a reader meets the comments (each comment before its replies, replies before the next
//! comment). A slice draws batches until its time is used: the first small, the next sized
//! by the speed the slice has shown so far. Plain data here; the components schedule them.

use crate::thread::ThreadModel;
use confab_api::CommentId;
use std::collections::HashMap;

/// Comments drawn in the first task: a screenful and more, so the first paint shows a
/// full screen of the thread.
pub const FIRST_SLICE: u32 = 25;
/// How long one later slice should take to draw.
pub const SLICE_TARGET_MS: f64 = 40.0;
/// The comments of a slice's first batch, and the fewest of any batch.
pub const MIN_BATCH: u32 = 8;
/// The most comments one batch draws, however fast the last ones were.
const MAX_BATCH: u32 = 2_000;

/// Each comment's place in reading order, for the comments of one loaded page.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct DrawOrder {
    positions: HashMap<CommentId, u32>,
}

impl DrawOrder {
    /// The reading order of every comment in `model`: depth first, replies in their order.
    pub fn of(model: &ThreadModel) -> Self {
        let mut positions = HashMap::with_capacity(model.len());
        let mut stack: Vec<CommentId> = model.children(None).iter().rev().copied().collect();
        while let Some(id) = stack.pop() {
            let position = u32::try_from(positions.len()).unwrap_or(u32::MAX);
            // A comment listed twice (never by the model) would loop; keep the first place.
            if positions.insert(id, position).is_some() {
                continue;
            }
            stack.extend(model.children(Some(id)).iter().rev().copied());
        }
        Self { positions }
    }

    /// How many comments the order places.
    pub fn len(&self) -> u32 {
        u32::try_from(self.positions.len()).unwrap_or(u32::MAX)
    }

    /// Whether the order places no comment.
    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    /// The place of comment `id`, if it belongs to the page the order was made for.
    pub fn position(&self, id: CommentId) -> Option<u32> {
        self.positions.get(&id).copied()
    }

    /// How many of `siblings` (in their order) may be drawn while the first `limit`
    /// comments of the order are: those before the first one placed at `limit` or later.
    /// Comments the order does not place (posted or loaded later) are drawn at once.
    pub fn drawable(&self, siblings: &[CommentId], limit: u32) -> usize {
        siblings
            .iter()
            .position(|id| self.position(*id).is_some_and(|place| place >= limit))
            .unwrap_or(siblings.len())
    }
}

/// The size of a slice's next batch, after it drew `drawn` comments in `elapsed_ms`: as
/// many as fit in the time left at that speed, within sane bounds; `None` once the time is
/// used.
pub fn next_batch(drawn: u32, elapsed_ms: f64) -> Option<u32> {
    let left = SLICE_TARGET_MS - elapsed_ms;
    if left <= 0.0 {
        return None;
    }
    let per_comment = elapsed_ms.max(0.1) / f64::from(drawn.max(1));
    // Whole comments only; the float is bounded by the clamp below.
    let fitting = (left / per_comment) as u32;
    Some(fitting.clamp(MIN_BATCH, MAX_BATCH))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::thread::tests::comment;

    fn nested() -> ThreadModel {
        // 1 ─ 3 ─ 4
        //   └ 5
        // 2 ─ 6
        ThreadModel::from_comments(vec![
            comment(1, None),
            comment(2, None),
            comment(3, Some(1)),
            comment(4, Some(3)),
            comment(5, Some(1)),
            comment(6, Some(2)),
        ])
    }

    #[test]
    fn comments_are_drawn_in_reading_order_each_before_its_replies() {
        let order = DrawOrder::of(&nested());
        let places: Vec<_> = [1, 3, 4, 5, 2, 6]
            .iter()
            .map(|id| order.position(*id))
            .collect();
        assert_eq!(places, [0, 1, 2, 3, 4, 5].map(Some));
        assert_eq!(order.len(), 6);
    }

    #[test]
    fn a_list_is_drawn_up_to_its_first_comment_beyond_the_limit() {
        let model = nested();
        let order = DrawOrder::of(&model);
        assert_eq!(order.drawable(model.children(None), 0), 0);
        assert_eq!(order.drawable(model.children(None), 1), 1);
        assert_eq!(
            order.drawable(model.children(Some(1)), 3),
            1,
            "comment 5 is the fourth in reading order"
        );
        assert_eq!(order.drawable(model.children(None), 5), 2);
        assert_eq!(order.drawable(model.children(Some(1)), u32::MAX), 2);
    }

    #[test]
    fn comments_that_came_later_are_drawn_at_once_after_those_waiting() {
        let mut model = nested();
        let order = DrawOrder::of(&model);
        model.insert_posted(comment(7, None));
        assert_eq!(order.position(7), None);
        assert_eq!(
            order.drawable(model.children(None), 1),
            1,
            "a newcomer waits behind comment 2"
        );
        assert_eq!(order.drawable(model.children(None), 6), 3);
    }

    #[test]
    fn a_batch_fills_the_time_left_in_its_slice_within_bounds() {
        assert_eq!(
            next_batch(8, 4.0),
            Some(72),
            "36 ms left at half a millisecond a comment"
        );
        assert_eq!(next_batch(8, 39.0), Some(MIN_BATCH), "at least a few");
        assert_eq!(next_batch(400, 1.0), Some(MAX_BATCH), "at most so many");
        assert_eq!(next_batch(100, 40.0), None, "the slice's time is used");
        assert_eq!(next_batch(0, 50.0), None);
    }
}
