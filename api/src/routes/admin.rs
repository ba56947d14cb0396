//! `/api/v1/admin/*`: what the labour bureau does. Bureau accounts only.

use axum::Json;
use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::RequireAdmin;
use crate::dto::jobs::{JobResponse, JobReviewRequest};
use crate::dto::organizations::{OrganizationFilter, OrganizationResponse, VerificationRequest};
use crate::dto::page::{Page, PageParams};
use crate::error::ApiError;
use crate::error::{ApiResult, Problem};
use crate::extract::{ApiJson, ApiPath, ApiQuery, ClientLang};
use crate::services::{jobs, organizations};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_organizations))
        .routes(routes!(verify_organization))
        .routes(routes!(held_jobs))
        .routes(routes!(review_job))
}

/// Organisations for review, oldest first (`?status=pending` is the queue).
#[utoipa::path(
    get, path = "/api/v1/admin/organizations", tag = "admin", security(("bearer" = [])),
    params(OrganizationFilter, PageParams),
    responses(
        (status = 200, description = "Organisations with private details", body = Page<OrganizationResponse>),
        (status = "4XX", description = "Not a bureau account, or bad parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_organizations(
    State(state): State<AppState>,
    _admin: RequireAdmin,
    ApiQuery(filter): ApiQuery<OrganizationFilter>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> ApiResult<Json<Page<OrganizationResponse>>> {
    let page = organizations::list(&state, filter.status, filter.kind, page.parse()?).await?;
    Ok(Json(Page { items: page.items.into_iter().map(Into::into).collect(), next_cursor: page.next_cursor }))
}

/// Verify or reject an employer or training school (a rejection needs a reason).
#[utoipa::path(
    post, path = "/api/v1/admin/organizations/{id}/verification", tag = "admin", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = VerificationRequest,
    responses(
        (status = 200, description = "The organisation after the decision", body = OrganizationResponse),
        (status = "4XX", description = "Not a bureau account, no such organisation, or no reason for a rejection", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn verify_organization(
    State(state): State<AppState>,
    RequireAdmin(admin): RequireAdmin,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(req): ApiJson<VerificationRequest>,
) -> ApiResult<Json<OrganizationResponse>> {
    Ok(Json(organizations::review(&state, admin, id, req.decision, req.reason).await?.into()))
}

/// Postings held by the screen for review, oldest first.
#[utoipa::path(
    get, path = "/api/v1/admin/jobs/held", tag = "admin", security(("bearer" = [])),
    params(PageParams),
    responses(
        (status = 200, description = "Held postings with the screen's reasons", body = Page<JobResponse>),
        (status = "4XX", description = "Not a bureau account", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn held_jobs(
    State(state): State<AppState>,
    _admin: RequireAdmin,
    lang: ClientLang,
    ApiQuery(page): ApiQuery<PageParams>,
) -> ApiResult<Json<Page<JobResponse>>> {
    Ok(Json(crate::routes::jobs::page_of(jobs::list_held(&state, page.parse()?).await?, lang)))
}

/// Publish a held posting, or send it back to draft with a reason.
#[utoipa::path(
    post, path = "/api/v1/admin/jobs/{id}/review", tag = "admin", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = JobReviewRequest,
    responses(
        (status = 200, description = "The posting after the decision", body = JobResponse),
        (status = 409, description = "`job_transition_not_allowed`: the posting is not held", body = Problem, content_type = "application/problem+json"),
        (status = "4XX", description = "Not a bureau account, or no reason for a rejection (`reason_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn review_job(
    State(state): State<AppState>,
    RequireAdmin(admin): RequireAdmin,
    lang: ClientLang,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(req): ApiJson<JobReviewRequest>,
) -> ApiResult<Json<JobResponse>> {
    let approve = match req.decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => {
            return Err(ApiError::Validation(vec![crate::error::FieldError::body(
                "/decision",
                "invalid_value",
            )]));
        }
    };
    Ok(Json(JobResponse::new(jobs::review(&state, admin, id, approve, req.reason).await?, lang.0)))
}
