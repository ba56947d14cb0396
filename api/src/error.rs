//! One error type for every handler, rendered as RFC 9457 `application/problem+json`.
//!
//! A handler returns [`ApiError`]; its response carries a [`ProblemSpec`] extension and a
//! Chinese body. The problem middleware ([`crate::http::problem`]) then renders the final
//! body in the client's language, with the request path and id, and turns every other
//! error response (unknown route, wrong method, body too large, timeout, panic) into the
//! same shape.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use laowu_domain::{Coded, Lang, i18n};
use serde::Serialize;
use utoipa::ToSchema;

pub type ApiResult<T> = Result<T, ApiError>;

/// One invalid input: where it is and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub location: FieldLocation,
    pub code: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldLocation {
    /// A JSON Pointer (RFC 6901) into the request body, e.g. `/skills/0/level`.
    Body(String),
    /// A query or path parameter by name.
    Parameter(String),
}

impl FieldError {
    pub fn body(pointer: impl Into<String>, code: &'static str) -> FieldError {
        FieldError { location: FieldLocation::Body(pointer.into()), code }
    }
    pub fn parameter(name: impl Into<String>, code: &'static str) -> FieldError {
        FieldError { location: FieldLocation::Parameter(name.into()), code }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    #[error("unauthorized: {0}")]
    Unauthorized(&'static str),
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// Well-formed but refused for a reason other than a field (e.g. a reused idempotency key).
    #[error("unprocessable: {0}")]
    Unprocessable(&'static str),
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("rate limited for {retry_after}s")]
    RateLimited { retry_after: u64 },
    #[error("timed out")]
    Timeout,
    #[error("unavailable")]
    Unavailable,
    /// Too much of a bounded resource (password hashing, the database's writers) is in
    /// use; retry after the delay.
    #[error("busy; retry in {retry_after}s")]
    Busy { retry_after: u64 },
    /// The search engine did not answer; writes are unaffected, searches may be retried.
    #[error("search unavailable")]
    SearchUnavailable,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    pub fn field(pointer: impl Into<String>, err: &impl Coded) -> ApiError {
        ApiError::Validation(vec![FieldError::body(pointer, err.code())])
    }

    pub fn internal(err: impl Into<anyhow::Error>) -> ApiError {
        ApiError::Internal(err.into())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Validation(_) | ApiError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Timeout => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Unavailable | ApiError::SearchUnavailable | ApiError::Busy { .. } => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Validation(_) => "validation_failed",
            ApiError::BadRequest(c)
            | ApiError::Unauthorized(c)
            | ApiError::Conflict(c)
            | ApiError::Unprocessable(c) => c,
            ApiError::Forbidden => "forbidden",
            ApiError::NotFound => "not_found",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::PayloadTooLarge => "payload_too_large",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::Timeout => "timeout",
            ApiError::Unavailable => "unavailable",
            ApiError::Busy { .. } => "busy",
            ApiError::SearchUnavailable => "search_unavailable",
            ApiError::Internal(_) => "internal",
        }
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(err: sea_orm::DbErr) -> ApiError {
        match err.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => ApiError::Conflict("conflict"),
            // SQLite gave up waiting for the write lock (the busy timeout ran out): the
            // database is overloaded, not broken; the client may try again.
            _ if crate::store::is_busy(&err) => ApiError::Busy { retry_after: 1 },
            _ => ApiError::Internal(err.into()),
        }
    }
}

impl From<laowu_domain::violations::Violations> for ApiError {
    fn from(v: laowu_domain::violations::Violations) -> ApiError {
        ApiError::Validation(v.iter().map(|v| FieldError::body(v.field.clone(), v.code)).collect())
    }
}

impl From<crate::store::write::WriteError> for ApiError {
    fn from(err: crate::store::write::WriteError) -> ApiError {
        use crate::store::write::WriteError;
        match err {
            WriteError::Busy(_) => ApiError::Busy { retry_after: 1 },
            WriteError::Db(e) => e.into(),
            e @ WriteError::SecondWrite => ApiError::Internal(e.into()),
        }
    }
}

/// What the problem middleware needs to render an error in the client's language.
#[derive(Debug, Clone)]
pub struct ProblemSpec {
    pub code: &'static str,
    pub errors: Vec<FieldError>,
}

impl ProblemSpec {
    /// The problem for an error response that did not come from an [`ApiError`].
    pub fn for_status(status: StatusCode) -> ProblemSpec {
        let code = match status.as_u16() {
            400 => "bad_request",
            401 => "unauthorized",
            403 => "forbidden",
            404 => "not_found",
            405 => "method_not_allowed",
            408 | 504 => "timeout",
            413 => "payload_too_large",
            415 => "unsupported_media_type",
            422 => "validation_failed",
            429 => "rate_limited",
            503 => "unavailable",
            _ if status.is_server_error() => "internal",
            _ => "bad_request",
        };
        ProblemSpec { code, errors: Vec::new() }
    }

