//! `/api/v1/courses`: training courses. Open courses are public; schools manage their own.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::{MaybeAuthUser, RequireSchool};
use crate::dto::courses::{CourseQuery, CourseRequest, CourseResponse, UpdateCourseRequest};
use crate::dto::page::{Page, PageParams};
use crate::error::{ApiResult, Problem};
use crate::extract::{ApiJson, ApiPath, ApiQuery, ClientLang};
use crate::services::courses;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_course, list_courses))
        .routes(routes!(get_course, update_course))
        .routes(routes!(open_course))
        .routes(routes!(close_course))
        .routes(routes!(my_courses))
}

fn page_of(page: Page<courses::CourseView>, lang: ClientLang) -> Page<CourseResponse> {
    Page {
        items: page.items.into_iter().map(|v| CourseResponse::new(v, lang.0)).collect(),
        next_cursor: page.next_cursor,
    }
}

/// Create a draft course for the caller's school (verified or not).
#[utoipa::path(
    post, path = "/api/v1/courses", tag = "courses", security(("bearer" = [])),
    request_body = CourseRequest,
    responses(
        (status = 201, description = "The draft", body = CourseResponse),
        (status = 409, description = "`organization_required` or `organization_not_verified`", body = Problem, content_type = "application/problem+json"),
        (status = "4XX", description = "Invalid input or wrong role", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn create_course(
    State(state): State<AppState>,
    RequireSchool(user): RequireSchool,
    lang: ClientLang,
    ApiJson(req): ApiJson<CourseRequest>,
) -> ApiResult<(StatusCode, Json<CourseResponse>)> {
    let course = courses::create(&state, user, req).await?;
    Ok((StatusCode::CREATED, Json(CourseResponse::new(course, lang.0))))
}

/// Open courses, newest first, with filters. No login needed.
#[utoipa::path(
    get, path = "/api/v1/courses", tag = "courses",
    params(CourseQuery, PageParams),
    responses(
        (status = 200, description = "Open courses", body = Page<CourseResponse>),
        (status = "4XX", description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_courses(
    State(state): State<AppState>,
    lang: ClientLang,
    ApiQuery(query): ApiQuery<CourseQuery>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> ApiResult<Json<Page<CourseResponse>>> {
    let filter = query.into_filter()?;
    Ok(Json(page_of(courses::list_public(&state, filter, page.parse()?).await?, lang)))
}

/// A course. Drafts are visible to their school and the bureau only.
#[utoipa::path(
    get, path = "/api/v1/courses/{id}", tag = "courses",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The course", body = CourseResponse),
        (status = 404, description = "No such public course", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_course(
    State(state): State<AppState>,
    MaybeAuthUser(viewer): MaybeAuthUser,
    lang: ClientLang,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<CourseResponse>> {
    Ok(Json(CourseResponse::new(courses::get(&state, viewer, id).await?, lang.0)))
}

/// Change a course. Capacity cannot drop below the seats already taken.
#[utoipa::path(
    patch, path = "/api/v1/courses/{id}", tag = "courses", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = UpdateCourseRequest,
    responses(
        (status = 200, description = "The course", body = CourseResponse),
        (status = "4XX", description = "Invalid input (`capacity_below_taken`), wrong role, or not yours (404)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn update_course(
    State(state): State<AppState>,
    RequireSchool(user): RequireSchool,
    lang: ClientLang,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(req): ApiJson<UpdateCourseRequest>,
) -> ApiResult<Json<CourseResponse>> {
    Ok(Json(CourseResponse::new(courses::update(&state, user, id, req).await?, lang.0)))
}

/// Open a draft or closed course for enrolment. Only a verified school may.
#[utoipa::path(
    post, path = "/api/v1/courses/{id}/open", tag = "courses", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "Open", body = CourseResponse),
        (status = 409, description = "`organization_not_verified` or `course_transition_not_allowed`", body = Problem, content_type = "application/problem+json"),
        (status = "4XX", description = "Not yours (404) or wrong role", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn open_course(
    State(state): State<AppState>,
    RequireSchool(user): RequireSchool,
    lang: ClientLang,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<CourseResponse>> {
    Ok(Json(CourseResponse::new(courses::open(&state, user, id).await?, lang.0)))
}

/// Stop taking enrolments. Trainees already enrolled carry on.
#[utoipa::path(
    post, path = "/api/v1/courses/{id}/close", tag = "courses", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "Closed", body = CourseResponse),
        (status = 409, description = "`course_transition_not_allowed`", body = Problem, content_type = "application/problem+json"),
        (status = "4XX", description = "Not yours (404) or wrong role", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn close_course(
    State(state): State<AppState>,
    RequireSchool(user): RequireSchool,
    lang: ClientLang,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<CourseResponse>> {
    Ok(Json(CourseResponse::new(courses::close(&state, user, id).await?, lang.0)))
}

/// The caller's courses in every status, newest first.
#[utoipa::path(
    get, path = "/api/v1/schools/me/courses", tag = "courses", security(("bearer" = [])),
    params(PageParams),
    responses(
        (status = 200, description = "The school's courses", body = Page<CourseResponse>),
        (status = "4XX", description = "Wrong role, or no organisation yet (`organization_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn my_courses(
    State(state): State<AppState>,
    RequireSchool(user): RequireSchool,
    lang: ClientLang,
    ApiQuery(page): ApiQuery<PageParams>,
) -> ApiResult<Json<Page<CourseResponse>>> {
    Ok(Json(page_of(courses::list_mine(&state, user, page.parse()?).await?, lang)))
}
