//! `/api/v1/auth/*`: register, log in, refresh, log out.

use axum::Json;
use axum::extract::{Extension, State};
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::dto::accounts::RegisteredResponse;
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
#[utoipa::path(
    post, path = "/api/v1/auth/register", tag = "auth",
    request_body = RegisterRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the same key and body replay the first response.")),
    responses(
        (status = 201, description = "Account created", body = RegisteredResponse),
        (status = 409, description = "Phone number already registered (`phone_taken`)", body = Problem, content_type = "application/problem+json"),
        (status = "4XX", description = "Invalid input", body = Problem, content_type = "application/problem+json"),
    )
)]
#[tracing::instrument(skip_all)]
async fn register(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<RegisterRequest>,
) -> ApiResult<(StatusCode, Json<RegisteredResponse>)> {
    let (phone, password, role) = req.into_domain()?;
    let account = auth::register(&state, phone, password, role).await?;
    Ok((StatusCode::CREATED, Json(account.into())))
}

/// Log in with phone number and password.
///
/// Repeated failures for one phone number or from one address are answered with 429 and
/// `Retry-After`, whether or not the phone number has an account.
#[utoipa::path(
    post, path = "/api/v1/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = TokenResponse),
        (status = 401, description = "Wrong phone number or password (`invalid_credentials`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failures; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
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

/// Log out: revoke the login that the refresh token belongs to.
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