    pub fn to_problem(
        &self,
        status: StatusCode,
        lang: Lang,
        instance: Option<String>,
        request_id: Option<String>,
    ) -> Problem {
        let detail = i18n::message(self.code, lang)
            .unwrap_or_else(|| i18n::status_title(status.as_u16(), lang))
            .to_owned();
        let errors = self
            .errors
            .iter()
            .map(|e| {
                let (pointer, parameter) = match &e.location {
                    FieldLocation::Body(p) => (Some(p.clone()), None),
                    FieldLocation::Parameter(p) => (None, Some(p.clone())),
                };
                ProblemField {
                    pointer,
                    parameter,
                    code: e.code.to_owned(),
                    message: i18n::message(e.code, lang)
                        .or_else(|| i18n::message("invalid_value", lang))
                        .unwrap_or_default()
                        .to_owned(),
                }
            })
            .collect();
        Problem {
            r#type: format!("urn:laowu:problem:{}", self.code),
            title: i18n::status_title(status.as_u16(), lang).to_owned(),
            status: status.as_u16(),
            detail,
            instance,
            code: self.code.to_owned(),
            request_id,
            errors,
        }
    }
}

/// An RFC 9457 problem document, as every error response carries it.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:laowu:problem:validation_failed",
    "title": "无法处理的内容",
    "status": 422,
    "detail": "填写的内容有误，请检查后重试。",
    "instance": "/api/v1/auth/register",
    "code": "validation_failed",
    "request_id": "0b6f3c1e-6f1a-4c62-9d0e-5a1f0f2f6a10",
    "errors": [{"pointer": "/phone", "code": "phone_invalid", "message": "手机号应为 11 位中国大陆手机号码。"}]
}))]
pub struct Problem {
    /// `urn:laowu:problem:<code>`; see docs/errors.md.
    pub r#type: String,
    /// A short summary of the HTTP status, in the response language.
    pub title: String,
    pub status: u16,
    /// What went wrong, in the response language (Chinese unless `Accept-Language` asks for English).
    pub detail: String,
    /// The request path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// Stable machine-readable code; clients branch on this, never on the text.
    pub code: String,
    /// The `X-Request-Id` of the request, to quote when reporting a problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// For validation problems: each invalid field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema)]
pub struct ProblemField {
    /// JSON Pointer to the invalid member of the request body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// The invalid query or path parameter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    pub code: String,
    pub message: String,
}

pub const PROBLEM_JSON: &str = "application/problem+json";

impl Problem {
    pub fn into_response_with(self, mut response: Response) -> Response {
        let body = serde_json::to_vec(&self).unwrap_or_default();
        *response.body_mut() = axum::body::Body::from(body);
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        headers.remove(header::CONTENT_LENGTH);
        headers.remove(header::CONTENT_ENCODING);
        response
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        if let ApiError::Internal(err) = &self {
            // Logged inside the request's span, which carries the request id.
            tracing::error!(error = format!("{err:#}"), "internal error");
        }
        let spec = ProblemSpec {
            code: self.code(),
            errors: match self {
                ApiError::Validation(ref errors) => errors.clone(),
                _ => Vec::new(),
            },
        };
        let mut response = status.into_response();
        match &self {
            ApiError::RateLimited { retry_after } | ApiError::Busy { retry_after } => {
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(*retry_after));
            }
            ApiError::Unauthorized(_) => {
                response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            _ => {}
        }
        let problem = spec.to_problem(status, Lang::Zh, None, None);
        let mut response = problem.into_response_with(response);
        response.extensions_mut().insert(spec);
        response
    }
}

#[cfg(test)]
mod tests {
    /// Every code the catalogue can word is listed in docs/errors.md, so the docs stay
    /// true as codes are added.
    #[test]
    fn every_catalogued_code_is_documented() {
        let catalogue = include_str!("../../domain/src/i18n.rs");
        let docs = include_str!("../../docs/errors.md");
        let body = &catalogue[catalogue.find("match code {").unwrap_or(0)..];
        let mut missing = Vec::new();
        for line in body.lines() {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix('"')
                && let Some((code, tail)) = rest.split_once('"')
                && tail.trim_start().starts_with("=>")
                && !docs.contains(&format!("`{code}`"))
            {
                missing.push(code.to_owned());
            }
        }
        assert!(missing.is_empty(), "codes missing from docs/errors.md: {missing:?}");
    }
}
