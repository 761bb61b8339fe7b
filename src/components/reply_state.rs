//! What the reply box holds: where it stands, what is typed, and what went wrong.
//!
//! The fields live in signals, not in the DOM, and every keystroke of the comment is saved
//! as a draft per thread and per parent; the draft is cleared only once the server has
//! confirmed the post. Name, email and website are stored only if the reader asks.

use super::field::FieldError;
use crate::api::ApiError;
use crate::config::WidgetConfig;
use crate::local_store::{self, RememberedAuthor};
use crate::messages;
use crate::sign_in::SignIn;
use confab_api::{CommentId, NewComment};
use leptos::prelude::*;
use std::sync::Arc;

/// A problem to show in the reply box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    /// The field it concerns (a `NewComment` field name); `None` for the whole form.
    pub field: Option<String>,
    /// What to tell the reader.
    pub message: String,
    /// Whether sending the same comment again may work (the network failed).
    pub can_retry: bool,
}

/// The reply box's state, shared by wherever the box is shown.
#[derive(Clone, Copy)]
pub struct ReplyForm {
    thread: StoredValue<String>,
    /// The comment being answered; `None` keeps the box under the thread.
    pub replying_to: RwSignal<Option<CommentId>>,
    pub name: RwSignal<String>,
    pub email: RwSignal<String>,
    pub website: RwSignal<String>,
    pub body: RwSignal<String>,
    /// The honeypot: a field people never see, so only bots fill it.
    pub homepage: RwSignal<String>,
    /// “Save my name, email, and website in this browser”.
    pub remember: RwSignal<bool>,
    /// “Notify me of replies by email” (asked anew for each comment).
    pub notify: RwSignal<bool>,
    pub error: RwSignal<Option<FormError>>,
    /// The reader the site signed in, if any: then the box asks no name, email or website.
    pub sign_in: SignIn,
    /// The key of the submission in progress: kept for retries, renewed by any edit.
    idempotency_key: RwSignal<Option<String>>,
}

impl ReplyForm {
    /// The box for `thread`, with the reader's draft and remembered details restored.
    pub fn new(thread: &str, sign_in: SignIn) -> Self {
        let remembered = local_store::remembered_author();
        let author = remembered.clone().unwrap_or_default();
        let draft = local_store::get(&local_store::draft_key(thread, None)).unwrap_or_default();
        Self {
            thread: StoredValue::new(thread.to_owned()),
            replying_to: RwSignal::new(None),
            name: RwSignal::new(author.name),
            email: RwSignal::new(author.email),
            website: RwSignal::new(author.website),
            body: RwSignal::new(draft),
            homepage: RwSignal::new(String::new()),
            remember: RwSignal::new(remembered.is_some()),
            notify: RwSignal::new(false),
            error: RwSignal::new(None),
            sign_in,
            idempotency_key: RwSignal::new(None),
        }
    }

    fn draft_key(&self, parent: Option<CommentId>) -> String {
        self.thread
            .with_value(|thread| local_store::draft_key(thread, parent))
    }

    /// Moves the box under comment `parent` (or back under the thread), bringing up the
    /// draft kept for that place.
    pub fn reply_to(&self, parent: Option<CommentId>) {
        self.replying_to.set(parent);
        self.body
            .set(local_store::get(&self.draft_key(parent)).unwrap_or_default());
        self.error.set(None);
        self.idempotency_key.set(None);
    }

    /// The reader typed in the comment field.
    pub fn edit_body(&self, text: String) {
        local_store::set(&self.draft_key(self.replying_to.get_untracked()), &text);
        self.body.set(text);
        self.idempotency_key.set(None);
    }

    /// The reader typed in the name, email or website field.
    pub fn edit_author(&self, field: RwSignal<String>, text: String) {
        field.set(text);
        self.idempotency_key.set(None);
        self.store_author();
    }

