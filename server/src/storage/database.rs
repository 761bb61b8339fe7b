//! Which database: a SQLite file or a PostgreSQL URL, opened (and migrated) as a
//! [`Storage`].

use super::{Storage, StorageError, postgres, sqlite};
use std::path::PathBuf;
use std::sync::Arc;

/// Where comments are stored: a SQLite file, or a PostgreSQL database named by its URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Database {
    /// Reads `--database`: a `postgres://` (or `postgresql://`) URL, else a file path.
    pub fn parse(text: &str) -> Self {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Self::Postgres(text.to_owned())
        } else {
            Self::Sqlite(PathBuf::from(text))
        }
    }

    /// Opens the database, creating and migrating what is missing.
    pub async fn open(&self) -> Result<Arc<dyn Storage>, StorageError> {
        self.connect(true).await
    }

    /// Opens a database that must exist already (the source of a copy), bringing its
    /// tables up to date.
    pub async fn open_existing(&self) -> Result<Arc<dyn Storage>, StorageError> {
        if let Self::Sqlite(path) = self
            && !path.is_file()
        {
            return Err(StorageError::Missing(format!(
                "there is no database file {}",
                path.display()
            )));
        }
        self.connect(false).await
    }

    /// Opens the database, creating a missing PostgreSQL database only when `create`
    /// (a missing SQLite file is created either way: `open_existing` looks first).
    async fn connect(&self, create: bool) -> Result<Arc<dyn Storage>, StorageError> {
        Ok(match self {
            Self::Sqlite(path) => Arc::new(sqlite::SqliteStorage::open(path).await?),
            Self::Postgres(url) => Arc::new(postgres::PostgresStorage::connect(url, create).await?),
        })
    }

    /// How to name the database to a person: the file's full path, or the URL without
    /// its password.
    pub fn describe(&self) -> String {
        match self {
            Self::Sqlite(path) => std::path::absolute(path)
                .unwrap_or_else(|_| path.clone())
                .display()
                .to_string(),
            Self::Postgres(url) => match url::Url::parse(url) {
                Ok(mut parsed) => {
                    if parsed.password().is_some() {
                        let _ = parsed.set_password(Some("***"));
                    }
                    parsed.to_string()
                }
                Err(_) => "a PostgreSQL database (the URL does not parse)".to_owned(),
            },
        }
    }
}
