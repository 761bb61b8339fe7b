//! Where a comment's links point, for moderators: a held link farm's text says nothing of
//! its destinations, so each link drawn on the screen shows its domain in full after it
//! (the whole address on hover and focus), and the domains a comment links to are listed
//! beside it.

use confab::components::body::draw_blocks;
use confab_api::Block;
use confab_api::body::link_urls;
use leptos::web_sys::Element;

/// The host of an absolute web address (`https://shop.example:8080/x` gives
/// `shop.example:8080`), lower-cased; `None` for anything else.
pub fn host_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    // Credentials before an `@` are not where the link goes.
    let host = authority.rsplit('@').next()?;
    (!host.is_empty()).then(|| host.to_lowercase())
}

/// The domains `blocks` link to, each once, in the order they first appear.
pub fn link_domains(blocks: &[Block]) -> Vec<String> {
    let mut domains: Vec<String> = Vec::new();
    for host in link_urls(blocks).iter().filter_map(|url| host_of(url)) {
        if !domains.contains(&host) {
            domains.push(host);
        }
    }
    domains
}

/// Draws a comment's body as readers see it, with each link's destination after it; a
/// directive: `<div use:draw_with_destinations=blocks>`.
pub fn draw_with_destinations(element: Element, blocks: Vec<Block>) {
    draw_blocks(element.clone(), blocks);
    let (Some(document), links) = (
        element.owner_document(),
        element.get_elements_by_tag_name("a"),
    ) else {
        return;
    };
    for index in 0..links.length() {
        let Some(link) = links.item(index) else {
            continue;
        };
        let href = link.get_attribute("href").unwrap_or_default();
        let _ = link.set_attribute("title", &href);
        let destination = host_of(&href).unwrap_or(href);
        if let Ok(note) = document.create_element("span") {
            note.set_class_name("destination");
            note.set_text_content(Some(&format!(" ({destination})")));
            let _ = link.append_child(&note);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_is_where_the_link_goes() {
        assert_eq!(
            host_of("https://Shop.Example/buy?x=1").as_deref(),
            Some("shop.example")
        );
        assert_eq!(
            host_of("http://a.example:8080").as_deref(),
            Some("a.example:8080")
        );
        assert_eq!(
            host_of("https://bank.example@evil.example/").as_deref(),
            Some("evil.example")
        );
        assert_eq!(host_of("mailto:x@y.example"), None);
        assert_eq!(host_of("https://"), None);
    }

    #[test]
    fn each_domain_is_listed_once_in_order() {
        use confab_api::Inline;
        let link = |url: &str| Inline::Link {
            url: url.to_owned(),
            children: vec![Inline::Text { text: "x".into() }],
        };
        let body = vec![Block::Paragraph {
            children: vec![
                link("https://b.example/1"),
                link("https://a.example"),
                link("https://b.example/2"),
            ],
        }];
        assert_eq!(link_domains(&body), ["b.example", "a.example"]);
    }
}
