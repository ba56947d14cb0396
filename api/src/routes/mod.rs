//! One module per resource; each ends with `router()`, an `OpenApiRouter` that carries
//! its handlers and their OpenAPI entries together.

pub mod admin;
pub mod auth;
pub mod courses;
pub mod docs;
pub mod employers;
pub mod enrollments;
pub mod jobs;
pub mod me;
pub mod reference;
pub mod schools;
pub mod system;
pub mod workers;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

/// Every API route with its documentation.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(auth::router())
        .merge(me::router())
        .merge(reference::router())
        .merge(employers::router())
        .merge(schools::router())
        .merge(jobs::router())
        .merge(courses::router())
        .merge(enrollments::router())
        .merge(workers::router())
        .merge(admin::router())
        .merge(system::router())
}
