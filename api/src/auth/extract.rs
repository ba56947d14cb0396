//! `AuthUser` (any logged-in account) and the role guards built on it.
//!
//! The access token identifies the account and its role, so any API node can serve any
//! request; the only state consulted is this node's in-memory copy of the ended logins
//! (`auth::revocation`), never a database query per request. Ownership of a resource is
//! checked in the services, not here.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use laowu_domain::Role;
use uuid::Uuid;

use super::tokens::TokenError;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Debug, Clone, Copy)]
pub struct AuthUser {
    pub id: Uuid,
    pub role: Role,
}

/// The bearer token of a request, if it has a well-formed `Authorization` header.
pub fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token.trim())
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(user) = parts.extensions.get::<AuthUser>() {
            return Ok(*user);
        }
        let token = bearer(parts).ok_or(ApiError::Unauthorized("unauthorized"))?;
        let claims = state.tokens.verify(token).map_err(|e| match e {
            TokenError::Expired => ApiError::Unauthorized("token_expired"),
            TokenError::Invalid => ApiError::Unauthorized("token_invalid"),
        })?;
        if state.revoked.is_revoked(&state.db, claims.sid, state.clock.now()).await {
            return Err(ApiError::Unauthorized("token_revoked"));
        }
        let user = AuthUser { id: claims.sub, role: claims.role };
        parts.extensions.insert(user);
        Ok(user)
    }
}

macro_rules! role_guard {
    ($(#[$doc:meta])* $name:ident, $role:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $name(pub AuthUser);

        impl FromRequestParts<AppState> for $name {
            type Rejection = ApiError;

            async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
                let user = AuthUser::from_request_parts(parts, state).await?;
                if user.role == $role { Ok($name(user)) } else { Err(ApiError::Forbidden) }
            }
        }
    };
}

role_guard!(
    /// A logged-in worker.
    RequireWorker, Role::Worker);
role_guard!(
    /// A logged-in employer account.
    RequireEmployer, Role::Employer);
role_guard!(
    /// A logged-in training-school account.
    RequireSchool, Role::School);
role_guard!(
    /// A logged-in labour-bureau (admin) account.
    RequireAdmin, Role::Admin);

/// The caller when a token is sent, `None` when none is. A token that is sent but invalid
/// is still refused: a broken login must not silently become anonymous.
#[derive(Debug, Clone, Copy)]
pub struct MaybeAuthUser(pub Option<AuthUser>);

impl FromRequestParts<AppState> for MaybeAuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if !parts.headers.contains_key(header::AUTHORIZATION) {
            return Ok(MaybeAuthUser(None));
        }
        AuthUser::from_request_parts(parts, state).await.map(|u| MaybeAuthUser(Some(u)))
    }
}
