//! Features and scores, without a database.

use super::*;

fn facts_of<'a>(body: &'a [confab_api::Block], email: Option<&'a str>) -> Facts<'a> {
    Facts {
        email,
        name: "Ann",
        identity: None,
        address: None,
        website: Some("https://www.shop.example/deals"),
        body,
    }
}

#[test]
fn a_comment_is_its_words_pairs_links_author_domains_and_shape() {
    let body = confab_api::markdown::to_blocks(
        "CHECK OUT my channel at <https://www.spam.example/x> and <https://spam.example/y>",
    );
    let found = features(&facts_of(&body, Some("Bot@Mail.Example")));
    for expected in [
        "check",
        "check out",
        "my channel",
        "link:spam.example",
        "links:2",
        "email:mail.example",
        "website:shop.example",
        "length:short",
    ] {
        assert!(
            found.iter().any(|feature| feature == expected),
            "{expected} in {found:?}"
        );
    }
    assert_eq!(
        found
            .iter()
            .filter(|feature| *feature == "link:spam.example")
            .count(),
        1
    );
    let shouting = confab_api::markdown::to_blocks("BUY NOW CHEAP WATCHES TODAY");
    assert!(features(&facts_of(&shouting, None)).contains(&"shape:shouting".to_owned()));
    // Padding cannot push out the links and domains, only later words.
    let numbers: String = (0..5000).map(|n| format!("{n:04} ")).collect();
    let padded =
        confab_api::markdown::to_blocks(&format!("{numbers} casino <https://spam.example/>"));
    let found = features(&facts_of(&padded, Some("bot@mail.example")));
    assert!(
        found.len() <= MOST_TEXT_FEATURES + MOST_LINKS + 6,
        "{}",
        found.len()
    );
    for kept in [
        "link:spam.example",
        "links:1",
        "email:mail.example",
        "length:long",
    ] {
        assert!(found.iter().any(|feature| feature == kept), "{kept}");
    }
}

#[test]
fn features_seen_in_spam_raise_the_score_and_those_seen_in_good_comments_lower_it() {
    let totals = Totals {
        spam: 100,
        good: 100,
    };
    let seen = |feature: &str, spam, good| Seen {
        feature: feature.into(),
        spam,
        good,
    };
    let spammy = score(totals, &[seen("casino", 60, 1), seen("free", 40, 5)]);
    assert!(spammy.spam > 0.95, "{spammy:?}");
    assert_eq!(spammy.weights[0].0, "casino");
    assert!(
        spammy
            .note()
            .starts_with("filter 0.98: casino +3.7, free +2.0"),
        "{}",
        spammy.note()
    );
    let good = score(totals, &[seen("thanks", 2, 50), seen("article", 1, 30)]);
    assert!(good.spam < 0.05, "{good:?}");
    // Nothing known: the prior alone, here even.
    let unknown = score(totals, &[seen("zebra", 0, 0)]);
    assert!((unknown.spam - 0.5).abs() < 1e-9);
    assert!(unknown.weights.is_empty());
    // One word, however telling, is not certainty.
    let one = score(totals, &[seen("casino", 100, 0)]);
    assert!(one.spam > 0.9 && one.spam < 1.0, "{one:?}");
    // Evidence both ways reads as unsure.
    let torn = score(totals, &[seen("casino", 60, 1), seen("thanks", 2, 50)]);
    assert!((torn.spam - 0.5).abs() < 0.2, "{torn:?}");
}

#[test]
fn a_filter_judges_only_once_it_learned_enough_of_both() {
    assert!(
        !Totals {
            spam: 49,
            good: 500
        }
        .ready()
    );
    assert!(
        !Totals {
            spam: 500,
            good: 49
        }
        .ready()
    );
    assert!(Totals { spam: 50, good: 50 }.ready());
}
