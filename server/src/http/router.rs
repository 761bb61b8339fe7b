//! The router: every API route, the origin check, rate limits and the body deadline
//! around them, CORS, the static files outside `/api/`, and `/metrics` when allowed.

use super::body_deadline::{self, BodyDeadline};
use super::client_address::Proxies;
use super::metrics::Metrics;
use super::streams::{StreamLimits, StreamSlots};
use super::{AppState, MAX_REQUEST_BYTES, admin_page, origin, rate_limit, routes, session};
use crate::settings::connections::ConnectionLimits;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::routing::{any, get, post, put};
use axum::{Extension, Router};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};
use tower_http::trace::TraceLayer;

/// How the router is put together around the API.
#[derive(Debug, Clone, Default)]
pub struct RouterSetup {
    /// Files served outside `/api/` (the built widget and the demo page), if any.
    pub static_dir: Option<PathBuf>,
    /// The built moderators' screen, served at `/admin/`, if any.
    pub admin_dir: Option<PathBuf>,
    /// Whether each site's per-client rate limits apply.
    pub limit_rates: bool,
    /// The reverse proxies in front of the server, and the header they set.
    pub proxies: Proxies,
    /// How many live-update streams may be open, and for how long.
    pub streams: StreamLimits,
    /// How many connections, and how long a request may take to arrive (the router
    /// holds bodies to the deadline; [`super::listen`] does the rest).
    pub connections: ConnectionLimits,
    /// The networks whose clients may read `/metrics` (none: it is off).
    pub metrics_allow: Vec<ipnet::IpNet>,
}

