//! The OpenAPI 3.1 document: info, tags and the bearer scheme; paths come from the routes.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::error::{Problem, ProblemField};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "laowu API",
        description = "劳务 — jobs and skills training for rural migrant workers in Erenhot (二连浩特), Inner Mongolia.\n\nErrors are RFC 9457 problem documents (`application/problem+json`) with a stable `code`; messages are Chinese unless `Accept-Language` asks for English. POST requests accept `Idempotency-Key`.\n\nBesides the problems each operation lists, any operation may answer these, which the request handling they all share produces: `bad_request`, `malformed_json`, `body_not_object`, `validation_failed`, `unsupported_media_type`, `payload_too_large`, `body_timeout`, `method_not_allowed`, `unauthorized`, `token_invalid`, `token_expired`, `token_revoked`, `forbidden`, `not_found`, `idempotency_key_invalid`, `idempotency_key_reused`, `idempotency_in_progress`, `concurrent_update`, `timeout`, `busy`, `unavailable`, `internal`.",
        license(name = "AGPL-3.0-only"),
    ),
    modifiers(&BearerAuth),
    components(schemas(Problem, ProblemField)),
    tags(
        (name = "auth", description = "Registration, login and tokens"),
        (name = "accounts", description = "The caller's account"),
        (name = "reference", description = "Occupations and regions"),
        (name = "organizations", description = "Employers and training schools"),
        (name = "jobs", description = "Job postings"),
        (name = "courses", description = "Training courses"),
        (name = "enrollments", description = "Course enrolments: a worker's seat, attendance and certificate"),
        (name = "search", description = "Search, recommendations with reasons, candidates and skills-gap courses"),
        (name = "workers", description = "Worker profiles"),
        (name = "applications", description = "Applications to postings"),
        (name = "admin", description = "The labour bureau"),
        (name = "system", description = "Health, readiness and metrics"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build(),
            ),
        );
    }
}
