//! `confab-server`: reads its options, opens the database, and serves until stopped (or
//! runs one of its commands, such as `generate`).

use clap::Parser;
use confab_server::cli::options::{Command, Options};
use confab_server::cli::seed;
use confab_server::http::client_address::Proxies;
use confab_server::http::{AppState, RouterSetup, app};
use confab_server::notify::Notifier;
use std::sync::Arc;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run(Options::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("confab-server: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(options: Options) -> Result<(), Box<dyn std::error::Error>> {
    let log = tracing_subscriber::fmt()
        .with_env_filter(
            // PostgreSQL's notices (such as a migration table that already exists) are not news.
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx::postgres::notice=warn")),
        )
        .with_writer(std::io::stderr);
    if options.overrides.log_format == "json" {
        log.json().init();
    } else {
        log.init();
    }

    if let Some(Command::HashPassword) = &options.command {
        return confab_server::cli::commands::hash_password();
    }
    if let Some(Command::Migrate(migrate)) = &options.command {
        // Neither database is this server's: nothing else is opened or created.
        return confab_server::cli::commands::migrate(migrate).await;
    }
    let settings = confab_server::settings::load(options.config.as_deref(), &options.overrides)?;
    if let Some(Command::Backup(backup)) = &options.command {
        // The server that serves the file migrates it; a backup only reads it.
        return confab_server::cli::commands::backup(&settings.database, backup).await;
    }
    let storage = settings.database.open().await?;
    if !matches!(options.command, Some(Command::Export(_))) {
        // The export is the only output of `export`.
        println!("Database: {}", settings.database.describe());
    }
    let server_key: Arc<str> = storage.server_key().await?.into();
    if let Some(command) = options
        .command
        .as_ref()
        .filter(|command| !matches!(command, Command::Serve))
    {
        return confab_server::cli::commands::run(
            command,
            storage.as_ref(),
            &settings.sites,
            &server_key,
        )
        .await;
    }
    if options.demo {
        let first_site = settings.sites.named(None).ok_or("no site is configured")?;
        let summary = seed::seed_demo_thread(storage.as_ref(), first_site, &server_key).await?;
        if summary.comments > 0 {
            println!("Stored the demo thread {}", seed::DEMO_THREAD_KEY);
        }
    }
    Notifier::new(
        storage.clone(),
        Arc::clone(&settings.notifications),
        Arc::clone(&settings.sites),
        Arc::clone(&server_key),
    )?
    .start();
    confab_server::retention::start(storage.clone(), settings.client_address_kept);
    let live = confab_server::live::LiveHub::start(storage.clone()).await;
    let state = AppState {
        storage,
        server_key,
        sites: settings.sites,
        admin: settings.admin,
        pages: Default::default(),
        notifications: settings.notifications,
        live: Arc::clone(&live),
        logins: Arc::new(confab_server::login::LoginClient::new(settings.public_url)),
    };
    let trusted_proxy_header = settings
        .trusted_proxy_header
        .as_deref()
        .map(axum::http::HeaderName::try_from)
        .transpose()?;
    let setup = RouterSetup {
        static_dir: settings.static_dir,
        admin_dir: settings.admin_dir,
        limit_rates: true,
        proxies: Proxies {
            header: trusted_proxy_header,
            trusted: settings.trusted_proxies,
        },
        streams: Default::default(),
        connections: settings.connections,
        metrics_allow: settings.metrics_allow,
    };
    let listener = tokio::net::TcpListener::bind(settings.bind).await?;
    println!("Listening on http://{}", listener.local_addr()?);
    let router = app(state, &setup);
    let mut limits = setup.connections;
    limits.max = confab_server::http::listen::connections_allowed(limits.max);
    if limits.max < setup.connections.max {
        println!(
            "Serving at most {} connections at once: the open-file limit allows no more",
            limits.max
        );
    }
    confab_server::http::listen::serve(listener, router, limits, async move {
        shutdown_signal().await;
        // Live streams never end on their own; they must, for the server to stop.
        live.close();
    })
    .await;
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
