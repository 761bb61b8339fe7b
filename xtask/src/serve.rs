//! `cargo xtask serve`: the demo page with a live server behind it, until Ctrl-C.
//!
//! `confab-server` listens on the port Trunk.toml proxies `/api/` and `/admin/` to, on a
//! SQLite file under `target/`; `trunk serve` builds the widget and serves the demo page.
//! The moderators' screen is built once, with a fresh password for the demo moderator.

use crate::moderator;
use crate::process::{self, Result, command, http_status, root, terminate, wait_until};
use crate::tools::{self, Needs};
use std::process::Child;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Where Trunk.toml sends `/api/`.
const SERVER_PORT: u16 = 8787;
/// Where `trunk serve` listens (Trunk.toml).
const DEMO_PORT: u16 = 8080;

pub fn run() -> Result {
    tools::setup(Needs::build())?;
    process::run(command("cargo").args(["build", "--quiet", "--package", "confab-server"]))?;
    for port in [SERVER_PORT, DEMO_PORT] {
        if http_status(port, "/").is_some() {
            return Err(format!(
                "port {port} is already in use; stop what runs there first"
            ));
        }
    }
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
        .map_err(|error| format!("cannot handle Ctrl-C: {error}"))?;

    let data_dir = root().join("target/demo");
    std::fs::create_dir_all(&data_dir)
        .map_err(|error| format!("{}: {error}", data_dir.display()))?;
    let admin_dir = data_dir.join("admin");
    tools::build_admin(&admin_dir)?;
    let config = data_dir.join("confab.toml");
    let password = moderator::write_config(&config)?;
    let mut server = command(&moderator::server_binary().to_string_lossy())
        .arg("--config")
        .arg(&config)
        .arg("--admin-dir")
        .arg(&admin_dir)
        .arg("--bind")
        .arg(format!("127.0.0.1:{SERVER_PORT}"))
        .arg("--database")
        .arg(data_dir.join("confab.db"))
        .arg("--demo")
        .arg("--allowed-origin")
        .arg(format!("http://127.0.0.1:{DEMO_PORT}"))
        .spawn()
        .map_err(|error| format!("cannot start confab-server: {error}"))?;
    let mut trunk = match command("trunk").args(["serve", "--release"]).spawn() {
        Ok(trunk) => trunk,
        Err(error) => {
            terminate(&mut server);
            return Err(format!("cannot start trunk serve: {error}"));
        }
    };
    let result = serve_until_stopped(&mut server, &mut trunk, &stop, &password);
    terminate(&mut trunk);
    terminate(&mut server);
    result
}

fn serve_until_stopped(
    server: &mut Child,
    trunk: &mut Child,
    stop: &AtomicBool,
    password: &str,
) -> Result {
    let mut failure = None;
    let ready = || {
        failure = exited(server, trunk);
        failure.is_some()
            || stop.load(Ordering::SeqCst)
            || http_status(SERVER_PORT, "/api/v1/health") == Some(200)
                && http_status(DEMO_PORT, "/confab_bg.wasm") == Some(200)
    };
    wait_until(
        "the server and the demo page",
        Duration::from_secs(1800),
        ready,
    )?;
    if let Some(failure) = failure {
        return Err(failure);
    }
    if stop.load(Ordering::SeqCst) {
        return Ok(());
    }
    println!(
        "Moderators' screen: http://127.0.0.1:{DEMO_PORT}/admin/ (name {}, password {password})",
        moderator::NAME
    );
    println!("Demo: http://127.0.0.1:{DEMO_PORT}/");
    while !stop.load(Ordering::SeqCst) {
        if let Some(failure) = exited(server, trunk) {
            return Err(failure);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    println!("Stopping the demo…");
    Ok(())
}

/// Which of the two stopped on its own, if one did.
fn exited(server: &mut Child, trunk: &mut Child) -> Option<String> {
    for (name, child) in [("confab-server", server), ("trunk serve", trunk)] {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(format!("{name} stopped ({status})"));
        }
    }
    None
}
