//! The catalogues: English wording, every language complete, the language choice.

use super::*;

fn catalogue(code: &str) -> Catalogue {
    let path = format!("{}/lang/{code}.json", env!("CARGO_MANIFEST_DIR"));
    let json = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
    Catalogue::parse(&json).unwrap_or_else(|error| panic!("{path}: {error}"))
}

fn placeholders(text: &str) -> Vec<&str> {
    let mut found: Vec<&str> = text
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// The CLDR cardinal categories each language's plurals must have.
fn required_categories(code: &str) -> &'static [&'static str] {
    match code {
        "ja" | "ko" | "zh" => &["other"],
        "fr" | "es" | "pt" | "it" => &["one", "many", "other"],
        "pl" | "ru" | "uk" | "cs" => &["one", "few", "many", "other"],
        "ar" => &["zero", "one", "two", "few", "many", "other"],
        "he" => &["one", "two", "other"],
        _ => &["one", "other"],
    }
}

#[test]
fn english_reads_like_a_blog() {
    set_current(Messages::english());
    assert_eq!(thoughts_heading(11, "Why?"), "11 thoughts on “Why?”");
    assert_eq!(thoughts_heading(1, "Why?"), "One thought on “Why?”");
    assert_eq!(thoughts_heading(0, "Why?"), "No thoughts yet on “Why?”");
    assert_eq!(characters_left(12), "12 characters left");
    assert_eq!(characters_left(1), "1 character left");
    assert_eq!(characters_left(-3), "3 characters too many");
    assert_eq!(
        time_left(14.2 * 60_000.0),
        "You can change this for 15 more minutes."
    );
    assert_eq!(
        time_left(30_000.0),
        "You can change this for less than a minute."
    );
    assert_eq!(time_left(-5.0), "");
    assert_eq!(reply_title(Some("Ann")), "Leave a Reply to Ann");
    assert_eq!(reply_title(None), "Leave a Reply");
    assert_eq!(more_replies(1), "Show 1 more reply");
    assert_eq!(hidden_replies(4), "4 replies hidden");
}

#[test]
fn every_key_the_components_use_is_in_the_english_catalogue() {
    let english = catalogue("en");
    let mut used = 0;
    let mut sources = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    while let Some(path) = sources.pop() {
        if path.is_dir() {
            sources.extend(
                std::fs::read_dir(&path)
                    .unwrap()
                    .map(|entry| entry.unwrap().path()),
            );
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        for call in ["text(\"", "text_with(\"", "plural(\""] {
            for rest in source.split(call).skip(1) {
                let key = rest.split('"').next().unwrap();
                let known = english.texts.contains_key(key) || english.plurals.contains_key(key);
                assert!(known, "{}: {key:?} is not in lang/en.json", path.display());
                used += 1;
            }
        }
    }
    assert!(used > 50, "only {used} uses found");
}

#[test]
fn every_language_has_every_string_with_the_same_placeholders() {
    let english = catalogue("en");
    for code in LANGUAGES {
        let other = catalogue(code);
        assert!(!other.name.is_empty(), "{code}: no name");
        let rtl = matches!(code, "ar" | "he" | "fa");
        assert_eq!(other.dir, if rtl { "rtl" } else { "ltr" }, "{code}: dir");
        for (key, text) in &english.texts {
            let translated = other
                .texts
                .get(key)
                .unwrap_or_else(|| panic!("{code}: no {key}"));
            assert!(!translated.trim().is_empty(), "{code}: {key} is empty");
            assert_eq!(
                placeholders(translated),
                placeholders(text),
                "{code}: {key}"
            );
        }
        assert_eq!(
            other.texts.len(),
            english.texts.len(),
            "{code}: extra texts"
        );
        for (key, forms) in &english.plurals {
            let translated = other
                .plurals
                .get(key)
                .unwrap_or_else(|| panic!("{code}: no {key}"));
            for category in required_categories(code) {
                assert!(
                    translated.contains_key(*category),
                    "{code}: {key} has no {category}"
                );
            }
            for (category, form) in translated {
                let expected = placeholders(forms.get("other").unwrap());
                let found = placeholders(form);
                let fits = found == expected
                    || found.iter().all(|name| expected.contains(name)) && category != "other";
                assert!(
                    fits,
                    "{code}: {key}.{category} has {found:?}, not {expected:?}"
                );
            }
        }
        assert_eq!(
            other.plurals.len(),
            english.plurals.len(),
            "{code}: extra plurals"
        );
    }
}

#[test]
fn the_language_comes_from_the_option_then_the_page_then_the_browser() {
    let browser = vec!["de-AT".to_owned(), "en".to_owned()];
    assert_eq!(choose_language(Some("ar"), Some("fr"), &browser), "ar");
    assert_eq!(choose_language(None, Some("pt-BR"), &browser), "pt");
    assert_eq!(choose_language(None, Some("zh-Hans-CN"), &browser), "zh");
    assert_eq!(choose_language(Some("xx"), None, &browser), "de");
    assert_eq!(choose_language(None, Some("iw"), &[]), "he");
    assert_eq!(choose_language(None, None, &[]), "en");
}

#[test]
fn a_site_owner_overrides_single_strings_and_plural_forms() {
    let overrides = HashMap::from([
        ("post-comment".to_owned(), "Send".to_owned()),
        (
            "thoughts-other".to_owned(),
            "{n} replies to {title}".to_owned(),
        ),
        ("error-duplicate".to_owned(), "Already here.".to_owned()),
    ]);
    set_current(Messages::new("en", catalogue("en"), overrides));
    assert_eq!(text("post-comment"), "Send");
    assert_eq!(text("reply"), "Reply");
    assert_eq!(thoughts_heading(5, "X"), "5 replies to X");
    assert_eq!(thoughts_heading(1, "X"), "One thought on “X”");
    assert_eq!(server_error("duplicate", "server words"), "Already here.");
    assert_eq!(
        server_error("too_long", "Name is too long."),
        "Name is too long."
    );
    set_current(Messages::english());
}

#[test]
fn other_languages_translate_the_servers_refusals_by_code() {
    let german = Messages::new("de", catalogue("de"), HashMap::new());
    let said = german.server_error("duplicate", "You already posted this.");
    assert_eq!(said, catalogue("de").texts["error-duplicate"]);
    assert_eq!(
        german.server_error("unknown_code", "As written."),
        "As written."
    );
    for code in ["proof_expired", "proof_too_easy", "proof_replayed"] {
        assert_eq!(
            german.server_error(code, "The proof of work is stale."),
            catalogue("de").texts["error-proof"]
        );
    }
    assert_eq!(
        Messages::english().server_error("proof_wrong", "Not solved."),
        "The check against spam did not finish; please try again."
    );
}
