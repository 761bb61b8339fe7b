//! The requests the widget sends, written as JSON by hand.

use crate::json::Json;
use confab_api::{
    CastVote, EditComment, ManageRequest, NewComment, OwnCommentsRequest, PreviewRequest, React,
};
use std::borrow::Cow;

/// A JSON object built member by member.
#[derive(Default)]
pub struct ObjectBuilder<'a>(Vec<(Cow<'a, str>, Json<'a>)>);

impl<'a> ObjectBuilder<'a> {
    /// Adds a member.
    pub fn with(mut self, name: &'a str, value: impl Into<Json<'a>>) -> Self {
        self.0.push((Cow::Borrowed(name), value.into()));
        self
    }

    /// The object as a value, to nest in another.
    pub fn build(self) -> Json<'a> {
        Json::Object(self.0)
    }

    /// The object as JSON text.
    pub fn write(self) -> String {
        self.build().write()
    }
}

impl<'a> From<&'a str> for Json<'a> {
    fn from(text: &'a str) -> Self {
        Json::String(Cow::Borrowed(text))
    }
}

impl From<i64> for Json<'_> {
    fn from(number: i64) -> Self {
        Json::Number(number)
    }
}

impl From<bool> for Json<'_> {
    fn from(value: bool) -> Self {
        Json::Bool(value)
    }
}

impl<'a, T: Into<Json<'a>>> From<Option<T>> for Json<'a> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Json::Null, Into::into)
    }
}

/// The body of `POST /api/v1/comments`.
pub fn new_comment_json(comment: &NewComment) -> String {
    let mut object = ObjectBuilder::default()
        .with("thread", comment.thread.as_str())
        .with("title", comment.title.as_deref())
        .with("url", comment.url.as_deref())
        .with("parent_id", comment.parent_id)
        .with("author_name", comment.author_name.as_str())
        .with("author_email", comment.author_email.as_deref())
        .with("author_website", comment.author_website.as_deref())
        .with("body", comment.body.as_str());
    // Left out when unset, as the server's own serializer does.
    if comment.notify_replies {
        object = object.with("notify_replies", true);
    }
    for (name, value) in [
        ("lang", &comment.lang),
        ("homepage", &comment.homepage),
        ("sso", &comment.sso),
        ("session", &comment.session),
        ("voter", &comment.voter),
        ("proof", &comment.proof),
    ] {
        if let Some(value) = value {
            object = object.with(name, value.as_str());
        }
    }
    object.write()
}

/// The body of `PUT /api/v1/comments/{id}/vote`.
pub fn cast_vote_json(vote: &CastVote) -> String {
    let mut object = ObjectBuilder::default()
        .with("value", i64::from(vote.value))
        .with("voter", vote.voter.as_str());
    for (name, value) in [("sso", &vote.sso), ("session", &vote.session)] {
        if let Some(value) = value {
            object = object.with(name, value.as_str());
        }
    }
    object.write()
}

/// The body of `PUT /api/v1/comments/{id}/reaction` and `PUT /api/v1/threads/reaction`.
pub fn react_json(react: &React) -> String {
    let mut object = ObjectBuilder::default()
        .with("reaction", react.reaction.as_str())
        .with("on", react.on)
        .with("voter", react.voter.as_str());
    let optional = [
        ("thread", &react.thread),
        ("title", &react.title),
        ("url", &react.url),
        ("sso", &react.sso),
        ("session", &react.session),
    ];
    for (name, value) in optional {
        if let Some(value) = value {
            object = object.with(name, value.as_str());
        }
    }
    object.write()
}

/// The body of `PUT /api/v1/comments/{id}`.
pub fn edit_comment_json(edit: &EditComment) -> String {
    ObjectBuilder::default()
        .with("body", edit.body.as_str())
        .write()
}

/// The body of `POST /api/v1/preview`.
pub fn preview_request_json(request: &PreviewRequest) -> String {
    ObjectBuilder::default()
        .with("body", request.body.as_str())
        .write()
}

/// The body of `POST /api/v1/login/logout`.
pub fn end_session_json(session: &str) -> String {
    ObjectBuilder::default().with("session", session).write()
}

/// The body of `POST /api/v1/comments/mine`.
pub fn own_comments_request_json(request: &OwnCommentsRequest) -> String {
    let keys = request
        .comments
        .iter()
        .map(|key| {
            ObjectBuilder::default()
                .with("id", key.id)
                .with("edit_token", key.edit_token.as_str())
                .build()
        })
        .collect();
    let mut object = ObjectBuilder::default().with("comments", Json::Array(keys));
    for (name, value) in [
        ("thread", &request.thread),
        ("sso", &request.sso),
        ("session", &request.session),
    ] {
        if let Some(value) = value {
            object = object.with(name, value.as_str());
        }
    }
    object.write()
}

/// The body of `POST /api/v1/my-comments/link`.
pub fn manage_request_json(request: &ManageRequest) -> String {
    let mut object = ObjectBuilder::default();
    for (name, value) in [
        ("email", &request.email),
        ("sso", &request.sso),
        ("session", &request.session),
        ("lang", &request.lang),
    ] {
        if let Some(value) = value {
            object = object.with(name, value.as_str());
        }
    }
    object.write()
}
