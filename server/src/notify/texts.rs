//! The words of the mails commenters get (reply and confirmation mails), in the languages
//! the widget speaks: the language the reader's widget used when they posted, else English.
//! Owner mails stay in English.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Each language's texts, as JSON objects of key → text with `{name}` and `{title}`.
const CATALOGUES: [(&str, &str); 20] = [
    ("ar", include_str!("../../mail-texts/ar.json")),
    ("cs", include_str!("../../mail-texts/cs.json")),
    ("de", include_str!("../../mail-texts/de.json")),
    ("en", include_str!("../../mail-texts/en.json")),
    ("es", include_str!("../../mail-texts/es.json")),
    ("fa", include_str!("../../mail-texts/fa.json")),
    ("fr", include_str!("../../mail-texts/fr.json")),
    ("he", include_str!("../../mail-texts/he.json")),
    ("hi", include_str!("../../mail-texts/hi.json")),
    ("it", include_str!("../../mail-texts/it.json")),
    ("ja", include_str!("../../mail-texts/ja.json")),
    ("ko", include_str!("../../mail-texts/ko.json")),
    ("nl", include_str!("../../mail-texts/nl.json")),
    ("pl", include_str!("../../mail-texts/pl.json")),
    ("pt", include_str!("../../mail-texts/pt.json")),
    ("ru", include_str!("../../mail-texts/ru.json")),
    ("sv", include_str!("../../mail-texts/sv.json")),
    ("tr", include_str!("../../mail-texts/tr.json")),
    ("uk", include_str!("../../mail-texts/uk.json")),
    ("zh", include_str!("../../mail-texts/zh.json")),
];

/// The texts of one language.
#[derive(Debug)]
pub struct MailTexts {
    /// The language's code, for the mail's `lang`.
    pub lang: &'static str,
    /// Written right to left.
    pub rtl: bool,
    texts: HashMap<String, String>,
}

impl MailTexts {
    /// Text `key` with its placeholders filled in (English when this language lacks it).
    pub fn get(&self, key: &str, values: &[(&str, &str)]) -> String {
        let text = self
            .texts
            .get(key)
            .or_else(|| english().texts.get(key))
            .cloned()
            .unwrap_or_else(|| key.to_owned());
        values.iter().fold(text, |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
    }
}

fn all() -> &'static [MailTexts] {
    static ALL: OnceLock<Vec<MailTexts>> = OnceLock::new();
    ALL.get_or_init(|| {
        CATALOGUES
            .iter()
            .map(|(lang, json)| MailTexts {
                lang,
                rtl: matches!(*lang, "ar" | "fa" | "he"),
                texts: serde_json::from_str(json).expect("the mail texts are valid JSON"),
            })
            .collect()
    })
}

fn english() -> &'static MailTexts {
    all()
        .iter()
        .find(|texts| texts.lang == "en")
        .expect("English is built in")
}

/// The texts for a reader's language tag (`de`, `pt-BR`): its primary language, or English.
pub fn for_language(tag: Option<&str>) -> &'static MailTexts {
    let primary = tag
        .and_then(|tag| tag.split(['-', '_']).next())
        .map(str::to_ascii_lowercase);
    primary
        .and_then(|primary| all().iter().find(|texts| texts.lang == primary))
        .unwrap_or_else(english)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(text: &str) -> Vec<&str> {
        let mut found: Vec<&str> = ["{name}", "{title}"]
            .into_iter()
            .filter(|placeholder| text.contains(placeholder))
            .collect();
        found.sort_unstable();
        found
    }

    #[test]
    fn every_language_has_every_text_with_the_same_placeholders() {
        let english = english();
        for texts in all() {
            assert_eq!(texts.texts.len(), english.texts.len(), "{}", texts.lang);
            for (key, text) in &english.texts {
                let translated = texts
                    .texts
                    .get(key)
                    .unwrap_or_else(|| panic!("{} lacks {key}", texts.lang));
                assert_eq!(
                    placeholders(translated),
                    placeholders(text),
                    "{} {key}",
                    texts.lang
                );
            }
        }
    }

    #[test]
    fn a_tag_finds_its_language_or_english() {
        assert_eq!(for_language(Some("de")).lang, "de");
        assert_eq!(for_language(Some("pt-BR")).lang, "pt");
        assert_eq!(for_language(Some("tlh")).lang, "en");
        assert_eq!(for_language(None).lang, "en");
        assert!(for_language(Some("he")).rtl);
        let subject =
            for_language(Some("de")).get("reply-subject", &[("name", "Bob"), ("title", "Post")]);
        assert_eq!(subject, "Bob hat dir auf „Post“ geantwortet");
    }
}
