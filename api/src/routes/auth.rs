//! `/api/v1/auth/*`: register, log in, refresh, log out.

use axum::Json;
use axum::extract::{Extension, State};
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::dto::accounts::RegistrationResponse;
use crate::dto::auth::{LoginRequest, LogoutRequest, RefreshRequest, RegisterRequest, TokenResponse};
use crate::error::{ApiResult, Problem};
use crate::extract::ApiJson;
use crate::http::client_ip::ClientIp;
use crate::services::auth;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(login))
        .routes(routes!(refresh))
        .routes(routes!(logout))
}

/// Create an account (worker, employer or training school).
///
/// The answer is the same whether or not the phone number already has an account, so it
/// cannot be used to find out who is registered: log in with the phone number and the
/// password to continue. A number that was already registered keeps its account and its
/// password. Throttled per client address and per phone number (429 with `Retry-After`);
/// when password hashing is at capacity the answer is 503 `busy` with `Retry-After`.
#[utoipa::path(
    post, path = "/api/v1/auth/register", tag = "auth",
    request_body = RegisterRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the same key and body replay the first response.")),
    responses(
        (status = 202, description = "Registration accepted: log in to continue", body = RegistrationResponse),
        (status = 429, description = "`rate_limited`: too many registrations from this address or for this number; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Password hashing is at capacity (`busy`); see `Retry-After`", body = Problem, content_type = "application/problem+json"),
        (status = "4XX", description = "Invalid input", body = Problem, content_type = "application/problem+json"),
    )
)]
#[tracing::instrument(skip_all)]
async fn register(
    State(state): State<AppState>,
    client: Option<Extension<ClientIp>>,
    ApiJson(req): ApiJson<RegisterRequest>,
) -> ApiResult<(StatusCode, Json<RegistrationResponse>)> {
    let (phone, password, role) = req.into_domain()?;
    let ip = client.and_then(|c| c.0.0);
    let accepted = auth::register(&state, phone, password, role, ip).await?;
    Ok((StatusCode::ACCEPTED, Json(accepted.into())))
}

/// Log in with phone number and password.
///
/// Every attempt is counted before the password is checked: per phone number and client
/// address (a few free, then waits that double), per phone number and per address (higher
/// ceilings). Past a limit the answer is 429 with `Retry-After`, whether or not the phone
/// number has an account; a correct password clears the count of its own address. When
/// password hashing is at capacity the answer is 503 `busy` with `Retry-After`.
#[utoipa::path(
    post, path = "/api/v1/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = TokenResponse),
        (status = 401, description = "Wrong phone number or password (`invalid_credentials`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`rate_limited`: too many attempts; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Password hashing is at capacity (`busy`); see `Retry-After`", body = Problem, content_type = "application/problem+json"),
        (status = "4XX", description = "Invalid input", body = Problem, content_type = "application/problem+json"),
    )
)]
#[tracing::instrument(skip_all)]
async fn login(
    State(state): State<AppState>,
    client: Option<Extension<ClientIp>>,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<Json<TokenResponse>> {
    let (phone, password) = req.into_domain()?;
    let ip = client.and_then(|c| c.0.0);
    Ok(Json(auth::login(&state, phone, password, ip).await?.into()))
}

/// Exchange a refresh token for a new token pair.
///
/// Each refresh token works once. Presenting a spent one ends the whole login
/// (`refresh_token_reused`), since it means the token was copied.
#[utoipa::path(
    post, path = "/api/v1/auth/refresh", tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new token pair", body = TokenResponse),
        (status = 401, description = "`refresh_token_invalid` or `refresh_token_reused`", body = Problem, content_type = "application/problem+json"),
        (status = "4XX", description = "Invalid input", body = Problem, content_type = "application/problem+json"),
    )
)]
#[tracing::instrument(skip_all)]
async fn refresh(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<RefreshRequest>,
) -> ApiResult<Json<TokenResponse>> {
    Ok(Json(auth::refresh(&state, &req.refresh_token).await?.into()))
}

/// Log out: end the login that the refresh token belongs to.
///
/// Its refresh tokens stop working, and so do its access tokens (`token_revoked`): at once
/// on the node that answered, within about a second on the others.
#[utoipa::path(
    post, path = "/api/v1/auth/logout", tag = "auth",
    request_body = LogoutRequest,
    responses(
        (status = 204, description = "Logged out (also when the token was unknown)"),
        (status = "4XX", description = "Invalid input", body = Problem, content_type = "application/problem+json"),
    )
)]
#[tracing::instrument(skip_all)]
async fn logout(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<LogoutRequest>,
) -> ApiResult<StatusCode> {
    auth::logout(&state, &req.refresh_token).await?;
    Ok(StatusCode::NO_CONTENT)
}
