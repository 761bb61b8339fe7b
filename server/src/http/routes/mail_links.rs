//! The signed links in mails: moderating a comment, confirming an address for reply
//! notifications, unsubscribing it, and subscribing it again from the page an unsubscribe
//! link led to. A `GET` (which mail scanners follow on their own) only shows a page with a
//! button; the `POST` it sends acts. The one-click unsubscribe of `List-Unsubscribe-Post`
//! is that same `POST`.

mod page;

use crate::http::AppState;
use crate::http::error::AppError;
use crate::notify::compose::action_label;
use crate::notify::links::{
    AddressAction, AddressLink, ModerationLink, RESUBSCRIBE_LINK_LIFETIME_MILLIS,
};
use crate::storage::outbox::{AddressChange, AddressState};
use crate::storage::{StorageError, now_millis};
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use confab_api::{CommentStatus, ModerationAction};
use page::{Page, broken_link, parameters, refused_link};

/// `GET /api/v1/mail/moderate?…`: asks the owner to confirm the action.
pub async fn moderate_page(State(state): State<AppState>, RawQuery(query): RawQuery) -> Page {
    let link = match moderation_link_for(&state, query) {
        Ok(link) => link,
        Err(page) => return page,
    };
    Page::ask(
        format!("{} comment {}?", action_label(link.action), link.comment),
        "Press the button to do it. Nothing has changed yet.",
        action_label(link.action),
    )
}

/// `POST /api/v1/mail/moderate?…`: applies the action, recorded under the owner's address.
pub async fn moderate(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Page, AppError> {
    let link = match moderation_link_for(&state, query) {
        Ok(link) => link,
        Err(page) => return Ok(page),
    };
    if !state.sites.has_owner(&link.owner) {
        return Ok(Page::refused(
            StatusCode::FORBIDDEN,
            "This link is no longer valid",
            format!("{} no longer receives this site's comments.", link.owner),
        ));
    }
    // The link acts on the comment as the mail showed it: once moderated otherwise, it
    // does nothing.
    let current = state.storage.ownership(link.comment).await?;
    let expected: &[CommentStatus] = match link.action {
        ModerationAction::Approve | ModerationAction::Reject => &[CommentStatus::Pending],
        ModerationAction::Spam | ModerationAction::Delete | ModerationAction::Erase => {
            &[CommentStatus::Pending, CommentStatus::Published]
        }
    };
    let still = current.is_some_and(|current| expected.contains(&current.status));
    // An owner's address came by mail; a chat's id, in a chat message.
    let by = if link.owner.contains('@') {
        "mail"
    } else {
        "chat"
    };
    let actor = format!("{} (by {by})", link.owner);
    let result = if still {
        state
            .storage
            .moderate(link.comment, link.action, &actor, Some(link.edited))
            .await
    } else {
        Err(StorageError::UnknownComment)
    };
    match result {
        Ok(()) => Ok(Page::done(
            "Done",
            format!("Comment {}: {}.", link.comment, action_done(link.action)),
        )),
        Err(StorageError::UnknownComment) => Ok(Page::refused(
            StatusCode::CONFLICT,
            "Nothing to do",
            format!(
                "Comment {} is gone or was already moderated: it cannot be {} now.",
                link.comment,
                action_done(link.action)
            ),
        )),
        Err(StorageError::ChangedSince) => Ok(Page::refused(
            StatusCode::CONFLICT,
            "The comment changed",
            format!(
                "Comment {} was changed after this mail was sent, so this link does not \
                 approve it. Read it as it is now on the moderators' screen.",
                link.comment
            ),
        )),
        Err(error) => Err(error.into()),
    }
}

fn moderation_link_for(state: &AppState, query: Option<String>) -> Result<ModerationLink, Page> {
    let parameters = parameters(query);
    let field = |name: &str| parameters.get(name).ok_or_else(broken_link);
    let link = ModerationLink {
        comment: field("comment")?.parse().map_err(|_| broken_link())?,
        action: ModerationAction::from_name(field("action")?).ok_or_else(broken_link)?,
        owner: field("owner")?.clone(),
        expires: field("expires")?.parse().map_err(|_| broken_link())?,
        edited: field("edited")?.parse().map_err(|_| broken_link())?,
    };
    link.verify(&state.server_key, field("sig")?, now_millis())
        .map_err(refused_link)?;
    Ok(link)
}

fn action_done(action: ModerationAction) -> &'static str {
    match action {
        ModerationAction::Approve => "approved",
        ModerationAction::Reject => "rejected",
        ModerationAction::Spam => "marked as spam",
        ModerationAction::Delete => "deleted",
        ModerationAction::Erase => "erased",
    }
}

/// The address of an address link, checked.
fn address_for(
    state: &AppState,
    action: AddressAction,
    query: Option<String>,
) -> Result<String, Page> {
    let parameters = parameters(query);
    let address = parameters.get("address").ok_or_else(broken_link)?;
    let signature = parameters.get("sig").ok_or_else(broken_link)?;
    let expires = match parameters.get("expires") {
        Some(expires) => Some(expires.parse().map_err(|_| broken_link())?),
        None => None,
    };
    let link = AddressLink {
        action,
        address: address.clone(),
        expires,
    };
    link.verify(&state.server_key, signature, now_millis())
        .map_err(refused_link)?;
    Ok(link.address)
}

