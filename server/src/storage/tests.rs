//! Tests of `storage`.

use super::*;

#[test]
fn databases_are_told_apart_by_their_scheme() {
    assert_eq!(
        Database::parse("postgres://confab@db/confab"),
        Database::Postgres("postgres://confab@db/confab".into())
    );
    assert_eq!(
        Database::parse("postgresql://db/confab"),
        Database::Postgres("postgresql://db/confab".into())
    );
    assert_eq!(
        Database::parse("data/confab.db"),
        Database::Sqlite("data/confab.db".into())
    );
}

#[test]
fn passwords_are_not_shown() {
    let database = Database::parse("postgres://confab:hunter2@db:5432/confab");
    assert_eq!(database.describe(), "postgres://confab:***@db:5432/confab");
}

#[test]
fn times_are_rfc3339_in_utc() {
    assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    assert_eq!(rfc3339(1_267_401_600_123), "2010-03-01T00:00:00.123Z");
}
