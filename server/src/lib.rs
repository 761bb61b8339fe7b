//! Confab's server: the comment API over HTTP, the built widget and the demo page.
//!
//! Routes (all JSON; errors are `{"error": {"code", "message", "field"}}`):
//!
//! - `GET  /api/v1/comments?thread=KEY&sort=&cursor=&before=&limit=&around=` — a page of a
//!   thread: top-level comments with the first of their replies ([`routes::comments`])
//! - `GET  /api/v1/comments/{id}/replies?after=ID` — more replies of one comment
//! - `GET  /api/v1/events?thread=KEY` — the thread's changes as Server-Sent Events, with
//!   `Last-Event-ID` to catch up ([`routes::events`], [`live`])
//! - `GET  /api/v1/counts?thread=A&thread=B` — visible comments of several threads
//! - `GET  /api/v1/feeds/thread.atom?thread=KEY`, `/api/v1/feeds/recent.atom` — Atom feeds
//!   of published comments ([`routes::feeds`])
//! - `POST /api/v1/comments` — a new comment, answered `201` with the stored comment;
//!   with an `Idempotency-Key` header a retry returns the first result
//! - `PUT`/`DELETE /api/v1/comments/{id}` — edit or delete one's own comment with its edit
//!   token (`Authorization: Bearer …`) while the edit window is open
//! - `POST /api/v1/comments/mine` — the comments a browser posted, pending ones included
//! - `/api/v1/admin/…` (bearer admin token, or a moderator's session cookie from
//!   `POST /api/v1/admin/login`) — the moderation queue, actions on a comment, locking
//!   threads, the log of who did what ([`routes::admin`], [`session`]), and imports
//!   (`POST /api/v1/admin/import?format=`, [`routes::import`])
//! - `GET`/`POST /api/v1/mail/{moderate,confirm,unsubscribe}?…&sig=` — the signed links in
//!   mails: `GET` shows a page asking to confirm, `POST` acts ([`routes::mail_links`]);
//!   `/api/v1/admin/deliveries` lists the mails and webhook calls sent ([`notify`])
//! - `POST /api/v1/preview` — markdown → the node tree it would be stored as
//! - `GET  /api/v1/health` — `{"status": "ok"}` once the database is open
//! - anything else under `/api/` — `404`; outside `/api/`, files from the static directory

pub mod admin_page;
pub mod atom;
pub mod commands;
pub mod error;
pub mod export;
pub mod extract;
pub mod generate;
pub mod identity;
pub mod import;
pub mod live;
pub mod notify;
pub mod options;
pub mod origin;
pub mod page_cache;
pub mod rate_limit;
pub mod routes;
pub mod seed;
pub mod session;
pub mod settings;
pub mod storage;
pub mod validate;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::routing::{any, get, post, put};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use storage::Storage;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};
use tower_http::trace::TraceLayer;

/// The largest request body the API reads.
pub const MAX_REQUEST_BYTES: usize = 64 * 1024;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// Where comments live.
    pub storage: Arc<dyn Storage>,
    /// The server's secret: keys avatar seeds and the edit tokens of idempotent retries.
    pub server_key: Arc<str>,
    /// The sites served, with their origins, moderation, edit windows and limits.
    pub sites: Arc<settings::Sites>,
    /// The admin API's token and the moderators.
    pub admin: Arc<settings::AdminSettings>,
    /// First pages and whole threads, ready to send.
    pub pages: Arc<page_cache::PageCache>,
    /// Mail and webhook settings.
    pub notifications: Arc<settings::notify::Notifications>,
    /// Changes to threads, for live updates.
    pub live: Arc<live::LiveHub>,
}

/// How the router is put together around the API.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// Files served outside `/api/` (the built widget and the demo page), if any.
    pub static_dir: Option<PathBuf>,
    /// The built moderators' screen, served at `/admin/`, if any.
    pub admin_dir: Option<PathBuf>,
    /// Whether each site's per-client rate limits apply.
    pub limit_rates: bool,
    /// The header a trusted reverse proxy sets to the client's address, if any.
    pub trusted_proxy_header: Option<HeaderName>,
}

