//! Every string the widget shows, from one catalogue per language (`lang/<code>.json`).
//!
//! English is built in; another language is fetched once, before the widget draws. A
//! site owner overrides any single string with a `data-text-<key>` attribute (plural
//! forms as `<key>-one`, `<key>-other`, …). Plural forms are chosen by the browser's
//! `Intl.PluralRules`. The page holds one catalogue: the widget mounted last sets it.

use crate::json::Json;
use crate::wire::{FromJson, field};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// The languages with a catalogue in `lang/`.
pub const LANGUAGES: [&str; 20] = [
    "ar", "cs", "de", "en", "es", "fa", "fr", "he", "hi", "it", "ja", "ko", "nl", "pl", "pt", "ru",
    "sv", "tr", "uk", "zh",
];

/// The English catalogue, built in (`lang/en.json` made compact by the build script).
pub const ENGLISH: &str = include_str!(concat!(env!("OUT_DIR"), "/en.json"));

/// A catalogue file as written.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    /// The language's own name for itself.
    pub name: String,
    /// `ltr` or `rtl`.
    pub dir: String,
    pub texts: HashMap<String, String>,
    pub plurals: HashMap<String, HashMap<String, String>>,
}

impl Catalogue {
    /// Reads a catalogue file.
    pub fn parse(json: &str) -> Result<Self, String> {
        crate::wire::parse(json)
    }
}

impl FromJson for Catalogue {
    fn from_json(value: &Json<'_>) -> Result<Self, String> {
        let in_member = |name: &'static str| move |error| format!("{name}: {error}");
        Ok(Self {
            name: field(value, "name")?,
            dir: field(value, "dir")?,
            texts: map_of(value.get("texts"), String::from_json).map_err(in_member("texts"))?,
            plurals: map_of(value.get("plurals"), |forms| {
                map_of(forms, String::from_json)
            })
            .map_err(in_member("plurals"))?,
        })
    }
}

/// An object's members by name, each read by `read`.
fn map_of<T>(
    value: &Json<'_>,
    read: impl Fn(&Json<'_>) -> Result<T, String>,
) -> Result<HashMap<String, T>, String> {
    let Json::Object(members) = value else {
        return Err("expected an object".to_owned());
    };
    members
        .iter()
        .map(|(key, item)| Ok((key.to_string(), read(item)?)))
        .collect()
}

/// The strings of one widget: its language, the site owner's overrides, then English.
#[derive(Debug, Clone)]
pub struct Messages {
    /// The BCP 47 code of the language, like `ar`.
    pub lang: String,
    catalogue: Rc<Catalogue>,
    english: Rc<Catalogue>,
    overrides: HashMap<String, String>,
}

impl Messages {
    /// The strings of `lang` from `catalogue`, with `overrides` (key → text) on top.
    pub fn new(lang: &str, catalogue: Catalogue, overrides: HashMap<String, String>) -> Self {
        Self {
            lang: lang.to_owned(),
            catalogue: Rc::new(catalogue),
            english: english(),
            overrides,
        }
    }

    /// English, with `overrides` on top.
    pub fn english_with(overrides: HashMap<String, String>) -> Self {
        Self {
            lang: "en".to_owned(),
            catalogue: english(),
            english: english(),
            overrides,
        }
    }

    /// English, with no overrides.
    pub fn english() -> Self {
        Self::english_with(HashMap::new())
    }

    /// Whether the language is written right to left.
    pub fn is_rtl(&self) -> bool {
        self.catalogue.dir == "rtl"
    }

    /// The text for `key` (the key itself if no catalogue has it, so a gap shows).
    pub fn text(&self, key: &str) -> String {
        self.find(key).unwrap_or_else(|| key.to_owned())
    }

    fn find(&self, key: &str) -> Option<String> {
        self.overrides
            .get(key)
            .or_else(|| self.catalogue.texts.get(key))
            .or_else(|| self.english.texts.get(key))
            .cloned()
    }

    /// The plural form of `key` for `count` (`zero` for exactly 0 where a catalogue has
    /// it, else the language's category for the number), with `{n}` filled in.
    pub fn plural(&self, key: &str, count: i64, category: &str) -> String {
        let wanted = if count == 0 { "zero" } else { category };
        let overridden = |name: &str| self.overrides.get(&format!("{key}-{name}")).cloned();
        let in_catalogue = |catalogue: &Catalogue, name: &str| {
            catalogue
                .plurals
                .get(key)
                .and_then(|forms| forms.get(name).cloned())
        };
        overridden(wanted)
            .or_else(|| overridden(category))
            .or_else(|| in_catalogue(&self.catalogue, wanted))
            .or_else(|| in_catalogue(&self.catalogue, category))
            .or_else(|| overridden("other"))
            .or_else(|| in_catalogue(&self.catalogue, "other"))
            .or_else(|| in_catalogue(&self.english, wanted))
            .or_else(|| in_catalogue(&self.english, "other"))
            .unwrap_or_else(|| key.to_owned())
            .replace("{n}", &format_number(count, &self.lang))
    }

    /// What the server's refusal says, in the reader's language when the catalogue has
    /// its code (`error-<code>`), else as the server wrote it. A proof of work refused
    /// again after the widget solved a fresh one (`proof_*`) is one message in every
    /// language, English too: the server's words are about hashes, not about the reader.
    pub fn server_error(&self, code: &str, server_message: &str) -> String {
        let proof = code.starts_with("proof_");
        let key = if proof {
            "error-proof".to_owned()
        } else {
            format!("error-{}", code.replace('_', "-"))
        };
        self.overrides
            .get(&key)
            .or_else(|| {
                (proof || self.lang != "en")
                    .then(|| self.catalogue.texts.get(&key))
                    .flatten()
            })
            .cloned()
            .unwrap_or_else(|| server_message.to_owned())
    }
}

thread_local! {
    /// The built-in English catalogue, parsed once.
    static ENGLISH_CATALOGUE: Rc<Catalogue> = Rc::new(
        Catalogue::parse(ENGLISH).expect("the built-in English catalogue is valid"),
    );
}

fn english() -> Rc<Catalogue> {
    ENGLISH_CATALOGUE.with(Rc::clone)
}

thread_local! {
    static CURRENT: RefCell<Option<Messages>> = const { RefCell::new(None) };
}

/// Makes `messages` the page's strings.
pub fn set_current(messages: Messages) {
    CURRENT.with(|current| *current.borrow_mut() = Some(messages));
}

fn with_current<T>(read: impl FnOnce(&Messages) -> T) -> T {
    CURRENT.with(|current| {
        let mut current = current.borrow_mut();
        read(current.get_or_insert_with(Messages::english))
    })
}

/// The widget's language code.
pub fn lang() -> String {
    with_current(|messages| messages.lang.clone())
}

/// Whether the widget's language is written right to left.
pub fn is_rtl() -> bool {
    with_current(Messages::is_rtl)
}

/// The text for `key` in the widget's language.
pub fn text(key: &str) -> String {
    with_current(|messages| messages.text(key))
}

/// The text for `key` with its `{placeholders}` filled in.
pub fn text_with(key: &str, values: &[(&str, &str)]) -> String {
    fill(&text(key), values)
}

/// The plural form of `key` for `count`, with `{n}` and `values` filled in.
pub fn plural(key: &str, count: i64, values: &[(&str, &str)]) -> String {
    with_current(|messages| {
        let category = plural_category(&messages.lang, count);
        fill(&messages.plural(key, count, &category), values)
    })
}

/// A refusal from the server, in the widget's language where possible.
pub fn server_error(code: &str, server_message: &str) -> String {
    with_current(|messages| messages.server_error(code, server_message))
}

fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_owned(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

/// The CLDR plural category of `count` in `lang`, from the browser's `Intl.PluralRules`.
#[cfg(target_arch = "wasm32")]
fn plural_category(lang: &str, count: i64) -> String {
    let locales = js_sys::Array::of1(&lang.into());
    js_sys::Intl::PluralRules::new(&locales, &js_sys::Object::new())
        .select(count as f64)
        .into()
}

/// Outside a browser (native tests): English rules.
#[cfg(not(target_arch = "wasm32"))]
fn plural_category(_lang: &str, count: i64) -> String {
    if count == 1 { "one" } else { "other" }.to_owned()
}

/// `count` written as the language writes numbers (Arabic digits in Arabic, …).
#[cfg(target_arch = "wasm32")]
fn format_number(count: i64, lang: &str) -> String {
    let locales = js_sys::Array::of1(&lang.into());
    js_sys::Intl::NumberFormat::new(&locales, &js_sys::Object::new())
        .format()
        .call1(&wasm_bindgen::JsValue::NULL, &(count as f64).into())
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| count.to_string())
}

#[cfg(not(target_arch = "wasm32"))]
fn format_number(count: i64, _lang: &str) -> String {
    count.to_string()
}

/// The language to speak: the `lang` option, else the page's `<html lang>`, else the
/// browser's languages in order; the first with a catalogue wins, English last.
pub fn choose_language(
    option: Option<&str>,
    page: Option<&str>,
    browser: &[String],
) -> &'static str {
    option
        .into_iter()
        .chain(page)
        .chain(browser.iter().map(String::as_str))
        .find_map(supported)
        .unwrap_or("en")
}

