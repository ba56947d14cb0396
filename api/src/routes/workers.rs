//! `/api/v1/workers/me/*`: the worker's own profile.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::RequireWorker;
use crate::dto::workers::{ProfileRequest, ProfileResponse};
use crate::error::{ApiResult, Problem};
use crate::extract::ApiJson;
use crate::services::workers;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_profile, put_profile))
}

/// The caller's worker profile.
#[utoipa::path(
    get, path = "/api/v1/workers/me/profile", tag = "workers", security(("bearer" = [])),
    responses(
        (status = 200, description = "The profile", body = ProfileResponse),
        (status = "4XX", description = "No profile yet (404) or not a worker (403)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_profile(
    State(state): State<AppState>,
    RequireWorker(user): RequireWorker,
) -> ApiResult<Json<ProfileResponse>> {
    Ok(Json(workers::mine(&state, user).await?.into()))
}

/// Create or replace the caller's worker profile.
#[utoipa::path(
    put, path = "/api/v1/workers/me/profile", tag = "workers", security(("bearer" = [])),
    request_body = ProfileRequest,
    responses(
        (status = 200, description = "Replaced", body = ProfileResponse),
        (status = 201, description = "Created", body = ProfileResponse),
        (status = "4XX", description = "Invalid input or not a worker", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn put_profile(
    State(state): State<AppState>,
    RequireWorker(user): RequireWorker,
    ApiJson(req): ApiJson<ProfileRequest>,
) -> ApiResult<(StatusCode, Json<ProfileResponse>)> {
    let input = req.into_input(user.id, Utc::now())?;
    let (profile, created) = workers::put(&state, user, input).await?;
    Ok((if created { StatusCode::CREATED } else { StatusCode::OK }, Json(profile.into())))
}
