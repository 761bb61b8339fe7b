//! The thread's clock: the current time, renewed every few seconds (for edit windows), and
//! the recent times drawn on cards, whose words it renews on each tick. Older times change
//! at most once a day, so a thread of thousands holds nothing for them.

use crate::{messages, time};
use leptos::prelude::*;
use std::time::Duration;
use web_sys::Element;

/// The clock's signal and the `<time>` elements whose words still change.
#[derive(Clone, Copy)]
pub struct Clock {
    now: RwSignal<f64>,
    recent_times: StoredValue<Vec<Element>, LocalStorage>,
}

impl Clock {
    /// A clock set to `now` that ticks every five seconds while the thread is shown.
    pub fn start(now: f64) -> Self {
        let clock = Self {
            now: RwSignal::new(now),
            recent_times: StoredValue::new_local(Vec::new()),
        };
        if let Ok(ticking) = set_interval_with_handle(
            move || clock.tick(js_sys::Date::now()),
            Duration::from_secs(5),
        ) {
            on_cleanup(move || ticking.clear());
        }
        clock
    }

    /// Makes what is being drawn run again on the next tick.
    pub fn track(&self) {
        self.now.track();
    }

    /// Renews the words of `element`, a `<time datetime=…>` drawn on a card, on every tick
    /// while they change.
    pub fn renew(&self, element: Element) {
        self.recent_times
            .update_value(|recent_times| recent_times.push(element));
    }

    fn tick(&self, now: f64) {
        let lang = messages::lang();
        self.recent_times.update_value(|recent_times| {
            // Times drawn over (a card drawn again) are let go, and those whose words will
            // not change today once renewed a last time.
            recent_times.retain(|element| {
                if !element.is_connected() {
                    return false;
                }
                let datetime = element.get_attribute("datetime").unwrap_or_default();
                element.set_text_content(Some(&time::relative(&datetime, &lang)));
                time::is_recent(&datetime)
            });
        });
        self.now.set(now);
    }
}
