//! Renders every error response as problem+json in the client's language.

use std::any::Any;

use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use laowu_domain::Lang;

use crate::error::{PROBLEM_JSON, ProblemSpec};
use crate::http::request_id::RequestId;

pub async fn middleware(req: Request, next: Next) -> Response {
    let lang = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_accept_language)
        .unwrap_or_default();
    let instance = req.uri().path().to_owned();
    let request_id = req.extensions().get::<RequestId>().map(|r| r.0.clone());
    let mut res = next.run(req).await;
    let status = res.status();
    let spec = match res.extensions_mut().remove::<ProblemSpec>() {
        Some(spec) => spec,
        None if status.is_client_error() || status.is_server_error() => {
            let is_problem = res
                .headers()
                .get(header::CONTENT_TYPE)
                .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
            if is_problem {
                return res;
            }
            ProblemSpec::for_status(status)
        }
        None => return res,
    };
    let mut res = spec.to_problem(status, lang, Some(instance), request_id).into_response_with(res);
    res.headers_mut().insert(header::CONTENT_LANGUAGE, header::HeaderValue::from_static(lang.tag()));
    res
}

/// A panicking handler becomes a 500 problem; the panic is logged, never sent.
pub fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    tracing::error!(panic = %what, "handler panicked");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}
