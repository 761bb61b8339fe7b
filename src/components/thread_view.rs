//! The thread: its heading, the nested comments and the reply box under them, and what
//! all of them share.

use super::comment::CommentList;
use super::reply_box::ReplyBox;
use super::reply_state::ReplyForm;
use crate::api;
use crate::config::WidgetConfig;
use crate::local_store::{self, OwnComment};
use crate::messages;
use crate::thread::ThreadModel;
use confab_api::{CommentId, CommentKey, ThreadPage};
use leptos::prelude::*;
use std::time::Duration;

/// What every part of one thread shares.
#[derive(Clone, Copy)]
pub struct ThreadContext {
    /// The comments shown.
    pub model: RwSignal<ThreadModel>,
    /// How many comments the thread has, including any just posted.
    pub count: RwSignal<u32>,
    /// The reply box's fields and where it stands.
    pub form: ReplyForm,
    /// The widget's options.
    pub config: StoredValue<WidgetConfig>,
    /// The comments this browser posted here, with their edit tokens.
    pub own: RwSignal<Vec<OwnComment>>,
    /// The comment being edited, if any.
    pub editing: RwSignal<Option<CommentId>>,
    /// A message about one comment (say, why an edit was refused).
    pub notice: RwSignal<Option<(CommentId, String)>>,
    /// The current time in milliseconds, renewed every few seconds (for edit windows).
    pub now: RwSignal<f64>,
    /// What screen readers are told after an action (a polite live region).
    pub announcement: RwSignal<String>,
}

impl ThreadContext {
    /// This browser's record of comment `id`, if it posted it.
    pub fn own_comment(&self, id: CommentId) -> Option<OwnComment> {
        self.own
            .with(|own| own.iter().find(|comment| comment.id == id).cloned())
    }

    /// Changes the own-comment records and writes them to `localStorage`.
    pub fn change_own(&self, change: impl FnOnce(&mut Vec<OwnComment>)) {
        self.own.update(change);
        self.save_own();
    }

    fn save_own(&self) {
        let thread = self.config.with_value(|config| config.thread.clone());
        self.own
            .with_untracked(|own| local_store::save_own_comments(&thread, own));
    }
}

/// A loaded thread.
#[component]
pub fn ThreadView(page: ThreadPage, config: WidgetConfig) -> impl IntoView {
    let title = page
        .thread
        .title
        .clone()
        .filter(|title| !title.is_empty())
        .unwrap_or_else(|| config.title.clone());
    let now = js_sys::Date::now();
    let context = ThreadContext {
        model: RwSignal::new(ThreadModel::from_comments(page.comments)),
        count: RwSignal::new(page.thread.count),
        form: ReplyForm::new(&config.thread),
        own: RwSignal::new(local_store::own_comments(&config.thread, now)),
        editing: RwSignal::new(None),
        notice: RwSignal::new(None),
        now: RwSignal::new(now),
        announcement: RwSignal::new(String::new()),
        config: StoredValue::new(config),
    };
    provide_context(context);
    load_own_comments(context);
    if let Ok(clock) = set_interval_with_handle(
        move || context.now.set(js_sys::Date::now()),
        Duration::from_secs(5),
    ) {
        on_cleanup(move || clock.clear());
    }
    let heading = move || messages::thoughts_heading(context.count.get(), &title);
    let label = heading.clone();
    view! {
        <section class="confab-thread" aria-label=label>
            <h2 class="confab-thread__heading" part="heading">{heading}</h2>
            <CommentList parent=None depth=0 />
            <ReplyBox parent=None />
            <p class="confab-visually-hidden" aria-live="polite">{move || context.announcement.get()}</p>
        </section>
    }
}

/// Asks the server about the comments this browser posted here, so one that awaits
/// moderation shows to its author, and forgets those the server no longer has.
fn load_own_comments(context: ThreadContext) {
    let keys: Vec<CommentKey> = context.own.with_untracked(|own| {
        own.iter()
            .map(|comment| CommentKey {
                id: comment.id,
                edit_token: comment.edit_token.clone(),
            })
            .collect()
    });
    if keys.is_empty() {
        return;
    }
    let api_base = context.config.with_value(|config| config.api_base.clone());
    leptos::task::spawn_local(async move {
        let Ok(found) = api::own_comments(&api_base, keys).await else {
            return;
        };
        context.own.update(|own| {
            own.retain(|entry| found.iter().any(|comment| comment.id == entry.id));
        });
        context.model.update(|model| {
            for comment in found {
                model.insert_posted(comment);
            }
        });
        context.save_own();
    });
}
