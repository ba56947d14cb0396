//! Headers every response carries: `X-Content-Type-Options: nosniff`, so a browser never
//! runs a JSON body (or an error page) as something else.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

const X_CONTENT_TYPE_OPTIONS: HeaderName = HeaderName::from_static("x-content-type-options");

pub async fn middleware(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    res.headers_mut().insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    res
}
