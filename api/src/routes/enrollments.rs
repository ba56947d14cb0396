//! Course enrolments: workers enrol; schools keep the roll and certify; either side can
//! see the enrolment and its history.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::{AuthUser, RequireSchool, RequireWorker};
use crate::dto::enrollments::{EnrollmentResponse, TransitionRequest, page_of};
use crate::dto::page::{Page, PageParams};
use crate::error::{ApiResult, Problem};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::services::enrollments;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(enroll_in_course, list_course_enrollments))
        .routes(routes!(my_enrollments))
        .routes(routes!(get_enrollment))
        .routes(routes!(transition_enrollment))
}

/// Enrol the calling worker on an open course; takes one of its seats.
#[utoipa::path(
    post, path = "/api/v1/courses/{id}/enrollments", tag = "enrollments", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 201, description = "Enrolled", body = EnrollmentResponse),
        (status = 409, description = "`course_not_open`, `course_full` or `enrollment_exists`", body = Problem, content_type = "application/problem+json"),
        (status = "4XX", description = "No such public course (404) or not a worker (403)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn enroll_in_course(
    State(state): State<AppState>,
    RequireWorker(user): RequireWorker,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<(StatusCode, Json<EnrollmentResponse>)> {
    let enrollment = enrollments::enroll(&state, user, id).await?;
    Ok((StatusCode::CREATED, Json(enrollment.into())))
}

/// The roll of one of the calling school's courses, in enrolment order, each trainee
/// with the phone and ID number masked.
#[utoipa::path(
    get, path = "/api/v1/courses/{id}/enrollments", tag = "enrollments", security(("bearer" = [])),
    params(("id" = Uuid, Path), PageParams),
    responses(
        (status = 200, description = "The enrolments", body = Page<EnrollmentResponse>),
        (status = "4XX", description = "Not the school's course (404) or not a school (403)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_course_enrollments(
    State(state): State<AppState>,
    RequireSchool(user): RequireSchool,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> ApiResult<Json<Page<EnrollmentResponse>>> {
    Ok(Json(page_of(enrollments::roster(&state, user, id, page.parse()?).await?)))
}

/// The calling worker's enrolments, newest first.
#[utoipa::path(
    get, path = "/api/v1/workers/me/enrollments", tag = "enrollments", security(("bearer" = [])),
    params(PageParams),
    responses(
        (status = 200, description = "The worker's enrolments", body = Page<EnrollmentResponse>),
        (status = "4XX", description = "Not a worker", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn my_enrollments(
    State(state): State<AppState>,
    RequireWorker(user): RequireWorker,
    ApiQuery(page): ApiQuery<PageParams>,
) -> ApiResult<Json<Page<EnrollmentResponse>>> {
    Ok(Json(page_of(enrollments::list_mine(&state, user, page.parse()?).await?)))
}

/// An enrolment with its history: for its worker and the course's school only.
#[utoipa::path(
    get, path = "/api/v1/enrollments/{id}", tag = "enrollments", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The enrolment", body = EnrollmentResponse),
        (status = "4XX", description = "Not yours (404) or neither a worker nor a school (403)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_enrollment(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<EnrollmentResponse>> {
    Ok(Json(enrollments::get(&state, user, id).await?.into()))
}

/// Move an enrolment on. The school records `attending`, `completed`, `certified` (with the
/// certificate number; the skill is added to the worker's profile at the course's level) or
/// `dropped`; the worker may drop out. Dropping out or completing frees the seat.
#[utoipa::path(
    post, path = "/api/v1/enrollments/{id}/transitions", tag = "enrollments", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = TransitionRequest,
    responses(
        (status = 200, description = "The enrolment, moved", body = EnrollmentResponse),
        (status = 409, description = "`transition_not_allowed` or `transition_not_yours`", body = Problem, content_type = "application/problem+json"),
        (status = "4XX", description = "Invalid input (`certificate_no_required`), not yours (404) or wrong role (403)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn transition_enrollment(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(req): ApiJson<TransitionRequest>,
) -> ApiResult<Json<EnrollmentResponse>> {
    let (to, certificate_no) = req.into_move()?;
    Ok(Json(enrollments::transition(&state, user, id, to, certificate_no).await?.into()))
}
