//! The configuration file and flags, resolved: the example file, overrides, defaults and
//! the mistakes that stop the server.

use super::*;
use clap::Parser;

/// The overrides as these flags would give them.
fn options(args: &[&str]) -> Overrides {
    #[derive(clap::Parser)]
    struct Flags {
        #[command(flatten)]
        overrides: Overrides,
    }
    Flags::parse_from(std::iter::once("confab-server").chain(args.iter().copied())).overrides
}

const EXAMPLE: &str = include_str!("../../../confab.example.toml");

#[test]
fn the_example_file_is_valid() {
    let file: ConfigFile = toml::from_str(EXAMPLE).unwrap();
    let settings = resolve(file, &options(&[])).unwrap();
    let blog = settings.sites.for_origin(Some("https://blog.example"));
    assert_eq!(blog.name, "blog");
    assert_eq!(blog.rules.moderation, Moderation::FirstTime);
    assert!(blog.is_post_author("Liza@Blog.Example"));
    let shop = settings.sites.for_origin(Some("https://shop.example"));
    assert_eq!(shop.name, "shop");
    assert_eq!(shop.stored_key("/about/"), "shop:/about/");
    assert_eq!(shop.public_key("shop:/about/"), "/about/");
    let rule = &settings.admin.rules[0].rule;
    assert_eq!(
        (rule.site.as_deref(), rule.kind),
        (Some("shop"), crate::rules::RuleKind::Link)
    );
    assert_eq!(blog.stored_key("/about/"), "/about/");
    assert_eq!(settings.admin.moderators.len(), 1);
    let mail = settings.notifications.mail.as_ref().unwrap();
    assert_eq!(mail.public_url, "https://comments.blog.example");
    assert_eq!(blog.rules.notify.owner_emails, ["liza@blog.example"]);
    assert_eq!(blog.rules.notify.webhooks.len(), 1);
    assert!(shop.rules.notify.webhooks.is_empty());
    assert_eq!(settings.sites.for_stored_key("shop:/about/").name, "shop");
    assert_eq!(settings.sites.for_stored_key("/about/").name, "blog");
}

#[test]
fn flags_override_the_file_for_every_site() {
    let file: ConfigFile = toml::from_str(EXAMPLE).unwrap();
    let settings = resolve(file, &options(&["--moderation", "all", "--max-links", "0"])).unwrap();
    for origin in ["https://blog.example", "https://shop.example"] {
        let site = settings.sites.for_origin(Some(origin));
        assert_eq!(site.rules.moderation, Moderation::All);
        assert_eq!(site.rules.max_links, 0);
    }
}

#[test]
fn trusted_proxies_come_from_the_file_or_the_flags_as_networks() {
    let file: ConfigFile =
        toml::from_str("trusted_proxies = [\"10.0.0.0/8\", \"192.0.2.10\"]").unwrap();
    let settings = resolve(file, &options(&[])).unwrap();
    let shown: Vec<String> = settings
        .trusted_proxies
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(shown, ["10.0.0.0/8", "192.0.2.10/32"]);
    let file: ConfigFile = toml::from_str("trusted_proxies = [\"10.0.0.0/8\"]").unwrap();
    let flags = options(&["--trusted-proxy", "2001:db8::/32"]);
    let settings = resolve(file, &flags).unwrap();
    assert_eq!(settings.trusted_proxies.len(), 1);
    assert_eq!(settings.trusted_proxies[0].to_string(), "2001:db8::/32");
}

#[test]
fn without_a_file_one_local_site_with_safe_defaults() {
    let settings = resolve(ConfigFile::default(), &options(&[])).unwrap();
    let site = settings.sites.for_origin(None);
    assert_eq!(site.rules.moderation, Moderation::None);
    assert_eq!(site.rules.edit_window, Duration::from_secs(900));
    assert!(site.rules.origins.is_empty());
    assert!(settings.admin.token.is_none());
    assert_eq!(settings.bind.to_string(), "127.0.0.1:8787");
}

