//! Request extractors whose every rejection is a problem+json error with a stable code
//! and, where a field is at fault, a JSON Pointer (body) or parameter name (query, path).

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, FieldError};

/// A JSON body. Wrong content type → 415; too large → 413; not JSON → 400
/// `malformed_json`; JSON of the wrong shape → 422 with a pointer to the member at fault.
///
/// Every request body of this API is an object, so any other top-level value (an array,
/// a string, a number, `true`, `null`) is refused with 422 and the field code
/// `body_not_object` at pointer `""`. This matters because serde's derive reads a struct
/// from a JSON array of its fields in order: `["13800001111", "pw"]` would otherwise be a
/// login.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|m| {
                let m = m.trim().to_ascii_lowercase();
                m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
            })
            .unwrap_or(false);
        if !is_json {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge
            } else {
                ApiError::BadRequest("bad_request")
            }
        })?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// Deserializes a JSON object, mapping serde's error to a precise field error.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first != Some(&b'{') {
        // Well-formed but not an object is the caller's shape error; anything else stays
        // `malformed_json`.
        return match serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
            Ok(_) => Err(ApiError::Validation(vec![FieldError::body("", "body_not_object")])),
            Err(_) => Err(ApiError::BadRequest("malformed_json")),
        };
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let inner = e.inner();
        if inner.is_syntax() || inner.is_eof() {
            return ApiError::BadRequest("malformed_json");
        }
        let (pointer, code) = classify(&pointer_of(e.path()), &inner.to_string());
        ApiError::Validation(vec![FieldError::body(pointer, code)])
    })?;
    de.end().map_err(|_| ApiError::BadRequest("malformed_json"))?;
    Ok(value)
}

/// `skills[0].level` → `/skills/0/level` (RFC 6901, with `~` and `/` escaped).
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        out.push('/');
        match seg {
            Segment::Seq { index } => out.push_str(&index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                out.push_str(&key.replace('~', "~0").replace('/', "~1"))
            }
            Segment::Unknown => out.push('-'),
        }
    }
    out
}

/// Turns serde's message into a code; a missing or unknown field names itself.
fn classify(pointer: &str, message: &str) -> (String, &'static str) {
    let quoted = |prefix: &str| {
        message
            .strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
            .map(|name| format!("{pointer}/{}", name.replace('~', "~0").replace('/', "~1")))
    };
    if let Some(p) = quoted("missing field `") {
        return (p, "required");
    }
    if message.starts_with("unknown field `") {
        // serde_path_to_error's path already ends at the unknown key.
        return (pointer.to_owned(), "unknown_field");
    }
    let code = if message.starts_with("invalid type") { "invalid_type" } else { "invalid_value" };
    (pointer.to_owned(), code)
}

/// Query parameters; a bad one → 400 `invalid_query` naming the parameter.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or("");
        let de = serde_urlencoded::Deserializer::new(form_urlencoded_parse(query));
        serde_path_to_error::deserialize(de).map(ApiQuery).map_err(|e| {
            let (pointer, code) = classify(&pointer_of(e.path()), &e.inner().to_string());
            let name = pointer.trim_start_matches('/').to_owned();
            ApiError::Validation(vec![FieldError::parameter(name, code)])
        })
    }
}

fn form_urlencoded_parse(query: &str) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(query.as_bytes())
}

/// Path parameters; one that does not parse (e.g. not a UUID) is simply not found.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| ApiPath(p.0))
            .map_err(|_| ApiError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Skill {
        level: u8,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        phone: String,
        skills: Vec<Skill>,
    }

    fn field(json: &str) -> (String, &'static str) {
        match parse_json::<Body>(json.as_bytes()) {
            Err(ApiError::Validation(errors)) => match &errors[0].location {
                crate::error::FieldLocation::Body(p) => (p.clone(), errors[0].code),
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn points_at_the_field() {
        assert_eq!(field(r#"{"skills": []}"#), ("/phone".to_owned(), "required"));
        assert_eq!(field(r#"{"phone": 5, "skills": []}"#), ("/phone".to_owned(), "invalid_type"));
        assert_eq!(
            field(r#"{"phone": "1", "skills": [{"level": "x"}]}"#),
            ("/skills/0/level".to_owned(), "invalid_type")
        );
        assert_eq!(
            field(r#"{"phone": "1", "skills": [], "role": "admin"}"#),
            ("/role".to_owned(), "unknown_field")
        );
        assert_eq!(
            field(r#"{"phone": "1", "skills": [{"level": 300}]}"#),
            ("/skills/0/level".to_owned(), "invalid_value")
        );
    }

    #[test]
    fn only_objects_are_bodies() {
        let not_object = |json: &str| match parse_json::<Body>(json.as_bytes()) {
            Err(ApiError::Validation(errors)) => errors == vec![FieldError::body("", "body_not_object")],
            _ => false,
        };
        for json in [r#"["1", []]"#, " [\"1\", []]", r#""1""#, "1", "true", "null", "[]"] {
            assert!(not_object(json), "{json}");
        }
        assert!(matches!(parse_json::<Body>(b"[\"1\", "), Err(ApiError::BadRequest("malformed_json"))));
        assert!(matches!(parse_json::<Body>(b""), Err(ApiError::BadRequest("malformed_json"))));
        assert!(parse_json::<Body>(br#" {"phone": "1", "skills": []}"#).is_ok());
    }

    #[test]
    fn syntax_errors_are_malformed() {
        assert!(matches!(parse_json::<Body>(b"{\"phone\": "), Err(ApiError::BadRequest("malformed_json"))));
        assert!(matches!(
            parse_json::<Body>(br#"{"phone": "1", "skills": []} trailing"#),
            Err(ApiError::BadRequest("malformed_json"))
        ));
    }
}

/// The response language the client asked for (`Accept-Language`; Chinese by default),
/// for the few success bodies that carry sentences.
#[derive(Debug, Clone, Copy)]
pub struct ClientLang(pub laowu_domain::Lang);

impl<S: Send + Sync> FromRequestParts<S> for ClientLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientLang(
            parts
                .headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map(laowu_domain::Lang::from_accept_language)
                .unwrap_or_default(),
        ))
    }
}

/// A JSON body that may be left out entirely (no body at all means `T::default()`); a
/// body that is sent follows [`ApiJson`]'s rules.
pub struct OptionalJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Default> FromRequest<S> for OptionalJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let declared_empty = req.headers().get(header::CONTENT_LENGTH).is_some_and(|v| v.as_bytes() == b"0");
        let untyped = !req.headers().contains_key(header::CONTENT_TYPE);
        if declared_empty || (untyped && !req.headers().contains_key(header::TRANSFER_ENCODING)) {
            return Ok(OptionalJson(T::default()));
        }
        ApiJson::<T>::from_request(req, state).await.map(|ApiJson(v)| OptionalJson(v))
    }
}
