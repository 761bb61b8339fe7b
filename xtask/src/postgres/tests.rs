//! Tests of `postgres`.

use super::*;

#[test]
fn versions_are_compared_as_numbers() {
    let names = ["9.6", "15", "common", "16", "10"]
        .map(str::to_owned)
        .to_vec();
    assert_eq!(newest_first(names), ["16", "15", "10", "9.6"]);
}

#[test]
fn words_are_quoted_for_the_shell() {
    assert_eq!(shell_quote("/tmp/a b"), "'/tmp/a b'");
    assert_eq!(shell_quote("it's"), r"'it'\''s'");
}

#[test]
fn tail_keeps_the_last_lines() {
    assert_eq!(tail("a\nb\nc\n", 2), "b\nc");
    assert_eq!(tail("a", 5), "a");
}
