//! An author's own comments: a guest proves them with the edit token returned at post, a
//! signed-in reader with the site's token or their session.
//!
//! - `PUT /api/v1/comments/{id}` and `DELETE /api/v1/comments/{id}` with
//!   `Authorization: Bearer <edit token>` while the edit window is open, or with
//!   `Authorization: SSO <token>` or `Authorization: Session <session>` of the comment's
//!   signed-in author from any browser (edits while the window is open, deletion at any
//!   time);
//! - `POST /api/v1/comments/mine`: the comments a browser posted (pending ones included).

use super::posting::{approved_before, as_its_author_sees_it};
use super::rules::Judgement;
use super::signed_in::{self, Credential};
use crate::http::AppState;
use crate::http::context::{RequestSite, SignedInModerator};
use crate::http::error::AppError;
use crate::http::extract::{CommentPath, JsonBody};
use crate::rules::RuleAction;
use crate::settings::Submission;
use crate::storage::{CommentEdit, Ownership, now_millis, rfc3339};
use crate::{identity, validate};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use confab_api::{self as wire, CommentId, CommentStatus, limits};

/// `PUT /api/v1/comments/{id}`: replaces the body of one's own comment. The new text
/// passes the checks a new comment's would (the link limit, the duplicate rule, the
/// site's moderation), and the comment lands where a new one with it would: a published
/// comment whose text a moderator must now see goes back to the queue.
pub async fn edit(
    State(state): State<AppState>,
    SignedInModerator(moderator): SignedInModerator,
    CommentPath(id): CommentPath,
    headers: HeaderMap,
    JsonBody(edit): JsonBody<wire::EditComment>,
) -> Result<Json<wire::StoredComment>, AppError> {
    let ownership = authorize(&state, id, &headers, Change::Edit).await?;
    let site = state.sites.for_stored_key(&ownership.thread_key);
    let (markdown, body) = validate::comment_body(&edit.body)?;
    // The moderators' rules and the spam filter judge the new text as they judged the first.
    let judged = judged_edit(&state, site, id, &ownership, &body).await?;
    if let Some(Judgement {
        action: RuleAction::Refuse,
        message,
        ..
    }) = &judged
    {
        return Err(AppError::Forbidden {
            code: "refused_by_rule",
            message: message.clone(),
        });
    }
    let by_moderator = moderator.is_some();
    let hold = judged.is_some()
        || site.holds(Submission {
            by_moderator,
            // A signed-in author's badge was proven when they posted.
            claims_badge: ownership.has_badge && ownership.author_identity.is_none(),
            signed_in: ownership.author_identity.is_some(),
            links: confab_api::body::link_count(&body),
            approved_before: approved_before(
                &state,
                site,
                &ownership.avatar_seed,
                ownership.has_email,
                by_moderator,
            )
            .await?,
        });
    let edit = CommentEdit {
        markdown: &markdown,
        body: &body,
        edited_at: now_millis(),
        hold,
    };
    let comment = state.storage.edit_body(id, &edit).await?;
    if let Some(judged) = judged {
        state.storage.note_rule(id, &judged.note, false).await?;
    }
    Ok(Json(wire::StoredComment {
        comment: as_its_author_sees_it(comment),
    }))
}

