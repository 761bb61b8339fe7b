//! The commands `confab-server` runs instead of serving: generating, locking, moderating,
//! pinning, rules, exporting, importing and backing up. Each prints what it did; an export is its only output.

use crate::cli::generate;
use crate::cli::options::{BackupOptions, Command, ExportFormat, MigrateOptions};
use crate::settings::Sites;
use crate::storage::{self, Database, Storage};
use crate::{export, import, validate};

/// Copies the database `--from` into `--to` and says what it copied and checked.
pub async fn migrate(options: &MigrateOptions) -> Result<(), Box<dyn std::error::Error>> {
    let (from, to) = (Database::parse(&options.from), Database::parse(&options.to));
    if from == to {
        return Err("--from and --to name the same database".into());
    }
    let source = from.open_existing().await?;
    let target = to.open().await?;
    println!("Copying {} into {}", from.describe(), to.describe());
    let copied = storage::copy::copy(source.as_ref(), target.as_ref()).await?;
    for table in &copied {
        println!(
            "{:<18} {:>9} rows, {:>9} new",
            table.table, table.rows, table.new
        );
    }
    println!("Checked: every table holds the same rows in both databases.");
    Ok(())
}

/// Copies the live SQLite database into `--to` and says what the checked copy holds.
pub async fn backup(
    database: &Database,
    options: &BackupOptions,
) -> Result<(), Box<dyn std::error::Error>> {
    let copied = storage::backup::backup(database, &options.to).await?;
    println!(
        "Backed up {} into {}: {} threads, {} comments; the copy passes its integrity check.",
        database.describe(),
        options.to.display(),
        copied.threads,
        copied.comments
    );
    Ok(())
}

/// Runs `command` against `storage`. Serving is not a command: the caller does that.
pub async fn run(
    command: &Command,
    storage: &dyn Storage,
    sites: &Sites,
    server_key: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    match command {
        // The caller serves.
        Command::Serve => {}
        Command::HashPassword => hash_password()?,
        Command::Migrate(options) => migrate(options).await?,
        Command::Lock(target) | Command::Unlock(target) => {
            let locked = matches!(command, Command::Lock(_));
            let key = validate::thread_key(&target.thread)
                .map_err(|error| format!("--thread: {error}"))?;
            storage.set_locked(&key, locked).await?;
            println!("{} {key}", if locked { "Locked" } else { "Unlocked" });
        }
        Command::Retitle(options) => {
            let key = validate::stored_thread_key(&options.thread)
                .map_err(|error| format!("--thread: {error}"))?;
            let site = sites.for_stored_key(&key);
            let (title, url) = validate::thread_details(
                options.title.clone(),
                options.url.clone(),
                &site.rules.origins,
            )
            .map_err(|error| format!("--url: {error}"))?;
            storage
                .update_thread(&key, title.as_deref(), url.as_deref(), "command line")
                .await?;
            println!("Updated {key}");
        }
        Command::Export(options) => {
            let key = options
                .thread
                .as_deref()
                .map(validate::stored_thread_key)
                .transpose()
                .map_err(|error| format!("--thread: {error}"))?;
            let mut threads = storage.export(key.as_deref()).await?;
            if let Some(name) = &options.site {
                let site = sites
                    .named(Some(name))
                    .ok_or_else(|| format!("--site: no site is called {name:?}"))?;
                let prefix = site.stored_key("/");
                threads.retain(|thread| thread.key.starts_with(&prefix));
            }
            match options.format {
                ExportFormat::Wxr => print!("{}", export::wxr::write(&threads)),
                ExportFormat::Jsonl => print!("{}", export::jsonl::write(&threads)),
            }
        }
        Command::Import(options) => {
            let bytes = std::fs::read(&options.file)
                .map_err(|error| format!("{}: {error}", options.file.display()))?;
            let site = sites.named(options.site.as_deref()).ok_or_else(|| {
                format!(
                    "--site: no site is called {:?}",
                    options.site.as_deref().unwrap_or_default()
                )
            })?;
            let target = import::Target { site, server_key };
            let summary = import::import(storage, target, options.format, &bytes)
                .await
                .map_err(|error| format!("{}: {error}", options.file.display()))?;
            print!("{summary}");
            // The spam filter learns from what the other system decided (WordPress's spam).
            if summary.comments > 0 {
                storage.retrain_filter(site.filter_site()).await?;
            }
        }
        Command::Pin(comment) | Command::Unpin(comment) => {
            let pinned = matches!(command, Command::Pin(_));
            let thread = storage.pin(comment.id, pinned).await?;
            let action = if pinned { "pin" } else { "unpin" };
            storage.record("command line", action, &thread).await?;
            let done = if pinned { "Pinned" } else { "Unpinned" };
            println!("{done} comment {} in {thread}", comment.id);
        }
        Command::Rules(rules) => super::rules::run(rules, storage, sites).await?,
        Command::RetrainFilter(options) => {
            let chosen: Vec<_> = sites
                .iter()
                .filter(|site| options.site.as_ref().is_none_or(|name| *name == site.name))
                .collect();
            if chosen.is_empty() {
                return Err(format!("--site: there is no site {:?}", options.site).into());
            }
            for site in chosen {
                let totals = storage.retrain_filter(site.filter_site()).await?;
                let state = if totals.ready() {
                    "judges new comments"
                } else {
                    "waits for 50 of each before it judges"
                };
                println!(
                    "{}: learned from {} spam and {} good comments; {state}",
                    site.name, totals.spam, totals.good
                );
            }
        }
        // Run before the database is opened (see `backup`).
        Command::Backup(_) => {}
        Command::Moderate(moderate) => {
            storage
                .moderate(moderate.id, moderate.action.into(), "command line", None)
                .await?;
            println!("Done: {:?} comment {}", moderate.action, moderate.id);
        }
        Command::Generate(options) => {
            let stored = generate::store(
                storage,
                server_key,
                &options.thread,
                options.comments,
                options.seed,
            )
            .await?;
            let done = if stored {
                "Generated"
            } else {
                "Already generated"
            };
            println!("{done} {} comments in {}", options.comments, options.thread);
        }
    }
    Ok(())
}

/// Reads a password from standard input and prints its argon2 hash (needs no database).
pub fn hash_password() -> Result<(), Box<dyn std::error::Error>> {
    let mut password = String::new();
    std::io::stdin().read_line(&mut password)?;
    let password = password.trim_end_matches(['\r', '\n']);
    println!("{}", crate::passwords::hash_password(password)?);
    Ok(())
}