/// The whole HTTP application.
pub fn app(state: AppState, setup: &RouterSetup) -> Router {
    let body_deadline = axum::middleware::from_fn_with_state(
        BodyDeadline {
            within: setup.connections.body_timeout,
            max_bytes: MAX_REQUEST_BYTES,
        },
        body_deadline::read_body,
    );
    let slots = Arc::new(StreamSlots::new(setup.streams));
    let metrics = (!setup.metrics_allow.is_empty()).then(|| {
        Arc::new(Metrics::new(
            setup.metrics_allow.clone(),
            setup.proxies.clone(),
            Arc::clone(&slots),
        ))
    });
    let api = Router::new()
        .route(
            "/api/v1/comments",
            get(routes::comments::list).post(routes::posting::create),
        )
        .route("/api/v1/comments/mine", post(routes::own::mine))
        .route("/api/v1/my-comments/link", post(routes::manage_link::link))
        .route("/api/v1/comments/recent", get(routes::recent::recent))
        .route(
            "/api/v1/comments/{id}/replies",
            get(routes::comments::replies),
        )
        .route("/api/v1/comments/{id}/vote", put(routes::votes::vote))
        .route(
            "/api/v1/comments/{id}/reaction",
            put(routes::reactions::react_to_comment),
        )
        .route(
            "/api/v1/threads/reaction",
            put(routes::reactions::react_to_page),
        )
        .route("/api/v1/counts", get(routes::comments::counts))
        .route(
            "/api/v1/events",
            get(routes::events::events).layer(Extension(Arc::clone(&slots))),
        )
        .route("/api/v1/feeds/thread.atom", get(routes::feeds::thread))
        .route("/api/v1/feeds/recent.atom", get(routes::feeds::recent))
        .route(
            "/api/v1/comments/{id}",
            put(routes::own::edit).delete(routes::own::delete),
        )
        .route("/api/v1/admin/login", post(session::login))
        .route("/api/v1/admin/logout", post(session::logout))
        .route("/api/v1/admin/me", get(session::me))
        .route("/api/v1/admin/queue", get(routes::comment_list::list))
        .route(
            "/api/v1/admin/commenter",
            get(routes::comment_list::commenter),
        )
        .route(
            "/api/v1/admin/comments/bulk",
            post(routes::comment_list::bulk),
        )
        .route("/api/v1/admin/log", get(routes::admin::log))
        .route(
            "/api/v1/admin/comments/{id}/reply",
            post(routes::moderator_reply::reply),
        )
        .route(
            "/api/v1/admin/comments/{id}/edit",
            post(routes::comment_edit::edit),
        )
        .route(
            "/api/v1/admin/comments/{id}/versions",
            get(routes::comment_edit::versions),
        )
        .route("/api/v1/admin/comments/{id}/pin", post(routes::pins::pin))
        .route(
            "/api/v1/admin/comments/{id}/unpin",
            post(routes::pins::unpin),
        )
        .route(
            "/api/v1/admin/comments/{id}/{action}",
            post(routes::admin::moderate),
        )
        .route(
            "/api/v1/admin/rules",
            get(routes::rules::list).post(routes::rules::add),
        )
        .route("/api/v1/admin/rules/test", post(routes::rules::test))
        .route(
            "/api/v1/admin/rules/{id}",
            axum::routing::delete(routes::rules::remove),
        )
        .route("/api/v1/admin/threads", get(routes::thread_list::list))
        .route("/api/v1/admin/stats", get(routes::stats::stats))
        .route("/api/v1/admin/threads/lock", post(routes::admin::lock))
        .route(
            "/api/v1/admin/threads/update",
            post(routes::admin::update_thread),
        )
        .route("/api/v1/admin/deliveries", get(routes::admin::deliveries))
        .route("/api/v1/login/{id}/start", get(routes::login::start))
        .route("/api/v1/login/callback", get(routes::login::callback))
        .route("/api/v1/login/logout", post(routes::login::logout))
        .route("/api/v1/preview", post(routes::preview::preview))
        .route("/api/v1/challenge", get(routes::challenge::challenge))
        .route("/api/v1/health", get(routes::health))
        .route("/api/{*rest}", any(routes::api_not_found))
        .method_not_allowed_fallback(routes::method_not_allowed)
        .layer(body_deadline.clone())
        // An import's file is read by its handler once the moderator is known, within a
        // deadline of its own.
        .route("/api/v1/admin/import", post(routes::import::import))
        .layer(DefaultBodyLimit::max(MAX_REQUEST_BYTES))
        .with_state(state.clone());
    let limiter = rate_limit::RateLimiter::new(
        Arc::clone(&state.sites),
        state.storage.clone(),
        setup.limit_rates,
        setup.proxies.clone(),
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
        .route(
            "/api/v1/mail/my-comments",
            get(routes::my_comments::page).post(routes::my_comments::act),
        )
        .route(
            "/api/v1/mail/my-comments/download",
            get(routes::my_comments::download),
        )
        .route(
            "/api/v1/mail/resubscribe",
            get(routes::mail_links::resubscribe_page).post(routes::mail_links::resubscribe),
        )
        .method_not_allowed_fallback(routes::method_not_allowed)
        .layer(body_deadline)
        .layer(DefaultBodyLimit::max(MAX_REQUEST_BYTES))
        .with_state(state.clone())
        .layer(limit_rates);
    let api = api.merge(mail_links);
    let api = match cors(&allowed_origins) {
        Some(cors) => api.layer(cors),
        None => api,
    };
    let api = match &setup.admin_dir {
        Some(dir) => api.merge(admin_page::router(admin_page::Source::Dir(dir.clone()))),
        None if super::embedded::is_present() => {
            api.merge(admin_page::router(admin_page::Source::Embedded))
        }
        None => api,
    };
    let api = match &metrics {
        Some(metrics) => api.merge(
            Router::new()
                .route("/metrics", get(super::metrics::metrics))
                .with_state((state.clone(), Arc::clone(metrics))),
        ),
        None => api,
    };
    let router = match &setup.static_dir {
        Some(dir) => api.fallback_service(static_files(dir)),
        None if super::embedded::is_present() => api.fallback(super::embedded::serve),
        None => api,
    };
    // Counted around everything, once each request has found its route.
    let router = match metrics {
        Some(metrics) => router.layer(axum::middleware::from_fn_with_state(
            metrics,
            super::metrics::observe,
        )),
        None => router,
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
