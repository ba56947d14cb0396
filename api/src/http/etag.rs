//! `ETag` on successful JSON GET responses, and `304 Not Modified` when the client's
//! `If-None-Match` already names it. Saves bandwidth on patchy mobile networks.
//!
//! The tag is weak (`W/"…"`): it names the JSON representation before compression, which
//! is the same for every content encoding.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// JSON bodies larger than this are streamed without a tag.
const MAX_TAGGED_BODY: usize = 8 * 1024 * 1024;

pub async fn middleware(req: Request, next: Next) -> Response {
    if req.method() != Method::GET {
        return next.run(req).await;
    }
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).cloned();
    let res = next.run(req).await;
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if res.status() != StatusCode::OK || !is_json || res.headers().contains_key(header::ETAG) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_TAGGED_BODY).await {
        Ok(b) => b,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let digest = Sha256::digest(&bytes);
    let tag = format!("W/\"{}\"", URL_SAFE_NO_PAD.encode(&digest[..16]));
    let tag_value = HeaderValue::from_str(&tag).expect("base64url is a valid header value");
    if if_none_match.is_some_and(|v| matches(&v, &tag)) {
        let mut not_modified = StatusCode::NOT_MODIFIED.into_response();
        not_modified.headers_mut().insert(header::ETAG, tag_value);
        for name in [header::CACHE_CONTROL, header::VARY] {
            if let Some(v) = parts.headers.get(&name) {
                not_modified.headers_mut().insert(name, v.clone());
            }
        }
        return not_modified;
    }
    parts.headers.insert(header::ETAG, tag_value);
    Response::from_parts(parts, Body::from(bytes))
}

/// Weak comparison (RFC 9110 §13.1.2): `*` or any listed tag equal ignoring `W/`.
fn matches(header: &HeaderValue, tag: &str) -> bool {
    let Ok(list) = header.to_str() else { return false };
    let ours = tag.trim_start_matches("W/");
    list.split(',').map(str::trim).any(|t| t == "*" || t.trim_start_matches("W/") == ours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_comparison() {
        let tag = "W/\"abc\"";
        assert!(matches(&HeaderValue::from_static("W/\"abc\""), tag));
        assert!(matches(&HeaderValue::from_static("\"abc\""), tag));
        assert!(matches(&HeaderValue::from_static("\"x\", W/\"abc\""), tag));
        assert!(matches(&HeaderValue::from_static("*"), tag));
        assert!(!matches(&HeaderValue::from_static("W/\"abd\""), tag));
    }
}
