//! Checks of the addresses the settings name: a site's origins, the trusted proxies, the
//! networks that may read `/metrics`, and the public URLs.

use ipnet::IpNet;
use std::net::IpAddr;

/// A trusted proxy as the settings name it: a network like `10.0.0.0/8`, or one address.
pub fn trusted_network(text: &str) -> Result<IpNet, String> {
    network(text, "trusted proxy")
}

/// A network allowed to read `/metrics`: an address or a network like `10.0.0.0/8`.
pub fn metrics_network(text: &str) -> Result<IpNet, String> {
    network(text, "metrics_allow")
}

fn network(text: &str, what: &str) -> Result<IpNet, String> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("{what} {text:?} is not an address or a network like 10.0.0.0/8"))
}

/// An origin is a scheme and a host (and port), like `https://blog.example`.
pub fn check_origin(origin: &str) -> Result<(), String> {
    let parsed = url::Url::parse(origin).map_err(|_| format!("origin {origin:?} is not a URL"))?;
    let bare = parsed.path() == "/" && parsed.query().is_none() && parsed.fragment().is_none();
    if matches!(parsed.scheme(), "http" | "https") && parsed.host().is_some() && bare {
        Ok(())
    } else {
        Err(format!(
            "origin {origin:?} must look like https://blog.example (no path)"
        ))
    }
}

/// A public URL (where readers reach the server: sign-in callbacks and the links in mails
/// start with it) is an http(s) address with no query, kept without a trailing `/`;
/// `setting` names it in the error.
pub fn public_url(url: &str, setting: &str) -> Result<String, String> {
    let parsed = url::Url::parse(url).map_err(|_| format!("{setting} {url:?} is not a URL"))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.query().is_some() {
        return Err(format!(
            "{setting} {url:?} must be an http(s) address without a query"
        ));
    }
    Ok(url.trim_end_matches('/').to_owned())
}
