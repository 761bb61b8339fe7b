//! Sending a reaction (a writer part): the totals the server answers are drawn at once
//! (the comment's card, or the page's reactions, are drawn again, and the pressed button
//! keeps the focus), and a refusal says why.

use super::context::ThreadContext;
use crate::{api, local_store};
use confab_api::{CommentId, React};
use leptos::prelude::*;

/// Adds (`on`) or takes back the reader's reaction `index` (of the site's reactions) to
/// comment `target`, or to the page (`None`).
pub fn cast(context: ThreadContext, target: Option<CommentId>, index: usize, on: bool) {
    let Some(reaction) = context
        .model
        .with_untracked(|model| model.reactions.get(index).cloned())
    else {
        return;
    };
    let (api_base, thread, title, url) = context.config.with_value(|config| {
        (
            config.api_base.clone(),
            config.thread.clone(),
            config.title.clone(),
            config.url.clone(),
        )
    });
    let focused = document()
        .active_element()
        .and_then(|host| host.shadow_root());
    let sign_in = context.form.sign_in;
    let react = React {
        reaction: reaction.clone(),
        on,
        voter: local_store::voter_key(),
        thread: target.is_none().then(|| thread.clone()),
        title: target.is_none().then_some(title),
        url: target.is_none().then_some(url),
        sso: sign_in.token(),
        session: sign_in.session(),
    };
    leptos::task::spawn_local(async move {
        match api::react(&api_base, target, &react).await {
            Ok(counted) => {
                local_store::set_my_reaction(&thread, target.unwrap_or(0), &reaction, counted.on);
                // A comment's bar shows only the reactions chosen: the button's place is
                // its rank among them, and it is gone when nobody chose it any more.
                let place = context.model.with_untracked(|model| {
                    let chosen = |reaction: &String| {
                        target.is_none() || counted.reactions.count(reaction) > 0
                    };
                    chosen(&reaction).then(|| {
                        model.reactions[..index]
                            .iter()
                            .filter(|shown| chosen(shown))
                            .count()
                            + 1
                    })
                });
                match target {
                    Some(id) => context.model.update(|model| {
                        model.retally(id, |tally| tally.reactions = counted.reactions);
                    }),
                    None => context
                        .model
                        .update(|model| model.page_reactions = counted.reactions),
                }
                keep_focus(focused, target, place);
            }
            Err(error) => context.announcer.0.set(error.to_string()),
        }
    });
}

/// Gives the focus back to the reaction's button, the `place`-th of its bar, once it is
/// drawn again (or, when it is gone, to “Add a reaction” beside it), so a keyboard reader
/// goes on where they were; `root` is the widget's shadow root, if the focus was in it.
fn keep_focus(root: Option<web_sys::ShadowRoot>, target: Option<CommentId>, place: Option<usize>) {
    let Some(root) = root else {
        return;
    };
    let scope = target.map_or_else(
        || ".confab-thread__top ~ .confab-reactions".to_owned(),
        |id| format!("#confab-comment-{id} > .confab-comment__card .confab-reactions"),
    );
    let selector = match place {
        Some(place) => format!("{scope} > .confab-reaction:nth-child({place})"),
        None => format!("{scope} > .confab-reaction-add"),
    };
    request_animation_frame(move || {
        let button = root
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|element| {
                wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element).ok()
            });
        if let Some(button) = button {
            let _ = button.focus();
        }
    });
}
