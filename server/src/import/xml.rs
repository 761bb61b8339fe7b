//! What the XML readers share: parsing with errors that name the line, finding children
//! by local name, and thread keys from page links.

use super::ImportError;
use roxmltree::{Document, Node};

/// Parses `text`; a document type declaration is refused, so no entity can expand.
pub fn parse(text: &str) -> Result<Document<'_>, ImportError> {
    Document::parse(text).map_err(|error| {
        let position = error.pos();
        ImportError::Unreadable(format!(
            "line {}, column {}: the XML is broken: {error}",
            position.row, position.col
        ))
    })
}

/// The first child element of `node` named `name` (in any namespace).
pub fn child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    node.children()
        .find(|child| child.is_element() && child.tag_name().name() == name)
}

/// The child elements of `node` named `name` (in any namespace).
pub fn children<'a, 'input: 'a>(
    node: Node<'a, 'input>,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'input>> + 'a {
    node.children()
        .filter(move |child| child.is_element() && child.tag_name().name() == name)
}

/// The text of `node`'s child `name`, trimmed; `None` when missing or empty.
pub fn child_text(node: Node<'_, '_>, name: &str) -> Option<String> {
    child(node, name)
        .map(|child| text(child).trim().to_owned())
        .filter(|text| !text.is_empty())
}

/// All the text inside `node` (CDATA included), untrimmed.
pub fn text(node: Node<'_, '_>) -> String {
    node.descendants()
        .filter(|node| node.is_text())
        .filter_map(|node| node.text())
        .collect()
}

/// The line a node starts on, to name a record in messages.
pub fn line(node: Node<'_, '_>) -> u32 {
    node.document().text_pos_at(node.range().start).row
}

/// The thread key for a page link: its path (and query, which some permalinks use). A
/// link that is already a path is the key itself.
pub fn key_from_link(link: &str) -> Option<String> {
    let link = link.trim();
    if link.starts_with('/') && !link.starts_with("//") {
        return crate::validate::thread_key(link).ok();
    }
    let url = url::Url::parse(link).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let mut key = url.path().to_owned();
    if let Some(query) = url.query() {
        key.push('?');
        key.push_str(query);
    }
    crate::validate::thread_key(&key).ok()
}

/// A page link worth storing: an absolute http(s) URL.
pub fn page_url(link: Option<&str>) -> Option<String> {
    link.map(str::trim)
        .filter(|link| {
            link.chars().count() <= confab_api::limits::MAX_PAGE_URL_CHARS
                && url::Url::parse(link).is_ok_and(|url| matches!(url.scheme(), "http" | "https"))
        })
        .map(str::to_owned)
}

/// A page title worth storing: trimmed and within the limit.
pub fn title(title: Option<String>) -> Option<String> {
    title
        .map(|title| {
            title
                .trim()
                .chars()
                .take(confab_api::limits::MAX_TITLE_CHARS)
                .collect::<String>()
        })
        .filter(|title| !title.is_empty())
}
