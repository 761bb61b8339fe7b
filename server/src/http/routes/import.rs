//! `POST /api/v1/admin/import?format=wxr|disqus|isso|jsonl&site=NAME`: the same import as
//! `confab-server import`, for moderators, with the file as the request body (gzip or zip
//! wrapped if wanted). Answers the summary; a file that cannot be read imports nothing.

use crate::http::AppState;
use crate::http::context::Actor;
use crate::http::error::AppError;
use crate::http::extract::QueryParams;
use crate::import::{self, Format, ImportError, Summary, Target};
use axum::Json;
use axum::extract::{Request, State};
use serde::Deserialize;

/// The largest file the import endpoint reads (larger ones go through the command line).
pub const MAX_IMPORT_BYTES: usize = 256 * 1024 * 1024;

/// How long an import's file may take to arrive.
pub const IMPORT_BODY_DEADLINE: std::time::Duration = std::time::Duration::from_secs(600);

/// The query of an import.
#[derive(Debug, Deserialize)]
pub struct ImportQuery {
    format: Option<String>,
    site: Option<String>,
}

/// Imports the request body. Who asks is checked before a byte of the body is read, so
/// only moderators can make the server hold a large upload.
pub async fn import(
    State(state): State<AppState>,
    Actor { name: actor, scope }: Actor,
    QueryParams(query): QueryParams<ImportQuery>,
    request: Request,
) -> Result<Json<Summary>, AppError> {
    scope.owner_only()?;
    // The same names as the command line's `--format`.
    let format = query
        .format
        .as_deref()
        .and_then(|name| <Format as clap::ValueEnum>::from_str(name, false).ok())
        .ok_or_else(|| {
            AppError::invalid(
                "format",
                "unknown_format",
                "Say which format the file is: format=wxr, disqus, isso or jsonl.",
            )
        })?;
    let site = state
        .sites
        .named(query.site.as_deref())
        .ok_or_else(|| AppError::invalid("site", "unknown_site", "No site has that name."))?;
    // Read only once the moderator is known, within a deadline of its own: a file of
    // up to 256 MB takes a while over a slow line, but not for ever.
    let reading = axum::body::to_bytes(request.into_body(), MAX_IMPORT_BYTES);
    let body = tokio::time::timeout(IMPORT_BODY_DEADLINE, reading)
        .await
        .map_err(|_| AppError::RequestTimeout)?
        .map_err(|_| AppError::PayloadTooLarge)?;
    if body.is_empty() {
        return Err(AppError::invalid(
            "file",
            "empty_file",
            "The file is empty: send it as the request body.",
        ));
    }
    let target = Target {
        site,
        server_key: &state.server_key,
    };
    let summary = import::import(state.storage.as_ref(), target, format, &body)
        .await
        .map_err(|error| match error {
            ImportError::Unreadable(message) => AppError::Invalid {
                code: "unreadable_file",
                message: format!("The file cannot be imported: {message}."),
                field: "file",
            },
            ImportError::Storage(error) => error.into(),
        })?;
    // The spam filter learns from what the other system decided (WordPress's spam).
    if summary.comments > 0 {
        state.storage.retrain_filter(site.filter_site()).await?;
    }
    let detail = format!("{}: {} comments", format.as_str(), summary.comments);
    state.storage.record(&actor, "import", &detail).await?;
    Ok(Json(summary))
}
