//! The proof of work a post carries when the site asks for one (see
//! [`confab_api::proof`]): a challenge is asked for once the reader starts writing and
//! solved in short tasks meanwhile, so the page stays responsive and sending rarely waits.
//! Only the writer parts use it.

use crate::api::{self, ApiError};
use confab_api::proof::Search;
use confab_api::{NewComment, PostedComment};
use std::cell::RefCell;

/// How long one task searches before it lets the page go on, in milliseconds.
const TASK_MS: f64 = 12.0;

/// Where the proof for the next post stands.
enum Stage {
    Idle,
    Working,
    /// Solved, or `None` when the site asked for none; or why the challenge did not come.
    Ready(Result<Option<String>, ApiError>),
}

thread_local! {
    static STAGE: RefCell<Stage> = const { RefCell::new(Stage::Idle) };
}

/// Starts on the proof for the next post, unless it is under way or ready.
pub fn prepare(api_base: &str) {
    let idle = STAGE.with_borrow_mut(|stage| {
        let idle = matches!(stage, Stage::Idle);
        if idle {
            *stage = Stage::Working;
        }
        idle
    });
    if idle {
        let api_base = api_base.to_owned();
        leptos::task::spawn_local(async move {
            let proof = find(&api_base).await;
            STAGE.set(Stage::Ready(proof));
        });
    }
}

/// The proof for the post being sent, waiting for it if it is under way (the next post's
/// is started when the reader writes again).
async fn take(api_base: &str) -> Result<Option<String>, ApiError> {
    loop {
        prepare(api_base);
        let ready = STAGE.with_borrow_mut(|stage| match std::mem::replace(stage, Stage::Idle) {
            Stage::Ready(proof) => Some(proof),
            working => {
                *stage = working;
                None
            }
        });
        if let Some(proof) = ready {
            return proof;
        }
        pause(TASK_MS as i32).await;
    }
}

/// Posts `comment` with the proof the site asks for (solved while the reader wrote, or
/// now); when the server refuses that proof (stale, spent, or the site asks more now),
/// solves a fresh challenge and sends once more.
pub async fn post(
    api_base: &str,
    mut comment: NewComment,
    idempotency_key: &str,
) -> Result<PostedComment, ApiError> {
    comment.proof = take(api_base).await?;
    let posted = api::post_comment(api_base, &comment, idempotency_key).await;
    match posted {
        Err(ApiError::Refused(detail)) if detail.code.starts_with("proof_") => {
            comment.proof = find(api_base).await?;
            api::post_comment(api_base, &comment, idempotency_key).await
        }
        posted => posted,
    }
}

/// Asks for a challenge and solves it; `None` when none is asked for. A challenge that
/// does not come fails the post as any failed request does (the reader may try again).
async fn find(api_base: &str) -> Result<Option<String>, ApiError> {
    let challenge = api::challenge(api_base).await?;
    if challenge.difficulty == 0 {
        return Ok(None);
    }
    let mut search = Search::new(&challenge.challenge, challenge.difficulty);
    loop {
        let started = js_sys::Date::now();
        while js_sys::Date::now() - started < TASK_MS {
            if let Some(proof) = search.advance() {
                return Ok(Some(proof));
            }
        }
        pause(0).await;
    }
}

/// Lets the browser run other tasks for at least `ms` milliseconds.
async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
