//! `POST /api/v1/comments`: a new comment, who wrote it (a guest, or a signed-in reader),
//! and whether it waits for a moderator.

use super::signed_in::{self, Credential, badge_for};
use crate::http::AppState;
use crate::http::context::{Client, RequestOrigin, RequestSite, SignedInModerator};
use crate::http::error::AppError;
use crate::http::extract::JsonBody;
use crate::rules::RuleAction;
use crate::settings::{SiteSettings, Submission};
use crate::storage::{CommentToStore, IdempotencyClaim, ThreadToStore, now_millis, rfc3339};
use crate::{identity, validate};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use confab_api::{self as wire, CommentKind, CommentStatus, limits};

/// `POST /api/v1/comments`: stores a new comment and answers `201` with it as stored.
/// With an `Idempotency-Key`, a retry of the same request gets the same answer (edit token
/// included) and stores nothing; the same key with another request is refused (`422`).
pub async fn create(
    State(state): State<AppState>,
    site: RequestSite,
    RequestOrigin(origin): RequestOrigin,
    Client(client): Client,
    SignedInModerator(moderator): SignedInModerator,
    headers: HeaderMap,
    JsonBody(mut input): JsonBody<wire::NewComment>,
) -> Result<(StatusCode, Json<wire::PostedComment>), AppError> {
    // A retry may carry a fresh proof: the proof is no part of what the key stands for.
    let proof = input.proof.take();
    let claim = match headers.get(wire::IDEMPOTENCY_KEY_HEADER) {
        Some(value) => Some(IdempotencyClaim {
            key: validate::idempotency_key(value.to_str().unwrap_or_default())?,
            request_hash: identity::request_hash(&input),
        }),
        None => None,
    };
    if input
        .homepage
        .as_deref()
        .is_some_and(|homepage| !homepage.trim().is_empty())
    {
        return Ok(quietly_refused(input));
    }
    // A bad token or an ended session is refused with its reason.
    let (sso, session) = (input.sso.take(), input.session.take());
    let signed_in = match Credential::of_fields(sso.as_deref(), session.as_deref()) {
        Some(credential) => Some(signed_in::reader(&state, &site, credential).await?),
        None => None,
    };
    if let Some(reader) = &signed_in {
        // The site vouches for who they are: its name, email and website stand.
        input.author_name.clone_from(&reader.name);
        input.author_email.clone_from(&reader.email);
        input.author_website.clone_from(&reader.website);
    }
    let valid = validate::new_comment(input)?;
    if valid.notify_replies && state.notifications.mail.is_none() {
        return Err(AppError::invalid(
            "notify_replies",
            "notifications_unavailable",
            "This site does not send email notifications.",
        ));
    }
    validate::page_url_origin(valid.url.as_deref(), origin.as_deref(), &site.rules.origins)?;
    // The proof of work before anything costly.
    if moderator.is_none() {
        super::challenge::require(&state, &site, client, proof.as_deref(), claim.as_ref()).await?;
    }
    let (avatar_seed, badge) = match &signed_in {
        Some(reader) => (
            identity::signed_in_avatar_seed(&state.server_key, &site.name, &reader.identity()),
            reader.badge,
        ),
        None => (
            identity::avatar_seed(
                &state.server_key,
                valid.author_email.as_deref(),
                &valid.author_name,
            ),
            valid
                .author_email
                .as_deref()
                .and_then(|email| badge_for(&state, &site, email)),
        ),
    };
    let by_moderator = moderator.is_some();
    let held = site.holds(Submission {
        by_moderator,
        // A badge the site signed, or a verified email earned, is proven; one an email
        // typed claims is not.
        claims_badge: badge.is_some() && signed_in.is_none(),
        signed_in: signed_in.is_some(),
        links: confab_api::body::link_count(&valid.body),
        approved_before: approved_before(
            &state,
            &site,
            &avatar_seed,
            valid.author_email.is_some() || signed_in.is_some(),
            by_moderator,
        )
        .await?,
    });
    let identity = signed_in.as_ref().map(|reader| reader.identity());
    let facts = crate::rules::Facts {
        email: valid.author_email.as_deref(),
        name: &valid.author_name,
        identity: identity.as_deref(),
        address: client,
        website: valid.author_website.as_deref(),
        body: &valid.body,
    };
    let mut judged = super::rules::judge(&state, &site, &facts).await?;
    // A reply to a shadow-banned comment (nobody but its author sees it) is set apart
    // with it, unless a rule refuses it outright.
    if let Some(parent) = valid.parent_id
        && judged
            .as_ref()
            .is_none_or(|judged| judged.action != RuleAction::Refuse)
        && state
            .storage
            .ownership(parent)
            .await?
            .is_some_and(|parent| parent.shadow)
    {
        judged = Some(super::rules::Judgement {
            action: RuleAction::Shadow,
            note: format!("shadow: answers shadow-banned comment {parent}"),
            message: String::new(),
        });
    }
    // Where no rule spoke, the site's spam filter may (moderators are not judged).
    let scored = match &judged {
        None if !by_moderator => super::spam_filter::score(&state, &site, &facts).await?,
        _ => None,
    };
    let action = judged
        .as_ref()
        .map(|judged| judged.action)
        .or(scored.as_ref().and_then(|scored| scored.action));
    let status = match action {
        Some(RuleAction::Refuse) => {
            return Err(AppError::Forbidden {
                code: "refused_by_rule",
                message: judged.map(|judged| judged.message).unwrap_or_default(),
            });
        }
        // A shadow-ban is stored as spam first (nobody hears of it), then set apart.
        Some(RuleAction::Spam | RuleAction::Shadow) => CommentStatus::Spam,
        Some(RuleAction::Hold) => CommentStatus::Pending,
        None if held => CommentStatus::Pending,
        None => CommentStatus::Published,
    };
    let (edit_token, edit_token_hash) = match &claim {
        Some(claim) => identity::derived_edit_token(&state.server_key, &claim.key),
        None => identity::new_edit_token(),
    };
    let to_store = CommentToStore {
        thread: ThreadToStore {
            key: site.stored_key(&valid.thread),
            title: valid.title,
            url: valid.url,
        },
        parent_id: valid.parent_id,
        kind: CommentKind::Comment,
        status,
        author_name: valid.author_name,
        author_email: valid.author_email,
        author_website: valid.author_website,
        avatar_seed,
        badge,
        body_markdown: valid.body_markdown,
        body: valid.body,
        edit_token_hash: Some(edit_token_hash),
        created_at: now_millis(),
        client_address: client.map(|address| address.to_string()),
        author_identity: identity,
        author_voter: valid.voter.as_deref().map(identity::guest_voter),
        up_votes: 0,
        down_votes: 0,
        reactions: Default::default(),
        notify_replies: valid.notify_replies,
        lang: valid.lang,
    };
    let mut inserted = state.storage.insert_comment(to_store, claim).await?;
    let shadow = judged
        .as_ref()
        .is_some_and(|judged| judged.action == RuleAction::Shadow);
    // A retry answered from the first post changes nothing a moderator may have done since.
    let note = judged
        .map(|judged| judged.note)
        .or(scored.map(|scored| scored.note));
    if let Some(note) = note.filter(|_| !inserted.replayed) {
        state
            .storage
            .note_rule(inserted.comment.id, &note, shadow)
            .await?;
    }
    // Its author is not told: a shadow-banned comment looks published to them (as it is
    // read back once set apart), one marked as spam looks held.
    if shadow {
        inserted.comment.status = CommentStatus::Published;
    }
    inserted.comment = as_its_author_sees_it(inserted.comment);
    let window = i64::try_from(site.rules.edit_window.as_millis()).unwrap_or(i64::MAX);
    let posted = wire::PostedComment {
        comment: inserted.comment,
        edit_token,
        editable_until: rfc3339(inserted.created_at.saturating_add(window)),
    };
    let status = match posted.comment.status {
        CommentStatus::Pending => StatusCode::ACCEPTED,
        _ => StatusCode::CREATED,
    };
    Ok((status, Json(posted)))
}

