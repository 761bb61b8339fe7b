//! The command line and environment of `confab-server`.

use crate::settings::Overrides;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Confab's server: stores comments in SQLite and serves them over a JSON API.
#[derive(Debug, Clone, Parser)]
#[command(name = "confab-server", version, about)]
pub struct Options {
    /// What to do (`serve` when not given).
    #[command(subcommand)]
    pub command: Option<Command>,

    /// A TOML configuration file (sites, moderators, limits); see `confab.example.toml`.
    /// Flags and `CONFAB_*` variables override what it says.
    #[arg(long, global = true, env = "CONFAB_CONFIG")]
    pub config: Option<PathBuf>,

    /// What the flags and variables say over the file.
    #[command(flatten)]
    pub overrides: Overrides,

    /// Store the demo article's thread on first start (only once per database).
    #[arg(long, global = true, env = "CONFAB_DEMO")]
    pub demo: bool,
}

/// What `confab-server` does.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Serve the API, the widget and the moderators' screen until stopped (what the bare
    /// command does too); the options go before or after it.
    Serve,
    /// Fill a thread with generated comments of realistic shape (for tests and benchmarks).
    Generate(GenerateOptions),
    /// Close a thread to new comments (it stays readable).
    Lock(ThreadOption),
    /// Open a locked thread to new comments again.
    Unlock(ThreadOption),
    /// Approve, reject, mark as spam or delete one comment.
    Moderate(ModerateOptions),
    /// Correct a thread's title and page address (what its first commenter's page said).
    Retitle(RetitleOptions),
    /// Put a published top-level comment first in its thread, in every order (three at
    /// most per thread).
    Pin(CommentOption),
    /// Take a pinned comment back to its place.
    Unpin(CommentOption),
    /// List, add or remove the stored rules on new comments (see the README).
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Relearn the spam filter of every site (or one) from all past decisions, and say
    /// what each has learned.
    RetrainFilter(RetrainOptions),
    /// Copy the SQLite database, consistently, into a new file while the server runs.
    Backup(BackupOptions),
    /// Read a password from standard input and print its argon2 hash, for a moderator's
    /// `password_hash` in the configuration file.
    HashPassword,
    /// Write every thread (or one) with its comments to standard output.
    Export(ExportOptions),
    /// Store the comments of a WordPress, Disqus or Isso export, or of a Confab export.
    Import(ImportOptions),
    /// Copy a whole database into another (a SQLite file into PostgreSQL, or back), ids
    /// and all, then check that both hold the same; safe to run again.
    Migrate(MigrateOptions),
}

/// The options of `confab-server migrate`.
#[derive(Debug, Clone, Args)]
pub struct MigrateOptions {
    /// The database to copy: a SQLite file or a `postgres://` URL.
    #[arg(long)]
    pub from: String,
    /// The database to copy into (created and migrated when missing; an earlier copy is
    /// completed, never overwritten).
    #[arg(long)]
    pub to: String,
}

/// The options of `confab-server import`.
#[derive(Debug, Clone, Args)]
pub struct ImportOptions {
    /// What the file is: `wxr` (WordPress), `disqus`, `isso` (its database file) or
    /// `jsonl` (Confab's export). It may be gzip- or zip-wrapped.
    #[arg(long, value_enum)]
    pub format: crate::import::Format,
    /// The site (its `name` in the configuration file) whose threads the comments join;
    /// the first site when not given. Confab's own export keeps the sites it names.
    #[arg(long)]
    pub site: Option<String>,
    /// The file to import.
    pub file: std::path::PathBuf,
}

/// The options of `confab-server export`.
#[derive(Debug, Clone, Args)]
pub struct ExportOptions {
    /// The format: `jsonl` (Confab's own, complete) or `wxr` (WordPress eXtended RSS,
    /// which WordPress, Isso and Disqus read).
    #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
    pub format: ExportFormat,
    /// Only this thread (its stored key, as the moderators' screen shows it).
    #[arg(long, conflicts_with = "site")]
    pub thread: Option<String>,
    /// Only the threads of this site (its `name` in the configuration file).
    #[arg(long)]
    pub site: Option<String>,
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// WordPress eXtended RSS 1.2.
    Wxr,
    /// Confab's own JSON Lines, which restores everything (see docs/export-format.md).
    Jsonl,
}

