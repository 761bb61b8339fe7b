//! Upgrades: each fixture in `tests/fixtures/schemas/` is a SQLite database written by the
//! server of one schema (its `.sql` dump, migrations table included) with the export that
//! server made of it (`.jsonl`, without its dated header). Today's server opens each one,
//! migrates it forward, and must export the same threads and comments, with every field
//! the old export had (and perhaps fields added since); it then takes a new comment on
//! it. Every schema change adds its own fixture.

use crate::common::{output_of, start_server};
use confab_server::storage::Database;
use sqlx::{ConnectOptions, sqlite::SqliteConnectOptions};
use std::path::PathBuf;

fn fixtures() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schemas");
    let mut dumps: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "sql"))
        .collect();
    dumps.sort();
    dumps
}

/// Each record of `expected` (the old server's export) is in `exported`, line for line,
/// with every field the old server wrote and the same value: a newer server may export
/// more (fields added since, such as a comment's pin), never less.
fn assert_holds_all_of(exported: &str, expected: &str, fixture: &str) {
    let (exported, expected): (Vec<&str>, Vec<&str>) =
        (exported.lines().collect(), expected.lines().collect());
    assert_eq!(exported.len(), expected.len(), "{fixture}: as many records");
    for (new, old) in exported.iter().zip(expected) {
        let new: serde_json::Value = serde_json::from_str(new).unwrap();
        let old: serde_json::Value = serde_json::from_str(old).unwrap();
        for (field, value) in old.as_object().unwrap() {
            assert_eq!(new.get(field), Some(value), "{fixture}: {field} of {old}");
        }
    }
}

/// An export without its first line (the header, which says when it was made).
fn without_header(export: &str) -> String {
    export
        .split_once('\n')
        .map_or("", |(_, rest)| rest)
        .to_owned()
}

#[tokio::test]
async fn databases_of_every_earlier_schema_migrate_forward_with_nothing_lost() {
    let dumps = fixtures();
    assert!(!dumps.is_empty(), "at least the first released schema");
    for dump in dumps {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("old.db");
        let mut connection = SqliteConnectOptions::new()
            .filename(&file)
            .create_if_missing(true)
            .connect()
            .await
            .unwrap();
        let sql = std::fs::read_to_string(&dump).unwrap();
        sqlx::raw_sql(&sql).execute(&mut connection).await.unwrap();
        drop(connection);

        let mut export = std::process::Command::new(env!("CARGO_BIN_EXE_confab-server"));
        export
            .arg("--database")
            .arg(&file)
            .args(["export", "--format", "jsonl"]);
        let output = output_of(export).await;
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let expected = std::fs::read_to_string(dump.with_extension("jsonl")).unwrap();
        let exported = without_header(&String::from_utf8_lossy(&output.stdout));
        assert_holds_all_of(&exported, &expected, &dump.display().to_string());

        // The migrated database takes a new comment and serves its threads.
        let (mut server, url) = start_server(&Database::Sqlite(file.clone()), &[]);
        let client = reqwest::Client::new();
        let posted = client
            .post(format!("{url}/api/v1/comments"))
            .json(&serde_json::json!({"thread": "/after-upgrade/", "author_name": "New", "body": "Hello"}))
            .send()
            .await
            .unwrap();
        assert_eq!(posted.status(), 201, "{}", dump.display());
        server.kill().unwrap();
        server.wait().unwrap();
    }
}
