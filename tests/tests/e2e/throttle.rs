//! Login and registration throttling: every attempt is counted before the password is
//! checked, per (phone, address) with a growing backoff, under a higher ceiling per phone
//! and per address; registration per address and per phone.
//!
//! Tests that need several client addresses let the app trust `X-Forwarded-For` and send
//! documentation addresses (RFC 5737) in that header; nothing is sent to them.

use std::sync::Arc;

use chrono::{Duration, Utc};
use laowu_tests::laowu_api::clock::ManualClock;
use laowu_tests::{TestApp, expect_problem, fresh_phone};
use reqwest::{Response, StatusCode};
use serde_json::json;

const WRONG: &str = "wrong-password";

async fn login_from(app: &TestApp, addr: &str, phone: &str, password: &str) -> Response {
    app.post("/api/v1/auth/login", &json!({"phone": phone, "password": password}))
        .header("x-forwarded-for", addr)
        .send()
        .await
        .unwrap()
}

async fn register_from(app: &TestApp, addr: &str, phone: &str) -> Response {
    app.post(
        "/api/v1/auth/register",
        &json!({"phone": phone, "password": "erlian-welder-7", "role": "worker"}),
    )
    .header("x-forwarded-for", addr)
    .send()
    .await
    .unwrap()
}

fn retry_after(res: &Response) -> u64 {
    res.headers()["retry-after"].to_str().unwrap().parse().unwrap()
}

fn clocked() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(Utc::now()))
}

