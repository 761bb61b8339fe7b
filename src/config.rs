//! The widget's options, read once from the host element's attributes.
//!
//! Each option may be written plain (`thread="/post"`, on `<confab-comments>`) or with a
//! `data-` prefix (`data-thread="/post"`, on a mount element); `embed.js` copies the
//! script tag's `data-confab-*` attributes onto the mount element.

use confab_api::limits::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use std::fmt;

/// Everything the widget needs to know about where it is and what to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetConfig {
    /// The thread's key (default: the page's path).
    pub thread: String,
    /// The page's title (default: the document's title).
    pub title: String,
    /// The page's URL without its fragment (default: the page's own).
    pub url: String,
    /// Where the API lives, without a trailing slash (default: `embed.js`'s origin).
    pub api_base: String,
    /// The directory `embed.js` came from, with a trailing slash (catalogues live there).
    pub asset_base: String,
    /// The URL of the widget's stylesheet.
    pub stylesheet_url: String,
    /// Top-level comments per page (default 20), or the whole thread at once.
    pub page_size: PageSize,
}

/// How much of a thread one request loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageSize {
    /// This many top-level comments, each with the first of its replies.
    Top(usize),
    /// Every comment (`page-size="all"`), for threads of up to the server's limit.
    All,
}

impl PageSize {
    /// The `limit` the API takes.
    pub fn as_query(self) -> String {
        match self {
            PageSize::Top(size) => size.to_string(),
            PageSize::All => "all".to_owned(),
        }
    }
}

/// An option that was given but cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The attribute at fault.
    pub attribute: &'static str,
    /// What is wrong with it.
    pub problem: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the `{}` option {}", self.attribute, self.problem)
    }
}

impl std::error::Error for ConfigError {}

/// The page facts an option falls back to when it is not given.
#[derive(Debug, Clone)]
pub struct PageDefaults {
    /// `location.pathname`.
    pub path: String,
    /// `document.title`.
    pub title: String,
    /// `location.href` without its fragment.
    pub url: String,
}

impl WidgetConfig {
    /// Reads the options from `host`'s attributes, falling back to the current page.
    pub fn from_host(host: &web_sys::HtmlElement, asset_base: &str) -> Result<Self, ConfigError> {
        let window = web_sys::window().expect("the widget runs in a window");
        let location = window.location();
        let href = location.href().unwrap_or_default();
        let defaults = PageDefaults {
            path: location.pathname().unwrap_or_else(|_| "/".into()),
            title: window.document().map(|d| d.title()).unwrap_or_default(),
            url: href.split('#').next().unwrap_or_default().to_owned(),
        };
        Self::from_options(|name| option(host, name), asset_base, &defaults)
    }

    /// Builds the config from a lookup of option values (pure, for tests).
    pub fn from_options(
        lookup: impl Fn(&str) -> Option<String>,
        asset_base: &str,
        defaults: &PageDefaults,
    ) -> Result<Self, ConfigError> {
        let thread = lookup("thread").unwrap_or_else(|| defaults.path.clone());
        if !thread.starts_with('/') {
            return Err(ConfigError {
                attribute: "thread",
                problem: format!("must be a path starting with “/”, not {thread:?}"),
            });
        }
        let asset_base = with_trailing_slash(asset_base);
        let api_base = match lookup("api") {
            Some(api) => api.trim_end_matches('/').to_owned(),
            None => origin_of(&asset_base).ok_or_else(|| ConfigError {
                attribute: "api",
                problem: format!("is missing and {asset_base:?} has no origin to use instead"),
            })?,
        };
        Ok(Self {
            thread,
            title: lookup("title").unwrap_or_else(|| defaults.title.clone()),
            url: lookup("url").unwrap_or_else(|| defaults.url.clone()),
            api_base,
            stylesheet_url: format!("{asset_base}confab.css"),
            asset_base,
            page_size: page_size(lookup("page-size"))?,
        })
    }
}

/// The `page-size` option: 1 to the server's maximum, or `all`.
fn page_size(value: Option<String>) -> Result<PageSize, ConfigError> {
    let Some(value) = value else {
        return Ok(PageSize::Top(DEFAULT_PAGE_SIZE));
    };
    if value == "all" {
        return Ok(PageSize::All);
    }
    value
        .parse()
        .ok()
        .filter(|size| (1..=MAX_PAGE_SIZE).contains(size))
        .map(PageSize::Top)
        .ok_or_else(|| ConfigError {
            attribute: "page-size",
            problem: format!("must be a number from 1 to {MAX_PAGE_SIZE}, or all, not {value:?}"),
        })
}

/// The value of option `name` on `host`, plain or `data-` prefixed; blank counts as absent.
pub fn option(host: &web_sys::HtmlElement, name: &str) -> Option<String> {
    host.get_attribute(name)
        .or_else(|| host.get_attribute(&format!("data-{name}")))
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

fn with_trailing_slash(url: &str) -> String {
    if url.ends_with('/') {
        url.to_owned()
    } else {
        format!("{url}/")
    }
}

/// `scheme://host[:port]` of an absolute URL.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split('/').next().filter(|host| !host.is_empty())?;
    Some(format!("{scheme}://{host}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> PageDefaults {
        PageDefaults {
            path: "/blog/post/".into(),
            title: "A post".into(),
            url: "https://blog.example/blog/post/".into(),
        }
    }

    #[test]
    fn without_options_the_page_and_the_loader_origin_are_used() {
        let config =
            WidgetConfig::from_options(|_| None, "https://comments.example/static", &defaults())
                .unwrap();
        assert_eq!(config.thread, "/blog/post/");
        assert_eq!(config.title, "A post");
        assert_eq!(config.api_base, "https://comments.example");
        assert_eq!(
            config.stylesheet_url,
            "https://comments.example/static/confab.css"
        );
    }

    #[test]
    fn given_options_win() {
        let lookup = |name: &str| match name {
            "thread" => Some("/other/".to_owned()),
            "api" => Some("https://api.example/".to_owned()),
            _ => None,
        };
        let config = WidgetConfig::from_options(lookup, "https://c.example/", &defaults()).unwrap();
        assert_eq!(config.thread, "/other/");
        assert_eq!(config.api_base, "https://api.example");
    }

    #[test]
    fn the_page_size_is_checked() {
        let with = |size: &'static str| {
            WidgetConfig::from_options(
                move |name| (name == "page-size").then(|| size.to_owned()),
                "https://c.example/",
                &defaults(),
            )
        };
        assert_eq!(with("50").unwrap().page_size, PageSize::Top(50));
        assert_eq!(with("all").unwrap().page_size, PageSize::All);
        assert_eq!(with("0").unwrap_err().attribute, "page-size");
        assert_eq!(with("lots").unwrap_err().attribute, "page-size");
    }

    #[test]
    fn a_thread_that_is_not_a_path_is_refused_by_name() {
        let lookup = |name: &str| (name == "thread").then(|| "post-1".to_owned());
        let error =
            WidgetConfig::from_options(lookup, "https://c.example/", &defaults()).unwrap_err();
        assert_eq!(error.attribute, "thread");
    }
}
