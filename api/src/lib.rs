//! The laowu HTTP API: [`app`] builds the whole router for a [`AppState`]; the `laowu`
//! binary and the end-to-end tests both start the server through it.

pub mod auth;
pub mod clock;
pub mod config;
pub mod consumers;
pub mod demo;
pub mod dto;
pub mod error;
pub mod extract;
pub mod http;
pub mod indexer;
pub mod openapi;
pub mod routes;
pub mod search;
pub mod secrets;
pub mod server;
pub mod services;
pub mod state;
pub mod store;
pub mod telemetry;

use axum::Router;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

pub use config::Config;
pub use laowu_domain;
pub use state::AppState;

/// The API routes and their OpenAPI document.
fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi()).merge(routes::router()).split_for_parts()
}

/// The OpenAPI document the server serves at `/openapi.json`.
pub fn openapi_spec() -> utoipa::openapi::OpenApi {
    api().1
}

/// The spec as committed in `openapi/openapi.json` (pretty-printed, trailing newline).
pub fn openapi_json() -> String {
    let mut json = openapi_spec().to_pretty_json().expect("the spec serializes");
    json.push('\n');
    json
}

/// The whole application: API routes, docs, fallback, and the shared middleware.
pub fn app(state: AppState) -> Router {
    app_with(state, |router| router)
}

/// The application with `extend` applied to its routes before the middleware wraps them;
/// tests use it to add routes (a slow one, one that panics) behind the real stack.
pub fn app_with(state: AppState, extend: impl FnOnce(Router<AppState>) -> Router<AppState>) -> Router {
    let (router, spec) = api();
    let router =
        extend(router.merge(routes::docs::router(spec))).fallback(|| async { error::ApiError::NotFound });
    http::layers(router, &state)
}