/// A comment as its author is shown it: one marked as spam (by a rule, or a moderator)
/// waits for a moderator, as far as they can tell.
pub(super) fn as_its_author_sees_it(mut comment: wire::Comment) -> wire::Comment {
    if comment.status == CommentStatus::Spam {
        comment.status = CommentStatus::Pending;
    }
    comment
}

/// Whether the author with `avatar_seed` has had a comment approved on `site`, asked only
/// when the site's moderation looks at history and a moderator is not the one posting.
/// Trust comes from an email the author gave, never from a name anyone can type.
pub(super) async fn approved_before(
    state: &AppState,
    site: &SiteSettings,
    avatar_seed: &str,
    gave_email: bool,
    by_moderator: bool,
) -> Result<bool, AppError> {
    if by_moderator || !gave_email || !site.asks_history() {
        return Ok(false);
    }
    let thread_prefix = site.stored_key("/");
    Ok(state
        .storage
        .has_approved_comment(avatar_seed, &thread_prefix)
        .await?)
}

/// What a bot that filled the honeypot is told: that its comment awaits moderation. It
/// is not stored, and nothing tells the bot it was caught.
fn quietly_refused(input: wire::NewComment) -> (StatusCode, Json<wire::PostedComment>) {
    // Debug-formatted: a line break in the key cannot forge a log line.
    tracing::info!(thread = ?input.thread, "a filled honeypot: the comment is dropped");
    let now = now_millis();
    let comment = wire::Comment {
        id: 0,
        parent_id: input.parent_id,
        kind: CommentKind::Comment,
        author: wire::Author {
            name: input
                .author_name
                .chars()
                .take(limits::MAX_NAME_CHARS)
                .collect(),
            website: None,
            // Nothing secret goes into the answer to a bot.
            avatar_seed: identity::meaningless_avatar_seed(),
            badge: None,
        },
        body: Vec::new(),
        created_at: rfc3339(now),
        edited_at: None,
        status: CommentStatus::Pending,
        reply_count: 0,
        up: 0,
        down: 0,
        pinned: false,
        edited_by_moderator: false,
        reactions: Default::default(),
    };
    let posted = wire::PostedComment {
        comment,
        edit_token: identity::new_edit_token().0,
        editable_until: rfc3339(now),
    };
    (StatusCode::ACCEPTED, Json(posted))
}
