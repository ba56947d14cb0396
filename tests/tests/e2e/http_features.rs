//! ETag and 304, compression negotiation, CORS, graceful shutdown.

use std::time::Duration;

use axum::routing::get;
use laowu_tests::{TestApp, bearer};
use reqwest::StatusCode;

#[tokio::test]
async fn json_gets_carry_an_etag_and_answer_304() {
    let app = TestApp::spawn().await;
    let user = app.worker().await;
    let res = app.get("/api/v1/me").header("authorization", bearer(&user.access_token)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    assert!(etag.starts_with("W/\""), "{etag}");

    let res = app
        .get("/api/v1/me")
        .header("authorization", bearer(&user.access_token))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(res.headers()["etag"].to_str().unwrap(), etag);
    assert!(res.bytes().await.unwrap().is_empty());

    // Another representation (another account) has another tag and is sent in full.
    let other = app.worker().await;
    let res = app
        .get("/api/v1/me")
        .header("authorization", bearer(&other.access_token))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_ne!(res.headers()["etag"].to_str().unwrap(), etag);
}

#[tokio::test]
async fn responses_are_compressed_when_asked() {
    let app = TestApp::spawn().await;
    let plain = app.get("/openapi.json").send().await.unwrap();
    assert!(!plain.headers().contains_key("content-encoding"));
    let plain_len = plain.bytes().await.unwrap().len();

    let gz = app.get("/openapi.json").header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    let gz_body = gz.bytes().await.unwrap();
    assert_eq!(&gz_body[..2], &[0x1f, 0x8b], "gzip magic");
    assert!(gz_body.len() < plain_len / 2);

    let br = app.get("/openapi.json").header("accept-encoding", "br").send().await.unwrap();
    assert_eq!(br.headers()["content-encoding"], "br");
    assert!(br.bytes().await.unwrap().len() < plain_len / 2);

    // The validator names the representation, whatever the encoding.
    let a = app.get("/openapi.json").send().await.unwrap().headers()["etag"].clone();
    let b =
        app.get("/openapi.json").header("accept-encoding", "gzip").send().await.unwrap().headers()["etag"]
            .clone();
    assert_eq!(a, b);
}

#[tokio::test]
async fn cors_allows_configured_origins_only() {
    let app = TestApp::spawn_with(|c| c.cors_origins = "https://mp.laowu.example".to_owned()).await;
    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, app.url("/api/v1/auth/login"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type,idempotency-key")
            .send()
    };
    let ok = preflight("https://mp.laowu.example").await.unwrap();
    assert_eq!(ok.headers()["access-control-allow-origin"], "https://mp.laowu.example");
    let allowed = ok.headers()["access-control-allow-headers"].to_str().unwrap().to_ascii_lowercase();
    assert!(allowed.contains("idempotency-key"));
    let other = preflight("https://evil.example").await.unwrap();
    assert!(!other.headers().contains_key("access-control-allow-origin"));
}

#[tokio::test]
async fn shutdown_lets_requests_in_flight_finish() {
    let mut app = TestApp::spawn_router(
        |_| {},
        |r| {
            r.route(
                "/test/slowish",
                get(|| async {
                    tokio::time::sleep(Duration::from_millis(800)).await;
                    "finished"
                }),
            )
        },
    )
    .await;
    let request = app.get("/test/slowish").send();
    let in_flight = tokio::spawn(request);
    tokio::time::sleep(Duration::from_millis(200)).await;
    app.shutdown();
    let res = in_flight.await.unwrap().unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.text().await.unwrap(), "finished");
    // New connections are no longer accepted.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(app.get("/healthz").send().await.is_err());
}
