//! The middleware every route shares, and the order it runs in.
//!
//! From the outside in: security headers → request id → client address → tracing span →
//! metrics → CORS → compression → problem rendering → timeout → body read timeout → panic
//! catching → bearer check → ETag → body limit → idempotency → the route.
//! Compression sits outside the ETag so the tag names the uncompressed representation
//! (a weak tag, valid for every encoding); problem rendering sits outside everything that
//! can fail so that every error leaves as problem+json.

pub mod bearer;
pub mod body_timeout;
pub mod client_ip;
pub mod connections;
pub mod etag;
pub mod idempotency;
pub mod metrics;
pub mod problem;
pub mod request_id;
pub mod security_headers;
pub mod timeout;

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::middleware::{from_fn, from_fn_with_state};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use crate::state::AppState;

/// Wraps `router` in the shared middleware. The tests use this to put extra routes (a slow
/// one, one that panics) behind exactly the stack the server runs.
pub fn layers(router: Router<AppState>, state: &AppState) -> Router {
    let config = &state.config;
    router
        .layer(from_fn_with_state(state.clone(), idempotency::middleware))
        .layer(DefaultBodyLimit::max(config.body_limit_bytes))
        .layer(RequestBodyLimitLayer::new(config.body_limit_bytes))
        .layer(from_fn(etag::middleware))
        .layer(from_fn_with_state(state.clone(), bearer::middleware))
        .layer(CatchPanicLayer::custom(problem::panic_response))
        .layer(from_fn_with_state(
            Duration::from_millis(config.server.body_read_timeout_ms),
            body_timeout::middleware,
        ))
        .layer(from_fn_with_state(Duration::from_secs(config.request_timeout_secs), timeout::middleware))
        .layer(from_fn(problem::middleware))
        .layer(CompressionLayer::new().gzip(true).br(true).no_deflate().no_zstd())
        .layer(cors(&config.cors_origins()))
        .layer(from_fn_with_state(state.clone(), metrics::middleware))
        .layer(TraceLayer::new_for_http().make_span_with(request_id::make_span))
        .layer(from_fn_with_state(state.clone(), client_ip::middleware))
        .layer(from_fn(request_id::middleware))
        .layer(from_fn(security_headers::middleware))
        .with_state(state.clone())
}

fn cors(origins: &[String]) -> CorsLayer {
    let allow = if origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()))
    };
    CorsLayer::new()
        .allow_origin(allow)
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT_LANGUAGE,
            header::IF_NONE_MATCH,
            HeaderName::from_static("idempotency-key"),
            HeaderName::from_static("x-request-id"),
        ])
        .expose_headers([
            header::ETAG,
            header::RETRY_AFTER,
            header::LOCATION,
            HeaderName::from_static("x-request-id"),
            HeaderName::from_static("idempotent-replayed"),
        ])
        .max_age(Duration::from_secs(600))
}
