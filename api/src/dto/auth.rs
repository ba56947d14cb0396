use laowu_domain::{Password, Phone, Role};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Checks;
use crate::error::ApiResult;
use crate::services::auth::TokenPair;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    /// Mainland mobile number; spaces, hyphens and a +86 prefix are accepted.
    #[schema(example = "13800001111")]
    pub phone: String,
    /// 8 to 128 characters, not a common password, not containing the phone number.
    #[schema(example = "erlian-welder-7")]
    pub password: String,
    /// `worker`, `employer` or `school`.
    #[schema(example = "worker")]
    pub role: String,
}

impl RegisterRequest {
    pub fn into_domain(self) -> ApiResult<(Phone, Password, Role)> {
        let mut checks = Checks::new();
        let phone = checks.check("/phone", Phone::parse(&self.phone));
        let password = checks.check("/password", Password::parse(&self.password, phone.as_ref()));
        let role = checks.check(
            "/role",
            self.role.parse::<Role>().ok().filter(|r| r.self_registrable()).ok_or(RoleInvalid),
        );
        checks.finish(phone.zip(password).zip(role).map(|((p, w), r)| (p, w, r)))
    }
}

struct RoleInvalid;
impl laowu_domain::Coded for RoleInvalid {
    fn code(&self) -> &'static str {
        "role_invalid"
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[schema(example = "13800001111")]
    pub phone: String,
    #[schema(example = "erlian-welder-7")]
    pub password: String,
}

impl LoginRequest {
    pub fn into_domain(self) -> ApiResult<(Phone, String)> {
        let mut checks = Checks::new();
        let phone = checks.check("/phone", Phone::parse(&self.phone));
        checks.finish(phone.map(|p| (p, self.password)))
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[schema(example = "lwr_3q2x9Jb7kKf0Yt5u1sVw8nMzA4cHdRgE")]
    pub refresh_token: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LogoutRequest {
    #[schema(example = "lwr_3q2x9Jb7kKf0Yt5u1sVw8nMzA4cHdRgE")]
    pub refresh_token: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenResponse {
    /// Bearer token for the `Authorization` header; expires after `expires_in` seconds.
    pub access_token: String,
    /// Opaque; exchange it at `/api/v1/auth/refresh` for a new pair. Single use.
    pub refresh_token: String,
    /// Always `Bearer`.
    #[schema(example = "Bearer")]
    pub token_type: String,
    /// Seconds until the access token expires.
    #[schema(example = 900)]
    pub expires_in: i64,
}

impl From<TokenPair> for TokenResponse {
    fn from(p: TokenPair) -> Self {
        TokenResponse {
            access_token: p.access_token,
            refresh_token: p.refresh_token,
            token_type: "Bearer".to_owned(),
            expires_in: p.expires_in,
        }
    }
}