/// The catalogue for a BCP 47 tag like `pt-BR` or `zh-Hans-CN`, if there is one.
fn supported(tag: &str) -> Option<&'static str> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    let primary = match primary.as_str() {
        "iw" => "he".to_owned(),
        _ => primary,
    };
    LANGUAGES.iter().copied().find(|code| *code == primary)
}

/// The heading over the thread, as on a classic blog: “11 thoughts on “Title””.
pub fn thoughts_heading(count: u32, title: &str) -> String {
    plural("thoughts", i64::from(count), &[("title", title)])
}

/// The reply box's title.
pub fn reply_title(replying_to: Option<&str>) -> String {
    match replying_to {
        Some(name) => text_with("leave-a-reply-to", &[("name", name)]),
        None => text("leave-a-reply"),
    }
}

/// The counter under the comment field near its length limit.
pub fn characters_left(remaining: i64) -> String {
    if remaining >= 0 {
        plural("characters-left", remaining, &[])
    } else {
        plural("characters-too-many", -remaining, &[])
    }
}

/// How long the author may still change their comment.
pub fn time_left(ms: f64) -> String {
    let minutes = (ms / 60_000.0).ceil() as i64;
    match minutes {
        ..=0 => String::new(),
        1 => text("less-than-a-minute-left"),
        n => plural("minutes-left", n, &[]),
    }
}

/// A field's text is over its limit.
pub fn too_long(label: &str, max: usize) -> String {
    text_with("too-long", &[("field", label), ("max", &max.to_string())])
}

/// “Show 3 more replies”.
pub fn more_replies(count: u32) -> String {
    plural("more-replies", i64::from(count), &[])
}

/// What a collapsed comment says instead of its replies.
pub fn hidden_replies(count: usize) -> String {
    plural(
        "hidden-replies",
        i64::try_from(count).unwrap_or(i64::MAX),
        &[],
    )
}

#[cfg(test)]
mod tests;
