//! `/api/v1/schools`: training-school organisations (one per account).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use laowu_domain::organization::OrgKind;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::{MaybeAuthUser, RequireSchool};
use crate::dto::organizations::{CreateOrganizationRequest, OrganizationResponse, UpdateOrganizationRequest};
use crate::error::{ApiResult, Problem};
use crate::extract::{ApiJson, ApiPath};
use crate::services::organizations;
use crate::state::AppState;

const KIND: OrgKind = OrgKind::School;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create)).routes(routes!(mine)).routes(routes!(get, update))
}

/// Register the caller's training-school organisation; it starts `pending` until the bureau verifies it.
#[utoipa::path(
    post, path = "/api/v1/schools", tag = "organizations", security(("bearer" = [])),
    request_body = CreateOrganizationRequest,
    responses(
        (status = 201, description = "Created, pending verification", body = OrganizationResponse),
        (status = 409, description = "`organization_exists` or `uscc_taken`", body = Problem, content_type = "application/problem+json"),
        (status = "4XX", description = "Invalid input or wrong role", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn create(
    State(state): State<AppState>,
    RequireSchool(user): RequireSchool,
    ApiJson(req): ApiJson<CreateOrganizationRequest>,
) -> ApiResult<(StatusCode, Json<OrganizationResponse>)> {
    let changes = req.into_changes()?;
    let org = organizations::create(&state, user, KIND, changes).await?;
    Ok((StatusCode::CREATED, Json(org.into())))
}

/// The caller's own training-school organisation, with its verification status.
#[utoipa::path(
    get, path = "/api/v1/schools/me", tag = "organizations", security(("bearer" = [])),
    responses(
        (status = 200, description = "The organisation", body = OrganizationResponse),
        (status = "4XX", description = "None yet, or wrong role", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn mine(
    State(state): State<AppState>,
    RequireSchool(user): RequireSchool,
) -> ApiResult<Json<OrganizationResponse>> {
    Ok(Json(organizations::mine(&state, user, KIND).await?.into()))
}

/// A training-school organisation: public when verified; the owner and the bureau also see private details.
#[utoipa::path(
    get, path = "/api/v1/schools/{id}", tag = "organizations",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The organisation", body = OrganizationResponse),
        (status = 404, description = "No such verified organisation", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get(
    State(state): State<AppState>,
    MaybeAuthUser(viewer): MaybeAuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<OrganizationResponse>> {
    Ok(Json(organizations::get(&state, viewer, KIND, id).await?.into()))
}

/// Change the caller's training-school organisation. A new name or credit code needs verifying again.
#[utoipa::path(
    patch, path = "/api/v1/schools/{id}", tag = "organizations", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = UpdateOrganizationRequest,
    responses(
        (status = 200, description = "Updated", body = OrganizationResponse),
        (status = "4XX", description = "Invalid input, wrong role, or not yours (404)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn update(
    State(state): State<AppState>,
    RequireSchool(user): RequireSchool,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(req): ApiJson<UpdateOrganizationRequest>,
) -> ApiResult<Json<OrganizationResponse>> {
    let changes = req.into_changes()?;
    Ok(Json(organizations::update(&state, user, KIND, id, changes).await?.into()))
}
