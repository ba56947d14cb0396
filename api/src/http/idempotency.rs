//! `Idempotency-Key` on POST: a retried request with the same key and the same body gets
//! the first response again, byte for byte, without running twice. Mobile networks drop
//! responses; nothing may be created twice because of it, not even when the server dies
//! mid-request.
//!
//! Keys are kept 24 hours in the database, so a replay works on any API node and across
//! restarts. A key is scoped to the caller (the account of a valid bearer token, else
//! anonymous) and bound to the request: method, path, query and body (a keyed digest of
//! them, since a body may hold a password). The same key with a different request is
//! refused (422).
//!
//! **Exactly once.** The first request claims the key with a token and a lease (the
//! request timeout and a margin). Its handler runs with commits held
//! ([`crate::store::write::hold_commits`]): the write transaction it makes is handed back
//! here, the response is stored in that same transaction, and both commit together. So
//! after any crash either both exist — a retry replays the response — or neither does,
//! and once the lease has run out a retry takes the claim over and runs the request
//! anew. While the lease is live a retry gets 409 `idempotency_in_progress` with
//! `Retry-After`. An error answer never leaves a write behind: a handler's transaction
//! is rolled back when its response is not a success.
//!
//! Stored bodies are encrypted with the data key, bound to their scope and key.
//! Responses of 5xx and 429 are not kept, so the client may retry them. Responses that
//! carry credentials (login and token refresh) are never stored: on those routes the
//! header is ignored.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::error::ApiError;
use crate::state::AppState;
use crate::store::idempotency::{self, StoredResponse};
use crate::store::write::{self, WriteTx};

pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
pub const REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

/// How long a key is remembered.
pub const RETENTION: Duration = Duration::hours(24);
/// How much longer than the request timeout a claim is reserved for its request.
const LEASE_MARGIN: Duration = Duration::seconds(5);
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

/// One claimed key: whose it is and under which token.
struct Claim<'a> {
    state: &'a AppState,
    scope: String,
    key: String,
    token: Uuid,
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
    let target = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("");
    let request_hash = state.pii.keyed_digest(&[parts.method.as_str().as_bytes(), target.as_bytes(), &bytes]);

    let token = match claim(state, &scope, &key, &request_hash).await? {
        Claimed::Mine(token) => token,
        Claimed::Replay(res) => return Ok(res),
    };
    let claim = Claim { state, scope, key, token };
    let req = Request::from_parts(parts, Body::from(bytes));
    let (res, held) = write::hold_commits(next.run(req)).await;
    claim.finish(res, held).await
}

enum Claimed {
    Mine(Uuid),
    Replay(Response),
}

/// Claims the key, or answers from what an earlier request with it left.
async fn claim(state: &AppState, scope: &str, key: &str, request_hash: &str) -> Result<Claimed, Response> {
    let db = &state.db;
    let internal = |e: sea_orm::DbErr| ApiError::from(e).into_response();
    loop {
        let now = state.clock.now();
        let lease_until = now + Duration::seconds(state.config.request_timeout_secs as i64) + LEASE_MARGIN;
        if let Some(token) =
            idempotency::claim(db, scope, key, request_hash, now, lease_until).await.map_err(internal)?
        {
            return Ok(Claimed::Mine(token));
        }
        let Some(stored) = idempotency::find(db, scope, key).await.map_err(internal)? else {
            continue; // released between our claim and our read: claim again
        };
        if stored.created_at < now - RETENTION {
            // Past its retention (housekeeping has not purged it yet): forget it.
            idempotency::release(db, scope, key, stored.claim_token).await.map_err(internal)?;
            continue;
        }
        if stored.request_hash != request_hash {
            return Err(ApiError::Unprocessable("idempotency_key_reused").into_response());
        }
        if let Some(response) = stored.response {
            return Ok(Claimed::Replay(replay(state, scope, key, response)));
        }
        if stored.lease_until >= now {
            return Err(in_progress(stored.lease_until, now));
        }
        // The lease ran out with nothing committed: that request died, and its write with
        // it. Take the claim over and run the request.
        if let Some(token) = idempotency::take_over(db, scope, key, stored.claim_token, now, lease_until)
            .await
            .map_err(internal)?
        {
            return Ok(Claimed::Mine(token));
        }
    }
}

