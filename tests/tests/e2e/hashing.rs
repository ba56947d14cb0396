//! Password hashing is bounded: at most `auth.hash_concurrency` Argon2 computations run at
//! once (each holds 19 MiB), a few requests may wait for a slot, and the rest are told to
//! come back (`503 busy` with `Retry-After`) instead of piling up memory.

use laowu_tests::{TestApp, expect_problem, fresh_phone};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_registrations_never_hashes_more_than_the_permits_at_once() {
    let app = TestApp::spawn_with(|c| {
        c.auth.hash_concurrency = 2;
        c.auth.hash_queue = 2;
        c.auth.hash_wait_ms = 200;
        c.throttle.register_ip_max = 1000;
    })
    .await;
    let burst = 120;
    let tasks: Vec<_> = (0..burst)
        .map(|_| {
            let req = app.post(
                "/api/v1/auth/register",
                &json!({"phone": fresh_phone(), "password": "erlian-welder-7", "role": "worker"}),
            );
            tokio::spawn(async move {
                let res = req.send().await.unwrap();
                let retry_after = res.headers().get("retry-after").map(|v| v.to_str().unwrap().to_owned());
                let status = res.status();
                (status, retry_after, res.json::<serde_json::Value>().await.unwrap())
            })
        })
        .collect();
    let mut accepted = 0;
    let mut busy = 0;
    for t in tasks {
        let (status, retry_after, body) = t.await.unwrap();
        match status {
            StatusCode::ACCEPTED => accepted += 1,
            StatusCode::SERVICE_UNAVAILABLE => {
                assert_eq!(body["code"], "busy", "{body}");
                let secs: u64 = retry_after.expect("Retry-After on busy").parse().unwrap();
                assert!(secs >= 1);
                busy += 1;
            }
            other => panic!("unexpected {other}: {body}"),
        }
    }
    let stats = app.state.passwords.stats();
    assert!(stats.peak_in_flight <= 2, "{} hashes ran at once with 2 permits", stats.peak_in_flight);
    assert!(stats.peak_in_flight >= 1);
    assert_eq!(stats.hashes, accepted, "every accepted registration was hashed, no other");
    assert!(busy > 0, "a burst of {burst} past 2 permits and a queue of 2 must turn some away");
    assert_eq!(accepted + busy, burst as u64);
    assert_eq!(stats.busy, busy);

    // Once the burst is over, hashing works again.
    let res = app
        .post(
            "/api/v1/auth/register",
            &json!({"phone": fresh_phone(), "password": "erlian-welder-7", "role": "worker"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
}

#[tokio::test]
async fn a_busy_answer_is_a_problem_with_retry_after() {
    let app = TestApp::spawn_with(|c| {
        c.auth.hash_concurrency = 1;
        c.auth.hash_queue = 0;
    })
    .await;
    let user = app.worker().await;
    for _ in 0..4 {
        expect_problem(app.login(&user.phone, "wrong-password").await, 401, "invalid_credentials").await;
    }
    // Hold the only slot as a long hash would.
    let slot = app.state.passwords.occupy().await;
    let res = app.login(&user.phone, "wrong-password").await;
    assert_eq!(res.headers()["retry-after"], "1");
    expect_problem(res, 503, "busy").await;
    drop(slot);
    // The refused attempt was not counted: the fifth failure is still free, the sixth not.
    expect_problem(app.login(&user.phone, "wrong-password").await, 401, "invalid_credentials").await;
    expect_problem(app.login(&user.phone, &user.password).await, 429, "rate_limited").await;
}
