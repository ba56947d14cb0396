//! One module per resource; each ends with `router()`, an `OpenApiRouter` that carries
//! its handlers and their OpenAPI entries together.

pub mod admin;
pub mod applications;
pub mod auth;
pub mod courses;
pub mod docs;
pub mod enrollments;
pub mod jobs;
pub mod me;
pub mod organizations;
pub mod recommendations;
pub mod reference;
pub mod search;
pub mod system;
pub mod workers;

use utoipa_axum::router::OpenApiRouter;

use self::organizations::{employers, schools};

use crate::state::AppState;

/// Every API route with its documentation.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(auth::router())
        .merge(me::router())
        .merge(reference::router())
        .merge(employers::router())
        .merge(schools::router())
        .merge(search::router())
        .merge(recommendations::router())
        .merge(jobs::router())
        .merge(applications::router())
        .merge(courses::router())
        .merge(enrollments::router())
        .merge(workers::router())
        .merge(admin::router())
        .merge(system::router())
}
