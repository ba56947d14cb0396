//! `/api/v1/admin/*`: what the labour bureau does. Bureau accounts only.

use axum::Json;
use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::RequireAdmin;
use crate::dto::organizations::{OrganizationFilter, OrganizationResponse, VerificationRequest};
use crate::dto::page::{Page, PageParams};
use crate::error::{ApiResult, Problem};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::services::organizations;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_organizations)).routes(routes!(verify_organization))
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
