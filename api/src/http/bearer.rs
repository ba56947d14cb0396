//! Every route refuses a request whose `Authorization` header does not hold a valid access
//! token: a broken login must never quietly become an anonymous one, on public reads as
//! anywhere else, present or future. A valid token is checked once here and handed to the
//! route's extractor (`AuthUser`).
//!
//! Exempt are the routes that authenticate with something else and that a client may well
//! call holding a stale access token: `/api/v1/auth/{register,login,refresh,logout}` (the
//! header is ignored there; the body carries the credentials) and `/metrics` (its own token).
//!
//! Responses to a request that carried a valid token get `Cache-Control: no-store`: they
//! may hold personal data (the account, profiles, applications), which no cache keeps.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::AuthUser;
use crate::state::AppState;

/// Routes that ignore the `Authorization` header.
pub const EXEMPT: &[&str] = &[
    "/api/v1/auth/register",
    "/api/v1/auth/login",
    "/api/v1/auth/refresh",
    "/api/v1/auth/logout",
    "/metrics",
];

pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !req.headers().contains_key(header::AUTHORIZATION) || EXEMPT.contains(&req.uri().path()) {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    if let Err(refused) = AuthUser::from_request_parts(&mut parts, &state).await {
        return refused.into_response();
    }
    let mut res = next.run(Request::from_parts(parts, body)).await;
    res.headers_mut().entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    res
}
