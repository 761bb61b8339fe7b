//! Two servers on one PostgreSQL database behind Debian's nginx, configured with the
//! documented file (`snippets/nginx/confab.conf`, only its addresses and certificate
//! changed) and a self-signed certificate, used over HTTPS: pages and posts, the
//! moderators' login with a `Secure` cookie, live updates passed on as they come (not
//! buffered), and the reader's own address, not the proxy's, on what they post.

use super::{Replica, config_file, shared_database};
use crate::sse::EventStream;
use serde_json::{Value, json};
use std::net::{IpAddr, Ipv4Addr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// Where Debian's nginx is (`cargo xtask test postgres` installs it when missing).
const NGINX: &str = "/usr/sbin/nginx";
/// The reader's own address: another loopback address than the proxy's.
const READER: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));

struct Nginx {
    child: Child,
    url: String,
    certificate: Vec<u8>,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// nginx in `dir`, in front of `upstreams` (`host:port`), with the documented site.
fn start_nginx(dir: &Path, upstreams: &[&str]) -> Nginx {
    assert!(
        Path::new(NGINX).exists(),
        "these tests need Debian's nginx: run `cargo xtask test postgres`, which installs it"
    );
    let (key, certificate) = (dir.join("key.pem"), dir.join("certificate.pem"));
    let made = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ])
        .args([
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            // A server's own certificate: clients refuse an authority's serving a site.
            "-addext",
            "basicConstraints=critical,CA:FALSE",
            "-addext",
            "extendedKeyUsage=serverAuth",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&certificate)
        .output()
        .expect("openssl runs");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let (https, http) = (free_port(), free_port());
    let documented = include_str!("../../../snippets/nginx/confab.conf");
    let servers: String = upstreams
        .iter()
        .map(|upstream| format!("    server {upstream};\n"))
        .collect();
    let site = documented
        .replace("    server 127.0.0.1:8787;\n", &servers)
        .replace(
            "listen 443 ssl http2;",
            &format!("listen 127.0.0.1:{https} ssl http2;"),
        )
        .replace("listen [::]:443 ssl http2;", "")
        .replace("listen 80;", &format!("listen 127.0.0.1:{http};"))
        .replace("listen [::]:80;", "")
        .replace(
            "/etc/letsencrypt/live/comments.example.org/fullchain.pem",
            &certificate.display().to_string(),
        )
        .replace(
            "/etc/letsencrypt/live/comments.example.org/privkey.pem",
            &key.display().to_string(),
        );
    assert!(site.contains(&https.to_string()) && site.contains("upstream confab"));
    std::fs::write(dir.join("site.conf"), site).unwrap();
    let temporary = |name: &str| format!("{name}_temp_path {};", dir.join(name).display());
    let main = format!(
        "daemon off;\nmaster_process off;\npid {pid};\nerror_log {log};\nevents {{}}\nhttp {{\n\
         access_log off;\n{body}\n{proxy}\n{fastcgi}\n{uwsgi}\n{scgi}\ninclude {site};\n}}\n",
        pid = dir.join("nginx.pid").display(),
        log = dir.join("error.log").display(),
        body = temporary("client_body"),
        proxy = temporary("proxy"),
        fastcgi = temporary("fastcgi"),
        uwsgi = temporary("uwsgi"),
        scgi = temporary("scgi"),
        site = dir.join("site.conf").display(),
    );
    std::fs::write(dir.join("nginx.conf"), main).unwrap();
    let child = Command::new(NGINX)
        .arg("-p")
        .arg(dir)
        .arg("-c")
        .arg(dir.join("nginx.conf"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("nginx starts");
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", https)).is_err() {
        assert!(
            Instant::now() < deadline,
            "nginx did not listen: {:?}",
            std::fs::read_to_string(dir.join("error.log"))
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Nginx {
        child,
        url: format!("https://127.0.0.1:{https}"),
        certificate: std::fs::read(&certificate).unwrap(),
    }
}

/// A reader's browser: trusts the test certificate, connects from the reader's address.
fn reader(nginx: &Nginx) -> reqwest::Client {
    reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&nginx.certificate).unwrap())
        .local_address(READER)
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_behind_nginx_serve_post_log_in_and_stream_over_https() {
    let (database, dir) = shared_database().await;
    let hash = confab_server::passwords::hash_password("a long moderator password").unwrap();
    let config = config_file(
        dir.path(),
        &format!(
            "trusted_proxy_header = \"X-Forwarded-For\"\ntrusted_proxies = [\"127.0.0.1\"]\n\
             [[admin.moderator]]\nname = \"liza\"\npassword_hash = \"{hash}\"\n"
        ),
    );
    let args = ["--config", config.to_str().unwrap(), "--write-rate", "1000"];
    let (a, b) = (
        Replica::start(&database, &args),
        Replica::start(&database, &args),
    );
    let upstreams = [
        a.url.trim_start_matches("http://"),
        b.url.trim_start_matches("http://"),
    ];
    let nginx = start_nginx(dir.path(), &upstreams);
    let client = reader(&nginx);
    let thread = "/behind-nginx/";

    // Live updates through the proxy, whichever server the stream and the post reach.
    let mut stream = EventStream::open(&client, &nginx.url, thread, None).await;
    let posted = client
        .post(format!("{}/api/v1/comments", nginx.url))
        .header("Origin", &nginx.url)
        .json(&json!({"thread": thread, "author_name": "Rosa", "body": "Through the proxy."}))
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 201);
    let posted: Value = posted.json().await.unwrap();
    let event = stream.next().await;
    assert_eq!(event.data["change"], "added", "{:?}", event.data);
    assert_eq!(event.data["comment"]["id"], posted["comment"]["id"]);

    // Pages, from either server.
    for _ in 0..4 {
        let page: Value = client
            .get(format!("{}/api/v1/comments?thread={thread}", nginx.url))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(page["thread"]["count"], 1, "{page}");
    }

    // The moderators' login: a Secure cookie over TLS, known to both servers.
    let login =
        crate::common::login_request(&client, &nginx.url, "liza", "a long moderator password")
            .send()
            .await
            .unwrap();
    assert_eq!(login.status(), 200);
    let cookie = login.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.contains("; Secure"), "{cookie}");
    let session = cookie.split(';').next().unwrap().to_owned();

    // The reader's address on their comment, not the proxy's.
    let listed: Value = client
        .get(format!("{}/api/v1/admin/queue?status=published", nginx.url))
        .header("Cookie", &session)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let shown = &listed["comments"][0];
    assert_eq!(shown["client_address"], READER.to_string(), "{listed}");
}
