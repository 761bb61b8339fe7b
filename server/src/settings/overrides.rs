//! The flags and `CONFAB_*` variables of `confab-server`, which override the
//! configuration file and apply to every site.

use super::Moderation;
use std::net::SocketAddr;
use std::path::PathBuf;

/// The flags and `CONFAB_*` variables that override the file (and apply to every site).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Overrides {
    /// Address and port to listen on (port 0 picks a free port) [default: 127.0.0.1:8787].
    #[arg(long, global = true, env = "CONFAB_BIND")]
    pub bind: Option<SocketAddr>,

    /// The SQLite database file, or a `postgres://` URL; tables are created when missing
    /// [default: confab.db].
    #[arg(long, global = true, env = "CONFAB_DATABASE")]
    pub database: Option<String>,

    /// Where readers reach this server, like https://comments.blog.example: sign-in
    /// callbacks start with it [default: the address asked, on loopback only].
    #[arg(long, global = true, env = "CONFAB_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Days a comment's client address (for moderators and abuse control) is kept before
    /// the server erases it [default: 30].
    #[arg(long, global = true, env = "CONFAB_CLIENT_ADDRESS_DAYS")]
    pub client_address_days: Option<u32>,

    /// A directory of files to serve outside /api/ (the built widget and demo page).
    #[arg(long, global = true, env = "CONFAB_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,

    /// The built moderators' screen, served at /admin/ [default: the static directory's
    /// `admin/`].
    #[arg(long, global = true, env = "CONFAB_ADMIN_DIR")]
    pub admin_dir: Option<PathBuf>,

    /// An origin (like https://blog.example) whose pages may embed Confab from another
    /// origin; repeat for several, or separate them with commas in the variable. Added to
    /// the first site's origins.
    #[arg(
        global = true,
        long = "allowed-origin",
        env = "CONFAB_ALLOWED_ORIGINS",
        value_delimiter = ','
    )]
    pub allowed_origins: Vec<String>,

    /// Seconds during which an author may edit or delete a new comment, on every site
    /// [default: 900].
    #[arg(long, global = true, env = "CONFAB_EDIT_WINDOW_SECONDS")]
    pub edit_window_seconds: Option<u64>,

    /// Which new comments wait for a moderator, on every site [default: none].
    #[arg(long, global = true, env = "CONFAB_MODERATION", value_enum)]
    pub moderation: Option<Moderation>,

    /// Posts, edits and deletes one client may make per minute, on every site [default: 10].
    #[arg(long, global = true, env = "CONFAB_WRITE_RATE")]
    pub write_rate: Option<u32>,

    /// Reads one client may make per minute, on every site [default: 600].
    #[arg(long, global = true, env = "CONFAB_READ_RATE")]
    pub read_rate: Option<u32>,

    /// A header a trusted reverse proxy sets to the client's address (like
    /// X-Forwarded-For); without it, clients are told apart by their peer address.
    #[arg(long, global = true, env = "CONFAB_TRUSTED_PROXY_HEADER")]
    pub trusted_proxy_header: Option<String>,

    /// The address or network (like 10.0.0.0/8) of a reverse proxy in front of the
    /// server; repeat for several, or separate them with commas in the variable. The
    /// client is the rightmost address of the proxy header that is not one of them
    /// [default: the peer is the one proxy].
    #[arg(
        global = true,
        long = "trusted-proxy",
        env = "CONFAB_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<String>,

    /// A network (like 127.0.0.1/32 or 10.0.0.0/8) whose clients may read /metrics;
    /// repeat for several, or separate them with commas in the variable [default: none,
    /// and /metrics is off].
    #[arg(
        global = true,
        long = "metrics-allow",
        env = "CONFAB_METRICS_ALLOW",
        value_delimiter = ','
    )]
    pub metrics_allow: Vec<String>,

    /// The format of the log on standard error: text, or json (one object per line).
    #[arg(long, global = true, env = "CONFAB_LOG_FORMAT", default_value = "text", value_parser = ["text", "json"])]
    pub log_format: String,

    /// The token scripts send as `Authorization: Bearer <token>` to the admin API.
    #[arg(
        long,
        global = true,
        env = "CONFAB_ADMIN_TOKEN",
        hide_env_values = true
    )]
    pub admin_token: Option<String>,

    /// Which votes readers may cast, on every site: off, up or up-down [default: up].
    #[arg(long, global = true, env = "CONFAB_VOTES", value_parser = vote_mode)]
    pub votes: Option<confab_api::VoteMode>,

    /// Voters of one network (an address, or an IPv6 /64) that may vote on one comment,
    /// on every site [default: 3].
    #[arg(long, global = true, env = "CONFAB_VOTES_PER_NETWORK")]
    pub votes_per_network: Option<u32>,

    /// The reactions readers may choose, on every site: off, on, or emoji separated by
    /// commas [default: on, 👍 ❤️ 😄 🎉 😮 😢].
    #[arg(long, global = true, env = "CONFAB_REACTIONS", value_parser = super::reactions::parse_flag)]
    pub reactions: Option<super::reactions::ReactionsFile>,

    /// Links a comment may carry before it is held for moderation, on every site
    /// [default: 3].
    #[arg(long, global = true, env = "CONFAB_MAX_LINKS")]
    pub max_links: Option<usize>,

    /// Whether posts must carry a proof of work, on every site: auto (only from those
    /// posting faster than usual), off, or a number of bits asked of every post
    /// [default: auto].
    #[arg(long, global = true, env = "CONFAB_PROOF_OF_WORK", value_parser = super::proof::parse_flag)]
    pub proof_of_work: Option<super::proof::ProofOfWorkFile>,
}

/// Reads `--votes`.
fn vote_mode(text: &str) -> Result<confab_api::VoteMode, String> {
    confab_api::VoteMode::ALL
        .into_iter()
        .find(|mode| mode.as_str() == text)
        .ok_or_else(|| format!("{text:?} is not off, up or up-down"))
}
