//! The limits on what a reader may send, checked by the widget as a courtesy and by the
//! server as the authority. Lengths count Unicode characters, not bytes.

/// Longest comment body, in characters of markdown.
pub const MAX_BODY_CHARS: usize = 10_000;
/// Longest author name.
pub const MAX_NAME_CHARS: usize = 100;
/// Longest email address (RFC 5321's limit).
pub const MAX_EMAIL_CHARS: usize = 254;
/// Longest website URL.
pub const MAX_WEBSITE_CHARS: usize = 512;
/// Longest thread key.
pub const MAX_THREAD_KEY_CHARS: usize = 512;
/// Longest page title stored with a thread.
pub const MAX_TITLE_CHARS: usize = 300;
/// Longest page URL stored with a thread.
pub const MAX_PAGE_URL_CHARS: usize = 2_048;
/// Links a comment may carry before it is held for moderation, unless the server is
/// configured otherwise.
pub const DEFAULT_MAX_LINKS: usize = 3;
/// Longest `Idempotency-Key` header.
pub const MAX_IDEMPOTENCY_KEY_CHARS: usize = 128;
/// Most comments one `POST /api/v1/comments/mine` may ask about.
pub const MAX_OWN_COMMENTS: usize = 100;

/// The most recent comments `GET /api/v1/comments/recent` gives at once, and how many
/// when not asked.
pub const MAX_RECENT_COMMENTS: usize = 20;
pub const DEFAULT_RECENT_COMMENTS: usize = 5;

/// About how long a recent comment's excerpt is, in characters.
pub const RECENT_EXCERPT_CHARS: usize = 200;
/// Top-level comments on a page unless the request asks for another number.
pub const DEFAULT_PAGE_SIZE: usize = 20;
/// Most top-level comments (or direct replies) one request may ask for.
pub const MAX_PAGE_SIZE: usize = 100;
/// Most visible comments a thread may have to be read whole (`limit=all`); bigger threads
/// are read in pages.
pub const MAX_WHOLE_THREAD: usize = 10_000;
/// Most replies sent along with each top-level comment (or reply) of a page.
pub const REPLY_PREVIEW: usize = 10;
/// A page stops growing once its comments take this many bytes of JSON, so the first
/// answer for any thread stays under 64 KB.
pub const PAGE_BYTE_BUDGET: usize = 56 * 1024;
/// Most threads one `GET /api/v1/counts` may ask about.
pub const MAX_COUNT_THREADS: usize = 100;
/// Deepest nesting of replies (a top-level comment has depth 0).
pub const MAX_DEPTH: u32 = 64;
/// How deep quotes, lists, emphasis and links may nest inside one comment body; deeper
/// markup keeps its text but not its structure.
pub const MAX_NESTING: usize = 16;

/// How many characters `text` has, as the limits count them.
pub fn char_count(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_count_characters_not_bytes() {
        assert_eq!(char_count("héllo"), 5);
        assert_eq!(char_count("💬"), 1);
    }
}
