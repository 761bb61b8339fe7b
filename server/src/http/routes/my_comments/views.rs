//! The HTML of the page of one commenter's comments: the list, the questions before
//! erasing, what was done, and the refusals.

use crate::http::routes::page::{Page, html_response};
use crate::storage::StorageError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use confab_api::html::{escape, to_html};
use confab_api::{CommentStatus, ModeratedComment};

/// The list (at most `listed` of `comments`), with Download and Erase.
pub fn listing(token: &str, who: &str, comments: &[ModeratedComment], listed: usize) -> Response {
    let token = escape(token);
    let mut body = format!(
        "<h1>Your comments</h1><p>Written as <strong>{}</strong>. This page works for 24 hours \
         after the link was sent.</p>",
        escape(who)
    );
    if comments.is_empty() {
        body.push_str("<p>There are no comments of yours here.</p>");
        return html_response(StatusCode::OK, "Your comments", &body, STYLE);
    }
    body.push_str(&format!(
        "<p class=\"actions\"><a href=\"my-comments/download?token={token}\">Download them all \
         (JSON)</a></p><form method=\"post\" action=\"?token={token}\">\
         <input type=\"hidden\" name=\"erase\" value=\"all\">\
         <button type=\"submit\">Erase all of them…</button></form><ol class=\"mine\">"
    ));
    for item in comments.iter().take(listed) {
        let status = match item.comment.status {
            CommentStatus::Published => "Published",
            // Marked as spam waits, as far as its author can tell.
            CommentStatus::Pending | CommentStatus::Spam => "Awaiting moderation",
            CommentStatus::Deleted => "Not published",
        };
        body.push_str(&format!(
            "<li><p class=\"meta\"><time datetime=\"{at}\">{day}</time> · {thread} · {status}</p>\
             <div class=\"text\">{text}</div><form method=\"post\" action=\"?token={token}\">\
             <input type=\"hidden\" name=\"erase\" value=\"{id}\">\
             <button type=\"submit\">Erase this comment…</button></form></li>",
            at = escape(&item.comment.created_at),
            day = escape(item.comment.created_at.get(..10).unwrap_or_default()),
            thread = escape(&item.thread),
            text = to_html(&item.comment.body),
            id = item.comment.id,
        ));
    }
    body.push_str("</ol>");
    if comments.len() > listed {
        body.push_str(&format!(
            "<p>These are the newest {listed}; the download holds them all.</p>"
        ));
    }
    html_response(StatusCode::OK, "Your comments", &body, STYLE)
}

/// Asks before erasing `what` (an id, or `all`).
pub fn confirm(token: &str, what: &str, question: &str, text: Option<&str>) -> Response {
    let token = escape(token);
    let shown = text.map_or_else(String::new, |text| {
        format!("<div class=\"text\">{text}</div>")
    });
    let body = format!(
        "<h1>{question}</h1>{shown}<p>It cannot be undone: the text goes, and your name, email, \
         website and address with it. Where others replied, an empty placeholder stays.</p>\
         <form method=\"post\" action=\"?token={token}\">\
         <input type=\"hidden\" name=\"erase\" value=\"{what}\">\
         <input type=\"hidden\" name=\"confirm\" value=\"yes\">\
         <button type=\"submit\">Erase for good</button></form>\
         <p><a href=\"?token={token}\">Keep it, back to your comments</a></p>",
        question = escape(question),
        what = escape(what),
    );
    html_response(StatusCode::OK, question, &body, STYLE)
}

pub fn done(token: &str, title: &str, message: &str, more: bool) -> Response {
    let back = if more {
        format!(
            "<p><a href=\"?token={}\">Back to your comments</a></p>",
            escape(token)
        )
    } else {
        String::new()
    };
    let body = format!("<h1>{}</h1><p>{}</p>{back}", escape(title), escape(message));
    html_response(StatusCode::OK, title, &body, STYLE)
}

pub fn refused(status: StatusCode, title: &str, message: &str) -> Response {
    Page::refused(status, title, message).into_response()
}

pub fn bad_form() -> Response {
    refused(
        StatusCode::BAD_REQUEST,
        "Nothing to do",
        "The form was incomplete. Go back to your comments and press a button there.",
    )
}

pub fn failed(error: &StorageError) -> Response {
    tracing::error!("the page of a commenter's comments: {error}");
    refused(
        StatusCode::SERVICE_UNAVAILABLE,
        "Please try again",
        "The comments cannot be read right now.",
    )
}

const STYLE: &str = ".mine{padding-inline-start:1.2em}.mine li{margin:1em 0}\
    .meta{color:#555;margin:0;font-size:.9em}.text{border-inline-start:3px solid #ccc;\
    padding-inline-start:.8em;overflow-wrap:anywhere}form{margin:.5em 0}";