#[test]
fn mistakes_in_the_file_are_named() {
    let unknown = toml::from_str::<ConfigFile>("[[site]]\nname = \"a\"\nmoderaton = \"all\"");
    assert!(unknown.unwrap_err().to_string().contains("moderaton"));
    let cases = [
        ("[[site]]\nname = \"Blog Site\"", "site name"),
        ("[[site]]\nname = \"a\"\n[[site]]\nname = \"a\"", "twice"),
        (
            "[[site]]\nname = \"a\"\norigins = [\"blog.example\"]",
            "origin",
        ),
        (
            "[[admin.moderator]]\nname = \"x\"\npassword_hash = \"secret\"",
            "argon2",
        ),
        ("[admin]\ntoken = \"short\"", "16 characters"),
        ("trusted_proxies = [\"10.0.0.0/99\"]", "10.0.0.0/99"),
        ("trusted_proxies = [\"proxy.example\"]", "trusted proxy"),
    ];
    for (text, expected) in cases {
        let file: ConfigFile = toml::from_str(text).unwrap();
        let error = resolve(file, &options(&[])).unwrap_err();
        assert!(error.contains(expected), "{text}: {error}");
    }
}

#[test]
fn a_new_comment_is_held_by_the_sites_mode_a_badge_claim_or_too_many_links() {
    let site = |moderation| {
        Sites::single(SiteRules {
            moderation,
            max_links: 2,
            ..SiteRules::default()
        })
        .named(None)
        .cloned()
        .unwrap()
    };
    let plain = Submission::default();
    assert!(!site(Moderation::None).holds(plain));
    assert!(site(Moderation::All).holds(plain));
    assert!(site(Moderation::FirstTime).asks_history());
    assert!(!site(Moderation::All).asks_history());
    assert!(site(Moderation::FirstTime).holds(plain));
    let known = Submission {
        approved_before: true,
        ..plain
    };
    assert!(!site(Moderation::FirstTime).holds(known));
    let none = site(Moderation::None);
    assert!(none.holds(Submission { links: 3, ..plain }));
    assert!(!none.holds(Submission { links: 2, ..plain }));
    assert!(none.holds(Submission {
        claims_badge: true,
        ..plain
    }));
    // A moderator's own comment is never held, whatever it holds.
    let by_moderator = Submission {
        by_moderator: true,
        claims_badge: true,
        links: 10,
        ..plain
    };
    assert!(!site(Moderation::All).holds(by_moderator));
}

#[test]
fn client_addresses_are_kept_thirty_days_unless_the_file_or_a_flag_says() {
    let days = |settings: &Settings| settings.client_address_kept.as_secs() / 86_400;
    let default = resolve(ConfigFile::default(), &options(&[])).unwrap();
    assert_eq!(days(&default), u64::from(DEFAULT_CLIENT_ADDRESS_DAYS));
    let file: ConfigFile = toml::from_str("client_address_days = 7").unwrap();
    assert_eq!(days(&resolve(file, &options(&[])).unwrap()), 7);
    let file: ConfigFile = toml::from_str("client_address_days = 7").unwrap();
    let flagged = resolve(file, &options(&["--client-address-days", "0"])).unwrap();
    assert_eq!(days(&flagged), 0);
}

#[test]
fn a_rule_in_the_file_that_cannot_work_stops_the_server_with_why() {
    for (rule, says) in [
        (
            "site = \"nowhere\"\nkind = \"words\"\npattern = \"x\"\naction = \"spam\"",
            "no site \"nowhere\"",
        ),
        (
            "kind = \"regex\"\npattern = \"(x\"\naction = \"spam\"",
            "regular expression",
        ),
        (
            "kind = \"address\"\npattern = \"here\"\naction = \"hold\"",
            "neither an address",
        ),
    ] {
        let text = format!("[[admin.rule]]\n{rule}\n");
        let file: ConfigFile = toml::from_str(&text).unwrap();
        let error = resolve(file, &options(&[])).unwrap_err();
        assert!(
            error.contains("[[admin.rule]] number 1") && error.contains(says),
            "{error}"
        );
    }
    let unknown: Result<ConfigFile, _> =
        toml::from_str("[[admin.rule]]\nkind = \"colour\"\npattern = \"x\"\naction = \"spam\"\n");
    assert!(unknown.is_err());
}
