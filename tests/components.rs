//! The widget's components in headless Chromium (`wasm-bindgen-test`): the thread's shape,
//! the moving reply box, and every XSS payload rendered without anything executable.
#![cfg(target_arch = "wasm32")]

use confab::components::body::draw_blocks;
use confab::components::thread_view::ThreadView;
use confab::config::WidgetConfig;
use confab_api::{
    Author, Badge, Comment, CommentKind, CommentStatus, Reactions, ThreadInfo, ThreadPage,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element in the test page to mount into.
fn container() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&div).unwrap();
    div
}

/// Lets Leptos run the effects scheduled by a click.
async fn settle() {
    wait(10).await;
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|index| list.item(index)?.dyn_into::<Element>().ok())
        .collect()
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .and_then(|element| element.text_content())
        .unwrap_or_default()
}

fn comment(id: i64, parent_id: Option<i64>, name: &str, kind: CommentKind) -> Comment {
    Comment {
        id,
        parent_id,
        kind,
        author: Author {
            name: name.into(),
            website: (name == "Ann").then(|| "https://ann.example/".into()),
            avatar_seed: "seed".into(),
            badge: (name == "Liza").then_some(Badge::PostAuthor),
        },
        body: confab_api::markdown::to_blocks(&format!("Hello from **{name}**")),
        created_at: "2011-02-18T16:42:00Z".into(),
        // Liza's reply was edited by a moderator, Bob's by Bob.
        edited_at: matches!(name, "Liza" | "Bob").then(|| "2011-02-18T17:00:00Z".into()),
        status: CommentStatus::Published,
        reply_count: 0,
        // Liza's reply has votes; Ann's comment is pinned.
        up: if name == "Liza" { 12 } else { 0 },
        down: if name == "Liza" { 3 } else { 0 },
        pinned: name == "Ann",
        edited_by_moderator: name == "Liza",
        // Liza's reply has reactions too.
        reactions: if name == "Liza" {
            Reactions(vec![("🎉".into(), 2), ("👍".into(), 1)])
        } else {
            Reactions::default()
        },
    }
}

fn page() -> ThreadPage {
    ThreadPage {
        thread: ThreadInfo {
            key: "/post/".into(),
            title: Some("A post".into()),
            url: None,
            count: 4,
            locked: false,
            reply_notifications: false,
            last_event_id: 0,
            login_url: None,
            logout_url: None,
            logins: Vec::new(),
            votes: confab_api::VoteMode::UpDown,
            reactions: vec!["👍".into(), "❤️".into(), "🎉".into()],
            page_reactions: Reactions(vec![("❤️".into(), 4)]),
        },
        comments: vec![
            comment(1, None, "A linking page", CommentKind::Pingback),
            comment(2, None, "Ann", CommentKind::Comment),
            comment(3, Some(2), "Liza", CommentKind::Comment),
            comment(4, Some(3), "Bob", CommentKind::Comment),
        ],
        next_cursor: None,
        prev_cursor: None,
    }
}

/// Forgets drafts and remembered details of earlier tests.
fn clear_local_storage() {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
}

/// The thread view of `page()`, as the widget mounts it.
fn thread_view() -> impl IntoView {
    let sort = RwSignal::new(confab_api::Sort::Oldest);
    let around = RwSignal::new(None);
    let reloads = RwSignal::new(0);
    view! { <ThreadView page=page() config=config() sort around reloads /> }
}

fn config() -> WidgetConfig {
    WidgetConfig {
        thread: "/post/".into(),
        title: "A post".into(),
        url: "http://127.0.0.1/post/".into(),
        api_base: "http://127.0.0.1:9".into(),
        asset_base: "http://127.0.0.1:9/".into(),
        stylesheet_url: "http://127.0.0.1:9/confab.css".into(),
        page_size: confab::config::PageSize::Top(20),
    }
}

