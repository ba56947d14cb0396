//! Search and recommendations: `/api/v1/jobs/search`, `/api/v1/courses/search`,
//! `/api/v1/workers/me/recommendations/{jobs,courses}`, `/api/v1/jobs/{id}/candidates`.

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
use crate::dto::search::{
    CourseCard, CourseSearchParams, GeoParams, JobCard, JobSearchParams, SearchPage, SearchPaging,
};
use crate::error::{ApiResult, Problem};
use crate::extract::{ApiPath, ApiQuery};
use crate::services::{recommendations, search};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(search_jobs))
        .routes(routes!(search_courses))
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

/// Search open postings: text (Chinese word segmentation; trade synonyms such as 焊工 /
/// 电焊工), filters, a radius around a point, sorting and facet counts. No login needed.
#[utoipa::path(
    get, path = "/api/v1/jobs/search", tag = "search",
    params(JobSearchParams, GeoParams, SearchPaging),
    responses(
        (status = 200, description = "Matching postings", body = SearchPage<JobCard>),
        (status = 422, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`search_unavailable`", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn search_jobs(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<JobSearchParams>,
    ApiQuery(geo): ApiQuery<GeoParams>,
    ApiQuery(paging): ApiQuery<SearchPaging>,
) -> ApiResult<Json<SearchPage<JobCard>>> {
    Ok(Json(search::jobs(&state, params, geo, paging).await?))
}

/// Search open courses. No login needed.
#[utoipa::path(
    get, path = "/api/v1/courses/search", tag = "search",
    params(CourseSearchParams, GeoParams, SearchPaging),
    responses(
        (status = 200, description = "Matching courses", body = SearchPage<CourseCard>),
        (status = 422, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`search_unavailable`", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn search_courses(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<CourseSearchParams>,
    ApiQuery(geo): ApiQuery<GeoParams>,
    ApiQuery(paging): ApiQuery<SearchPaging>,
) -> ApiResult<Json<SearchPage<CourseCard>>> {
    Ok(Json(search::courses(&state, params, geo, paging).await?))
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