    /// Whether replies can be mailed: the signed-in reader's token gives an email, or the
    /// guest typed one (tracked).
    pub fn can_notify(&self) -> bool {
        if self.sign_in.is_signed_in() {
            self.sign_in.reader().is_some_and(|reader| reader.has_email)
        } else {
            self.email.with(|email| !email.trim().is_empty())
        }
    }

    /// The reader ticked or unticked “Notify me of replies”: another request, another key.
    pub fn set_notify(&self, notify: bool) {
        self.notify.set(notify);
        self.idempotency_key.set(None);
    }

    /// The reader ticked or unticked “Save my name…”; unticking forgets at once.
    pub fn set_remember(&self, remember: bool) {
        self.remember.set(remember);
        self.store_author();
    }

    fn store_author(&self) {
        let author = self.remember.get_untracked().then(|| RememberedAuthor {
            name: self.name.get_untracked(),
            email: self.email.get_untracked(),
            website: self.website.get_untracked(),
        });
        local_store::remember_author(author.as_ref());
    }

    /// The next submission is another request (another reader signed in, say).
    pub fn renew_idempotency_key(&self) {
        self.idempotency_key.set(None);
    }

    /// The key for this submission: the same for retries until the reader edits something.
    pub fn idempotency_key(&self) -> String {
        if let Some(key) = self.idempotency_key.get_untracked() {
            return key;
        }
        let key = crate::api::new_idempotency_key();
        self.idempotency_key.set(Some(key.clone()));
        key
    }

    /// The comment as the box holds it now.
    pub fn new_comment(&self, config: &WidgetConfig) -> NewComment {
        let optional = |value: RwSignal<String>| {
            Some(value.get_untracked()).filter(|value| !value.trim().is_empty())
        };
        let sso = self.sign_in.token();
        let session = self.sign_in.session();
        let signed_in = sso.is_some() || session.is_some();
        // A signed-in reader's name, email and website are the ones the site or the
        // identity provider vouched for.
        let guest = |value: RwSignal<String>| optional(value).filter(|_| !signed_in);
        let author_email = guest(self.email);
        let has_email = author_email.is_some() || untrack(|| self.can_notify());
        NewComment {
            notify_replies: self.notify.get_untracked() && has_email,
            lang: Some(crate::messages::lang()),
            thread: config.thread.clone(),
            title: Some(config.title.clone()),
            url: Some(config.url.clone()).filter(|url| url.starts_with("http")),
            parent_id: self.replying_to.get_untracked(),
            author_name: guest(self.name).unwrap_or_default(),
            author_email,
            author_website: guest(self.website),
            body: self.body.get_untracked(),
            voter: Some(crate::local_store::voter_key()),
            proof: None,
            homepage: optional(self.homepage),
            sso,
            session,
        }
    }

    /// The server stored the comment answering `parent`: only now is its draft dropped.
    pub fn posted(&self, parent: Option<CommentId>) {
        local_store::set(&self.draft_key(parent), "");
        self.notify.set(false);
        self.reply_to(None);
    }

    /// The post failed: say why, next to the field at fault when there is one.
    pub fn failed(&self, error: ApiError) {
        let form_error = match error {
            ApiError::Refused(detail) => FormError {
                message: {
                    if detail.code == "session_ended" {
                        // Signed out elsewhere, or expired: back to the guest's fields.
                        self.sign_in.forget_session();
                    }
                    messages::server_error(&detail.code, &detail.message)
                },
                field: detail.field,
                can_retry: false,
            },
            ApiError::Network(_) => FormError {
                field: None,
                message: error.to_string(),
                can_retry: true,
            },
            ApiError::Server(_) => FormError {
                field: None,
                message: error.to_string(),
                can_retry: true,
            },
        };
        self.error.set(Some(form_error));
    }

    /// The message for `field`, if the last error named it.
    pub fn error_for(&self, field: &'static str) -> FieldError {
        let error = self.error;
        Arc::new(move || {
            error.with(|error| {
                error
                    .as_ref()
                    .filter(|error| error.field.as_deref() == Some(field))
                    .map(|error| error.message.clone())
            })
        })
    }
}
