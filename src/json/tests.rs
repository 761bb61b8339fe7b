use super::Json;

#[test]
fn reads_every_kind_of_value() {
    let value =
        Json::parse(r#" {"a": [1, -20, 3.75, true, false, null], "b": {"c": "d"}} "#).unwrap();
    assert_eq!(
        value.get("a"),
        &Json::Array(vec![
            Json::Number(1),
            Json::Number(-20),
            Json::Number(3),
            Json::Bool(true),
            Json::Bool(false),
            Json::Null,
        ])
    );
    assert_eq!(value.get("b").get("c"), &Json::String("d".into()));
    assert_eq!(value.get("missing"), &Json::Null);
}

#[test]
fn reads_every_escape_and_any_character() {
    let value =
        Json::parse(r#""q\" b\\ s\/ \b\f\n\r\t \u00e9 \ud83d\ude00 \ud800 ümlaut 你好""#).unwrap();
    assert_eq!(
        value,
        Json::String("q\" b\\ s/ \u{8}\u{c}\n\r\t é 😀 \u{FFFD} ümlaut 你好".into())
    );
}

#[test]
fn writes_what_it_reads() {
    let text =
        r#"{"text":"line\nbreak \"quoted\" \\ \u0001 é","n":-5,"list":[null,true,{}],"e":[]}"#;
    let value = Json::parse(text).unwrap();
    assert_eq!(value.write(), text);
    assert_eq!(Json::parse(&value.write()).unwrap(), value);
}

#[test]
fn agrees_with_serde_json_on_strings() {
    let text = "tab\t nul\0 del\u{7f} quote\" emoji 😀 rtl \u{202e}";
    let ours = Json::String(text.into()).write();
    assert_eq!(serde_json::from_str::<String>(&ours).unwrap(), text);
    let theirs = serde_json::to_string(text).unwrap();
    assert_eq!(Json::parse(&theirs).unwrap(), Json::String(text.into()));
}

#[test]
fn refuses_broken_text_with_a_reason() {
    for (text, reason) in [
        ("", "unexpected end"),
        ("{", "expected a member name"),
        (r#"{"a" 1}"#, "expected `:`"),
        (r#"{"a":1 "b":2}"#, "expected `,` or `}`"),
        ("[1 2]", "expected `,` or `]`"),
        ("[1,]", "unexpected character"),
        (r#""open"#, "unterminated string"),
        ("\"tab\there\"", "control character"),
        (r#""\x""#, "invalid escape"),
        (r#""\u12""#, "invalid \\u escape"),
        (r#""\u+123""#, "invalid \\u escape"),
        (r#""\ud83d\u0041""#, "invalid surrogate pair"),
        ("nul", "unexpected character"),
        ("-", "expected a digit"),
        ("1.", "expected a digit"),
        ("1e5", "exponents"),
        ("99999999999999999999", "out of range"),
        ("1 2", "text after the value"),
        ("<html>", "unexpected character"),
    ] {
        let error = Json::parse(text).expect_err(text);
        assert!(error.contains(reason), "{text:?}: {error}");
    }
}

#[test]
fn refuses_nesting_past_the_bound_instead_of_overflowing() {
    let deep = "[".repeat(10_000);
    assert!(
        Json::parse(&deep)
            .unwrap_err()
            .contains("nested too deeply")
    );
    let fine = format!("{}{}", "[".repeat(100), "]".repeat(100));
    assert!(Json::parse(&fine).is_ok());
}

#[test]
fn strings_without_escapes_borrow_from_the_text() {
    use std::borrow::Cow;
    let value = Json::parse(r#"{"plain":"as written","escaped":"a\nb"}"#).unwrap();
    assert!(matches!(
        value.get("plain"),
        Json::String(Cow::Borrowed("as written"))
    ));
    assert!(matches!(value.get("escaped"), Json::String(Cow::Owned(text)) if text == "a\nb"));
}
