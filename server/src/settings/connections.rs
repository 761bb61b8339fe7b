//! `[connections]`: how many connections the server serves at once, and how long a client
//! may take to send a request, so slow or idle clients cannot hold the server's
//! connections (and file descriptors) for as long as they like.

use serde::Deserialize;
use std::time::Duration;

/// `[connections]` as the file gives it.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectionsFile {
    pub max: Option<usize>,
    pub header_timeout_seconds: Option<u64>,
    pub body_timeout_seconds: Option<u64>,
    pub write_timeout_seconds: Option<u64>,
}

/// The connection limits in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Connections served at once; more wait until one closes (the operating system keeps
    /// them in its queue). Lowered at start to what the file-descriptor limit allows.
    pub max: usize,
    /// A request's line and headers must arrive within this, counted from when the server
    /// starts waiting for them: it closes a keep-alive connection left idle this long too.
    pub header_timeout: Duration,
    /// A request's body must arrive whole within this, counted from its headers.
    pub body_timeout: Duration,
    /// How long an answer may wait for a client that reads none of it: a client that
    /// stops reading loses the connection instead of holding it.
    pub write_timeout: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            max: 8_192,
            header_timeout: Duration::from_secs(15),
            body_timeout: Duration::from_secs(30),
            write_timeout: Duration::from_secs(60),
        }
    }
}

impl ConnectionsFile {
    /// The limits the file sets over the defaults; zero is refused.
    pub fn resolve(&self) -> Result<ConnectionLimits, String> {
        let defaults = ConnectionLimits::default();
        let seconds = |value: Option<u64>, key: &str, default: Duration| match value {
            Some(0) => Err(format!("[connections] {key} must be at least 1")),
            Some(seconds) => Ok(Duration::from_secs(seconds)),
            None => Ok(default),
        };
        let max = match self.max {
            Some(0) => return Err("[connections] max must be at least 1".to_owned()),
            Some(max) => max,
            None => defaults.max,
        };
        Ok(ConnectionLimits {
            max,
            header_timeout: seconds(
                self.header_timeout_seconds,
                "header_timeout_seconds",
                defaults.header_timeout,
            )?,
            body_timeout: seconds(
                self.body_timeout_seconds,
                "body_timeout_seconds",
                defaults.body_timeout,
            )?,
            write_timeout: seconds(
                self.write_timeout_seconds,
                "write_timeout_seconds",
                defaults.write_timeout,
            )?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_sets_limits_over_the_defaults_and_zero_is_refused() {
        let file: ConnectionsFile = toml::from_str("max = 10\nheader_timeout_seconds = 2").unwrap();
        let limits = file.resolve().unwrap();
        assert_eq!(limits.max, 10);
        assert_eq!(limits.header_timeout, Duration::from_secs(2));
        assert_eq!(limits.body_timeout, Duration::from_secs(30));
        for zero in [
            "max = 0",
            "header_timeout_seconds = 0",
            "body_timeout_seconds = 0",
            "write_timeout_seconds = 0",
        ] {
            let file: ConnectionsFile = toml::from_str(zero).unwrap();
            assert!(file.resolve().is_err(), "{zero}");
        }
        assert!(toml::from_str::<ConnectionsFile>("idle = 3").is_err());
    }
}
