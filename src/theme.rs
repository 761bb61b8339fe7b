//! Themes: `light`, `dark` or `auto` (the reader's system setting) from the host element's
//! `theme` option, or from the host page itself through `theme-source`, followed live.
//!
//! `theme-source` names an element and what on it tells the theme: `html[data-theme]`
//! (the attribute's value: light, dark or auto) or `html.dark` (dark while the element
//! has the class, light otherwise). Without any theme the widget inherits the page's
//! colours.

use crate::config::option;
use web_sys::{Element, HtmlElement};

/// The look the widget takes; `Inherit` draws with the host page's own colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Inherit,
    Light,
    Dark,
    Auto,
}

impl Theme {
    /// Reads an option's value; unknown values mean none.
    pub fn parse(value: &str) -> Option<Self> {
        match value.trim().to_ascii_lowercase().as_str() {
            "light" => Some(Self::Light),
            "dark" => Some(Self::Dark),
            "auto" | "system" => Some(Self::Auto),
            _ => None,
        }
    }

    /// The value of the widget root's `data-theme` (absent for `Inherit`).
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Self::Inherit => None,
            Self::Light => Some("light"),
            Self::Dark => Some("dark"),
            Self::Auto => Some("auto"),
        }
    }
}

/// Where on the host page the theme is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeSource {
    /// A CSS selector of the element, like `html` or `#app`.
    pub selector: String,
    pub signal: SourceSignal,
}

/// What on the source element tells the theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceSignal {
    /// The attribute's value is the theme.
    Attribute(String),
    /// Dark while the element has this class.
    Class(String),
}

impl ThemeSource {
    /// Reads `html[data-theme]` or `body.dark`; `None` when it is neither form.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if let Some(inner) = text.strip_suffix(']') {
            let (selector, attribute) = inner.rsplit_once('[')?;
            let valid = !attribute.is_empty()
                && attribute
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            return valid.then(|| Self {
                selector: non_empty(selector),
                signal: SourceSignal::Attribute(attribute.to_owned()),
            });
        }
        let (selector, class) = text.rsplit_once('.')?;
        (!class.is_empty() && !class.contains([' ', '[', ']', '#'])).then(|| Self {
            selector: non_empty(selector),
            signal: SourceSignal::Class(class.to_owned()),
        })
    }

    /// The theme the element tells now, if it tells one.
    fn read(&self, element: &Element) -> Option<Theme> {
        match &self.signal {
            SourceSignal::Attribute(name) => element
                .get_attribute(name)
                .and_then(|value| Theme::parse(&value)),
            SourceSignal::Class(class) => Some(if element.class_list().contains(class) {
                Theme::Dark
            } else {
                Theme::Light
            }),
        }
    }

    fn attribute_filter(&self) -> &str {
        match &self.signal {
            SourceSignal::Attribute(name) => name,
            SourceSignal::Class(_) => "class",
        }
    }
}

fn non_empty(selector: &str) -> String {
    match selector.trim() {
        "" => "html".to_owned(),
        selector => selector.to_owned(),
    }
}

/// The host element's own theme option.
fn host_theme(host: &HtmlElement) -> Theme {
    option(host, "theme")
        .and_then(|value| Theme::parse(&value))
        .unwrap_or(Theme::Inherit)
}

/// Sets `root`'s theme now and whenever the host element or the theme source changes it.
pub fn follow(host: &HtmlElement, root: &HtmlElement) {
    let source = option(host, "theme-source").and_then(|text| ThemeSource::parse(&text));
    let source_element = source.as_ref().and_then(|source| {
        host.owner_document()
            .and_then(|document| document.query_selector(&source.selector).ok().flatten())
    });
    let apply = {
        let (host, root, source, source_element) = (
            host.clone(),
            root.clone(),
            source.clone(),
            source_element.clone(),
        );
        move || {
            let from_source = source
                .as_ref()
                .zip(source_element.as_ref())
                .and_then(|(source, element)| source.read(element));
            let theme = from_source.unwrap_or_else(|| host_theme(&host));
            match theme.attribute() {
                Some(value) => root.set_attribute("data-theme", value).ok(),
                None => root.remove_attribute("data-theme").ok(),
            };
        }
    };
    apply();
    crate::watch::attributes(host, &["theme", "data-theme"], apply.clone());
    if let (Some(source), Some(element)) = (&source, &source_element) {
        crate::watch::attributes(element, &[source.attribute_filter()], apply);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes_are_read_leniently() {
        assert_eq!(Theme::parse(" Dark "), Some(Theme::Dark));
        assert_eq!(Theme::parse("system"), Some(Theme::Auto));
        assert_eq!(Theme::parse("purple"), None);
    }

    #[test]
    fn a_source_is_an_attribute_or_a_class_of_an_element() {
        assert_eq!(
            ThemeSource::parse("html[data-theme]"),
            Some(ThemeSource {
                selector: "html".into(),
                signal: SourceSignal::Attribute("data-theme".into())
            })
        );
        assert_eq!(
            ThemeSource::parse("body.dark-mode"),
            Some(ThemeSource {
                selector: "body".into(),
                signal: SourceSignal::Class("dark-mode".into())
            })
        );
        assert_eq!(
            ThemeSource::parse("[data-bs-theme]").unwrap().selector,
            "html"
        );
        assert_eq!(ThemeSource::parse("#app"), None);
        assert_eq!(ThemeSource::parse("html[data theme]"), None);
    }
}
