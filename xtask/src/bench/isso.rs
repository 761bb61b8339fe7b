//! Isso 0.14 beside Confab: installed into a virtualenv, filled from Confab's own WXR
//! export (so both serve the same comments; Isso flattens replies to one level, as it
//! always does), and served by gunicorn with two workers.

use super::render::RENDER_HOST;
use crate::process::{Result, http_status, run, terminate, wait_until};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const ISSO_VERSION: &str = "0.14.0";
const GUNICORN_VERSION: &str = "27.0.1";

/// A running Isso.
pub struct Isso {
    child: Child,
    command: Vec<String>,
    config: std::path::PathBuf,
    pub address: SocketAddr,
}

impl Drop for Isso {
    fn drop(&mut self) {
        quit(&mut self.child);
    }
}

impl Isso {
    /// Stops Isso at once and starts it again: requests a run gave up on would otherwise
    /// keep its workers busy for minutes and slow the next runs of both servers.
    pub fn restart(&mut self) -> Result {
        quit(&mut self.child);
        self.child = spawn(&self.command, &self.config)?;
        self.wait_ready()
    }

    fn wait_ready(&self) -> Result {
        let port = self.address.port();
        wait_until("Isso", Duration::from_secs(60), || {
            http_status(port, "/?uri=%2Fno-such-thread%2F").is_some()
        })
    }
}

/// gunicorn's quick shutdown (SIGQUIT), not the graceful one that waits for workers.
fn quit(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-QUIT", &child.id().to_string()])
        .status();
    if child.wait().is_err() {
        terminate(child);
    }
}

fn spawn(command: &[String], config: &Path) -> Result<Child> {
    Command::new(&command[0])
        .args(&command[1..])
        .env("ISSO_SETTINGS", config)
        .spawn()
        .map_err(|error| format!("cannot start gunicorn: {error}"))
}

/// Installs Isso when missing, imports `wxr` into a fresh database in `dir`, and starts
/// it on a free port.
pub fn start(dir: &Path, wxr: &Path) -> Result<Isso> {
    let venv = dir.join("isso-venv");
    if !venv.join("bin/gunicorn").exists() {
        println!(
            "Installing Isso {ISSO_VERSION} and gunicorn into {}…",
            venv.display()
        );
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
        run(Command::new(venv.join("bin/pip")).args([
            "install",
            "--quiet",
            &format!("isso=={ISSO_VERSION}"),
            &format!("gunicorn=={GUNICORN_VERSION}"),
        ]))?;
    }
    let port = crate::process::free_port()?;
    let config = dir.join("isso.cfg");
    let database = dir.join("isso.db");
    let _ = std::fs::remove_file(&database);
    std::fs::write(
        &config,
        format!(
            "[general]\ndbpath = {}\nhost =\n    http://127.0.0.1:{port}/\n    {RENDER_HOST}/\n\n\
             [server]\nlisten = http://127.0.0.1:{port}/\n\n\
             [guard]\nenabled = false\n\n[moderation]\nenabled = false\n",
            database.display()
        ),
    )
    .map_err(|error| error.to_string())?;
    run(Command::new(venv.join("bin/isso"))
        .arg("-c")
        .arg(&config)
        .args(["import", "--type", "wordpress"])
        .arg(wxr)
        .stdout(Stdio::null()))?;
    let command: Vec<String> = [
        venv.join("bin/gunicorn").to_string_lossy().into_owned(),
        "--bind".to_owned(),
        format!("127.0.0.1:{port}"),
        "--workers".to_owned(),
        "2".to_owned(),
        "--preload".to_owned(),
        "--log-level".to_owned(),
        "warning".to_owned(),
        "isso.run".to_owned(),
    ]
    .into();
    let isso = Isso {
        child: spawn(&command, &config)?,
        command,
        config,
        address: SocketAddr::from(([127, 0, 0, 1], port)),
    };
    isso.wait_ready()?;
    Ok(isso)
}

/// The JSON body of Isso's `POST /new?uri=…`, number `number`.
pub fn post_body(number: u64) -> String {
    format!(
        r#"{{"text":"Posted under load, number {number}.","author":"Load {number}","title":"Posts"}}"#
    )
}
