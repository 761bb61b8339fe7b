//! A moderator for the demo and the browser tests: a fresh random password each run,
//! hashed by `confab-server hash-password` into a configuration file.

use crate::process::{Result, root};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The demo moderator's login name.
pub const NAME: &str = "moderator";

/// Writes `path`: a configuration with one moderator; returns the password.
pub fn write_config(path: &Path) -> Result<String> {
    let password = random_password()?;
    let hash = hash(&password)?;
    let text = format!(
        "# Written by `cargo xtask` for the demo: one moderator, with a fresh password.\n\
         [[admin.moderator]]\nname = \"{NAME}\"\npassword_hash = \"{hash}\"\n"
    );
    std::fs::write(path, text).map_err(|error| format!("{}: {error}", path.display()))?;
    Ok(password)
}

fn random_password() -> Result<String> {
    let mut bytes = [0u8; 12];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut random| random.read_exact(&mut bytes))
        .map_err(|error| format!("no random bytes: {error}"))?;
    Ok(bytes.iter().map(|byte| format!("{byte:02x}")).collect())
}

fn hash(password: &str) -> Result<String> {
    let mut child = Command::new(server_binary())
        .arg("hash-password")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot run confab-server hash-password: {error}"))?;
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(format!("{password}\n").as_bytes())
        .map_err(|error| error.to_string())?;
    let output = child
        .wait_with_output()
        .map_err(|error| error.to_string())?;
    let hash = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    if output.status.success() && hash.starts_with("$argon2") {
        Ok(hash)
    } else {
        Err("confab-server hash-password failed".to_owned())
    }
}

/// The debug build of the server.
pub fn server_binary() -> PathBuf {
    root().join("target/debug/confab-server")
}
