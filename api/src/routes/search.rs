//! Search: `/api/v1/jobs/search` and `/api/v1/courses/search` (public).

use axum::Json;
use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::dto::search::{
    CourseCard, CourseSearchParams, GeoParams, JobCard, JobSearchParams, SearchPage, SearchPaging,
};
use crate::error::{ApiResult, Problem};
use crate::extract::ApiQuery;
use crate::services::search;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(search_jobs)).routes(routes!(search_courses))
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
