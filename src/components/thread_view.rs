//! The thread: its heading, the nested comments and the reply box under them.

use super::comment::CommentList;
use super::reply_box::ReplyBox;
use super::reply_state::ReplyForm;
use crate::config::WidgetConfig;
use crate::messages;
use crate::thread::ThreadModel;
use confab_api::ThreadPage;
use leptos::prelude::*;

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
    let context = ThreadContext {
        model: RwSignal::new(ThreadModel::from_comments(page.comments)),
        count: RwSignal::new(page.thread.count),
        form: ReplyForm::new(&config.thread),
        config: StoredValue::new(config),
    };
    provide_context(context);
    let heading = move || messages::thoughts_heading(context.count.get(), &title);
    let label = heading.clone();
    view! {
        <section class="confab-thread" aria-label=label>
            <h2 class="confab-thread__heading" part="heading">{heading}</h2>
            <CommentList parent=None depth=0 />
            <ReplyBox parent=None />
        </section>
    }
}
