//! A list read in pages (keyset, newest first): what is shown so far, where the next page
//! starts, and its “Show more” button.

use leptos::prelude::*;

pub struct Pages<T: Send + Sync + 'static> {
    /// What is shown; none until the first page came.
    pub items: RwSignal<Option<Vec<T>>>,
    /// The `before` of the next page, if more match.
    next: RwSignal<Option<String>>,
}

impl<T: Send + Sync + 'static> Clone for Pages<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Pages<T> {}

impl<T: Send + Sync + 'static> Default for Pages<T> {
    fn default() -> Self {
        Self {
            items: RwSignal::new(None),
            next: RwSignal::new(None),
        }
    }
}

impl<T: Send + Sync + 'static> Pages<T> {
    /// Where the page to ask for starts: after those shown (`more`), or at the start.
    pub fn before(&self, more: bool) -> Option<String> {
        more.then(|| self.next.get_untracked()).flatten()
    }

    /// Takes a page: after those shown (`more`), or in their place.
    pub fn receive(&self, more: bool, page: Vec<T>, next: Option<String>) {
        self.next.set(next);
        if more {
            self.items
                .update(|items| items.get_or_insert_default().extend(page));
        } else {
            self.items.set(Some(page));
        }
    }

    /// “Show more”, while more match; it calls `load(true)`.
    pub fn more_button(self, load: impl Fn(bool) + Copy + Send + Sync + 'static) -> impl IntoView {
        let next = self.next;
        move || {
            next.with(Option::is_some).then(|| {
                view! {
                    <button type="button" class="more" on:click=move |_| load(true)>"Show more"</button>
                }
            })
        }
    }
}