/// The whole HTTP application.
pub fn app(state: AppState, site: &Site) -> Router {
    let api = Router::new()
        .route(
            "/api/v1/comments",
            get(routes::comments::list).post(routes::comments::create),
        )
        .route("/api/v1/comments/mine", post(routes::own::mine))
        .route(
            "/api/v1/comments/{id}/replies",
            get(routes::comments::replies),
        )
        .route("/api/v1/counts", get(routes::comments::counts))
        .route("/api/v1/events", get(routes::events::events))
        .route("/api/v1/feeds/thread.atom", get(routes::feeds::thread))
        .route("/api/v1/feeds/recent.atom", get(routes::feeds::recent))
        .route(
            "/api/v1/comments/{id}",
            put(routes::own::edit).delete(routes::own::delete),
        )
        .route("/api/v1/admin/login", post(session::login))
        .route("/api/v1/admin/logout", post(session::logout))
        .route("/api/v1/admin/me", get(session::me))
        .route("/api/v1/admin/queue", get(routes::admin::queue))
        .route("/api/v1/admin/log", get(routes::admin::log))
        .route(
            "/api/v1/admin/comments/{id}/{action}",
            post(routes::admin::moderate),
        )
        .route("/api/v1/admin/threads/lock", post(routes::admin::lock))
        .route("/api/v1/admin/import", post(routes::import::import))
        .route("/api/v1/admin/deliveries", get(routes::admin::deliveries))
        .route("/api/v1/preview", post(routes::preview::preview))
        .route("/api/v1/health", get(routes::health))
        .route("/api/{*rest}", any(routes::api_not_found))
        .method_not_allowed_fallback(routes::method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_REQUEST_BYTES))
        .with_state(state.clone());
    let limiter = rate_limit::RateLimiter::new(
        Arc::clone(&state.sites),
        Arc::clone(&state.storage),
        site.limit_rates,
        site.trusted_proxy_header.clone(),
    );
    let limit_rates = axum::middleware::from_fn_with_state(limiter, rate_limit::limit);
    let api = api.layer(limit_rates.clone());
    let allowed_origins = state.sites.all_origins();
    let api = api.layer(axum::middleware::from_fn_with_state(
        origin::AllowedOrigins(Arc::new(allowed_origins.clone())),
        origin::check_origin,
    ));
    // The links in mails carry their own signature, and browsers send `Origin: null` from
    // their pages (which send no referrer): they are outside the origin check.
    let mail_links = Router::new()
        .route(
            "/api/v1/mail/moderate",
            get(routes::mail_links::moderate_page).post(routes::mail_links::moderate),
        )
        .route(
            "/api/v1/mail/confirm",
            get(routes::mail_links::confirm_page).post(routes::mail_links::confirm),
        )
        .route(
            "/api/v1/mail/unsubscribe",
            get(routes::mail_links::unsubscribe_page).post(routes::mail_links::unsubscribe),
        )
        .method_not_allowed_fallback(routes::method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_REQUEST_BYTES))
        .with_state(state.clone())
        .layer(limit_rates);
    let api = api.merge(mail_links);
    let api = match cors(&allowed_origins) {
        Some(cors) => api.layer(cors),
        None => api,
    };
    let api = match &site.admin_dir {
        Some(dir) => api.merge(admin_page::router(dir.clone())),
        None => api,
    };
    let router = match &site.static_dir {
        Some(dir) => api.fallback_service(static_files(dir)),
        None => api,
    };
    router
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(TraceLayer::new_for_http())
}

/// The widget's files, readable from any origin: host pages on other sites load
/// `confab.js` and `confab_bg.wasm` with CORS requests, and nothing here is private.
fn static_files(dir: &std::path::Path) -> SetResponseHeader<ServeDir, HeaderValue> {
    SetResponseHeader::overriding(
        ServeDir::new(dir).precompressed_gzip().precompressed_br(),
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    )
}

/// CORS for the configured origins; `None` when only same-origin pages may call the API.
fn cors(origins: &[String]) -> Option<CorsLayer> {
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|origin| HeaderValue::from_str(origin.trim_end_matches('/')).ok())
        .collect();
    if origins.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
            .allow_headers([
                header::CONTENT_TYPE,
                header::AUTHORIZATION,
                HeaderName::from_static("idempotency-key"),
                HeaderName::from_static("last-event-id"),
            ])
            .max_age(Duration::from_secs(3600)),
    )
}
