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
