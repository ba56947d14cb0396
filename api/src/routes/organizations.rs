//! `/api/v1/employers` and `/api/v1/schools`: one organisation per account, the same
//! routes for both kinds. The macro writes each kind's handlers (utoipa needs a handler
//! per documented path); the logic is all in `services::organizations`.

macro_rules! organization_routes {
    ($kind:expr, $guard:ident, $prefix:literal, $base:literal, $me:literal, $one:literal, $what:literal) => {
        use axum::Json;
        use axum::extract::State;
        use axum::http::StatusCode;
        use laowu_domain::organization::OrgKind;
        use utoipa_axum::router::OpenApiRouter;
        use utoipa_axum::routes;
        use uuid::Uuid;

        use crate::auth::{$guard, MaybeAuthUser};
        use crate::dto::organizations::{
            CreateOrganizationRequest, OrganizationResponse, UpdateOrganizationRequest,
        };
        use crate::error::{ApiResult, Problem};
        use crate::extract::{ApiJson, ApiPath};
        use crate::services::organizations;
        use crate::state::AppState;

        const KIND: OrgKind = $kind;

        pub fn router() -> OpenApiRouter<AppState> {
            OpenApiRouter::new().routes(routes!(create)).routes(routes!(mine)).routes(routes!(get, update))
        }

        /// Register the caller's organisation; it starts `pending` until the bureau verifies it.
        #[utoipa::path(
            post, path = $base, operation_id = concat!("create_", $prefix), tag = "organizations", security(("bearer" = [])),
            request_body = CreateOrganizationRequest,
            responses(
                (status = 201, description = "Created, pending verification", body = OrganizationResponse),
                (status = 409, description = "`organization_exists` or `uscc_taken`", body = Problem, content_type = "application/problem+json"),
                (status = "4XX", description = "Invalid input or wrong role", body = Problem, content_type = "application/problem+json"),
            )
        )]
        async fn create(
            State(state): State<AppState>,
            $guard(user): $guard,
            ApiJson(req): ApiJson<CreateOrganizationRequest>,
        ) -> ApiResult<(StatusCode, Json<OrganizationResponse>)> {
            let changes = req.into_changes()?;
            let org = organizations::create(&state, user, KIND, changes).await?;
            Ok((StatusCode::CREATED, Json(org.into())))
        }

        /// The caller's own organisation, with its verification status.
        #[utoipa::path(
            get, path = $me, operation_id = concat!("mine_", $prefix), tag = "organizations", security(("bearer" = [])),
            responses(
                (status = 200, description = "The organisation", body = OrganizationResponse),
                (status = "4XX", description = "None yet, or wrong role", body = Problem, content_type = "application/problem+json"),
            )
        )]
        async fn mine(State(state): State<AppState>, $guard(user): $guard) -> ApiResult<Json<OrganizationResponse>> {
            Ok(Json(organizations::mine(&state, user, KIND).await?.into()))
        }

        /// An organisation: public when verified; its owner and the bureau also see private details.
        #[utoipa::path(
            get, path = $one, operation_id = concat!("get_", $prefix), tag = "organizations",
            params(("id" = Uuid, Path)),
            responses(
                (status = 200, description = $what, body = OrganizationResponse),
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

        /// Change the caller's organisation. A new name or credit code needs verifying again.
        #[utoipa::path(
            patch, path = $one, operation_id = concat!("update_", $prefix), tag = "organizations", security(("bearer" = [])),
            params(("id" = Uuid, Path)),
            request_body = UpdateOrganizationRequest,
            responses(
                (status = 200, description = "Updated", body = OrganizationResponse),
                (status = "4XX", description = "Invalid input, wrong role, or not yours (404)", body = Problem, content_type = "application/problem+json"),
            )
        )]
        async fn update(
            State(state): State<AppState>,
            $guard(user): $guard,
            ApiPath(id): ApiPath<Uuid>,
            ApiJson(req): ApiJson<UpdateOrganizationRequest>,
        ) -> ApiResult<Json<OrganizationResponse>> {
            let changes = req.into_changes()?;
            Ok(Json(organizations::update(&state, user, KIND, id, changes).await?.into()))
        }
    };
}

/// Employers (用工单位).
pub mod employers {
    organization_routes!(
        OrgKind::Employer,
        RequireEmployer,
        "employer",
        "/api/v1/employers",
        "/api/v1/employers/me",
        "/api/v1/employers/{id}",
        "The employer"
    );
}

/// Training schools (培训学校).
pub mod schools {
    organization_routes!(
        OrgKind::School,
        RequireSchool,
        "school",
        "/api/v1/schools",
        "/api/v1/schools/me",
        "/api/v1/schools/{id}",
        "The training school"
    );
}