/// The button that subscribes `address` again, on the pages of its unsubscribe link.
fn mail_me_again(state: &AppState, page: Page, address: &str) -> Page {
    let link = AddressLink::new(
        AddressAction::Resubscribe,
        address,
        now_millis(),
        RESUBSCRIBE_LINK_LIFETIME_MILLIS,
    );
    page.offering(
        "Mail me about replies again",
        // Beside the unsubscribe link's own address, whatever path the server is under.
        link.url("", &state.server_key)
            .trim_start_matches("/api/v1/mail/")
            .to_owned(),
    )
}

/// `GET /api/v1/mail/confirm?address=…&expires=…&sig=…`: asks to confirm.
pub async fn confirm_page(State(state): State<AppState>, RawQuery(query): RawQuery) -> Page {
    asks_to_be_told(
        &state,
        AddressAction::Confirm,
        query,
        "Confirm reply notifications",
        "Confirm",
    )
}

/// The page of a link that turns reply notifications on: it asks first.
fn asks_to_be_told(
    state: &AppState,
    action: AddressAction,
    query: Option<String>,
    title: &str,
    button: &'static str,
) -> Page {
    match address_for(state, action, query) {
        Ok(address) => Page::ask(
            title,
            format!("{address} will be told by email of replies to the comments it asks for."),
            button,
        ),
        Err(page) => page,
    }
}

/// `POST /api/v1/mail/confirm?…`: the address will now be told of replies.
pub async fn confirm(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Page, AppError> {
    let address = match address_for(&state, AddressAction::Confirm, query) {
        Ok(address) => address,
        Err(page) => return Ok(page),
    };
    if state
        .storage
        .change_address(&address, AddressChange::Confirm)
        .await?
    {
        return Ok(Page::done(
            "Confirmed",
            format!("{address} will be told of replies. Every such mail has a link to stop them."),
        ));
    }
    Ok(match state.storage.address_state(&address).await? {
        Some(AddressState::Confirmed) => Page::done(
            "Already confirmed",
            format!("{address} is told of replies already."),
        ),
        _ => Page::refused(
            StatusCode::CONFLICT,
            "Nothing to confirm",
            format!(
                "{address} stopped reply notifications. To hear of replies again, open the \
                 link to stop them in any reply mail you got, and choose to be mailed again."
            ),
        ),
    })
}

/// `GET /api/v1/mail/unsubscribe?address=…&sig=…`: asks to confirm, or, for an address
/// that stopped them already, offers to start them again.
pub async fn unsubscribe_page(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Page, AppError> {
    let address = match address_for(&state, AddressAction::Unsubscribe, query) {
        Ok(address) => address,
        Err(page) => return Ok(page),
    };
    if state.storage.address_state(&address).await? == Some(AddressState::Unsubscribed) {
        let page = Page::done(
            "Reply notifications are stopped",
            format!("{address} gets no mails about replies, whoever asks for them."),
        );
        return Ok(mail_me_again(&state, page, &address));
    }
    Ok(Page::ask(
        "Stop reply notifications",
        format!("{address} will get no more mails about replies, whoever asks for them."),
        "Stop them",
    ))
}

/// `POST /api/v1/mail/unsubscribe?…` (also the one-click `List-Unsubscribe-Post`):
/// nothing more is sent to the address, from now on, until its owner asks again here.
pub async fn unsubscribe(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Page, AppError> {
    change_address(&state, AddressAction::Unsubscribe, query, |address| {
        let page = Page::done(
            "Unsubscribed",
            format!("{address} will get no more mails about replies, whoever asks for them."),
        );
        mail_me_again(&state, page, address)
    })
    .await
}

/// Makes the change a valid `action` link asks for and answers with `answer(address)`,
/// or with the link's problem.
async fn change_address(
    state: &AppState,
    action: AddressAction,
    query: Option<String>,
    answer: impl FnOnce(&str) -> Page,
) -> Result<Page, AppError> {
    let change = match action {
        AddressAction::Confirm => AddressChange::Confirm,
        AddressAction::Unsubscribe => AddressChange::Unsubscribe,
        AddressAction::Resubscribe => AddressChange::Resubscribe,
    };
    let address = match address_for(state, action, query) {
        Ok(address) => address,
        Err(page) => return Ok(page),
    };
    state.storage.change_address(&address, change).await?;
    Ok(answer(&address))
}

/// `GET /api/v1/mail/resubscribe?address=…&expires=…&sig=…`: asks to confirm.
pub async fn resubscribe_page(State(state): State<AppState>, RawQuery(query): RawQuery) -> Page {
    let title = "Mail me about replies again";
    asks_to_be_told(
        &state,
        AddressAction::Resubscribe,
        query,
        title,
        "Mail me again",
    )
}

/// `POST /api/v1/mail/resubscribe?…`: the address is told of replies again.
pub async fn resubscribe(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Page, AppError> {
    change_address(&state, AddressAction::Resubscribe, query, |address| {
        Page::done(
            "Reply notifications are on again",
            format!(
                "{address} will be told of replies to the comments it asks for. Every such \
                 mail has a link to stop them."
            ),
        )
    })
    .await
}
