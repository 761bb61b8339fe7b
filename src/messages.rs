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
    fn the_reply_title_names_the_author_replied_to() {
        assert_eq!(reply_title(Some("Ann")), "Leave a Reply to Ann");
        assert_eq!(reply_title(None), "Leave a Reply");
    }
}
