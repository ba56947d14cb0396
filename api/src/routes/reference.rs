//! `/api/v1/occupations` and `/api/v1/regions`: the reference data, public.

use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::dto::page::{Page, PageParams};
use crate::dto::reference::{OccupationQuery, OccupationResponse, RegionQuery, RegionResponse};
use crate::error::{ApiResult, Problem};
use crate::extract::{ApiPath, ApiQuery};
use crate::services::reference;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_occupations))
        .routes(routes!(get_occupation))
        .routes(routes!(list_regions))
}

/// Find occupations by Chinese name, pinyin, initials, code prefix or English name.
#[utoipa::path(
    get, path = "/api/v1/occupations", tag = "reference",
    params(OccupationQuery, PageParams),
    responses(
        (status = 200, description = "Best matches first", body = Page<OccupationResponse>),
        (status = "4XX", description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_occupations(
    ApiQuery(query): ApiQuery<OccupationQuery>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> ApiResult<Json<Page<OccupationResponse>>> {
    Ok(Json(reference::occupations(&query, page.parse()?)?))
}

/// One occupation by code.
#[utoipa::path(
    get, path = "/api/v1/occupations/{code}", tag = "reference",
    params(("code" = String, Path, description = "e.g. `6-18-02-04`")),
    responses(
        (status = 200, description = "The occupation", body = OccupationResponse),
        (status = 404, description = "No such code", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_occupation(ApiPath(code): ApiPath<String>) -> ApiResult<Json<OccupationResponse>> {
    Ok(Json(reference::occupation(&code)?))
}

/// Administrative divisions (GB/T 2260) of Inner Mongolia that laowu knows.
#[utoipa::path(
    get, path = "/api/v1/regions", tag = "reference",
    params(RegionQuery, PageParams),
    responses(
        (status = 200, description = "Regions in code order", body = Page<RegionResponse>),
        (status = "4XX", description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_regions(
    ApiQuery(query): ApiQuery<RegionQuery>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> ApiResult<Json<Page<RegionResponse>>> {
    Ok(Json(reference::regions(&query, page.parse()?)))
}