/// The race the tester found: 30 logins for one phone at once (29 wrong, 1 right) all
/// passed the block check before any failure was recorded. Counted before the password
/// check, at most the free attempts get as far as the password.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_guesses_are_counted_before_the_password_is_checked() {
    let app = TestApp::spawn().await;
    let user = app.worker().await;
    let free = app.state.config.throttle.pair_free_attempts as usize;
    let tasks: Vec<_> = (0..30)
        .map(|i| {
            let password = if i == 17 { user.password.clone() } else { WRONG.to_owned() };
            let req = app.post("/api/v1/auth/login", &json!({"phone": user.phone, "password": password}));
            tokio::spawn(async move { req.send().await.unwrap().status() })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    let count = |s: StatusCode| statuses.iter().filter(|x| **x == s).count();
    let (ok, wrong, limited) =
        (count(StatusCode::OK), count(StatusCode::UNAUTHORIZED), count(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(ok + wrong + limited, 30, "{statuses:?}");
    assert!(ok + wrong <= free, "{} attempts reached the password check: {statuses:?}", ok + wrong);
    assert!(limited >= 30 - free, "{statuses:?}");
}

#[tokio::test]
async fn repeated_failures_from_one_address_hold_back_even_the_right_password() {
    let app = TestApp::spawn().await;
    let user = app.worker().await;
    for _ in 0..5 {
        expect_problem(app.login(&user.phone, WRONG).await, 401, "invalid_credentials").await;
    }
    let res = app.login(&user.phone, &user.password).await;
    assert_eq!(retry_after(&res), 30, "the first backoff step");
    expect_problem(res, 429, "rate_limited").await;
}

/// Someone guessing from one address must not lock the owner, elsewhere, out.
#[tokio::test]
async fn the_owner_elsewhere_is_not_locked_out_by_someone_guessing() {
    let app = TestApp::spawn_with(|c| c.trust_forwarded_for = true).await;
    let user = app.worker().await;
    for _ in 0..5 {
        expect_problem(login_from(&app, "203.0.113.7", &user.phone, WRONG).await, 401, "invalid_credentials")
            .await;
    }
    for _ in 0..5 {
        expect_problem(login_from(&app, "203.0.113.7", &user.phone, WRONG).await, 429, "rate_limited").await;
    }
    let res = login_from(&app, "198.51.100.20", &user.phone, &user.password).await;
    assert_eq!(res.status(), StatusCode::OK);
}

/// After the free attempts each wait doubles: 30 s, 60 s, …; the clock is moved, not slept.
#[tokio::test]
async fn the_backoff_doubles_and_lifts_with_time() {
    let clock = clocked();
    let app = TestApp::spawn_clocked(clock.clone(), |_| {}).await;
    let user = app.worker().await;
    for _ in 0..5 {
        expect_problem(app.login(&user.phone, WRONG).await, 401, "invalid_credentials").await;
    }
    let res = app.login(&user.phone, &user.password).await;
    assert_eq!(retry_after(&res), 30);
    expect_problem(res, 429, "rate_limited").await;
    clock.advance(Duration::seconds(29));
    let res = app.login(&user.phone, &user.password).await;
    assert_eq!(retry_after(&res), 1);
    expect_problem(res, 429, "rate_limited").await;
    clock.advance(Duration::seconds(1));
    expect_problem(app.login(&user.phone, WRONG).await, 401, "invalid_credentials").await;
    let res = app.login(&user.phone, &user.password).await;
    assert_eq!(retry_after(&res), 60, "the wait doubled");
    expect_problem(res, 429, "rate_limited").await;
    clock.advance(Duration::seconds(60));
    assert_eq!(app.login(&user.phone, &user.password).await.status(), StatusCode::OK);
    // The success cleared the counter: five free attempts again.
    for _ in 0..5 {
        expect_problem(app.login(&user.phone, WRONG).await, 401, "invalid_credentials").await;
    }
}

/// Guessing from many addresses stops at the per-phone ceiling, for everyone, until the
/// ceiling's window has passed.
#[tokio::test]
async fn distributed_guessing_stops_at_the_phone_ceiling() {
    let clock = clocked();
    let app = TestApp::spawn_clocked(clock.clone(), |c| c.trust_forwarded_for = true).await;
    let user = app.worker().await;
    let ceiling = app.state.config.throttle.phone_max_attempts;
    for i in 0..ceiling {
        let addr = format!("203.0.113.{}", i + 1);
        expect_problem(login_from(&app, &addr, &user.phone, WRONG).await, 401, "invalid_credentials").await;
    }
    let res = login_from(&app, "198.51.100.20", &user.phone, &user.password).await;
    let wait = retry_after(&res);
    assert!((1..=app.state.config.throttle.phone_window_secs as u64).contains(&wait), "Retry-After {wait}");
    expect_problem(res, 429, "rate_limited").await;
    clock.advance(Duration::seconds(wait as i64));
    let res = login_from(&app, "198.51.100.20", &user.phone, &user.password).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn many_attempts_from_one_address_reach_its_ceiling() {
    let app = TestApp::spawn_with(|c| c.throttle.ip_max_attempts = 3).await;
    let user = app.worker().await;
    for _ in 0..3 {
        app.login(&fresh_phone(), WRONG).await;
    }
    expect_problem(app.login(&user.phone, &user.password).await, 429, "rate_limited").await;
}

#[tokio::test]
async fn a_blocked_unknown_phone_looks_like_a_blocked_known_one() {
    let app = TestApp::spawn().await;
    let user = app.worker().await;
    let unknown = fresh_phone();
    for _ in 0..5 {
        app.login(&user.phone, WRONG).await;
        app.login(&unknown, WRONG).await;
    }
    let known_res = app.login(&user.phone, WRONG).await;
    let missing_res = app.login(&unknown, WRONG).await;
    assert_eq!(retry_after(&known_res), retry_after(&missing_res));
    let known = expect_problem(known_res, 429, "rate_limited").await;
    let missing = expect_problem(missing_res, 429, "rate_limited").await;
    assert_eq!(known["detail"], missing["detail"]);
}

/// A correct password clears the counter of its own (phone, address) pair, no other.
#[tokio::test]
async fn a_success_clears_only_its_own_pair() {
    let app = TestApp::spawn_with(|c| c.trust_forwarded_for = true).await;
    let user = app.worker().await;
    let (a, b) = ("203.0.113.1", "203.0.113.2");
    for _ in 0..4 {
        login_from(&app, a, &user.phone, WRONG).await;
        login_from(&app, b, &user.phone, WRONG).await;
    }
    assert_eq!(login_from(&app, a, &user.phone, &user.password).await.status(), StatusCode::OK);
    for _ in 0..5 {
        expect_problem(login_from(&app, a, &user.phone, WRONG).await, 401, "invalid_credentials").await;
    }
    expect_problem(login_from(&app, b, &user.phone, WRONG).await, 401, "invalid_credentials").await;
    expect_problem(login_from(&app, b, &user.phone, &user.password).await, 429, "rate_limited").await;
}

/// The seam for the SMS code of a later issue: proving ownership of the phone lifts
/// every block on it.
#[tokio::test]
async fn proving_ownership_of_the_phone_lifts_its_blocks() {
    let app = TestApp::spawn_with(|c| c.trust_forwarded_for = true).await;
    let user = app.worker().await;
    let home = "198.51.100.9";
    for _ in 0..5 {
        expect_problem(login_from(&app, home, &user.phone, WRONG).await, 401, "invalid_credentials").await;
    }
    for i in 0..app.state.config.throttle.phone_max_attempts - 5 {
        login_from(&app, &format!("203.0.113.{}", i + 1), &user.phone, WRONG).await;
    }
    expect_problem(login_from(&app, home, &user.phone, &user.password).await, 429, "rate_limited").await;
    expect_problem(login_from(&app, "198.51.100.10", &user.phone, &user.password).await, 429, "rate_limited")
        .await;
    let phone = laowu_tests::laowu_api::laowu_domain::Phone::parse(&user.phone).unwrap();
    laowu_tests::laowu_api::services::auth::clear_login_blocks(&app.state, &phone).await.unwrap();
    let res = login_from(&app, home, &user.phone, &user.password).await;
    assert_eq!(res.status(), StatusCode::OK);
}

/// The tester registered 60 of 60 from one address at 40 a second.
#[tokio::test]
async fn registration_is_throttled_per_address() {
    let app = TestApp::spawn_with(|c| {
        c.trust_forwarded_for = true;
        c.throttle.register_ip_max = 6;
    })
    .await;
    let max = app.state.config.throttle.register_ip_max as usize;
    let mut accepted = 0;
    let mut limited = 0;
    for _ in 0..max + 5 {
        let res = register_from(&app, "203.0.113.50", &fresh_phone()).await;
        match res.status() {
            StatusCode::ACCEPTED => accepted += 1,
            StatusCode::TOO_MANY_REQUESTS => {
                assert!(retry_after(&res) >= 1);
                expect_problem(res, 429, "rate_limited").await;
                limited += 1;
            }
            other => panic!("register: {other}"),
        }
    }
    assert_eq!((accepted, limited), (max, 5));
    // Another address is not affected.
    assert_eq!(register_from(&app, "198.51.100.1", &fresh_phone()).await.status(), StatusCode::ACCEPTED);
}

#[tokio::test]
async fn registration_is_throttled_per_phone() {
    let app = TestApp::spawn_with(|c| c.trust_forwarded_for = true).await;
    let phone = fresh_phone();
    let max = app.state.config.throttle.register_phone_max;
    for i in 0..max {
        let res = register_from(&app, &format!("203.0.113.{}", i + 1), &phone).await;
        assert_eq!(res.status(), StatusCode::ACCEPTED);
    }
    let res = register_from(&app, "198.51.100.1", &phone).await;
    expect_problem(res, 429, "rate_limited").await;
}
