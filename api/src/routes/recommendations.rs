//! Recommendations with reasons: `/api/v1/workers/me/recommendations/{jobs,courses}` for a
//! worker, `/api/v1/jobs/{id}/candidates` for an employer's posting (docs/matching.md).

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::{RequireEmployer, RequireWorker};
use crate::dto::matching::{
    CandidateRecommendation, CourseRecommendation, JobRecommendation, Recommendations,
};
use crate::error::{ApiResult, Problem};
use crate::extract::{ApiPath, ApiQuery};
use crate::services::recommendations;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(recommended_jobs))
        .routes(routes!(recommended_courses))
        .routes(routes!(job_candidates))
}

/// How many recommendations.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TopParams {
    /// 1–50 (default 20).
    #[param(minimum = 1, maximum = 50, default = 20)]
    pub limit: Option<usize>,
}

/// The caller's best postings, ranked, each with its score breakdown, reasons and icons
/// (docs/matching.md).
#[utoipa::path(
    get, path = "/api/v1/workers/me/recommendations/jobs", tag = "search", security(("bearer" = [])),
    params(TopParams),
    responses(
        (status = 200, description = "Recommended postings, best first", body = Recommendations<JobRecommendation>),
        (status = 409, description = "`profile_required`", body = Problem, content_type = "application/problem+json"),
        (status = "4XX", description = "Not a worker, or invalid parameters", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`search_unavailable`", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn recommended_jobs(
    State(state): State<AppState>,
    RequireWorker(user): RequireWorker,
    ApiQuery(top): ApiQuery<TopParams>,
) -> ApiResult<Json<Recommendations<JobRecommendation>>> {
    Ok(Json(Recommendations { items: recommendations::jobs_for_me(&state, user, top.limit).await? }))
}

/// Courses that close the caller's skill gaps: each says how many more open postings
/// within reach it would open up, at what pay, and its subsidy.
#[utoipa::path(
    get, path = "/api/v1/workers/me/recommendations/courses", tag = "search", security(("bearer" = [])),
    params(TopParams),
    responses(
        (status = 200, description = "Recommended courses, most postings unlocked first", body = Recommendations<CourseRecommendation>),
        (status = 409, description = "`profile_required`", body = Problem, content_type = "application/problem+json"),
        (status = "4XX", description = "Not a worker, or invalid parameters", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`search_unavailable`", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn recommended_courses(
    State(state): State<AppState>,
    RequireWorker(user): RequireWorker,
    ApiQuery(top): ApiQuery<TopParams>,
) -> ApiResult<Json<Recommendations<CourseRecommendation>>> {
    Ok(Json(Recommendations { items: recommendations::courses_for_me(&state, user, top.limit).await? }))
}

/// Discoverable workers ranked for one of the caller's postings, with the same breakdown
/// and only minimal personal data (masked name, region, skills, languages).
#[utoipa::path(
    get, path = "/api/v1/jobs/{id}/candidates", tag = "search", security(("bearer" = [])),
    params(("id" = Uuid, Path), TopParams),
    responses(
        (status = 200, description = "Candidates, best first", body = Recommendations<CandidateRecommendation>),
        (status = 404, description = "No such posting of the caller's", body = Problem, content_type = "application/problem+json"),
        (status = "4XX", description = "Not an employer, or invalid parameters", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`search_unavailable`", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn job_candidates(
    State(state): State<AppState>,
    RequireEmployer(user): RequireEmployer,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(top): ApiQuery<TopParams>,
) -> ApiResult<Json<Recommendations<CandidateRecommendation>>> {
    Ok(Json(Recommendations { items: recommendations::candidates(&state, user, id, top.limit).await? }))
}
