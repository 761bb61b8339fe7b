//! `confab-server import`: WordPress, Disqus, Isso and Confab exports from the fixtures in
//! `tests/fixtures/import/` (each states what it covers), run as a site owner would run
//! them against a live server's database, then read back through the API and the export.

mod confab_files;
mod disqus_and_isso;
mod wordpress;

use crate::common::TestApp;
use confab_server::storage::{ExportedComment, ExportedThread};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// Runs the server binary's command `args` on `app`'s database.
pub fn run(app: &TestApp, args: &[&str]) -> impl Future<Output = Output> + use<> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_confab-server"));
    command
        .arg("--database")
        .arg(crate::common::database_argument(&app.database))
        .args(args);
    crate::common::output_of(command)
}

/// Imports `file` and returns what the command printed.
pub async fn import(app: &TestApp, format: &str, file: &Path) -> String {
    let output = run(app, &["import", "--format", format, file.to_str().unwrap()]).await;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// Imports `file`, expecting it to be refused; returns the error.
pub async fn import_fails(app: &TestApp, format: &str, file: &Path) -> String {
    let output = run(app, &["import", "--format", format, file.to_str().unwrap()]).await;
    assert!(!output.status.success());
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub async fn stored(app: &TestApp, key: &str) -> ExportedThread {
    let mut threads = app.storage.export(Some(key)).await.unwrap();
    assert_eq!(threads.len(), 1, "thread {key}");
    threads.remove(0)
}

pub fn by_author<'a>(thread: &'a ExportedThread, name: &str) -> &'a ExportedComment {
    thread
        .comments
        .iter()
        .find(|comment| comment.author_name == name)
        .unwrap_or_else(|| panic!("{name} in {}", thread.key))
}

pub fn text(comment: &ExportedComment) -> String {
    confab_api::body::plain_text(&comment.body)
}

/// Builds an Isso database from the fixture's SQL, as Isso would have left it.
pub async fn isso_database(dir: &Path) -> PathBuf {
    use sqlx::ConnectOptions;
    let path = dir.join("isso.db");
    let mut connection = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .foreign_keys(false)
        .connect()
        .await
        .unwrap();
    let sql = std::fs::read_to_string(fixture("isso.sql")).unwrap();
    sqlx::raw_sql(&sql).execute(&mut connection).await.unwrap();
    path
}
