//! The thread: its heading, the nested comments and the reply box under them, and what
//! all of them share.

use super::clicks::answer_click;
use super::clock::Clock;
use super::comment::comment_list;
use super::context::{Announcer, Editing, OwnRecords, ThreadContext, ThreadTerms};
use super::effects::effect;
use super::news::CommentNews;
use super::pace::Pace;
use super::paging::{EarlierComments, MoreComments};
use super::reactions::draw_page_reactions;
use super::reply_place::follow_reply_place;
use super::reply_shell::reply_box;
use super::reply_state::ReplyForm;
use super::switch::{shown_when, shown_when_else};
use super::writer;
use super::writer_state;
use crate::api;
use crate::config::WidgetConfig;
use crate::local_store;
use crate::messages;
use crate::sign_in::SignIn;
use crate::thread::ThreadModel;
use confab_api::{CommentId, Sort, ThreadPage, VoteMode};
use leptos::prelude::*;
use std::cell::Cell;
use std::collections::HashSet;

/// The comment the page's address points to (`#confab-comment-<id>`), if any.
pub fn linked_comment() -> Option<CommentId> {
    let hash = web_sys::window()?.location().hash().ok()?;
    hash.strip_prefix("#confab-comment-")?.parse().ok()
}

/// A loaded thread. `around` is the linked comment it was loaded for; following another
/// link to a comment not loaded yet sets it, which loads the page holding that comment.
#[component]
pub fn ThreadView(
    page: ThreadPage,
    config: WidgetConfig,
    sort: RwSignal<Sort>,
    around: RwSignal<Option<CommentId>>,
    reloads: RwSignal<u32>,
    /// The reader the host site signs in (its `sso` option), followed as it changes.
    #[prop(optional)]
    signed_in: Option<RwSignal<String>>,
) -> impl IntoView {
    let title = page
        .thread
        .title
        .clone()
        .filter(|title| !title.is_empty())
        .unwrap_or_else(|| config.title.clone());
    let now = js_sys::Date::now();
    let locked = page.thread.locked;
    let votes = page.thread.votes;
    let terms = ThreadTerms {
        locked,
        reply_notifications: page.thread.reply_notifications,
        votes,
    };
    let since = page.thread.last_event_id;
    let mut model = ThreadModel::from_comments(page.comments);
    model.set_count(page.thread.count);
    model.next_cursor = page.next_cursor;
    model.prev_cursor = page.prev_cursor;
    model.reactions = page.thread.reactions;
    model.page_reactions = page.thread.page_reactions;
    let pace = Pace::new(&model);
    let sign_in = SignIn::new(
        signed_in.unwrap_or_else(|| RwSignal::new(String::new())),
        page.thread.login_url.clone(),
        page.thread.logout_url.clone(),
        page.thread.logins.clone(),
    );
    let form = ReplyForm::new(&config.thread, sign_in);
    let config = StoredValue::new(config);
    let (model, collapsed) = (RwSignal::new(model), RwSignal::new(HashSet::new()));
    let context = ThreadContext {
        model,
        pace,
        form,
        own: OwnRecords::load(config, now),
        editing: Editing::idle(),
        clock: Clock::start(now),
        announcer: Announcer(RwSignal::new(String::new())),
        config,
        collapsed,
        news: CommentNews::follow(model, collapsed),
        writer: RwSignal::new(writer_state::initial_state()),
        terms,
    };
    provide_context(context);
    let own = context.own;
    load_own_comments(model, own, config);
    // The thread is drawn in this task; the writer parts come when the browser is idle.
    if !locked || !own.is_empty() {
        writer::prefetch_when_idle(context.writer);
    }
    let feed_url = config.with_value(feed_url);
    let section = NodeRef::<leptos::html::Section>::new();
    follow_links(model, context.pace, section, around);
    follow_reply_place(context, section);
    // Live updates start once the section is in the page, and only once.
    let following = Cell::new(false);
    effect(move || {
        if following.get() {
            return;
        }
        if let Some(element) = section.get() {
            following.set(true);
            crate::live::follow(model, own, config, element.into(), since);
        }
    });
    pace.start();
    let count = move || model.with(ThreadModel::count);
    let heading = move || messages::thoughts_heading(count(), &title);
    let label = heading.clone();
    let empty = move || count() == 0 && model.with(ThreadModel::is_empty);
    let announcement = context.announcer.0;
    // The page's reactions, drawn again only when their totals change, not on every
    // change of the thread.
    let page_totals = Memo::new(move |_| {
        model.with(|model| (!model.reactions.is_empty()).then(|| model.page_reactions.clone()))
    });
    view! {
        <section class="confab-thread" aria-label=label node_ref=section
            on:click=move |event| answer_click(context, event)
            aria-busy=move || pace.is_drawing().then_some("true")>
            <div class="confab-thread__top">
                <h2 class="confab-thread__heading" part="heading">{heading}</h2>
                <SortChoice sort votes />
            </div>
            {move || page_totals.get().map(|totals| {
                view! {
                    <span class="confab-reactions" part="reactions" role="group"
                        aria-label=messages::text("page-reactions")
                        use:draw_page_reactions=(context, totals)></span>
                }
            })}
            {shown_when(empty, || view! {
                <p class="confab-status confab-thread__empty">{messages::text("be-the-first")}</p>
            }.into_any())}
            <EarlierComments model config sort />
            {comment_list(context, None, context.news.watch(None), 0)}
            <FreshComments model reloads />
            <MoreComments model config sort />
            {shown_when_else(
                move || !locked,
                move || reply_box(context),
                || view! { <p class="confab-status confab-thread__closed">{messages::text("comments-closed")}</p> }.into_any(),
            )}
            <p class="confab-thread__feed">
                <a href=feed_url rel="alternate" type="application/atom+xml" part="feed-link">
                    {messages::text("comments-feed")}
                </a>
            </p>
            <p class="confab-visually-hidden" role="status" aria-live="polite">{move || announcement.get()}</p>
        </section>
    }
}

