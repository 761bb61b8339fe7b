//! Every string the widget shows, in one place.

/// The heading over the thread, as on a classic blog: “11 thoughts on “Title””.
pub fn thoughts_heading(count: u32, title: &str) -> String {
    match count {
        0 => format!("No thoughts yet on “{title}”"),
        1 => format!("One thought on “{title}”"),
        n => format!("{n} thoughts on “{title}”"),
    }
}

/// The reply box's title.
pub fn reply_title(replying_to: Option<&str>) -> String {
    match replying_to {
        Some(name) => format!("Leave a Reply to {name}"),
        None => "Leave a Reply".to_owned(),
    }
}

/// The counter under the comment field near its length limit.
pub fn characters_left(remaining: i64) -> String {
    match remaining {
        1 => "1 character left".to_owned(),
        n if n >= 0 => format!("{n} characters left"),
        n => format!("{} characters too many", -n),
    }
}

/// How long the author may still change their comment.
pub fn time_left(ms: f64) -> String {
    let minutes = (ms / 60_000.0).ceil() as i64;
    match minutes {
        ..=0 => String::new(),
        1 => "You can change this for less than a minute.".to_owned(),
        n => format!("You can change this for {n} more minutes."),
    }
}

/// A field's text is over its limit (the server's wording).
pub fn too_long(label: &str, max: usize) -> String {
    format!("{label} is too long (at most {max} characters).")
}

/// “Show 3 more replies”.
pub fn more_replies(count: u32) -> String {
    match count {
        1 => "Show 1 more reply".to_owned(),
        n => format!("Show {n} more replies"),
    }
}

/// What a collapsed comment says instead of its replies.
pub fn hidden_replies(count: usize) -> String {
    match count {
        1 => "1 reply hidden".to_owned(),
        n => format!("{n} replies hidden"),
    }
}

pub const SHOW_MORE_COMMENTS: &str = "Show more comments";
pub const SHOW_EARLIER_COMMENTS: &str = "Show earlier comments";
pub const SORT_LABEL: &str = "Sort by";
pub const SORT_OLDEST: &str = "Oldest first";
pub const SORT_NEWEST: &str = "Newest first";
pub const SORT_REPLIES: &str = "Most replies";
pub const COMMENTS_CLOSED: &str = "Comments are closed.";
pub const BE_THE_FIRST: &str = "Be the first to share your thoughts.";
pub const LOAD_FAILED: &str = "The comments could not be loaded.";
pub const COLLAPSE: &str = "Collapse replies";
pub const EXPAND: &str = "Expand replies";
pub const COPY_LINK: &str = "Copy link";
pub const LINK_COPIED: &str = "Link copied.";
pub const EDIT: &str = "Edit";
pub const DELETE: &str = "Delete";
pub const CONFIRM_DELETE: &str = "Delete your comment?";
pub const KEEP: &str = "Keep it";
pub const SAVE: &str = "Save";
pub const CANCEL: &str = "Cancel";
pub const EDIT_LABEL: &str = "Edit your comment";
pub const EDITED: &str = "(edited)";
pub const DELETED: &str = "This comment was deleted.";
pub const AWAITING_MODERATION: &str = "Your comment is awaiting moderation.";
pub const POSTED: &str = "Your comment was posted.";
pub const UPDATED: &str = "Your comment was updated.";
pub const REMOVED: &str = "Your comment was deleted.";
pub const LOADING: &str = "Loading comments…";
pub const NETWORK_ERROR: &str =
    "Could not reach the comment server. Check your connection and try again.";
pub const SERVER_ERROR: &str = "The comment server had a problem. Please try again in a moment.";
pub const POST_AUTHOR: &str = "Post author";
pub const MODERATOR: &str = "Moderator";
pub const PINGBACK: &str = "Pingback:";
pub const TRACKBACK: &str = "Trackback:";
pub const REPLY: &str = "Reply";
pub const CANCEL_REPLY: &str = "Cancel reply";
pub const EMAIL_NOTE: &str = "Your email address will not be published.";
pub const REQUIRED_NOTE: &str = "Required fields are marked";
pub const NAME: &str = "Name";
pub const EMAIL: &str = "Email";
pub const WEBSITE: &str = "Website";
pub const COMMENT: &str = "Comment";
pub const MARKDOWN_HELP: &str = "Markdown supported: *italic*, **bold**, `code`, \
     [link](https://…), > quote, - list. A new line is a line break.";
pub const WRITE: &str = "Write";
pub const PREVIEW: &str = "Preview";
pub const PREVIEW_EMPTY: &str = "Nothing to preview yet.";
pub const LOADING_PREVIEW: &str = "Loading preview…";
pub const HONEYPOT: &str = "Leave this field empty";
pub const REMEMBER_ME: &str =
    "Save my name, email, and website in this browser for the next time I comment.";
pub const TRY_AGAIN: &str = "Try again";
pub const POST_COMMENT: &str = "Post Comment";
pub const POSTING: &str = "Posting…";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_heading_counts_like_a_blog() {
        assert_eq!(thoughts_heading(11, "Why?"), "11 thoughts on “Why?”");
        assert_eq!(thoughts_heading(1, "Why?"), "One thought on “Why?”");
        assert_eq!(thoughts_heading(0, "Why?"), "No thoughts yet on “Why?”");
    }

    #[test]
    fn the_counter_says_what_is_left_or_over() {
        assert_eq!(characters_left(12), "12 characters left");
        assert_eq!(characters_left(1), "1 character left");
        assert_eq!(characters_left(-3), "3 characters too many");
    }

    #[test]
    fn the_time_left_rounds_up_to_minutes() {
        assert_eq!(
            time_left(14.2 * 60_000.0),
            "You can change this for 15 more minutes."
        );
        assert_eq!(
            time_left(30_000.0),
            "You can change this for less than a minute."
        );
        assert_eq!(time_left(-5.0), "");
    }

    #[test]
    fn the_reply_title_names_the_author_replied_to() {
        assert_eq!(reply_title(Some("Ann")), "Leave a Reply to Ann");
        assert_eq!(reply_title(None), "Leave a Reply");
    }
}
