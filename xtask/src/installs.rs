//! The release as a site owner installs it, checked for real: the Debian package
//! installed with `dpkg -i`, the server started as its systemd unit starts it (the
//! `confab` user, the unit's own command line), answering its health check and serving
//! the widget, the moderators' screen and the API from the binary alone; an upgrade to a
//! newer package that keeps every comment and the edited configuration; `dpkg -r`, which
//! keeps the data, and `dpkg --purge`, which deletes it.

use crate::process::{Result, command, free_port, run, terminate};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

/// Each check's name and how it went.
pub fn run_all() -> Vec<(&'static str, Result)> {
    let mut results = Vec::new();
    let packages = crate::dist::release_binary().and_then(|binary| {
        let first = crate::dist::package(&binary, "0.1.0")?;
        let newer = crate::dist::package(&binary, "0.1.1")?;
        Ok((first, newer))
    });
    let (first, newer) = match packages {
        Ok(packages) => packages,
        Err(error) => return vec![("cargo xtask dist", Err(error))],
    };
    results.push(("cargo xtask dist", Ok(())));
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
    let owner = output(command("stat").args(["-c", "%U:%G %a", "/var/lib/confab"]))?;
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

fn wait_for_health(port: u16) -> Result {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok((200, _, body)) = http(port, "GET", "/api/v1/health", &[], "") {
            return expect(
                body.starts_with(b"{\"status\":\"ok\""),
                "the health check says ok",
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err("the packaged server did not answer /api/v1/health within 20 s".to_owned())
}

const THREAD: &str = "/packaged-post/";

fn serve_and_post() -> Result {
    let port = free_port()?;
    let mut server = start_as_unit(port)?;
    let checked = serves_everything(port).and_then(|()| {
        let origin = format!("Origin: http://127.0.0.1:{port}");
        let body = format!(
            "{{\"thread\":\"{THREAD}\",\"author_name\":\"Ada\",\"body\":\"Installed and posting.\"}}"
        );
        let (status, _, answer) = http(port, "POST", "/api/v1/comments", &[&origin], &body)?;
        expect(status == 201, &format!("a post is stored ({status}: {})", lossy(&answer)))
    });
    terminate(&mut server);
    checked
}

/// The loader, the widget from the versioned directory (compressed, kept a year), the
/// language files, the demo page and the moderators' screen, all from the binary.
fn serves_everything(port: u16) -> Result {
    let (status, head, loader) = http(port, "GET", "/embed.js", &[], "")?;
    expect(
        status == 200 && head.contains("max-age=300"),
        "embed.js is served, kept minutes",
    )?;
    let loader = lossy(&loader);
    let start = loader
        .find("new URL(\"./_/")
        .ok_or("embed.js names no versioned directory")?;
    let directory = &loader[start + 10..];
    let directory = &directory[..directory.find('"').ok_or("an unterminated directory")?];
    for (file, media) in [
        ("confab_bg.wasm", "application/wasm"),
        ("confab.js", "text/javascript"),
        ("split_writer.wasm", "application/wasm"),
        ("lang/de.json", "application/json"),
    ] {
        let path = format!("{directory}{file}");
        let (status, head, _) = http(port, "GET", &path, &["Accept-Encoding: br"], "")?;
        let kept = head.contains("immutable") && head.contains("content-encoding: br");
        expect(
            status == 200 && head.contains(media) && kept,
            &format!("{path}: {head}"),
        )?;
    }
    for (path, text) in [("/", "src=\"/embed.js\""), ("/admin/", "confab-admin")] {
        let (status, _, page) = http(port, "GET", path, &[], "")?;
        expect(
            status == 200 && lossy(&page).contains(text),
            &format!("{path} is served"),
        )?;
    }
    Ok(())
}

fn upgrade(deb: &Path) -> Result {
    let config = Path::new("/etc/confab/confab.toml");
    let mut edited = std::fs::read_to_string(config).map_err(|error| error.to_string())?;
    edited.push_str("\n# Edited by the site owner.\n");
    std::fs::write(config, &edited).map_err(|error| error.to_string())?;
    run(command("dpkg").args(["-i", "--force-confold"]).arg(deb))?;
    let kept = std::fs::read_to_string(config).map_err(|error| error.to_string())?;
    expect(kept == edited, "the edited configuration is kept")?;
    let version = output(command("dpkg-query").args(["-W", "-f=${Version}", "confab"]))?;
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

fn expect(holds: bool, what: &str) -> Result {
    if holds {
        Ok(())
    } else {
        Err(format!("not so: {what}"))
    }
}

fn output(command: &mut std::process::Command) -> Result<String> {
    let output = command.output().map_err(|error| error.to_string())?;
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// One HTTP/1.1 exchange with the server on `port`: its status, its head (lower-cased)
/// and its body.
fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[&str],
    body: &str,
) -> Result<(u16, String, Vec<u8>)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|error| error.to_string())?;
    let mut request =
        format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for header in headers {
        request.push_str(&format!("{header}\r\n"));
    }
    if !body.is_empty() {
        request.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream
        .write_all(request.as_bytes())
        .map_err(|error| error.to_string())?;
    let mut answer = Vec::new();
    stream
        .read_to_end(&mut answer)
        .map_err(|error| error.to_string())?;
    let split = answer
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .ok_or("no head")?;
    let head = String::from_utf8_lossy(&answer[..split]).to_lowercase();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or("no status")?;
    Ok((status, head, answer[split + 4..].to_vec()))
}