/// “New comments: N — show”: other readers' new conversations, shown when asked for; or,
/// after more changes than live updates bring back, the offer to read the thread again.
#[component]
fn FreshComments(model: RwSignal<ThreadModel>, reloads: RwSignal<u32>) -> impl IntoView {
    let waiting = move || model.with(ThreadModel::waiting);
    let any_waiting = move || waiting() > 0;
    let missed = move || model.with(ThreadModel::missed_changes);
    view! {
        {shown_when(any_waiting, move || view! {
            <button type="button" class="confab-button confab-fresh" part="button fresh-comments"
                on:click=move |_| model.update(ThreadModel::show_waiting)>
                {move || messages::text_with("new-comments", &[("n", &waiting().to_string())])}
            </button>
        }.into_any())}
        {shown_when(missed, move || view! {
            <button type="button" class="confab-button confab-fresh" part="button missed-comments"
                on:click=move |_| reloads.update(|reloads| *reloads += 1)>
                {messages::text("missed-changes")}
            </button>
        }.into_any())}
    }
}

/// The thread's Atom feed; `origin` tells the server which site the thread belongs to.
fn feed_url(config: &WidgetConfig) -> String {
    let origin = window().location().origin().unwrap_or_default();
    format!(
        "{}/api/v1/feeds/thread.atom?thread={}&origin={}",
        config.api_base,
        js_sys::encode_uri_component(&config.thread),
        js_sys::encode_uri_component(&origin)
    )
}

/// The sort order choice; the reader's choice is remembered on this site.
#[component]
fn SortChoice(sort: RwSignal<Sort>, votes: VoteMode) -> impl IntoView {
    let choose = move |event: leptos::ev::Event| {
        let chosen = match event_target_value(&event).as_str() {
            "newest" => Sort::Newest,
            "replies" => Sort::Replies,
            "best" => Sort::Best,
            _ => Sort::Oldest,
        };
        local_store::store_sort(chosen);
        sort.set(chosen);
    };
    let mut options = vec![
        (Sort::Oldest, messages::text("sort-oldest")),
        (Sort::Newest, messages::text("sort-newest")),
        (Sort::Replies, messages::text("sort-replies")),
    ];
    // The best first only where readers vote.
    if votes != VoteMode::Off {
        options.push((Sort::Best, messages::text("sort-best")));
    }
    view! {
        <label class="confab-sort">
            <span>{messages::text("sort-label")}</span>
            <select part="sort" on:change=choose>
                {options.into_iter().map(|(value, label)| view! {
                    <option value=value.as_str() selected=move || sort.get() == value>{label}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

/// Scrolls to and highlights the linked comment once shown, and follows later links to
/// comments (a permalink clicked, the address changed): shown ones are scrolled to, others
/// are loaded with the page that holds them.
fn follow_links(
    model: RwSignal<ThreadModel>,
    pace: Pace,
    section: NodeRef<leptos::html::Section>,
    around: RwSignal<Option<CommentId>>,
) {
    // The one highlighted comment's class is set here rather than watched by every
    // comment: a thread of thousands would hold an effect for each.
    let reveal = move |id: CommentId| {
        pace.draw_through(id);
        request_animation_frame(move || {
            let Some(section) = section.get_untracked() else {
                return;
            };
            let find = |selector: &str| section.query_selector(selector).ok().flatten();
            if let Some(before) = find(".confab-comment--highlighted") {
                let _ = before.class_list().remove_1("confab-comment--highlighted");
            }
            if let Some(element) = find(&format!("#confab-comment-{id}")) {
                let _ = element.class_list().add_1("confab-comment--highlighted");
                element.scroll_into_view();
            }
        });
    };
    if let Some(id) = around.get_untracked().or_else(linked_comment)
        && model.with_untracked(|model| model.get(id).is_some())
    {
        reveal(id);
    }
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        let Some(id) = linked_comment() else {
            return;
        };
        if model.with_untracked(|model| model.get(id).is_some()) {
            reveal(id);
        } else {
            around.set(Some(id));
        }
    });
    on_cleanup(move || listener.remove());
}

/// Asks the server about the comments this browser posted here, so one that awaits
/// moderation shows to its author, and forgets those the server no longer has.
fn load_own_comments(
    model: RwSignal<ThreadModel>,
    own: OwnRecords,
    config: StoredValue<WidgetConfig>,
) {
    let keys = own.keys();
    if keys.is_empty() {
        return;
    }
    let api_base = config.with_value(|config| config.api_base.clone());
    leptos::task::spawn_local(async move {
        let Ok(found) = api::own_comments(&api_base, keys).await else {
            return;
        };
        own.change(|own| {
            own.retain(|entry| found.iter().any(|comment| comment.id == entry.id));
        });
        model.update(|model| {
            for comment in found {
                // Already shown or not, nothing more to count.
                let _ = model.insert_posted(comment);
            }
        });
    });
}