/// The options of `confab-server retitle`.
#[derive(Debug, Clone, Args)]
pub struct RetitleOptions {
    /// The thread's stored key, as the moderators' screen shows it.
    #[arg(long)]
    pub thread: String,
    /// Its title (left out: none).
    #[arg(long)]
    pub title: Option<String>,
    /// Its page's address, on one of its site's origins (left out: none).
    #[arg(long)]
    pub url: Option<String>,
}

/// The options of `confab-server moderate`.
#[derive(Debug, Clone, Args)]
pub struct ModerateOptions {
    /// What to do.
    #[arg(value_enum)]
    pub action: ModerateAction,
    /// The comment's id.
    #[arg(long)]
    pub id: i64,
}

/// The moderation actions, as the command line writes them.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ModerateAction {
    Approve,
    Reject,
    Spam,
    Delete,
}

impl From<ModerateAction> for confab_api::ModerationAction {
    fn from(action: ModerateAction) -> Self {
        match action {
            ModerateAction::Approve => Self::Approve,
            ModerateAction::Reject => Self::Reject,
            ModerateAction::Spam => Self::Spam,
            ModerateAction::Delete => Self::Delete,
        }
    }
}

/// The comment a command acts on.
#[derive(Debug, Clone, Args)]
pub struct CommentOption {
    /// The comment's id.
    #[arg(long)]
    pub id: i64,
}

/// The options of `confab-server backup`.
#[derive(Debug, Clone, Args)]
pub struct BackupOptions {
    /// The new file to write the copy to (an existing file is not overwritten).
    #[arg(long)]
    pub to: PathBuf,
}

/// The thread a command acts on.
#[derive(Debug, Clone, Args)]
pub struct ThreadOption {
    /// The thread's key, like /2011/my-post/.
    #[arg(long)]
    pub thread: String,
}

/// The options of `confab-server generate`.
#[derive(Debug, Clone, Args)]
pub struct GenerateOptions {
    /// The thread to fill (created when missing).
    #[arg(long, default_value = "/generated/")]
    pub thread: String,
    /// How many comments to generate.
    #[arg(long, default_value_t = 1000)]
    pub comments: usize,
    /// The seed of the generator: the same seed gives the same thread.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// What `confab-server rules` does.
#[derive(Debug, Clone, Subcommand)]
pub enum RulesCommand {
    /// Print the stored rules with their ids (the configuration file's are in the file).
    List,
    /// Store a rule, checked as the moderators' screen checks it.
    Add(RuleOptions),
    /// Remove the stored rule `--id`.
    Remove(RuleId),
}

/// The options of `confab-server rules add`.
#[derive(Debug, Clone, Args)]
pub struct RuleOptions {
    /// What it looks at: email, name, identity, address, website, link, words, phrase or
    /// regex.
    #[arg(long)]
    pub kind: String,
    #[arg(long)]
    pub pattern: String,
    /// What a match does: refuse, hold, spam or shadow.
    #[arg(long)]
    pub action: String,
    /// The site it applies to (its `name`); left out: every site.
    #[arg(long)]
    pub site: Option<String>,
    /// What a refused author is told.
    #[arg(long)]
    pub message: Option<String>,
}

/// The options of `confab-server retrain-filter`.
#[derive(Debug, Clone, Args)]
pub struct RetrainOptions {
    /// The site to retrain (its `name`); left out: every site.
    #[arg(long)]
    pub site: Option<String>,
}

/// The rule `confab-server rules remove` removes.
#[derive(Debug, Clone, Args)]
pub struct RuleId {
    #[arg(long)]
    pub id: i64,
}
