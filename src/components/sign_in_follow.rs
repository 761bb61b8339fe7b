//! What follows who is signed in, in the writer part: the next post's idempotency key,
//! and this browser's records of the signed-in reader's comments in the thread.

use super::context::ThreadContext;
use super::effects::effect;
use crate::api;
use crate::local_store::OwnComment;
use confab_api::OwnCommentsRequest;
use leptos::prelude::*;

/// Follows who is signed in: the next post gets a new idempotency key (the same key with
/// another author would be refused as another request), and this browser's records of the
/// signed-in reader's comments in the thread are asked of the server: posted from other
/// browsers, they are theirs here too (a writer part: the reader core never asks).
pub fn follow_sign_in(context: ThreadContext) {
    let sign_in = context.form.sign_in;
    effect(move || {
        // Tracks who is signed in; the credential itself is read untracked.
        let signed_in = sign_in.is_signed_in();
        context.form.renew_idempotency_key();
        if !signed_in {
            return;
        }
        let (sso, session) = (sign_in.token(), sign_in.session());
        let (api_base, thread) = context
            .config
            .with_value(|config| (config.api_base.clone(), config.thread.clone()));
        let request = OwnCommentsRequest {
            comments: Vec::new(),
            thread: Some(thread),
            sso,
            session,
        };
        leptos::task::spawn_local(async move {
            let Ok(found) = api::signed_in_comments(&api_base, &request).await else {
                return;
            };
            context.own.change(|own| {
                for entry in found.signed_in {
                    if own.iter().all(|known| known.id != entry.id) {
                        own.push(OwnComment {
                            id: entry.id,
                            edit_token: String::new(),
                            editable_until: js_sys::Date::parse(&entry.editable_until),
                            markdown: entry.markdown,
                        });
                    }
                }
            });
            context.model.update(|model| {
                for comment in found.comments {
                    // Held ones are shown to their author; the others are there already.
                    let _ = model.insert_posted(comment);
                }
            });
        });
    });
}
