//! `Idempotency-Key`: retries replay the first response; a reused key with another body is
//! refused; keys survive a restart because they live in the database.

use laowu_tests::{TestApp, bearer, expect_problem, fresh_phone};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn a_retried_registration_creates_one_account() {
    let app = TestApp::spawn().await;
    let phone = fresh_phone();
    let body = json!({"phone": phone, "password": "erlian-welder-7", "role": "worker"});
    let first =
        app.post("/api/v1/auth/register", &body).header("idempotency-key", "reg-1").send().await.unwrap();
    assert_eq!(first.status(), StatusCode::ACCEPTED);
    assert!(!first.headers().contains_key("idempotent-replayed"));
    let first: Value = first.json().await.unwrap();

    let again =
        app.post("/api/v1/auth/register", &body).header("idempotency-key", "reg-1").send().await.unwrap();
    assert_eq!(again.status(), StatusCode::ACCEPTED);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.headers()["content-type"], "application/json");
    let again: Value = again.json().await.unwrap();
    assert_eq!(again, first, "the first answer, replayed");

    // Without the key the duplicate gets the same answer (registration never tells
    // whether a number is taken), and there is still one account.
    let res = app.post("/api/v1/auth/register", &body).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    assert!(!res.headers().contains_key("idempotent-replayed"));
    use sea_orm::{ConnectionTrait, Statement};
    let backend = app.state.db.get_database_backend();
    let rows =
        app.state.db.query_all_raw(Statement::from_string(backend, "SELECT id FROM accounts")).await.unwrap();
    assert_eq!(rows.len(), 1, "one account");
}

#[tokio::test]
async fn the_same_key_with_another_body_is_422() {
    let app = TestApp::spawn().await;
    let a = json!({"phone": fresh_phone(), "password": "erlian-welder-7", "role": "worker"});
    let b = json!({"phone": fresh_phone(), "password": "erlian-welder-7", "role": "worker"});
    let res = app.post("/api/v1/auth/register", &a).header("idempotency-key", "k").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let res = app.post("/api/v1/auth/register", &b).header("idempotency-key", "k").send().await.unwrap();
    expect_problem(res, 422, "idempotency_key_reused").await;
    // Nothing was created for the refused request.
    let res = app.post("/api/v1/auth/register", &b).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
}

#[tokio::test]
async fn errors_replay_too_but_keys_are_per_caller() {
    let app = TestApp::spawn().await;
    let bad = json!({"phone": "1", "password": "erlian-welder-7", "role": "worker"});
    let res = app.post("/api/v1/auth/register", &bad).header("idempotency-key", "same").send().await.unwrap();
    expect_problem(res, 422, "validation_failed").await;
    let res = app.post("/api/v1/auth/register", &bad).header("idempotency-key", "same").send().await.unwrap();
    assert_eq!(res.headers()["idempotent-replayed"], "true");
    expect_problem(res, 422, "validation_failed").await;

    // A logged-in caller has a scope of its own: the same key is free for it.
    let user = app.worker().await;
    let res = app
        .post("/api/v1/auth/logout", &json!({"refresh_token": user.refresh_token}))
        .header("authorization", bearer(&user.access_token))
        .header("idempotency-key", "same")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn keys_must_be_sane() {
    let app = TestApp::spawn().await;
    let body = json!({"phone": fresh_phone(), "password": "erlian-welder-7", "role": "worker"});
    let res = app
        .post("/api/v1/auth/register", &body)
        .header("idempotency-key", "x".repeat(300))
        .send()
        .await
        .unwrap();
    expect_problem(res, 400, "idempotency_key_invalid").await;
}

#[tokio::test]
async fn replays_survive_a_restart() {
    let app = TestApp::spawn().await;
    let body = json!({"phone": fresh_phone(), "password": "erlian-welder-7", "role": "employer"});
    let first: Value = app
        .post("/api/v1/auth/register", &body)
        .header("idempotency-key", "across-restart")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // A second node (or the same one restarted) on the same database and secrets.
    let url = app.state.config.database_url();
    let data_dir = app.state.config.data_dir.clone();
    let other = TestApp::spawn_with(move |c| {
        c.database_url = Some(url);
        c.data_dir = data_dir;
    })
    .await;
    let res = other
        .post("/api/v1/auth/register", &body)
        .header("idempotency-key", "across-restart")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    assert_eq!(res.headers()["idempotent-replayed"], "true");
    assert_eq!(res.json::<Value>().await.unwrap(), first);
}

#[tokio::test]
async fn login_responses_are_never_stored() {
    use sea_orm::{ConnectionTrait, Statement};
    let app = TestApp::spawn().await;
    let user = app.worker().await;
    let login = json!({"phone": user.phone, "password": user.password});
    let a: Value = app
        .post("/api/v1/auth/login", &login)
        .header("idempotency-key", "l")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let b: Value = app
        .post("/api/v1/auth/login", &login)
        .header("idempotency-key", "l")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_ne!(a["refresh_token"], b["refresh_token"]);
    let backend = app.state.db.get_database_backend();
    let rows = app
        .state
        .db
        .query_all_raw(Statement::from_string(backend, "SELECT key FROM idempotency_keys"))
        .await
        .unwrap();
    assert!(rows.is_empty(), "no stored credentials");
}

#[tokio::test]
async fn stored_replays_hold_no_personal_data_in_clear() {
    use sea_orm::{ConnectionTrait, Statement};
    let app = TestApp::spawn().await;
    let employer = app.employer().await;
    let body = laowu_tests::organization_body("二连浩特市蒙源牧业有限公司");
    let (uscc, phone) =
        (body["uscc"].as_str().unwrap().to_owned(), body["contact_phone"].as_str().unwrap().to_owned());
    let send = || {
        app.post("/api/v1/employers", &body)
            .header("authorization", bearer(&employer.access_token))
            .header("idempotency-key", "org-1")
            .send()
    };
    let first = send().await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first = first.text().await.unwrap();
    assert!(first.contains(&uscc) && first.contains(&phone), "the owner's view carries both: {first}");

    let backend = app.state.db.get_database_backend();
    let row = app
        .state
        .db
        .query_one_raw(Statement::from_string(backend, "SELECT body, request_hash FROM idempotency_keys"))
        .await
        .unwrap()
        .expect("the response is kept for replays");
    let stored: Vec<u8> = row.try_get_by_index(0).unwrap();
    let stored_text = String::from_utf8_lossy(&stored);
    assert!(!stored_text.contains(&uscc) && !stored_text.contains(&phone), "stored sealed, not in clear");
    assert!(!stored_text.contains("二连浩特"), "no part of the body in clear");

    let again = send().await.unwrap();
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.text().await.unwrap(), first, "the replay is the first answer, byte for byte");
}
