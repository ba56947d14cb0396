//! Applications: `/api/v1/jobs/{id}/applications`, `/api/v1/applications/{id}`,
//! `/api/v1/workers/me/applications`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::{AuthUser, RequireEmployer, RequireWorker};
use crate::dto::applications::{ApplicationResponse, ApplicationTransitionRequest, ApplyRequest};
use crate::dto::page::{Page, PageParams};
use crate::error::{ApiResult, Problem};
use crate::extract::{ApiJson, ApiPath, ApiQuery, OptionalJson};
use crate::services::applications::{self, ApplicationView};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(apply_to_job, list_job_applications))
        .routes(routes!(my_applications))
        .routes(routes!(get_application))
        .routes(routes!(transition_application))
}

fn page_of(page: Page<ApplicationView>) -> Page<ApplicationResponse> {
    Page { items: page.items.into_iter().map(Into::into).collect(), next_cursor: page.next_cursor }
}

/// Apply to an open posting (one active application per worker and posting).
#[utoipa::path(
    post, path = "/api/v1/jobs/{id}/applications", tag = "applications", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The posting")),
    request_body(content = Option<ApplyRequest>, description = "Optional; an empty body is fine"),
    responses(
        (status = 201, description = "Applied", body = ApplicationResponse),
        (status = 409, description = "`application_exists`, `job_not_open` or `profile_required`", body = Problem, content_type = "application/problem+json"),
        (status = "4XX", description = "No such public posting (404), or not a worker", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn apply_to_job(
    State(state): State<AppState>,
    RequireWorker(user): RequireWorker,
    ApiPath(id): ApiPath<Uuid>,
    OptionalJson(req): OptionalJson<ApplyRequest>,
) -> ApiResult<(StatusCode, Json<ApplicationResponse>)> {
    let app = applications::apply(&state, user, id, req.note).await?;
    Ok((StatusCode::CREATED, Json(app.into())))
}

/// Applications to one of the caller's postings, with the applicants (personal data masked).
#[utoipa::path(
    get, path = "/api/v1/jobs/{id}/applications", tag = "applications", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The posting"), PageParams),
    responses(
        (status = 200, description = "Applications, newest first", body = Page<ApplicationResponse>),
        (status = "4XX", description = "Not your posting (404) or not an employer", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_job_applications(
    State(state): State<AppState>,
    RequireEmployer(user): RequireEmployer,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> ApiResult<Json<Page<ApplicationResponse>>> {
    Ok(Json(page_of(applications::list_for_job(&state, user, id, page.parse()?).await?)))
}

/// The caller's own applications, newest first.
#[utoipa::path(
    get, path = "/api/v1/workers/me/applications", tag = "applications", security(("bearer" = [])),
    params(PageParams),
    responses(
        (status = 200, description = "Applications", body = Page<ApplicationResponse>),
        (status = "4XX", description = "Not a worker", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn my_applications(
    State(state): State<AppState>,
    RequireWorker(user): RequireWorker,
    ApiQuery(page): ApiQuery<PageParams>,
) -> ApiResult<Json<Page<ApplicationResponse>>> {
    Ok(Json(page_of(applications::list_mine(&state, user, page.parse()?).await?)))
}

/// One application with its history: for its worker and the posting's employer only.
#[utoipa::path(
    get, path = "/api/v1/applications/{id}", tag = "applications", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The application", body = ApplicationResponse),
        (status = "4XX", description = "Not yours (404)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_application(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<ApplicationResponse>> {
    Ok(Json(applications::get(&state, user, id).await?.into()))
}

/// Move an application along its pipeline: the employer marks it viewed, invites to an
/// interview (time and place), offers, hires or rejects; the worker may withdraw.
#[utoipa::path(
    post, path = "/api/v1/applications/{id}/transitions", tag = "applications", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = ApplicationTransitionRequest,
    responses(
        (status = 200, description = "The application after the move, with its history", body = ApplicationResponse),
        (status = 409, description = "`transition_not_allowed`, `transition_not_yours` or `job_full`", body = Problem, content_type = "application/problem+json"),
        (status = "4XX", description = "Not yours (404) or invalid input", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn transition_application(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(req): ApiJson<ApplicationTransitionRequest>,
) -> ApiResult<Json<ApplicationResponse>> {
    Ok(Json(applications::transition(&state, user, id, req.into_request()).await?.into()))
}
