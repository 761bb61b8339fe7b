//! What every way of running the release must do, checked over HTTP: answer its health
//! check, serve the loader, the widget from the versioned directory, the language files,
//! the demo page and the moderators' screen from the binary alone, and store a post.

use crate::process::Result;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// The thread the checks post to.
pub const THREAD: &str = "/packaged-post/";

/// Waits (up to 20 s) for the server on `port` to say it is healthy.
pub fn wait_for_health(port: u16) -> Result {
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

/// Serves everything (see [`serves_everything`]) and stores a post in [`THREAD`].
pub fn serves_and_stores(port: u16) -> Result {
    serves_everything(port)?;
    let origin = format!("Origin: http://127.0.0.1:{port}");
    let body = format!(
        "{{\"thread\":\"{THREAD}\",\"author_name\":\"Ada\",\"body\":\"Installed and posting.\"}}"
    );
    let (status, _, answer) = http(port, "POST", "/api/v1/comments", &[&origin], &body)?;
    expect(
        status == 201,
        &format!("a post is stored ({status}: {})", lossy(&answer)),
    )
}

/// The loader, the widget from the versioned directory (compressed, kept a year), the
/// language files, the demo page and the moderators' screen, all from the binary.
pub fn serves_everything(port: u16) -> Result {
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

pub fn expect(holds: bool, what: &str) -> Result {
    if holds {
        Ok(())
    } else {
        Err(format!("not so: {what}"))
    }
}

pub fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// One HTTP/1.1 exchange with the server on `port`: its status, its head (lower-cased)
/// and its body.
pub fn http(
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
