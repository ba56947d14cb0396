//! `/openapi.json` and the interactive reference at `/docs` (Swagger UI, whose assets are
//! compiled into the binary: it works with no internet connection).

use axum::Router;
use utoipa_swagger_ui::SwaggerUi;

use crate::state::AppState;

pub fn router(spec: utoipa::openapi::OpenApi) -> Router<AppState> {
    Router::from(SwaggerUi::new("/docs").url("/openapi.json", spec))
}
