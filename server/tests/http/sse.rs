//! Reading a Server-Sent Events stream of live updates in tests, event by event.

use serde_json::Value;
use std::time::Duration;

/// One Server-Sent Events stream, read as it comes.
pub struct EventStream {
    response: reqwest::Response,
    buffer: String,
}

/// One event: its id and its JSON data.
#[derive(Debug)]
pub struct Received {
    pub id: i64,
    pub data: Value,
}

impl EventStream {
    /// Opens the stream of `thread` on the server at `base`, after `last_event_id` if
    /// given.
    pub async fn open(
        client: &reqwest::Client,
        base: &str,
        thread: &str,
        last_event_id: Option<i64>,
    ) -> Self {
        let mut request = client
            .get(format!("{base}/api/v1/events"))
            .query(&[("thread", thread)]);
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id.to_string());
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        Self {
            response,
            buffer: String::new(),
        }
    }

    /// The next event with an id and data (retry hints, keep-alives and votes' totals are
    /// skipped), within 5 s.
    pub async fn next(&mut self) -> Received {
        let (id, data) = self.next_event(true).await;
        Received {
            id: id.unwrap_or_default(),
            data,
        }
    }

    /// The data of the next event without an id (votes' totals), within 5 s.
    pub async fn next_without_id(&mut self) -> Value {
        self.next_event(false).await.1
    }

    async fn next_event(&mut self, with_id: bool) -> (Option<i64>, Value) {
        tokio::time::timeout(Duration::from_secs(5), async {
            loop {
                while let Some(end) = self.buffer.find("\n\n") {
                    let block: String = self.buffer.drain(..end + 2).collect();
                    let field = |name: &str| {
                        block.lines().find_map(|line| {
                            line.strip_prefix(name).map(str::trim).map(str::to_owned)
                        })
                    };
                    let (id, data) = (field("id:"), field("data:"));
                    if let Some(data) = data
                        && id.is_some() == with_id
                    {
                        let id = id.map(|id| id.parse().unwrap());
                        return (id, serde_json::from_str(&data).unwrap());
                    }
                }
                let chunk = self
                    .response
                    .chunk()
                    .await
                    .unwrap()
                    .expect("the stream stays open");
                self.buffer.push_str(std::str::from_utf8(&chunk).unwrap());
            }
        })
        .await
        .expect("an event within 5 seconds")
    }

    /// Nothing arrives for a little while.
    pub async fn quiet(&mut self) {
        let waited = tokio::time::timeout(Duration::from_millis(700), self.next()).await;
        assert!(waited.is_err(), "unexpected event: {waited:?}");
    }
}
