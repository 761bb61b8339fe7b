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

/// Where each line of a document starts, to name records by line without reading the
/// document from its start for each one.
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        Self { starts }
    }

    /// The line (from 1) a node starts on.
    pub fn of(&self, node: Node<'_, '_>) -> usize {
        self.starts
            .partition_point(|&start| start <= node.range().start)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_named_by_the_line_they_start_on() {
        let text = "<a>\n  <b/>\n\n  <c>\n  </c>\n</a>";
        let document = parse(text).unwrap();
        let lines = Lines::new(text);
        let line_of = |name: &str| {
            let node = document
                .descendants()
                .find(|node| node.tag_name().name() == name)
                .unwrap();
            lines.of(node)
        };
        assert_eq!((line_of("a"), line_of("b"), line_of("c")), (1, 2, 4));
    }

    #[test]
    fn page_links_become_keys_and_other_schemes_do_not() {
        assert_eq!(
            key_from_link("https://blog.example/a/b/?p=5").as_deref(),
            Some("/a/b/?p=5")
        );
        assert_eq!(key_from_link(" /post/ ").as_deref(), Some("/post/"));
        assert_eq!(key_from_link("javascript:alert(1)"), None);
        assert_eq!(key_from_link("//evil.example/x"), None);
    }
}
