//! Login throttling per phone number and per client address.

use laowu_tests::{TestApp, expect_problem, fresh_phone};
use reqwest::StatusCode;

#[tokio::test]
async fn repeated_failures_block_the_phone_even_for_the_right_password() {
    let app = TestApp::spawn().await;
    let user = app.worker().await;
    for _ in 0..5 {
        expect_problem(app.login(&user.phone, "wrong-password").await, 401, "invalid_credentials").await;
    }
    let res = app.login(&user.phone, &user.password).await;
    let retry_after: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=900).contains(&retry_after), "Retry-After {retry_after}");
    expect_problem(res, 429, "rate_limited").await;
}

#[tokio::test]
async fn a_blocked_unknown_phone_looks_like_a_blocked_known_one() {
    let app = TestApp::spawn().await;
    let user = app.worker().await;
    let unknown = fresh_phone();
    for _ in 0..5 {
        app.login(&user.phone, "wrong-password").await;
        app.login(&unknown, "wrong-password").await;
    }
    let known = expect_problem(app.login(&user.phone, "wrong-password").await, 429, "rate_limited").await;
    let missing = expect_problem(app.login(&unknown, "wrong-password").await, 429, "rate_limited").await;
    assert_eq!(known["detail"], missing["detail"]);
}

#[tokio::test]
async fn a_success_clears_the_phone_counter() {
    let app = TestApp::spawn().await;
    let user = app.worker().await;
    for _ in 0..4 {
        app.login(&user.phone, "wrong-password").await;
    }
    assert_eq!(app.login(&user.phone, &user.password).await.status(), StatusCode::OK);
    for _ in 0..4 {
        expect_problem(app.login(&user.phone, "wrong-password").await, 401, "invalid_credentials").await;
    }
    assert_eq!(app.login(&user.phone, &user.password).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn many_failures_from_one_address_block_that_address() {
    let app = TestApp::spawn_with(|c| c.throttle.ip_max_failures = 3).await;
    let user = app.worker().await;
    for _ in 0..3 {
        app.login(&fresh_phone(), "wrong-password").await;
    }
    expect_problem(app.login(&user.phone, &user.password).await, 429, "rate_limited").await;
}

#[tokio::test]
async fn the_block_lifts_after_its_time() {
    let app = TestApp::spawn_with(|c| {
        c.throttle.phone_max_failures = 2;
        c.throttle.block_secs = 1;
    })
    .await;
    let user = app.worker().await;
    for _ in 0..2 {
        app.login(&user.phone, "wrong-password").await;
    }
    expect_problem(app.login(&user.phone, &user.password).await, 429, "rate_limited").await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(app.login(&user.phone, &user.password).await.status(), StatusCode::OK);
}
