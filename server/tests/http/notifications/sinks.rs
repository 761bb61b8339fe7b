//! Real receivers on loopback for the notification tests: an SMTP server that keeps every
//! mail it accepts, and an HTTP server that keeps every webhook call (and can fail the
//! first few, to show retries).

use axum::http::{HeaderMap, StatusCode};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One mail as the SMTP server received it.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    pub recipients: Vec<String>,
    /// The raw message, headers and body.
    pub data: String,
}

impl ReceivedMail {
    fn parsed(&self) -> mail_parser::Message<'_> {
        mail_parser::MessageParser::default()
            .parse(self.data.as_bytes())
            .expect("a parsable mail")
    }

    /// The decoded subject.
    pub fn subject(&self) -> String {
        self.parsed().subject().unwrap_or_default().to_owned()
    }

    /// The decoded plain-text part.
    pub fn text(&self) -> String {
        self.parsed()
            .body_text(0)
            .map(|text| text.into_owned())
            .unwrap_or_default()
    }

    /// The decoded HTML part.
    pub fn html(&self) -> String {
        self.parsed()
            .body_html(0)
            .map(|html| html.into_owned())
            .unwrap_or_default()
    }

    /// The raw value of the first header called `name` (case-insensitive), unfolded.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or_default();
        let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
        unfolded.split("\r\n").find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    }

    /// Every header name of the mail.
    pub fn header_names(&self) -> Vec<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or_default();
        head.split("\r\n")
            .filter(|line| !line.starts_with([' ', '\t']))
            .filter_map(|line| line.split_once(':').map(|(key, _)| key.to_owned()))
            .collect()
    }

    /// The first link in the text part whose address contains `needle`.
    pub fn link_containing(&self, needle: &str) -> String {
        let text = self.text();
        text.split_whitespace()
            .find(|word| word.starts_with("http") && word.contains(needle))
            .unwrap_or_else(|| panic!("no link with {needle:?} in:\n{text}"))
            .to_owned()
    }
}

/// An SMTP server on loopback that accepts every mail (no TLS, no login).
#[derive(Clone)]
pub struct SmtpSink {
    pub port: u16,
    mails: Arc<Mutex<Vec<ReceivedMail>>>,
}

impl SmtpSink {
    /// Listens on a free port.
    pub async fn start() -> Self {
        Self::start_on(0).await
    }

    /// Listens on `port` (0: a free one).
    pub async fn start_on(port: u16) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        let sink = Self {
            port: listener.local_addr().unwrap().port(),
            mails: Arc::default(),
        };
        let mails = Arc::clone(&sink.mails);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(session(stream, Arc::clone(&mails)));
            }
        });
        sink
    }

    /// The mails received so far.
    pub fn mails(&self) -> Vec<ReceivedMail> {
        self.mails.lock().unwrap().clone()
    }

    /// The mails received so far for `address`.
    pub fn mails_to(&self, address: &str) -> Vec<ReceivedMail> {
        self.mails()
            .into_iter()
            .filter(|mail| mail.recipients.iter().any(|to| to == address))
            .collect()
    }

    /// Waits (up to 10 s) until `address` received `count` mails, and returns them.
    pub async fn wait_for(&self, address: &str, count: usize) -> Vec<ReceivedMail> {
        for _ in 0..200 {
            let mails = self.mails_to(address);
            if mails.len() >= count {
                return mails;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "{address} received {} mails, not {count}: {:#?}",
            self.mails_to(address).len(),
            self.mails()
        );
    }
}

async fn session(stream: tokio::net::TcpStream, mails: Arc<Mutex<Vec<ReceivedMail>>>) {
    let (reader, mut writer) = stream.into_split();
    let mut lines = BufReader::new(reader).lines();
    let mut recipients = Vec::new();
    if writer.write_all(b"220 sink ESMTP\r\n").await.is_err() {
        return;
    }
    while let Ok(Some(line)) = lines.next_line().await {
        let command = line.to_ascii_uppercase();
        let answer: &[u8] = if command.starts_with("EHLO") {
            b"250-sink\r\n250 8BITMIME\r\n"
        } else if command.starts_with("RCPT TO:") {
            let address = line[8..]
                .trim()
                .trim_start_matches('<')
                .trim_end_matches('>');
            recipients.push(address.to_owned());
            b"250 OK\r\n"
        } else if command == "DATA" {
            writer.write_all(b"354 go on\r\n").await.ok();
            let mut data = String::new();
            while let Ok(Some(line)) = lines.next_line().await {
                if line == "." {
                    break;
                }
                data.push_str(line.strip_prefix('.').unwrap_or(&line));
                data.push_str("\r\n");
            }
            mails.lock().unwrap().push(ReceivedMail {
                recipients: std::mem::take(&mut recipients),
                data,
            });
            b"250 queued\r\n"
        } else if command == "QUIT" {
            writer.write_all(b"221 bye\r\n").await.ok();
            return;
        } else {
            b"250 OK\r\n"
        };
        if writer.write_all(answer).await.is_err() {
            return;
        }
    }
}

/// One webhook call as received.
#[derive(Debug, Clone)]
pub struct ReceivedCall {
    pub headers: HeaderMap,
    pub body: String,
}

impl ReceivedCall {
    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).expect("a JSON body")
    }
}

/// An HTTP server on loopback that keeps every POST, answering 500 to the first
/// `failures` of them and 204 afterwards.
#[derive(Clone)]
pub struct HookSink {
    pub url: String,
    calls: Arc<Mutex<Vec<ReceivedCall>>>,
}

impl HookSink {
    pub async fn start(failures: usize) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let calls: Arc<Mutex<Vec<ReceivedCall>>> = Arc::default();
        let seen = Arc::new(AtomicUsize::new(0));
        let kept = Arc::clone(&calls);
        let router = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: String| {
                let (kept, seen) = (Arc::clone(&kept), Arc::clone(&seen));
                async move {
                    kept.lock().unwrap().push(ReceivedCall { headers, body });
                    if seen.fetch_add(1, Ordering::SeqCst) < failures {
                        StatusCode::INTERNAL_SERVER_ERROR
                    } else {
                        StatusCode::NO_CONTENT
                    }
                }
            }),
        );
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Self { url, calls }
    }

    pub fn calls(&self) -> Vec<ReceivedCall> {
        self.calls.lock().unwrap().clone()
    }

    /// Waits (up to 15 s) for `count` calls.
    pub async fn wait_for(&self, count: usize) -> Vec<ReceivedCall> {
        for _ in 0..300 {
            let calls = self.calls();
            if calls.len() >= count {
                return calls;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{} webhook calls, not {count}", self.calls().len());
    }
}
