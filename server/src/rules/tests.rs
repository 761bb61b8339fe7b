//! The matcher of moderators' rules, kind by kind: what each matches and what it does not,
//! which action wins, and the patterns refused before they are stored.

use super::*;
use confab_api::markdown::to_blocks;

fn rule(kind: RuleKind, pattern: &str, action: RuleAction) -> Compiled {
    compile(Rule {
        id: None,
        site: None,
        kind,
        pattern: pattern.to_owned(),
        action,
        message: None,
    })
    .unwrap()
}

fn matches(kind: RuleKind, pattern: &str, facts: &Facts<'_>) -> bool {
    let rules = [rule(kind, pattern, RuleAction::Hold)];
    first_match(&rules, facts).is_some()
}

#[test]
fn each_kind_matches_what_it_says_and_nothing_else() {
    let body = to_blocks("Cheap PILLS at [the shop](https://www.pills.example/buy), call now!");
    let facts = Facts {
        email: Some("Spam.Bot@Mail.Spam.example"),
        name: "  Pill Seller ",
        identity: Some("sso:u-9"),
        address: Some("2001:db8:1:2:3:4:5:6".parse().unwrap()),
        website: Some("https://shop.pills.example/"),
        body: &body,
    };
    let cases = [
        (RuleKind::Email, "spam.bot@mail.spam.example", true),
        (RuleKind::Email, "@spam.example", true),
        (RuleKind::Email, "*@spam.example", true),
        (RuleKind::Email, "@pam.example", false),
        (RuleKind::Email, "bot@mail.spam.example", false),
        (RuleKind::Name, "pill seller", true),
        (RuleKind::Name, "pill", false),
        (RuleKind::Identity, "sso:u-9", true),
        (RuleKind::Identity, "SSO:U-9", false),
        (RuleKind::Address, "2001:db8:1:2::1", true),
        (RuleKind::Address, "2001:db8:1:3::1", false),
        (RuleKind::Address, "2001:db8::/32", true),
        (RuleKind::Website, "pills.example", true),
        (RuleKind::Website, "ills.example", false),
        (RuleKind::Link, "pills.example", true),
        (RuleKind::Link, "*.pills.example", true),
        (RuleKind::Link, "shop.example", false),
        (RuleKind::Words, "viagra pills", true),
        (RuleKind::Words, "pill", false),
        (RuleKind::Words, "call-now", true),
        (RuleKind::Phrase, "call now", true),
        (RuleKind::Phrase, "call later", false),
        (RuleKind::Regex, r"cheap\s+pills", true),
        (RuleKind::Regex, r"^call", false),
    ];
    for (kind, pattern, expected) in cases {
        assert_eq!(
            matches(kind, pattern, &facts),
            expected,
            "{kind:?} {pattern}"
        );
    }
    let v4 = Facts {
        address: Some("203.0.113.7".parse().unwrap()),
        ..Facts::default()
    };
    assert!(matches(RuleKind::Address, "203.0.113.0/24", &v4));
    assert!(matches(RuleKind::Address, "203.0.113.7", &v4));
    assert!(!matches(RuleKind::Address, "203.0.113.8", &v4));
}

#[test]
fn the_strictest_action_wins_and_says_why() {
    let body = to_blocks("buy now");
    let facts = Facts {
        name: "Bob",
        body: &body,
        ..Facts::default()
    };
    let rules = [
        rule(RuleKind::Phrase, "buy", RuleAction::Hold),
        rule(RuleKind::Name, "bob", RuleAction::Spam),
        rule(RuleKind::Phrase, "now", RuleAction::Refuse),
    ];
    let (matched, why) = first_match(&rules, &facts).unwrap();
    assert_eq!(matched.action, RuleAction::Refuse);
    assert_eq!(why, "the text matches \"now\"");
    let (matched, _) = first_match(&rules[..2], &facts).unwrap();
    assert_eq!(matched.action, RuleAction::Spam);
    assert!(first_match(&rules[..0], &facts).is_none());
}

#[test]
fn broken_and_oversized_patterns_are_refused_before_they_are_stored() {
    let refused = |kind: RuleKind, pattern: &str| {
        compile(Rule {
            id: None,
            site: None,
            kind,
            pattern: pattern.to_owned(),
            action: RuleAction::Spam,
            message: None,
        })
        .is_err()
    };
    assert!(refused(RuleKind::Regex, "(unclosed"));
    assert!(
        refused(RuleKind::Regex, r"\w{1000}\w{1000}\w{1000}"),
        "too big to compile"
    );
    assert!(refused(RuleKind::Address, "not a network"));
    assert!(refused(RuleKind::Phrase, "   "));
    assert!(refused(RuleKind::Phrase, &"x".repeat(1001)));
    for empty_domain in ["@", "*@", ".", "*.", "a b.example"] {
        let kind = if empty_domain.contains('@') {
            RuleKind::Email
        } else {
            RuleKind::Link
        };
        assert!(refused(kind, empty_domain), "{empty_domain:?}");
    }
    assert!(refused(RuleKind::Words, "-- ++"));
    // A pattern that backtracks without end elsewhere is matched in linear time here
    // (the `regex` crate has no backtracking): it finishes, and finds nothing.
    let nested = rule(RuleKind::Regex, "(a+)+$", RuleAction::Spam);
    let body = to_blocks(&format!("{}!", "a".repeat(5000)));
    let facts = Facts {
        body: &body,
        ..Facts::default()
    };
    assert!(
        nested
            .matches(&facts, &confab_api::body::plain_text(&body))
            .is_none()
    );
}
