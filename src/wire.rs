//! The API's types read from and written to JSON by hand, in the shapes `confab-api`'s
//! serde derives give them on the server (the tests compare the two for every type).

use crate::json::Json;
use confab_api::{
    Author, Badge, Block, Comment, CommentKind, CommentStatus, ErrorBody, ErrorDetail, Inline,
    LoginButton, OwnComments, PostedComment, RepliesPage, SignedInComment, Sort, Tally,
    ThreadChange, ThreadInfo, ThreadPage, VoteMode,
};

pub use write::{
    ObjectBuilder, cast_vote_json, edit_comment_json, end_session_json, manage_request_json,
    new_comment_json, own_comments_request_json, preview_request_json, react_json,
};

mod challenge;
mod votes;
mod write;

/// A type read from a JSON value.
pub trait FromJson: Sized {
    /// Reads `value`, or says what in it is wrong.
    fn from_json(value: &Json<'_>) -> Result<Self, String>;
}

/// Reads a JSON text as `T`.
pub fn parse<T: FromJson>(text: &str) -> Result<T, String> {
    T::from_json(&Json::parse(text)?)
}

/// The member `name` of `object`, read as `T` (a missing member reads as `null`).
pub fn field<T: FromJson>(object: &Json<'_>, name: &str) -> Result<T, String> {
    T::from_json(object.get(name)).map_err(|error| format!("{name}: {error}"))
}

fn expected<T>(what: &str, value: &Json<'_>) -> Result<T, String> {
    let found = match value {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    };
    Err(format!("expected {what}, found {found}"))
}

/// The text of a string value, borrowed.
fn text<'v>(value: &'v Json<'_>) -> Result<&'v str, String> {
    match value {
        Json::String(text) => Ok(text),
        other => expected("a string", other),
    }
}

impl FromJson for String {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        text(value).map(str::to_owned)
    }
}

/// Anything: for answers whose content does not matter.
impl FromJson for () {
    fn from_json(_: &Json<'_>) -> Result<Self, String> {
        Ok(())
    }
}

impl FromJson for bool {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        match value {
            Json::Bool(value) => Ok(*value),
            other => expected("a boolean", other),
        }
    }
}

impl FromJson for i64 {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        match value {
            Json::Number(number) => Ok(*number),
            other => expected("a number", other),
        }
    }
}

impl FromJson for u32 {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        Self::try_from(i64::from_json(value)?).map_err(|_| "number out of range".to_owned())
    }
}

impl FromJson for i8 {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        Self::try_from(i64::from_json(value)?).map_err(|_| "number out of range".to_owned())
    }
}

impl FromJson for u64 {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        Self::try_from(i64::from_json(value)?).map_err(|_| "number out of range".to_owned())
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        match value {
            Json::Null => Ok(None),
            other => T::from_json(other).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        match value {
            Json::Array(items) => items.iter().map(T::from_json).collect(),
            other => expected("an array", other),
        }
    }
}

/// The string of an enum that travels as one, matched against its variants' names.
fn one_of<T: Copy>(value: &Json<'_>, variants: &[(&str, T)]) -> Result<T, String> {
    let name = text(value)?;
    variants
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, variant)| *variant)
        .ok_or_else(|| format!("unknown variant `{name}`"))
}

impl FromJson for CommentKind {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        one_of(
            value,
            &[
                ("comment", Self::Comment),
                ("pingback", Self::Pingback),
                ("trackback", Self::Trackback),
            ],
        )
    }
}

impl FromJson for CommentStatus {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        one_of(
            value,
            &[
                ("published", Self::Published),
                ("pending", Self::Pending),
                ("deleted", Self::Deleted),
                ("spam", Self::Spam),
            ],
        )
    }
}

impl FromJson for Badge {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        one_of(
            value,
            &[
                ("post_author", Self::PostAuthor),
                ("moderator", Self::Moderator),
            ],
        )
    }
}

impl FromJson for Sort {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        let variants = [Self::Oldest, Self::Newest, Self::Replies, Self::Best];
        one_of(value, &variants.map(|sort| (sort.as_str(), sort)))
    }
}

impl FromJson for Block {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        match text(value.get("type"))? {
            "paragraph" => Ok(Self::Paragraph {
                children: field(value, "children")?,
            }),
            "code_block" => Ok(Self::CodeBlock {
                text: field(value, "text")?,
            }),
            "block_quote" => Ok(Self::BlockQuote {
                children: field(value, "children")?,
            }),
            "list" => Ok(Self::List {
                start: field(value, "start")?,
                items: field(value, "items")?,
            }),
            other => Err(format!("unknown block `{other}`")),
        }
    }
}

