//! `confab-server`: reads its options, opens the database, and serves until stopped (or
//! runs one of its commands, such as `generate`).

use clap::Parser;
use confab_server::options::{Command, Options};
use confab_server::storage::Storage;
use confab_server::storage::sqlite::SqliteStorage;
use confab_server::{AppState, Site, app, seed};
use std::net::SocketAddr;
use std::sync::Arc;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let options = Options::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();

    if let Some(Command::HashPassword) = &options.command {
        let mut password = String::new();
        std::io::stdin().read_line(&mut password)?;
        let password = password.trim_end_matches(['\r', '\n']);
        println!("{}", confab_server::session::hash_password(password)?);
        return Ok(());
    }
    let settings = confab_server::config::load(&options)?;
    let storage = SqliteStorage::open(&settings.database).await?;
    let database = std::path::absolute(&settings.database)?;
    if !matches!(options.command, Some(Command::Export(_))) {
        // The export is the only output of `export`.
        println!("Database: {}", database.display());
    }
    let server_key: Arc<str> = storage.server_key().await?.into();
    if let Some(Command::Lock(target) | Command::Unlock(target)) = &options.command {
        let locked = matches!(options.command, Some(Command::Lock(_)));
        let key = confab_server::validate::thread_key(&target.thread)
            .map_err(|error| format!("--thread: {error}"))?;
        storage.set_locked(&key, locked).await?;
        println!("{} {key}", if locked { "Locked" } else { "Unlocked" });
        return Ok(());
    }
    if let Some(Command::Export(export)) = &options.command {
        let key = export
            .thread
            .as_deref()
            .map(confab_server::validate::stored_thread_key)
            .transpose()
            .map_err(|error| format!("--thread: {error}"))?;
        let threads = storage.export(key.as_deref()).await?;
        let confab_server::options::ExportFormat::Wxr = export.format;
        print!("{}", confab_server::wxr::write(&threads));
        return Ok(());
    }
    if let Some(Command::Moderate(moderate)) = &options.command {
        storage
            .moderate(moderate.id, moderate.action.into(), "command line")
            .await?;
        println!("Done: {:?} comment {}", moderate.action, moderate.id);
        return Ok(());
    }
    if let Some(Command::Generate(generate)) = &options.command {
        let stored = confab_server::generate::store(
            &storage,
            &server_key,
            &generate.thread,
            generate.comments,
            generate.seed,
        )
        .await?;
        let done = if stored {
            "Generated"
        } else {
            "Already generated"
        };
        println!(
            "{done} {} comments in {}",
            generate.comments, generate.thread
        );
        return Ok(());
    }
    if options.demo && seed::seed_demo_thread(&storage, &server_key).await? {
        println!("Stored the demo thread {}", seed::demo_thread_key());
    }
    let state = AppState {
        storage: Arc::new(storage),
        server_key,
        sites: settings.sites,
        admin: settings.admin,
        logins: Default::default(),
    };
    let trusted_proxy_header = settings
        .trusted_proxy_header
        .as_deref()
        .map(axum::http::HeaderName::try_from)
        .transpose()?;
    let site = Site {
        static_dir: settings.static_dir,
        admin_dir: settings.admin_dir,
        limit_rates: true,
        trusted_proxy_header,
    };
    let listener = tokio::net::TcpListener::bind(settings.bind).await?;
    println!("Listening on http://{}", listener.local_addr()?);
    let service = app(state, &site).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM, so in-flight requests finish before exit.
async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                .expect("installing the SIGTERM handler");
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    interrupt.await.ok();
}