#[wasm_bindgen_test]
fn the_thread_shows_its_heading_nesting_badge_and_pingback() {
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), thread_view);
    assert_eq!(text(&root, "h2"), "4 thoughts on “A post”");
    let nested = root
        .query_selector("#confab-comment-2 #confab-comment-3 #confab-comment-4")
        .unwrap();
    assert!(
        nested.is_some(),
        "Bob's reply sits under Liza's, under Ann's"
    );
    assert_eq!(
        text(&root, "#confab-comment-3 .confab-badge"),
        "Post author"
    );
    assert!(text(&root, ".confab-pingback").starts_with("Pingback:"));
    assert_eq!(
        text(
            &root,
            "#confab-comment-3 > .confab-comment__card .confab-comment__edited"
        ),
        "(edited by a moderator)"
    );
    assert_eq!(
        text(&root, "#confab-comment-4 .confab-comment__edited"),
        "(edited)"
    );
    let link = root
        .query_selector("#confab-comment-2 .confab-author-link")
        .unwrap()
        .unwrap();
    assert_eq!(
        link.get_attribute("rel").as_deref(),
        Some("nofollow ugc noopener")
    );
    let time = root
        .query_selector("#confab-comment-2 time")
        .unwrap()
        .unwrap();
    assert_eq!(
        time.get_attribute("datetime").as_deref(),
        Some("2011-02-18T16:42:00Z")
    );
    assert_eq!(
        text(&root, "#confab-comment-2 .confab-comment__body strong"),
        "Ann"
    );
}

#[wasm_bindgen_test]
fn scores_vote_buttons_and_the_pinned_mark_are_drawn() {
    clear_local_storage();
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), thread_view);
    let buttons = all(
        &root,
        "#confab-comment-3 > .confab-comment__card .confab-vote",
    );
    let labels: Vec<_> = buttons
        .iter()
        .map(|button| button.get_attribute("aria-label").unwrap_or_default())
        .collect();
    assert_eq!(labels, ["Vote up (12)", "Vote down (3)"]);
    assert!(
        buttons
            .iter()
            .all(|button| button.get_attribute("aria-pressed").as_deref() == Some("false"))
    );
    assert_eq!(
        text(&root, "#confab-comment-2 .confab-badge--pinned"),
        "Pinned"
    );
    assert_eq!(all(&root, ".confab-badge--pinned").len(), 1);
    let sorts: Vec<_> = all(&root, "select option")
        .iter()
        .map(|option| option.get_attribute("value").unwrap_or_default())
        .collect();
    assert_eq!(sorts, ["oldest", "newest", "replies", "best"]);
    assert!(
        all(&root, ".confab-pingback .confab-vote").is_empty(),
        "pingbacks take no votes"
    );
}

#[wasm_bindgen_test]
async fn reactions_show_their_counts_and_add_a_reaction_shows_the_rest() {
    clear_local_storage();
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), thread_view);
    // What is not chosen yet is not drawn until “Add a reaction” opens.
    let shown = |selector: &str| -> Vec<String> {
        all(&root, selector)
            .iter()
            .map(|button| button.get_attribute("aria-label").unwrap_or_default())
            .collect()
    };
    let liza = "#confab-comment-3 > .confab-comment__card .confab-reaction";
    // In the site's order, only those chosen so far.
    assert_eq!(shown(liza), ["React with 👍 (1)", "React with 🎉 (2)"]);
    assert_eq!(
        text(
            &root,
            "#confab-comment-3 > .confab-comment__card .confab-reaction"
        ),
        "👍 1"
    );
    assert_eq!(
        shown(".confab-thread > .confab-reactions .confab-reaction"),
        [
            "React with 👍 (0)",
            "React with ❤️ (4)",
            "React with 🎉 (0)"
        ],
        "the page shows every reaction"
    );
    let add = root
        .query_selector("#confab-comment-3 > .confab-comment__card .confab-reaction-add")
        .unwrap()
        .unwrap();
    assert_eq!(add.get_attribute("aria-expanded").as_deref(), Some("false"));
    add.unchecked_ref::<HtmlElement>().click();
    settle().await;
    assert_eq!(add.get_attribute("aria-expanded").as_deref(), Some("true"));
    assert_eq!(
        shown(liza),
        [
            "React with 👍 (1)",
            "React with ❤️ (0)",
            "React with 🎉 (2)"
        ],
        "Add a reaction draws the rest, in the site's order"
    );
    assert!(
        all(&root, ".confab-pingback .confab-reaction").is_empty(),
        "pingbacks take no reactions"
    );
}