impl Claim<'_> {
    /// Keeps the response (committing it together with the handler's write, if it made
    /// one) or lets the key go.
    async fn finish(self, res: Response, held: Option<WriteTx>) -> Result<Response, Response> {
        let success = res.status().is_success() || res.status().is_redirection();
        let held = match held {
            Some(tx) if success => Some(tx),
            Some(tx) => {
                // An error after a write: the write goes too.
                tx.rollback().await.map_err(|e| ApiError::from(e).into_response())?;
                None
            }
            None => None,
        };
        if !worth_keeping(res.status()) {
            self.release().await?;
            return Ok(res);
        }
        let (parts, body) = res.into_parts();
        let Ok(body) = axum::body::to_bytes(body, MAX_STORED_BODY).await else {
            self.release().await?;
            return Err(ApiError::internal(anyhow::anyhow!("response too large to keep")).into_response());
        };
        let header_text =
            |name| parts.headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok()).map(str::to_owned);
        let stored = StoredResponse {
            status: parts.status.as_u16(),
            content_type: header_text(header::CONTENT_TYPE),
            location: header_text(header::LOCATION),
            body: self.state.pii.seal(&body, &context(&self.scope, &self.key)),
        };
        match held {
            Some(tx) => self.commit_with(tx, stored).await?,
            None => {
                idempotency::complete(&self.state.db, &self.scope, &self.key, self.token, stored)
                    .await
                    .map_err(|e| ApiError::from(e).into_response())?;
            }
        }
        Ok(Response::from_parts(parts, Body::from(body)))
    }

    /// Stores the response in the handler's own transaction and commits both.
    async fn commit_with(&self, tx: WriteTx, stored: StoredResponse) -> Result<(), Response> {
        let fail = |e: sea_orm::DbErr| ApiError::from(e).into_response();
        if !idempotency::complete(tx.conn(), &self.scope, &self.key, self.token, stored)
            .await
            .map_err(fail)?
        {
            // Our claim was taken over (our lease ran out): the retry that took it runs
            // the request; this run must leave nothing behind.
            tx.rollback().await.map_err(fail)?;
            return Err(in_progress(self.state.clock.now() + Duration::seconds(1), self.state.clock.now()));
        }
        if let Err(e) = tx.commit_now().await {
            let _ = self.release().await;
            return Err(fail(e));
        }
        self.state.poke_indexer();
        Ok(())
    }

    async fn release(&self) -> Result<(), Response> {
        idempotency::release(&self.state.db, &self.scope, &self.key, self.token)
            .await
            .map_err(|e| ApiError::from(e).into_response())
    }
}

fn in_progress(lease_until: DateTime<Utc>, now: DateTime<Utc>) -> Response {
    let wait = (lease_until - now).num_seconds().clamp(1, 3600);
    let mut res = ApiError::Conflict("idempotency_in_progress").into_response();
    res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait));
    res
}

/// What a stored body is sealed to: it opens only for the key it was stored under.
fn context(scope: &str, key: &str) -> Vec<u8> {
    format!("idempotency\0{scope}\0{key}").into_bytes()
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

/// The stored response again (or a 500 if it no longer opens: a changed data key).
fn replay(state: &AppState, scope: &str, key: &str, stored: StoredResponse) -> Response {
    let body = match state.pii.open(&stored.body, &context(scope, key)) {
        Ok(body) => body,
        Err(e) => {
            return ApiError::internal(anyhow::anyhow!("stored idempotent response: {e}")).into_response();
        }
    };
    let mut res = Response::new(Body::from(body));
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