/// `DELETE /api/v1/comments/{id}`: deletes one's own comment (`204`).
pub async fn delete(
    State(state): State<AppState>,
    CommentPath(id): CommentPath,
    headers: HeaderMap,
) -> Result<StatusCode, AppError> {
    authorize(&state, id, &headers, Change::Delete).await?;
    state.storage.delete_comment(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/comments/mine`: those of the listed comments whose edit token fits,
/// and with `sso` and `thread`, the signed-in reader's comments in that thread.
pub async fn mine(
    State(state): State<AppState>,
    site: RequestSite,
    JsonBody(request): JsonBody<wire::OwnCommentsRequest>,
) -> Result<Json<wire::OwnComments>, AppError> {
    if request.comments.len() > limits::MAX_OWN_COMMENTS {
        return Err(AppError::invalid(
            "comments",
            "too_many",
            format!(
                "Ask about at most {} comments at once.",
                limits::MAX_OWN_COMMENTS
            ),
        ));
    }
    let ids: Vec<CommentId> = request.comments.iter().map(|key| key.id).collect();
    let stored = state.storage.comments_with_token_hashes(&ids).await?;
    let mut comments: Vec<wire::Comment> = stored
        .into_iter()
        .filter(|(comment, hash)| {
            let token = request.comments.iter().find(|key| key.id == comment.id);
            matches!((token, hash), (Some(key), Some(hash)) if identity::token_matches(&key.edit_token, hash))
        })
        .map(|(comment, _)| comment)
        .map(as_its_author_sees_it)
        .collect();
    let credential = Credential::of_fields(request.sso.as_deref(), request.session.as_deref());
    let mut signed_in = Vec::new();
    if let (Some(credential), Some(thread)) = (credential, &request.thread) {
        let identity = signed_in::reader(&state, &site, credential)
            .await?
            .identity();
        let thread_key = site.stored_key(thread);
        let authored = state
            .storage
            .comments_by_identity(&thread_key, &identity, limits::MAX_OWN_COMMENTS)
            .await?;
        let window = i64::try_from(site.rules.edit_window.as_millis()).unwrap_or(i64::MAX);
        for entry in authored {
            signed_in.push(wire::SignedInComment {
                id: entry.comment.id,
                editable_until: rfc3339(entry.created_at.saturating_add(window)),
                markdown: entry.markdown,
            });
            if comments.iter().all(|known| known.id != entry.comment.id) {
                comments.push(as_its_author_sees_it(entry.comment));
            }
        }
    }
    Ok(Json(wire::OwnComments {
        comments,
        signed_in,
    }))
}

/// What the rules say of an edit of comment `id` to `body` (by the author the comment
/// names; its client address was judged when it was posted). Any rule but a refusal holds
/// it for a moderator: an edit cannot be set apart without its author noticing.
async fn judged_edit(
    state: &AppState,
    site: &crate::settings::SiteSettings,
    id: CommentId,
    ownership: &Ownership,
    body: &[confab_api::Block],
) -> Result<Option<Judgement>, AppError> {
    let Some(versions) = state.storage.comment_versions(id).await? else {
        return Ok(None);
    };
    let author = versions.current;
    let facts = crate::rules::Facts {
        email: author.author_email.as_deref(),
        name: &author.author_name,
        identity: ownership.author_identity.as_deref(),
        address: None,
        website: author.author_website.as_deref(),
        body,
    };
    if let Some(judged) = super::rules::judge(state, site, &facts).await? {
        return Ok(Some(judged));
    }
    // Where no rule spoke, the spam filter may: an edit that scores high waits too.
    let scored = super::spam_filter::score(state, site, &facts).await?;
    Ok(scored
        .filter(|scored| scored.action.is_some())
        .map(|scored| Judgement {
            action: RuleAction::Hold,
            note: scored.note,
            message: String::new(),
        }))
}

/// What an author asks to do with their comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Edit,
    Delete,
}

/// How a request proves it comes from a comment's author.
enum Proof<'a> {
    /// The edit token given at post, kept by the browser that posted.
    EditToken(&'a str),
    /// The site's token, or the session, of its signed-in author.
    SignedIn(Credential<'a>),
}

/// Checks that the request proves it comes from comment `id`'s author, and that the
/// edit window of the comment's own site is still open (a signed-in author may delete at
/// any time); returns what the comment's owner may change.
async fn authorize(
    state: &AppState,
    id: CommentId,
    headers: &HeaderMap,
    change: Change,
) -> Result<Ownership, AppError> {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let proof = match authorization.split_once(' ') {
        Some(("Bearer", token)) if !token.trim().is_empty() => Proof::EditToken(token.trim()),
        Some(("SSO", token)) if !token.trim().is_empty() => {
            Proof::SignedIn(Credential::Sso(token.trim()))
        }
        Some(("Session", token)) if !token.trim().is_empty() => {
            Proof::SignedIn(Credential::Session(token.trim()))
        }
        _ => {
            return Err(AppError::Unauthorized(
                "Changing a comment needs the edit token given when it was posted.".to_owned(),
            ));
        }
    };
    let ownership = state.storage.ownership(id).await?;
    let Some(ownership) = ownership.filter(|ownership| ownership.status != CommentStatus::Deleted)
    else {
        return Err(AppError::NotFound(format!("There is no comment {id}.")));
    };
    let site = state.sites.for_stored_key(&ownership.thread_key);
    let signed_in = match proof {
        Proof::EditToken(token) => {
            let fits = ownership
                .edit_token_hash
                .as_deref()
                .is_some_and(|hash| identity::token_matches(token, hash));
            if !fits {
                return Err(AppError::Forbidden {
                    code: "wrong_token",
                    message: "This comment can only be changed from the browser that posted it."
                        .to_owned(),
                });
            }
            false
        }
        Proof::SignedIn(credential) => {
            let identity = signed_in::reader(state, site, credential).await?.identity();
            if ownership.author_identity.as_deref() != Some(identity.as_str()) {
                return Err(AppError::Forbidden {
                    code: "wrong_token",
                    message: "This comment was written by someone else.".to_owned(),
                });
            }
            true
        }
    };
    let window = i64::try_from(site.rules.edit_window.as_millis()).unwrap_or(i64::MAX);
    let any_time = signed_in && change == Change::Delete;
    if !any_time && now_millis() > ownership.created_at.saturating_add(window) {
        return Err(AppError::Forbidden {
            code: "edit_window_closed",
            message: format!(
                "Comments can be changed only in the first {} after posting.",
                describe_duration(site.rules.edit_window.as_secs())
            ),
        });
    }
    Ok(ownership)
}

/// “15 minutes”, “1 minute”, “30 seconds”.
fn describe_duration(seconds: u64) -> String {
    match seconds {
        60 => "minute".to_owned(),
        s if s % 60 == 0 => format!("{} minutes", s / 60),
        1 => "second".to_owned(),
        s => format!("{s} seconds"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_described_in_words() {
        assert_eq!(describe_duration(900), "15 minutes");
        assert_eq!(describe_duration(60), "minute");
        assert_eq!(describe_duration(2), "2 seconds");
    }
}