#[wasm_bindgen_test]
async fn reply_moves_the_box_under_the_comment_and_cancel_brings_it_back() {
    clear_local_storage();
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), thread_view);
    assert_eq!(all(&root, "form").len(), 1);
    assert_eq!(text(&root, "form h3"), "Leave a Reply");

    let textarea = root.query_selector("textarea").unwrap().unwrap();
    textarea
        .unchecked_ref::<web_sys::HtmlTextAreaElement>()
        .set_value("kept");
    textarea
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();

    let reply: HtmlElement = root
        .query_selector("#confab-comment-3 .confab-button--reply")
        .unwrap()
        .unwrap()
        .unchecked_into();
    reply.click();
    settle().await;
    let forms = all(&root, "form");
    assert_eq!(forms.len(), 1, "one box, moved");
    assert!(
        root.query_selector("#confab-comment-3 > article + form + ol")
            .unwrap()
            .is_some(),
        "the box is between the card and the replies"
    );
    assert!(text(&root, "form h3").starts_with("Leave a Reply to Liza"));
    let textarea_value = || {
        let textarea = root.query_selector("form textarea").unwrap().unwrap();
        textarea
            .unchecked_ref::<web_sys::HtmlTextAreaElement>()
            .value()
    };
    assert_eq!(
        textarea_value(),
        "",
        "a reply starts from its own (empty) draft"
    );

    let cancel: HtmlElement = root
        .query_selector(".confab-link-button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    cancel.click();
    settle().await;
    assert!(
        root.query_selector("#confab-comment-3 > form")
            .unwrap()
            .is_none()
    );
    assert_eq!(text(&root, "form h3"), "Leave a Reply");
    assert_eq!(textarea_value(), "kept", "the top-level draft comes back");
}

#[wasm_bindgen_test]
async fn the_box_under_a_folded_comment_comes_back_with_it() {
    clear_local_storage();
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), thread_view);
    let click = |selector: &str| {
        let element: HtmlElement = root
            .query_selector(selector)
            .unwrap()
            .unwrap()
            .unchecked_into();
        element.click();
    };
    click("#confab-comment-4 .confab-button--reply");
    settle().await;
    assert!(text(&root, "#confab-comment-4 > form h3").starts_with("Leave a Reply to Bob"));
    // Ann's replies (Liza's and, under it, Bob's) folded away take the box with them...
    click("#confab-comment-2 > article [data-act=collapse]");
    settle().await;
    assert!(all(&root, "#confab-comment-4").is_empty());
    assert!(all(&root, "form").is_empty(), "no box elsewhere meanwhile");
    // ...and bring it back under Bob's comment.
    click("#confab-comment-2 > article [data-act=collapse]");
    settle().await;
    assert!(text(&root, "#confab-comment-4 > form h3").starts_with("Leave a Reply to Bob"));
    assert_eq!(all(&root, "form").len(), 1);
}

#[wasm_bindgen_test]
async fn notify_me_is_offered_only_when_the_server_mails_and_needs_an_email() {
    clear_local_storage();
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), thread_view);
    assert!(all(&root, "input[name=notify_replies]").is_empty());

    let mailing = container();
    let _mounted = leptos::mount::mount_to(mailing.clone(), || {
        let mut page = page();
        page.thread.reply_notifications = true;
        let sort = RwSignal::new(confab_api::Sort::Oldest);
        let around = RwSignal::new(None);
        let reloads = RwSignal::new(0);
        view! { <ThreadView page config=config() sort around reloads /> }
    });
    let checkbox = || -> web_sys::HtmlInputElement {
        mailing
            .query_selector("input[name=notify_replies]")
            .unwrap()
            .expect("the box offers notifications")
            .unchecked_into()
    };
    assert!(!checkbox().checked(), "unticked by default");
    assert!(checkbox().disabled(), "no email, no notifications");
    let email: web_sys::HtmlInputElement = mailing
        .query_selector("input[name=author_email]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    email.set_value("ann@example.com");
    email
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    settle().await;
    assert!(!checkbox().disabled());
    assert_eq!(
        text(&mailing, ".confab-reply__notify label").trim(),
        "Notify me of replies by email."
    );
}

/// The payloads of the XSS corpora (one a line, and DOMPurify's `payload` fields).
fn payloads() -> Vec<String> {
    let lists = [
        include_str!("corpora/xss/xss_payloads_quick.txt"),
        include_str!("corpora/xss/XSS_Polyglots.txt"),
        include_str!("corpora/xss/BRUTELOGIC-XSS-STRINGS.txt"),
        include_str!("corpora/xss/RSNAKE_XSS.txt"),
        include_str!("corpora/xss/0xcela_event_handlers.txt"),
    ];
    let mut payloads: Vec<String> = lists
        .iter()
        .flat_map(|list| list.lines())
        .filter(|line| !line.trim().is_empty())
        .map(str::to_owned)
        .collect();
    let module = include_str!("corpora/xss/dompurify-expect.mjs");
    let array = &module[module.find('[').unwrap()..=module.rfind('}').unwrap()];
    let cases: Vec<serde_json::Value> = serde_json::from_str(&format!("{array}]")).unwrap();
    payloads.extend(
        cases
            .iter()
            .filter_map(|case| case["payload"].as_str().map(str::to_owned)),
    );
    payloads
}

