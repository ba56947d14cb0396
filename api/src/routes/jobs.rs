//! `/api/v1/jobs`: postings. Open postings are public; employers manage their own.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::{MaybeAuthUser, RequireEmployer};
use crate::dto::jobs::{JobQuery, JobRequest, JobResponse, UpdateJobRequest};
use crate::dto::page::{Page, PageParams};
use crate::error::{ApiResult, Problem};
use crate::extract::{ApiJson, ApiPath, ApiQuery, ClientLang};
use crate::services::jobs;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_job, list_jobs))
        .routes(routes!(get_job, update_job))
        .routes(routes!(open_job))
        .routes(routes!(close_job))
        .routes(routes!(my_jobs))
}

pub(crate) fn page_of(page: Page<jobs::JobView>, lang: ClientLang) -> Page<JobResponse> {
    Page {
        items: page.items.into_iter().map(|v| JobResponse::new(v, lang.0)).collect(),
        next_cursor: page.next_cursor,
    }
}

/// Create a draft posting for the caller's organisation. Pay is mandatory.
#[utoipa::path(
    post, path = "/api/v1/jobs", tag = "jobs", security(("bearer" = [])),
    request_body = JobRequest,
    responses(
        (status = 201, description = "The draft", body = JobResponse),
        (status = 409, description = "`organization_required` or `organization_not_verified`", body = Problem, content_type = "application/problem+json"),
        (status = "4XX", description = "Invalid input or wrong role", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn create_job(
    State(state): State<AppState>,
    RequireEmployer(user): RequireEmployer,
    lang: ClientLang,
    ApiJson(req): ApiJson<JobRequest>,
) -> ApiResult<(StatusCode, Json<JobResponse>)> {
    let job = jobs::create(&state, user, req.into_input()).await?;
    Ok((StatusCode::CREATED, Json(JobResponse::new(job, lang.0))))
}

/// Open postings, newest first, with filters. No login needed.
#[utoipa::path(
    get, path = "/api/v1/jobs", tag = "jobs",
    params(JobQuery, PageParams),
    responses(
        (status = 200, description = "Open postings", body = Page<JobResponse>),
        (status = "4XX", description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_jobs(
    State(state): State<AppState>,
    lang: ClientLang,
    ApiQuery(query): ApiQuery<JobQuery>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> ApiResult<Json<Page<JobResponse>>> {
    let filter = query.into_filter()?;
    Ok(Json(page_of(jobs::list_public(&state, filter, page.parse()?).await?, lang)))
}

/// A posting. Drafts and held postings are visible to their employer and the bureau only.
#[utoipa::path(
    get, path = "/api/v1/jobs/{id}", tag = "jobs",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The posting", body = JobResponse),
        (status = 404, description = "No such public posting", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_job(
    State(state): State<AppState>,
    MaybeAuthUser(viewer): MaybeAuthUser,
    lang: ClientLang,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<JobResponse>> {
    Ok(Json(JobResponse::new(jobs::get(&state, viewer, id).await?, lang.0)))
}

/// Change a posting. An open posting is screened again and may be held for review.
#[utoipa::path(
    patch, path = "/api/v1/jobs/{id}", tag = "jobs", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = UpdateJobRequest,
    responses(
        (status = 200, description = "The posting", body = JobResponse),
        (status = 409, description = "`organization_not_verified` or `job_not_editable` (filled)", body = Problem, content_type = "application/problem+json"),
        (status = "4XX", description = "Invalid input (`headcount_below_hired` …), or not yours (404)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn update_job(
    State(state): State<AppState>,
    RequireEmployer(user): RequireEmployer,
    lang: ClientLang,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(req): ApiJson<UpdateJobRequest>,
) -> ApiResult<Json<JobResponse>> {
    Ok(Json(JobResponse::new(jobs::update(&state, user, id, req.into_patch()).await?, lang.0)))
}

/// Publish a posting. A posting that asks workers for deposits, fees, training loans or
/// their ID cards is held for the bureau instead (`under_review`, with `review_flags`).
#[utoipa::path(
    post, path = "/api/v1/jobs/{id}/open", tag = "jobs", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "`open`, or `under_review` with the reasons", body = JobResponse),
        (status = 409, description = "`organization_not_verified`, `job_transition_not_allowed` or `job_work_ended` (its end date has passed)", body = Problem, content_type = "application/problem+json"),
        (status = "4XX", description = "Not yours (404) or wrong role", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn open_job(
    State(state): State<AppState>,
    RequireEmployer(user): RequireEmployer,
    lang: ClientLang,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<JobResponse>> {
    Ok(Json(JobResponse::new(jobs::open(&state, user, id).await?, lang.0)))
}

/// Stop showing a posting.
#[utoipa::path(
    post, path = "/api/v1/jobs/{id}/close", tag = "jobs", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "Closed", body = JobResponse),
        (status = 409, description = "`job_transition_not_allowed`", body = Problem, content_type = "application/problem+json"),
        (status = "4XX", description = "Not yours (404) or wrong role", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn close_job(
    State(state): State<AppState>,
    RequireEmployer(user): RequireEmployer,
    lang: ClientLang,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<JobResponse>> {
    Ok(Json(JobResponse::new(jobs::close(&state, user, id).await?, lang.0)))
}

/// The caller's postings in every status, newest first.
#[utoipa::path(
    get, path = "/api/v1/employers/me/jobs", tag = "jobs", security(("bearer" = [])),
    params(PageParams),
    responses(
        (status = 200, description = "The employer's postings", body = Page<JobResponse>),
        (status = "4XX", description = "Wrong role, or no organisation yet (`organization_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn my_jobs(
    State(state): State<AppState>,
    RequireEmployer(user): RequireEmployer,
    lang: ClientLang,
    ApiQuery(page): ApiQuery<PageParams>,
) -> ApiResult<Json<Page<JobResponse>>> {
    Ok(Json(page_of(jobs::list_mine(&state, user, page.parse()?).await?, lang)))
}
