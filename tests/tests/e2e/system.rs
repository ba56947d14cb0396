//! Health, readiness and metrics.

use laowu_tests::{TestApp, bearer};
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn health_and_readiness() {
    let app = TestApp::spawn().await;
    let res = app.get("/healthz").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "ok");
    let res = app.get("/readyz").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn readiness_fails_when_the_database_is_gone() {
    let app = TestApp::spawn().await;
    app.state.db.clone().close().await.unwrap();
    let res = app.get("/readyz").send().await.unwrap();
    laowu_tests::expect_problem(res, 503, "unavailable").await;
    assert_eq!(app.get("/healthz").send().await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn metrics_count_requests_per_route_and_status() {
    let app = TestApp::spawn().await;
    let user = app.worker().await;
    for _ in 0..3 {
        app.get("/api/v1/me").header("authorization", bearer(&user.access_token)).send().await.unwrap();
    }
    app.get("/api/v1/me").send().await.unwrap();
    let res = app.get("/metrics").bearer_auth(laowu_tests::METRICS_TOKEN).send().await.unwrap();
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    let text = res.text().await.unwrap();
    assert!(
        text.contains(r#"laowu_http_requests_total{method="GET",route="/api/v1/me",status="200"} 3"#),
        "{text}"
    );
    assert!(text.contains(r#"laowu_http_requests_total{method="GET",route="/api/v1/me",status="401"} 1"#));
    assert!(text.contains("laowu_http_request_duration_seconds_bucket"));
}

#[tokio::test]
async fn metrics_need_the_metrics_token() {
    let app = TestApp::spawn().await;
    let res = app.get("/metrics").send().await.unwrap();
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    laowu_tests::expect_problem(res, 401, "unauthorized").await;
    let res = app.get("/metrics").bearer_auth("test-metrics-tokem").send().await.unwrap();
    laowu_tests::expect_problem(res, 401, "unauthorized").await;
    // An access token is no metrics token.
    let user = app.worker().await;
    let res = app.get("/metrics").bearer_auth(&user.access_token).send().await.unwrap();
    laowu_tests::expect_problem(res, 401, "unauthorized").await;
    assert!(app.metrics().await.contains("laowu_http_connections_open"));

    // Without a configured token there is nothing at /metrics.
    let closed = TestApp::spawn_with(|c| c.server.metrics_token = None).await;
    let res = closed.get("/metrics").send().await.unwrap();
    laowu_tests::expect_problem(res, 404, "not_found").await;
}
