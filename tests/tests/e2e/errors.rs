//! Every class of error leaves as problem+json: malformed JSON, wrong content type, unknown
//! route, wrong method, oversize body, timeout, panic; in Chinese or English.

use std::time::Duration;

use axum::routing::get;
use laowu_tests::{TestApp, expect_problem};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn malformed_json_is_400() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .post(app.url("/api/v1/auth/register"))
        .header("content-type", "application/json")
        .body(r#"{"phone": "13800001111", "password": "#)
        .send()
        .await
        .unwrap();
    expect_problem(res, 400, "malformed_json").await;
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("phone=13800001111&password=x")
        .send()
        .await
        .unwrap();
    expect_problem(res, 415, "unsupported_media_type").await;
    let res = app.client.post(app.url("/api/v1/auth/login")).body("{}").send().await.unwrap();
    expect_problem(res, 415, "unsupported_media_type").await;
}

#[tokio::test]
async fn unknown_routes_are_404_and_wrong_methods_405() {
    let app = TestApp::spawn().await;
    let body = expect_problem(app.get("/api/v1/no-such-thing").send().await.unwrap(), 404, "not_found").await;
    assert_eq!(body["instance"], "/api/v1/no-such-thing");
    let res = app.client.delete(app.url("/api/v1/me")).send().await.unwrap();
    assert!(res.headers().contains_key("allow"));
    expect_problem(res, 405, "method_not_allowed").await;
    let res = app.get("/api/v1/auth/login").send().await.unwrap();
    expect_problem(res, 405, "method_not_allowed").await;
}

#[tokio::test]
async fn bodies_over_the_limit_are_413() {
    let app = TestApp::spawn().await;
    let big = json!({"phone": "13800001111", "password": "x".repeat(1024 * 1024 + 10), "role": "worker"});
    let res = app.post("/api/v1/auth/register", &big).send().await.unwrap();
    expect_problem(res, 413, "payload_too_large").await;

    let small_limit = TestApp::spawn_with(|c| c.body_limit_bytes = 256).await;
    let res = small_limit
        .post(
            "/api/v1/auth/register",
            &json!({"phone": "13800001111", "password": "y".repeat(300), "role": "worker"}),
        )
        .send()
        .await
        .unwrap();
    expect_problem(res, 413, "payload_too_large").await;
    // A streamed (chunked) body without Content-Length is cut off the same way.
    let raw = raw_http(
        &small_limit.base,
        "POST /api/v1/auth/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        &[&[b' '; 200], &[b' '; 200]],
    )
    .await;
    assert!(raw.starts_with("HTTP/1.1 413"), "{raw}");
    assert!(raw.to_ascii_lowercase().contains("content-type: application/problem+json"), "{raw}");
}

/// Sends a request with a chunked body over a plain socket and returns the raw response.
async fn raw_http(base: &str, head: &str, chunks: &[&[u8]]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut socket = tokio::net::TcpStream::connect(base.trim_start_matches("http://")).await.unwrap();
    socket.write_all(head.as_bytes()).await.unwrap();
    for chunk in chunks {
        socket.write_all(format!("{:x}\r\n", chunk.len()).as_bytes()).await.unwrap();
        socket.write_all(chunk).await.unwrap();
        socket.write_all(b"\r\n").await.unwrap();
    }
    socket.write_all(b"0\r\n\r\n").await.unwrap();
    let mut out = Vec::new();
    let _ = socket.read_to_end(&mut out).await;
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn slow_requests_time_out_as_problems() {
    let app = TestApp::spawn_router(
        |c| c.request_timeout_secs = 1,
        |r| {
            r.route(
                "/test/slow",
                get(|| async {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    "late"
                }),
            )
        },
    )
    .await;
    let res = app.get("/test/slow").send().await.unwrap();
    expect_problem(res, 503, "timeout").await;
}

#[tokio::test]
async fn panics_are_500_and_reveal_nothing() {
    let app = TestApp::spawn_router(
        |_| {},
        |r| {
            r.route(
                "/test/panic",
                get(|| async {
                    if std::hint::black_box(true) {
                        panic!("secret internal detail");
                    }
                    "unreachable"
                }),
            )
        },
    )
    .await;
    let res = app.get("/test/panic").header("accept-language", "en").send().await.unwrap();
    let body = expect_problem(res, 500, "internal").await;
    assert!(!body.to_string().contains("secret internal detail"));
    assert!(body["request_id"].as_str().is_some_and(|id| !id.is_empty()));
    // The server is still up.
    assert_eq!(app.get("/healthz").send().await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn messages_follow_accept_language() {
    let app = TestApp::spawn().await;
    let zh = expect_problem(app.get("/nope").send().await.unwrap(), 404, "not_found").await;
    let en = expect_problem(
        app.get("/nope").header("accept-language", "en-US,en;q=0.9").send().await.unwrap(),
        404,
        "not_found",
    )
    .await;
    assert_eq!(zh["detail"], "找不到该资源。");
    assert_eq!(en["detail"], "No such resource.");
    assert_eq!(en["title"], "Not Found");
    let res = app
        .post(
            "/api/v1/auth/register",
            &json!({"phone": "1", "password": "erlian-welder-7", "role": "worker"}),
        )
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-language"], "en");
    let body = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["message"], "Enter an 11-digit mainland China mobile number.");
}

#[tokio::test]
async fn request_ids_are_echoed_or_generated() {
    let app = TestApp::spawn().await;
    let res = app.get("/nope").header("x-request-id", "mini-program-42").send().await.unwrap();
    assert_eq!(res.headers()["x-request-id"], "mini-program-42");
    let body = expect_problem(res, 404, "not_found").await;
    assert_eq!(body["request_id"], "mini-program-42");
    // Unsafe ids (log injection) are replaced.
    let res = app.get("/healthz").header("x-request-id", "a b\tc").send().await.unwrap();
    let id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_ne!(id, "a b\tc");
    assert_eq!(id.len(), 36);
}
