//! Liveness, readiness and metrics, for load balancers and monitoring.

use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use chrono::{DateTime, Utc};
use laowu_search::Kind;
use sea_orm::ConnectionTrait;
use secrecy::ExposeSecret;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, ApiResult, Problem};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(healthz)).routes(routes!(readyz)).routes(routes!(metrics))
}

#[derive(Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// The process is alive.
#[utoipa::path(get, path = "/healthz", tag = "system",
    responses((status = 200, description = "Alive", body = Health)))]
async fn healthz() -> axum::Json<Health> {
    axum::Json(Health { status: "ok" })
}

/// Readiness, and how far the search index trails the database.
#[derive(Serialize, ToSchema)]
pub struct Ready {
    #[schema(example = "ok")]
    pub status: &'static str,
    pub search: SearchStatus,
}

/// The search index as seen from this node. Search being behind or away does not make the
/// node unready: writes never wait for it.
#[derive(Serialize, ToSchema)]
pub struct SearchStatus {
    /// `embedded` or `meilisearch`.
    #[schema(example = "embedded")]
    pub backend: &'static str,
    /// Whether the engine answered just now (within a second).
    #[schema(example = true)]
    pub reachable: bool,
    /// Outbox events not yet applied to the index.
    #[schema(example = 0)]
    pub pending_events: u64,
    /// When the oldest of them was recorded.
    pub oldest_pending_at: Option<DateTime<Utc>>,
    /// Its age in seconds (0 when nothing is pending).
    #[schema(example = 0)]
    pub lag_seconds: i64,
}

/// The node can serve requests: its database answers. Also reports the search index lag
/// (pending outbox events, the oldest one's age) and whether the engine answers; neither
/// affects readiness.
#[utoipa::path(get, path = "/readyz", tag = "system",
    responses(
        (status = 200, description = "Ready", body = Ready),
        (status = 503, description = "The database does not answer", body = Problem, content_type = "application/problem+json"),
    ))]
async fn readyz(State(state): State<AppState>) -> ApiResult<axum::Json<Ready>> {
    let unavailable = |e: sea_orm::DbErr| {
        tracing::warn!(error = %e, "readiness check failed");
        ApiError::Unavailable
    };
    state.db.execute_unprepared("SELECT 1").await.map_err(unavailable)?;
    let lag = crate::store::outbox::lag(&state.db, crate::store::outbox::Consumer::SEARCH)
        .await
        .map_err(unavailable)?;
    let reachable = matches!(
        tokio::time::timeout(Duration::from_secs(1), state.search.count(Kind::Job)).await,
        Ok(Ok(_))
    );
    let lag_seconds = lag.oldest.map(|t| (Utc::now() - t).num_seconds().max(0)).unwrap_or(0);
    Ok(axum::Json(Ready {
        status: "ok",
        search: SearchStatus {
            backend: state.search.backend(),
            reachable,
            pending_events: lag.pending,
            oldest_pending_at: lag.oldest,
            lag_seconds,
        },
    }))
}

/// Prometheus metrics (text exposition format), for the monitoring system only.
///
/// Needs `Authorization: Bearer <server.metrics_token>`; without a configured token the
/// route is not served (404). See docs/operations.md.
#[utoipa::path(get, path = "/metrics", tag = "system",
    responses(
        (status = 200, description = "Metrics", body = String, content_type = "text/plain"),
        (status = 401, description = "Missing or wrong metrics token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No metrics token is configured", body = Problem, content_type = "application/problem+json"),
    ))]
async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<impl IntoResponse> {
    let expected = state.config.server.metrics_token.as_ref().ok_or(ApiError::NotFound)?;
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .unwrap_or("");
    if !same_secret(given.as_bytes(), expected.expose_secret().as_bytes()) {
        return Err(ApiError::Unauthorized("unauthorized"));
    }
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        state.metrics.render(),
    ))
}

/// Compares in time that depends only on the lengths, not on where the bytes differ.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
