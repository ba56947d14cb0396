//! `Idempotency-Key` on POST: a retried request with the same key and the same body gets
//! the first response again, byte for byte, without running twice. Mobile networks drop
//! responses; nothing may be created twice because of it.
//!
//! Keys are kept 24 hours in the database, so a replay works on any API node and across
//! restarts. A key is scoped to the caller (the account of a valid bearer token, else
//! anonymous) and bound to the request: method, path, query and body. The same key with a
//! different request is refused (422). While the first request is still running, a retry
//! gets 409 `idempotency_in_progress` with `Retry-After`. Responses of 5xx and 429 are not
//! kept, so the client may retry them. Responses that carry credentials (login and token refresh)
//! are never stored: on those routes the header is ignored.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::secrets::hex;
use crate::state::AppState;
use crate::store::idempotency::{self, StoredResponse};

pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
pub const REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

/// How long a key is remembered.
pub const RETENTION: Duration = Duration::hours(24);
/// A claim older than this with no response is taken to be abandoned (the node died).
const ABANDONED_AFTER: Duration = Duration::minutes(2);
/// Responses larger than this are not stored (none of ours come close).
const MAX_STORED_BODY: usize = 4 * 1024 * 1024;

/// Routes whose responses are credentials and must never be written to the database.
const NEVER_STORED: &[&str] = &["/api/v1/auth/login", "/api/v1/auth/refresh"];

pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() != Method::POST || NEVER_STORED.contains(&req.uri().path()) {
        return next.run(req).await;
    }
    let Some(raw_key) = req.headers().get(&IDEMPOTENCY_KEY) else {
        return next.run(req).await;
    };
    match handle(&state, raw_key.clone(), req, next).await {
        Ok(res) | Err(res) => res,
    }
}

async fn handle(
    state: &AppState,
    raw_key: HeaderValue,
    req: Request,
    next: Next,
) -> Result<Response, Response> {
    let key = raw_key
        .to_str()
        .ok()
        .filter(|k| (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or_else(|| ApiError::BadRequest("idempotency_key_invalid").into_response())?
        .to_owned();
    let scope = scope_of(state, &req);

    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, state.config.body_limit_bytes)
        .await
        .map_err(|_| ApiError::PayloadTooLarge.into_response())?;
    let mut hasher = Sha256::new();
    hasher.update(parts.method.as_str().as_bytes());
    hasher.update(b" ");
    hasher.update(parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("").as_bytes());
    hasher.update(b"\n");
    hasher.update(&bytes);
    let request_hash = hex(&hasher.finalize());

    let db = &state.db;
    let internal = |e: sea_orm::DbErr| ApiError::internal(e).into_response();
    let now = Utc::now();
    let claimed_at = loop {
        if idempotency::claim(db, &scope, &key, &request_hash, now).await.map_err(internal)? {
            break now;
        }
        let Some(stored) = idempotency::find(db, &scope, &key).await.map_err(internal)? else {
            continue; // released between our claim and our read: claim again
        };
        let stale = match &stored.response {
            Some(_) => stored.created_at < now - RETENTION,
            None => stored.created_at < now - ABANDONED_AFTER,
        };
        if stale {
            idempotency::release(db, &scope, &key, stored.created_at).await.map_err(internal)?;
            continue;
        }
        if stored.request_hash != request_hash {
            return Err(ApiError::Unprocessable("idempotency_key_reused").into_response());
        }
        return match stored.response {
            Some(response) => Ok(replay(response)),
            None => {
                let mut res = ApiError::Conflict("idempotency_in_progress").into_response();
                res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(1));
                Err(res)
            }
        };
    };

    let res = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    if !worth_keeping(res.status()) {
        idempotency::release(db, &scope, &key, claimed_at).await.map_err(internal)?;
        return Ok(res);
    }
    let (parts, body) = res.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_STORED_BODY).await else {
        idempotency::release(db, &scope, &key, claimed_at).await.map_err(internal)?;
        return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response());
    };
    let header_text =
        |name| parts.headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok()).map(str::to_owned);
    let stored = StoredResponse {
        status: parts.status.as_u16(),
        content_type: header_text(header::CONTENT_TYPE),
        location: header_text(header::LOCATION),
        body: body.to_vec(),
    };
    idempotency::complete(db, &scope, &key, stored).await.map_err(internal)?;
    Ok(Response::from_parts(parts, Body::from(body)))
}

/// Server errors and "slow down" answers are not kept, so the client's retry runs anew.
fn worth_keeping(status: StatusCode) -> bool {
    !(status.is_server_error()
        || status == StatusCode::TOO_MANY_REQUESTS
        || status == StatusCode::REQUEST_TIMEOUT)
}

/// The caller's scope: the account of a valid bearer token, else anonymous.
fn scope_of(state: &AppState, req: &Request) -> String {
    req.headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .and_then(|(_, token)| state.tokens.verify(token.trim()).ok())
        .map(|claims| format!("account:{}", claims.sub))
        .unwrap_or_else(|| "anonymous".to_owned())
}

fn replay(stored: StoredResponse) -> Response {
    let mut res = Response::new(Body::from(stored.body));
    *res.status_mut() = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let headers = res.headers_mut();
    if let Some(v) = stored.content_type.and_then(|v| HeaderValue::from_str(&v).ok()) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    if let Some(v) = stored.location.and_then(|v| HeaderValue::from_str(&v).ok()) {
        headers.insert(header::LOCATION, v);
    }
    headers.insert(REPLAYED, HeaderValue::from_static("true"));
    res
}
