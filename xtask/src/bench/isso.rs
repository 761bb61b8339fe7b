//! Isso 0.14 beside Confab: installed into a virtualenv, filled from Confab's own WXR
//! export (so both serve the same comments; Isso flattens replies to one level, as it
//! always does), and served by gunicorn with two workers.

use crate::process::{Result, http_status, run, terminate, wait_until};
use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const ISSO_VERSION: &str = "0.14.0";
const GUNICORN_VERSION: &str = "27.0.1";

/// A running Isso.
pub struct Isso {
    child: Child,
    pub address: SocketAddr,
}

impl Drop for Isso {
    fn drop(&mut self) {
        terminate(&mut self.child);
    }
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
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map_err(|error| error.to_string())?
        .port();
    let config = dir.join("isso.cfg");
    let database = dir.join("isso.db");
    let _ = std::fs::remove_file(&database);
    std::fs::write(
        &config,
        format!(
            "[general]\ndbpath = {}\nhost = http://127.0.0.1:{port}/\n\n\
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
    let child = Command::new(venv.join("bin/gunicorn"))
        .args([
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--workers",
            "2",
            "--preload",
        ])
        .args(["--log-level", "warning", "isso.run"])
        .env("ISSO_SETTINGS", &config)
        .spawn()
        .map_err(|error| format!("cannot start gunicorn: {error}"))?;
    let isso = Isso {
        child,
        address: SocketAddr::from(([127, 0, 0, 1], port)),
    };
    wait_until("Isso", Duration::from_secs(60), || {
        http_status(port, "/?uri=%2Fbench-100%2F") == Some(200)
    })?;
    Ok(isso)
}

/// The JSON body of Isso's `POST /new?uri=…`, number `number`.
pub fn post_body(number: u64) -> String {
    format!(
        r#"{{"text":"Posted under load, number {number}.","author":"Load {number}","title":"Posts"}}"#
    )
}