const ALLOWED_ELEMENTS: [&str; 17] = [
    "DIV",
    "P",
    "BR",
    "EM",
    "STRONG",
    "S",
    "CODE",
    "PRE",
    "BLOCKQUOTE",
    "UL",
    "OL",
    "LI",
    "A",
    "SPAN",
    "B",
    "I",
    "U",
];

#[wasm_bindgen_test]
fn no_payload_puts_anything_executable_in_the_page() {
    let payloads = payloads();
    assert!(payloads.len() > 500);
    for payload in &payloads {
        let root = container();
        let blocks = confab_api::markdown::to_blocks(payload);
        let handle = leptos::mount::mount_to(
            root.clone(),
            move || view! { <div use:draw_blocks=blocks.clone()></div> },
        );
        for element in all(&root, "*") {
            assert!(
                ALLOWED_ELEMENTS.contains(&element.tag_name().as_str()),
                "<{}> from {payload:?}",
                element.tag_name()
            );
            let attributes = element.attributes();
            for index in 0..attributes.length() {
                let attribute = attributes.item(index).unwrap();
                let name = attribute.name().to_lowercase();
                assert!(
                    ["href", "rel", "target", "start", "dir"].contains(&name.as_str()),
                    "attribute {name} from {payload:?}"
                );
                if name == "dir" {
                    let value = attribute.value();
                    assert!(
                        value == "auto" || value == "ltr",
                        "dir {value:?} from {payload:?}"
                    );
                }
                if name == "href" {
                    let href = attribute.value().to_lowercase();
                    assert!(
                        ["http:", "https:", "mailto:"]
                            .iter()
                            .any(|scheme| href.starts_with(scheme)),
                        "href {href:?} from {payload:?}"
                    );
                }
            }
        }
        drop(handle);
        root.remove();
    }
}

/// Ann's comment `id` as the thread model shares it, and a `<tag>` in no page to draw it in.
fn detached(id: i64, tag: &str) -> (confab::thread::SharedComment, Element) {
    let model = confab::thread::ThreadModel::from_comments(vec![comment(
        id,
        None,
        "Ann",
        CommentKind::Comment,
    )]);
    let document = web_sys::window().unwrap().document().unwrap();
    (
        model.shared(id).unwrap(),
        document.create_element(tag).unwrap(),
    )
}

#[wasm_bindgen_test]
fn a_body_drawn_again_replaces_the_one_before() {
    let (shared, element) = detached(7, "div");
    confab::components::body::draw_body(element.clone(), shared.clone());
    confab::components::body::draw_body(element.clone(), shared);
    assert_eq!(element.child_element_count(), 1, "{}", element.inner_html());
}

#[wasm_bindgen_test]
fn a_header_drawn_again_replaces_the_one_before() {
    let (shared, element) = detached(2, "header");
    let clock = Owner::new().with(|| confab::components::clock::Clock::start(0.0));
    confab::components::card_header::draw_card_header(element.clone(), (clock, shared.clone()));
    confab::components::card_header::draw_card_header(element.clone(), (clock, shared));
    // The avatar, the author, the permalink and the pinned mark, once each.
    assert_eq!(element.child_element_count(), 4, "{}", element.inner_html());
}

/// Waits `ms` milliseconds.
async fn wait(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_clock_renews_recent_times_and_leaves_old_ones() {
    clear_local_storage();
    let root = container();
    let mut fresh = page();
    let two_seconds_ago = js_sys::Date::new(&(js_sys::Date::now() - 2_000.0).into());
    fresh.comments[1].created_at = String::from(two_seconds_ago.to_iso_string());
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        let sort = RwSignal::new(confab_api::Sort::Oldest);
        let (around, reloads) = (RwSignal::new(None), RwSignal::new(0));
        view! { <ThreadView page=fresh config=config() sort around reloads /> }
    });
    let recent = "#confab-comment-2 > .confab-comment__card time";
    let old = "#confab-comment-3 > .confab-comment__card time";
    let (recent_before, old_before) = (text(&root, recent), text(&root, old));
    assert!(recent_before.contains("second"), "{recent_before}");
    assert!(old_before.contains("year"), "{old_before}");
    // The clock ticks every five seconds.
    wait(5_500).await;
    let recent_after = text(&root, recent);
    assert!(recent_after.contains("second"), "{recent_after}");
    assert_ne!(recent_after, recent_before, "the recent time was renewed");
    assert_eq!(text(&root, old), old_before);
}
