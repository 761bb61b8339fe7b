//! The command line as service files and container entry points use it: `serve` names
//! what the bare command does, with the options before or after it, and `--help` says so.

use crate::common::{database_argument, fresh_database, output_of, start_binary};

#[tokio::test]
async fn serve_is_the_bare_command_with_its_options_before_or_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let database = database_argument(&fresh_database(dir.path()).await);
    for arguments in [
        vec!["serve", "--bind", "127.0.0.1:0", "--database", &database],
        vec!["--bind", "127.0.0.1:0", "serve", "--database", &database],
    ] {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_confab-server"));
        command.args(&arguments).stderr(std::process::Stdio::null());
        let (mut child, url) = start_binary(command);
        let health = reqwest::get(format!("{url}/api/v1/health")).await.unwrap();
        assert_eq!(health.status(), 200, "{arguments:?}");
        child.kill().unwrap();
        child.wait().unwrap();
    }
    let mut help = std::process::Command::new(env!("CARGO_BIN_EXE_confab-server"));
    help.arg("--help");
    let help = output_of(help).await;
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(
        text.lines()
            .any(|line| line.trim_start().starts_with("serve ")),
        "{text}"
    );
}

#[tokio::test]
async fn rules_are_added_listed_and_removed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let database = database_argument(&fresh_database(dir.path()).await);
    let run = |arguments: &[&str]| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_confab-server"));
        command.args(["--database", &database]).args(arguments);
        output_of(command)
    };
    let added = run(&[
        "rules",
        "add",
        "--kind",
        "link",
        "--pattern",
        "casino.example",
        "--action",
        "refuse",
        "--message",
        "No casinos.",
    ])
    .await;
    assert!(added.status.success(), "{added:?}");
    let said = String::from_utf8_lossy(&added.stdout);
    assert_eq!(
        said.lines().last(),
        Some("Added rule 1 (every site): link \"casino.example\" -> refuse \"No casinos.\""),
        "{said}"
    );
    for (arguments, says) in [
        (
            vec![
                "rules",
                "add",
                "--kind",
                "colour",
                "--pattern",
                "x",
                "--action",
                "spam",
            ],
            "--kind: one of",
        ),
        (
            vec![
                "rules",
                "add",
                "--kind",
                "regex",
                "--pattern",
                "(x",
                "--action",
                "spam",
            ],
            "regular expression",
        ),
        (
            vec![
                "rules",
                "add",
                "--kind",
                "words",
                "--pattern",
                "x",
                "--action",
                "ban",
            ],
            "--action",
        ),
        (
            vec![
                "rules",
                "add",
                "--kind",
                "words",
                "--pattern",
                "x",
                "--action",
                "spam",
                "--site",
                "nope",
            ],
            "no site",
        ),
        (vec!["rules", "remove", "--id", "7"], "there is no rule 7"),
    ] {
        let refused = run(&arguments).await;
        assert!(!refused.status.success(), "{arguments:?}");
        let error = String::from_utf8_lossy(&refused.stderr);
        assert!(error.contains(says), "{arguments:?}: {error}");
    }
    // Each command first says which database it opened.
    let rules_listed = |output: std::process::Output| {
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        text.lines()
            .filter(|line| line.starts_with("rule "))
            .count()
    };
    assert_eq!(rules_listed(run(&["rules", "list"]).await), 1);
    let removed = run(&["rules", "remove", "--id", "1"]).await;
    let said = String::from_utf8_lossy(&removed.stdout);
    assert_eq!(said.lines().last(), Some("Removed rule 1"), "{said}");
    assert_eq!(rules_listed(run(&["rules", "list"]).await), 0);
}