impl FromJson for Inline {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        let children = || field(value, "children");
        match text(value.get("type"))? {
            "text" => Ok(Self::Text {
                text: field(value, "text")?,
            }),
            "emphasis" => Ok(Self::Emphasis {
                children: children()?,
            }),
            "strong" => Ok(Self::Strong {
                children: children()?,
            }),
            "strikethrough" => Ok(Self::Strikethrough {
                children: children()?,
            }),
            "code" => Ok(Self::Code {
                text: field(value, "text")?,
            }),
            "line_break" => Ok(Self::LineBreak),
            "link" => Ok(Self::Link {
                url: field(value, "url")?,
                children: children()?,
            }),
            other => Err(format!("unknown inline `{other}`")),
        }
    }
}

impl FromJson for Author {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        Ok(Self {
            name: field(value, "name")?,
            website: field(value, "website")?,
            avatar_seed: field(value, "avatar_seed")?,
            badge: field(value, "badge")?,
        })
    }
}

impl FromJson for Comment {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        Ok(Self {
            id: field(value, "id")?,
            parent_id: field(value, "parent_id")?,
            kind: field(value, "kind")?,
            author: field(value, "author")?,
            body: field(value, "body")?,
            created_at: field(value, "created_at")?,
            edited_at: field(value, "edited_at")?,
            status: field(value, "status")?,
            reply_count: field(value, "reply_count")?,
            // Left out when zero or false.
            up: field(value, "up").unwrap_or(0),
            down: field(value, "down").unwrap_or(0),
            pinned: field(value, "pinned").unwrap_or(false),
            edited_by_moderator: field(value, "edited_by_moderator").unwrap_or(false),
            reactions: field(value, "reactions")?,
        })
    }
}

impl FromJson for ThreadInfo {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        Ok(Self {
            key: field(value, "key")?,
            title: field(value, "title")?,
            url: field(value, "url")?,
            count: field(value, "count")?,
            locked: field(value, "locked")?,
            reply_notifications: field::<Option<bool>>(value, "reply_notifications")?
                .unwrap_or_default(),
            last_event_id: field::<Option<i64>>(value, "last_event_id")?.unwrap_or_default(),
            login_url: field(value, "login_url")?,
            logout_url: field(value, "logout_url")?,
            logins: field::<Option<Vec<LoginButton>>>(value, "logins")?.unwrap_or_default(),
            votes: VoteMode::from_json(value.get("votes"))?,
            reactions: field::<Option<Vec<String>>>(value, "reactions")?.unwrap_or_default(),
            page_reactions: field(value, "page_reactions")?,
        })
    }
}

impl FromJson for LoginButton {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        Ok(Self {
            id: field(value, "id")?,
            name: field(value, "name")?,
        })
    }
}

impl FromJson for ThreadPage {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        Ok(Self {
            thread: field(value, "thread")?,
            comments: field(value, "comments")?,
            next_cursor: field(value, "next_cursor")?,
            prev_cursor: field(value, "prev_cursor")?,
        })
    }
}

impl FromJson for RepliesPage {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        Ok(Self {
            comments: field(value, "comments")?,
            more: field(value, "more")?,
        })
    }
}

impl FromJson for OwnComments {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        Ok(Self {
            comments: field(value, "comments")?,
            signed_in: field::<Option<Vec<SignedInComment>>>(value, "signed_in")?
                .unwrap_or_default(),
        })
    }
}

impl FromJson for SignedInComment {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        Ok(Self {
            id: field(value, "id")?,
            editable_until: field(value, "editable_until")?,
            markdown: field(value, "markdown")?,
        })
    }
}

impl FromJson for PostedComment {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        Ok(Self {
            comment: field(value, "comment")?,
            edit_token: field(value, "edit_token")?,
            editable_until: field(value, "editable_until")?,
        })
    }
}

impl FromJson for ErrorBody {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        let detail = value.get("error");
        Ok(Self {
            error: ErrorDetail {
                code: field(detail, "code")?,
                message: field(detail, "message")?,
                field: field(detail, "field")?,
            },
        })
    }
}

impl FromJson for ThreadChange {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        match text(value.get("change"))? {
            "added" => Ok(Self::Added {
                comment: field(value, "comment")?,
            }),
            "edited" => Ok(Self::Edited {
                comment: field(value, "comment")?,
            }),
            "deleted" => Ok(Self::Deleted {
                id: field(value, "id")?,
                placeholder: field(value, "placeholder")?,
            }),
            "tallied" => {
                let Json::Array(items) = value.get("tallies") else {
                    return Err("tallies: expected an array".to_owned());
                };
                let mut tallies = Vec::new();
                for item in items {
                    tallies.push(Tally::from_json(item)?);
                }
                Ok(Self::Tallied { tallies })
            }
            "missed" => Ok(Self::Missed),
            other => Err(format!("unknown change `{other}`")),
        }
    }
}

#[cfg(test)]
mod tests;
