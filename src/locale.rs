//! Which language a widget speaks, the site owner's string overrides, and fetching the
//! catalogue of a language other than English.

use crate::messages::{self, Catalogue, Messages};
use std::collections::HashMap;
use web_sys::HtmlElement;

/// The language for the widget on `host`: its `lang` option, the page's `<html lang>`,
/// then the browser's languages.
pub fn for_host(host: &HtmlElement) -> &'static str {
    let option = host
        .get_attribute("lang")
        .filter(|_| host.tag_name().eq_ignore_ascii_case("confab-comments"))
        .or_else(|| host.get_attribute("data-lang"));
    let page = host
        .owner_document()
        .and_then(|document| document.document_element())
        .and_then(|html| html.get_attribute("lang"));
    let browser: Vec<String> = web_sys::window()
        .map(|window| {
            window
                .navigator()
                .languages()
                .iter()
                .filter_map(|language| language.as_string())
                .collect()
        })
        .unwrap_or_default();
    messages::choose_language(option.as_deref(), page.as_deref(), &browser)
}

/// The `data-text-<key>` (or `text-<key>`) attributes of `host`: key → text.
pub fn overrides(host: &HtmlElement) -> HashMap<String, String> {
    let attributes = host.attributes();
    (0..attributes.length())
        .filter_map(|index| attributes.item(index))
        .filter_map(|attribute| {
            let name = attribute.name();
            let key = name
                .strip_prefix("data-text-")
                .or_else(|| name.strip_prefix("text-"))?
                .to_owned();
            Some((key, attribute.value()))
        })
        .collect()
}

/// The strings for `lang`: English at once, another language from
/// `<asset_base>lang/<code>.json` (English if that fails).
pub async fn load(
    lang: &'static str,
    asset_base: &str,
    overrides: HashMap<String, String>,
) -> Messages {
    if lang == "en" {
        return Messages::english_with(overrides);
    }
    let url = format!("{asset_base}lang/{lang}.json");
    let fetched = match crate::fetch::Call::new("GET", url).send().await {
        Ok(response) if response.ok() => crate::fetch::text(&response).await.ok(),
        _ => None,
    };
    match fetched.as_deref().map(Catalogue::parse) {
        Some(Ok(catalogue)) => Messages::new(lang, catalogue, overrides),
        _ => Messages::english_with(overrides),
    }
}
