//! The release as a site owner installs it, checked for real: the Debian package
//! installed with `dpkg -i`, the server started as its systemd unit starts it (the
//! `confab` user, the unit's own command line), answering its health check and serving
//! the widget, the moderators' screen and the API from the binary alone; an upgrade to a
//! newer package that keeps every comment and the edited configuration; `dpkg -r`, which
//! keeps the data, and `dpkg --purge`, which deletes it. Before that, the archive's
//! container image, laid out as an empty root (see `empty_root.rs`).

use crate::process::{Result, command, free_port, output, run, terminate};
use crate::release_checks::{THREAD, expect, http, lossy, wait_for_health};
use std::path::Path;
use std::process::Child;

/// Each check's name and how it went.
pub fn run_all() -> Vec<(&'static str, Result)> {
    let mut results = Vec::new();
    let packages = crate::dist::release_binary().and_then(|release| {
        let first = crate::dist::package(&release, "0.1.0")?;
        let newer = crate::dist::package(&release, "0.1.1")?;
        Ok((first, newer))
    });
    let (first, newer) = match packages {
        Ok(packages) => packages,
        Err(error) => return vec![("cargo xtask dist", Err(error))],
    };
    results.push(("cargo xtask dist", Ok(())));
    results.push((
        "the Dockerfile's image serves everything from an empty root",
        crate::empty_root::serves_everything(&first.folder),
    ));
    // Whatever an earlier run left behind goes first.
    let _ = run(command("dpkg").args(["--purge", "confab"]));
    results.push(("dpkg -i installs the package", install(&first.deb)));
    results.push(("the unit's server serves everything", serve_and_post()));
    results.push((
        "an upgrade keeps comments and settings",
        upgrade(&newer.deb),
    ));
    results.push((
        "dpkg -r keeps the data, --purge deletes it",
        remove_and_purge(),
    ));
    results
}

fn install(deb: &Path) -> Result {
    run(command("dpkg").arg("-i").arg(deb))?;
    for path in [
        "/usr/bin/confab-server",
        "/lib/systemd/system/confab.service",
        "/etc/confab/confab.toml",
        "/var/lib/confab",
    ] {
        expect(Path::new(path).exists(), &format!("{path} is installed"))?;
    }
    expect(
        run(command("getent").args(["passwd", "confab"])).is_ok(),
        "the confab user exists",
    )?;
    let owner = output(command("stat").args(["-c", "%U:%G %a", "/var/lib/confab"]))
        .ok_or("stat /var/lib/confab failed")?;
    expect(
        owner.trim() == "confab:confab 750",
        &format!("/var/lib/confab is {owner}"),
    )
}

/// The installed unit's command line, run as its user in its working directory, with the
/// address to listen on from the environment (flags and CONFAB_* override the file).
fn start_as_unit(port: u16) -> Result<Child> {
    let unit = std::fs::read_to_string("/lib/systemd/system/confab.service")
        .map_err(|error| format!("the unit: {error}"))?;
    let exec = unit
        .lines()
        .find_map(|line| line.strip_prefix("ExecStart="))
        .ok_or("the unit has no ExecStart")?;
    let user = unit
        .lines()
        .find_map(|line| line.strip_prefix("User="))
        .ok_or("the unit has no User")?;
    let mut words = exec.split_whitespace();
    let program = words.next().ok_or("an empty ExecStart")?;
    let child = command("runuser")
        .args(["-u", user, "--", program])
        .args(words)
        .current_dir("/var/lib/confab")
        .env("CONFAB_BIND", format!("127.0.0.1:{port}"))
        .spawn()
        .map_err(|error| format!("runuser: {error}"))?;
    wait_for_health(port)?;
    Ok(child)
}

fn serve_and_post() -> Result {
    let port = free_port()?;
    let mut server = start_as_unit(port)?;
    let checked = crate::release_checks::serves_and_stores(port);
    terminate(&mut server);
    checked
}

fn upgrade(deb: &Path) -> Result {
    let config = Path::new("/etc/confab/confab.toml");
    let mut edited = std::fs::read_to_string(config).map_err(|error| error.to_string())?;
    edited.push_str("\n# Edited by the site owner.\n");
    std::fs::write(config, &edited).map_err(|error| error.to_string())?;
    run(command("dpkg").args(["-i", "--force-confold"]).arg(deb))?;
    let kept = std::fs::read_to_string(config).map_err(|error| error.to_string())?;
    expect(kept == edited, "the edited configuration is kept")?;
    let version = output(command("dpkg-query").args(["-W", "-f=${Version}", "confab"]))
        .ok_or("dpkg-query finds no confab package")?;
    expect(
        version == "0.1.1",
        &format!("the newer package is installed ({version})"),
    )?;
    let port = free_port()?;
    let mut server = start_as_unit(port)?;
    let read = http(
        port,
        "GET",
        &format!("/api/v1/comments?thread={THREAD}"),
        &[],
        "",
    );
    terminate(&mut server);
    let (status, _, page) = read?;
    expect(
        status == 200 && lossy(&page).contains("Installed and posting."),
        "the comment posted before the upgrade is there",
    )
}

fn remove_and_purge() -> Result {
    run(command("dpkg").args(["-r", "confab"]))?;
    expect(
        !Path::new("/usr/bin/confab-server").exists(),
        "the binary is removed",
    )?;
    expect(
        Path::new("/var/lib/confab/confab.db").exists(),
        "removing keeps the comments",
    )?;
    run(command("dpkg").args(["--purge", "confab"]))?;
    expect(
        !Path::new("/var/lib/confab").exists(),
        "purging deletes the data",
    )?;
    expect(
        !Path::new("/etc/confab/confab.toml").exists(),
        "purging deletes the settings",
    )
}
