//! Slow and idle clients cannot hold the server: a request's headers and its body each
//! have a deadline, an idle keep-alive connection is closed, connections over the cap wait
//! their turn, and normal requests are served while Debian's `slowhttptest` holds
//! hundreds of slow connections open (`cargo xtask test` installs it).

use crate::common::{TestApp, demo_key, new_comment};
use confab_server::http::RouterSetup;
use confab_server::settings::connections::ConnectionLimits;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How long a test waits for what must happen before it gives up (a bound on a hang,
/// not a measure of speed).
const PATIENCE: Duration = Duration::from_secs(20);

async fn app(max: usize) -> TestApp {
    app_serving(max, None).await
}

/// The server, serving the files of `static_dir` when given.
async fn app_serving(max: usize, static_dir: Option<std::path::PathBuf>) -> TestApp {
    TestApp::spawn_with(RouterSetup {
        static_dir,
        connections: ConnectionLimits {
            max,
            header_timeout: Duration::from_secs(1),
            body_timeout: Duration::from_secs(1),
            write_timeout: Duration::from_secs(1),
        },
        ..Default::default()
    })
    .await
}

async fn connect(app: &TestApp) -> TcpStream {
    TcpStream::connect(app.base.trim_start_matches("http://"))
        .await
        .unwrap()
}

/// Reads until the server closes the connection; returns what it sent.
async fn until_closed(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    tokio::time::timeout(PATIENCE, stream.read_to_end(&mut answer))
        .await
        .expect("the server closes the connection")
        .unwrap_or_default();
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn idle_and_slow_header_connections_are_closed() {
    let app = app(100).await;
    // Connected, and never a byte.
    let mut idle = connect(&app).await;
    // Half a request line, and nothing more.
    let mut slow = connect(&app).await;
    slow.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-A: ")
        .await
        .unwrap();
    // A request answered, then the connection left idle.
    let mut kept = connect(&app).await;
    kept.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    assert_eq!(until_closed(&mut idle).await, "");
    assert!(!until_closed(&mut slow).await.contains("200 OK"));
    let answered = until_closed(&mut kept).await;
    assert!(answered.starts_with("HTTP/1.1 200 OK"), "{answered}");
}

#[tokio::test]
async fn a_body_that_arrives_too_slowly_is_refused_with_408_and_nothing_is_stored() {
    let app = app(100).await;
    let count = || async { app.thread(&demo_key()).await["thread"]["count"].clone() };
    let before = count().await;
    let body = serde_json::to_vec(&new_comment()).unwrap();
    let mut stream = connect(&app).await;
    let head = format!(
        "POST /api/v1/comments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body[..10]).await.unwrap();
    let answer = until_closed(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"code\":\"body_too_slow\""), "{answer}");
    assert_eq!(count().await, before);
    // A body sent whole is stored as ever.
    assert_eq!(app.post(new_comment()).await.0, 201);
}

#[tokio::test]
async fn connections_over_the_cap_wait_their_turn_and_are_then_served() {
    let app = app(2).await;
    let held = [connect(&app).await, connect(&app).await];
    let mut third = connect(&app).await;
    third
        .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut first_bytes = [0_u8; 1];
    let early = tokio::time::timeout(Duration::from_millis(300), third.read(&mut first_bytes));
    assert!(
        early.await.is_err(),
        "no answer while both places are taken"
    );
    drop(held);
    let answer = until_closed(&mut third).await;
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
}

#[tokio::test]
async fn a_client_that_stops_reading_an_answer_loses_the_connection() {
    // Far more than the operating system buffers on both sides of a loopback connection.
    const SIZE: usize = 64 * 1024 * 1024;
    let files = tempfile::tempdir().unwrap();
    std::fs::write(files.path().join("big.bin"), vec![b'x'; SIZE]).unwrap();
    let app = app_serving(100, Some(files.path().to_owned())).await;
    let mut stream = connect(&app).await;
    stream
        .write_all(b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    // Reads nothing while the server's writes stall, then everything that was sent.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let received = until_closed(&mut stream).await.len();
    assert!(
        received < SIZE,
        "the server gave up on the stalled answer: {received}"
    );
    // Others are served as ever.
    assert_eq!(app.thread(&demo_key()).await["thread"]["key"], demo_key());
}

/// Normal reads and posts while `slowhttptest` runs with `arguments`; returns its CSV
/// report's rows (seconds, closed, pending, connected, service available).
async fn under_attack(app: &TestApp, arguments: &[&str], path: &str) -> Vec<Vec<u64>> {
    let report = tempfile::tempdir().unwrap();
    let prefix = report.path().join("report");
    let mut attack = tokio::process::Command::new("slowhttptest");
    attack
        .args(arguments)
        .args(["-c", "400", "-r", "200", "-i", "1", "-l", "12", "-p", "5"])
        .arg("-u")
        .arg(app.url(path))
        .arg("-g")
        .arg("-o")
        .arg(&prefix)
        .kill_on_drop(true)
        .stdout(std::process::Stdio::null());
    let mut attack = attack
        .spawn()
        .expect("slowhttptest runs (`cargo xtask test` installs Debian's slowhttptest)");
    let client = reqwest::Client::builder()
        .timeout(PATIENCE)
        .build()
        .unwrap();
    let mut served = 0;
    while tokio::time::timeout(Duration::from_millis(250), attack.wait())
        .await
        .is_err()
    {
        let read = client
            .get(app.url("/api/v1/comments"))
            .query(&[("thread", demo_key())])
            .send()
            .await
            .expect("a read is answered while slow clients hold connections");
        assert_eq!(read.status(), 200);
        let post = client
            .post(app.url("/api/v1/comments"))
            .json(&new_comment())
            .send()
            .await
            .expect("a post is answered while slow clients hold connections");
        assert_eq!(post.status(), 201);
        served += 1;
    }
    assert!(
        served > 3,
        "normal requests ran alongside the attack: {served}"
    );
    let csv = std::fs::read_to_string(prefix.with_extension("csv")).unwrap();
    csv.lines()
        .skip(1)
        .map(|line| line.split(',').map(|n| n.trim().parse().unwrap()).collect())
        .collect()
}

#[tokio::test]
async fn normal_requests_are_served_while_slowhttptest_holds_slow_connections() {
    let app = app(1_000).await;
    for (mode, path) in [
        (&["-H"][..], "/api/v1/health"),
        (
            &["-B", "-s", "8192", "-f", "application/json"][..],
            "/api/v1/comments",
        ),
    ] {
        let rows = under_attack(&app, mode, path).await;
        let most_connected = rows.iter().map(|row| row[3]).max().unwrap_or(0);
        let closed = rows.iter().map(|row| row[1]).max().unwrap_or(0);
        assert!(
            most_connected >= 100,
            "{mode:?}: the attack got in: {rows:?}"
        );
        assert!(
            closed >= 100,
            "{mode:?}: the server closed the slow connections: {rows:?}"
        );
        assert!(
            rows.iter().all(|row| row[4] > 0),
            "{mode:?}: slowhttptest's own probe always found the service: {rows:?}"
        );
    }
}
