//! Register, log in, refresh with rotation, reuse detection, log out, `/me`, role guards.

use laowu_tests::{TestApp, bearer, expect_problem, fresh_phone};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn register_login_me_refresh_round_trip() {
    let app = TestApp::spawn().await;
    let phone = fresh_phone();
    let spaced = format!("+86 {} {} {}", &phone[..3], &phone[3..7], &phone[7..]);
    let res = app
        .post(
            "/api/v1/auth/register",
            &json!({"phone": spaced, "password": "grassland-rider-9", "role": "worker"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let accepted: Value = res.json().await.unwrap();
    assert_eq!(accepted, json!({"phone": phone, "role": "worker"}), "canonical form, and no account id");

    let res = app.login(&phone, "grassland-rider-9").await;
    assert_eq!(res.status(), StatusCode::OK);
    let tokens: Value = res.json().await.unwrap();
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 900);
    let access = tokens["access_token"].as_str().unwrap();
    let refresh = tokens["refresh_token"].as_str().unwrap();

    let me: Value = app
        .get("/api/v1/me")
        .header("authorization", bearer(access))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(me["id"].as_str().is_some());
    assert_eq!(me["phone"], phone);
    assert_eq!(me["role"], "worker");
    assert!(me["created_at"].as_str().is_some());

    let res = app.post("/api/v1/auth/refresh", &json!({"refresh_token": refresh})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let renewed: Value = res.json().await.unwrap();
    assert_ne!(renewed["refresh_token"], tokens["refresh_token"], "refresh rotates the token");
    let res = app
        .get("/api/v1/me")
        .header("authorization", bearer(renewed["access_token"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn phone_numbers_are_not_stored_in_clear() {
    use sea_orm::{ConnectionTrait, Statement};
    let app = TestApp::spawn().await;
    let user = app.worker().await;
    let backend = app.state.db.get_database_backend();
    let rows = app
        .state
        .db
        .query_all_raw(Statement::from_string(backend, "SELECT phone_lookup, phone_enc FROM accounts"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    let lookup: String = rows[0].try_get("", "phone_lookup").unwrap();
    let enc: String = rows[0].try_get("", "phone_enc").unwrap();
    assert!(!lookup.contains(&user.phone) && !enc.contains(&user.phone));
}

#[tokio::test]
async fn registration_validates_every_field_at_once() {
    let app = TestApp::spawn().await;
    let res = app
        .post("/api/v1/auth/register", &json!({"phone": "12345", "password": "short", "role": "admin"}))
        .send()
        .await
        .unwrap();
    let body = expect_problem(res, 422, "validation_failed").await;
    let errors: Vec<(String, String)> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["pointer"].as_str().unwrap().to_owned(), e["code"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        errors,
        vec![
            ("/phone".to_owned(), "phone_invalid".to_owned()),
            ("/password".to_owned(), "password_too_short".to_owned()),
            ("/role".to_owned(), "role_invalid".to_owned()),
        ]
    );
    for e in body["errors"].as_array().unwrap() {
        assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()));
    }

    let phone = fresh_phone();
    let res = app
        .post(
            "/api/v1/auth/register",
            &json!({"phone": phone, "password": format!("x{phone}"), "role": "worker"}),
        )
        .send()
        .await
        .unwrap();
    let body = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["code"], "password_same_as_phone");

    let res = app
        .post("/api/v1/auth/register", &json!({"phone": phone, "password": "12345678", "role": "worker"}))
        .send()
        .await
        .unwrap();
    let body = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["code"], "password_too_common");

    let res =
        app.post("/api/v1/auth/register", &json!({"phone": phone, "role": "worker"})).send().await.unwrap();
    let body = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["pointer"], "/password");
    assert_eq!(body["errors"][0]["code"], "required");

    let res = app
        .post(
            "/api/v1/auth/register",
            &json!({"phone": 13800001111u64, "password": "erlian-welder-7", "role": "worker"}),
        )
        .send()
        .await
        .unwrap();
    let body = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["pointer"], "/phone");
    assert_eq!(body["errors"][0]["code"], "invalid_type");
}

#[tokio::test]
async fn clients_cannot_set_what_is_not_theirs_to_set() {
    let app = TestApp::spawn().await;
    let res = app
        .post(
            "/api/v1/auth/register",
            &json!({"phone": fresh_phone(), "password": "erlian-welder-7", "role": "worker", "id": "00000000-0000-0000-0000-000000000001"}),
        )
        .send()
        .await
        .unwrap();
    let body = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["pointer"], "/id");
    assert_eq!(body["errors"][0]["code"], "unknown_field");
}

/// Registration does not tell whether a phone number has an account: a taken number
/// gets the answer a new one gets, its password is hashed all the same, and the account
/// that has it is left as it was.
#[tokio::test]
async fn a_taken_phone_number_gets_the_same_answer_as_a_new_one() {
    let app = TestApp::spawn().await;
    let owner = app.worker().await;
    let register = |phone: String| {
        let req = app.post(
            "/api/v1/auth/register",
            &json!({"phone": phone, "password": "another-pass-1", "role": "employer"}),
        );
        async move { req.send().await.unwrap() }
    };
    let fresh = fresh_phone();
    let new = register(fresh.clone()).await;
    let hashes = app.state.passwords.stats().hashes;
    let taken = register(owner.phone.clone()).await;
    assert_eq!(app.state.passwords.stats().hashes, hashes + 1, "hashed anyway, so it takes as long");
    assert_eq!(new.status(), taken.status());
    assert_eq!(taken.status(), StatusCode::ACCEPTED);
    let new: Value = new.json().await.unwrap();
    let taken: Value = taken.json().await.unwrap();
    assert_eq!(new, json!({"phone": fresh, "role": "employer"}));
    assert_eq!(taken, json!({"phone": owner.phone, "role": "employer"}));

    // The owner's account is untouched: same password, same role.
    expect_problem(app.login(&owner.phone, "another-pass-1").await, 401, "invalid_credentials").await;
    let res = app.login(&owner.phone, &owner.password).await;
    let tokens: Value = res.json().await.unwrap();
    let me: Value = app
        .get("/api/v1/me")
        .header("authorization", bearer(tokens["access_token"].as_str().unwrap()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["role"], "worker");
    assert_eq!(me["id"], owner.id.as_str());
}

/// `laowu admin create` is an operator's tool: it may say that the number is taken.
#[tokio::test]
async fn the_operator_tool_reports_a_taken_phone() {
    use laowu_tests::laowu_api::laowu_domain::{Password, Phone, Role};
    let app = TestApp::spawn().await;
    let owner = app.worker().await;
    let err = laowu_tests::laowu_api::services::auth::create_account(
        &app.state,
        Phone::parse(&owner.phone).unwrap(),
        Password::parse("bureau-erlian-2026", None).unwrap(),
        Role::Admin,
    )
    .await
    .err()
    .unwrap();
    assert_eq!(err.code(), "phone_taken");
}

#[tokio::test]
async fn wrong_password_and_unknown_phone_look_the_same() {
    let app = TestApp::spawn().await;
    let user = app.worker().await;
    let wrong =
        expect_problem(app.login(&user.phone, "not-the-password").await, 401, "invalid_credentials").await;
    let unknown =
        expect_problem(app.login(&fresh_phone(), "not-the-password").await, 401, "invalid_credentials").await;
    assert_eq!(wrong["detail"], unknown["detail"]);
}

#[tokio::test]
async fn reusing_a_spent_refresh_token_revokes_the_whole_login() {
    let app = TestApp::spawn().await;
    let user = app.worker().await;
    let first = user.refresh_token.clone();
    let res = app.post("/api/v1/auth/refresh", &json!({"refresh_token": first})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let second: Value = res.json().await.unwrap();
    let second = second["refresh_token"].as_str().unwrap().to_owned();

    // Someone replays the first token: it was copied.
    let res = app.post("/api/v1/auth/refresh", &json!({"refresh_token": first})).send().await.unwrap();
    expect_problem(res, 401, "refresh_token_reused").await;
    // The legitimate holder's newer token is dead too.
    let res = app.post("/api/v1/auth/refresh", &json!({"refresh_token": second})).send().await.unwrap();
    expect_problem(res, 401, "refresh_token_invalid").await;

    // Another login of the same account is unaffected.
    let res = app.login(&user.phone, &user.password).await;
    let other: Value = res.json().await.unwrap();
    let res = app
        .post("/api/v1/auth/refresh", &json!({"refresh_token": other["refresh_token"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn unknown_refresh_tokens_are_refused() {
    let app = TestApp::spawn().await;
    let res =
        app.post("/api/v1/auth/refresh", &json!({"refresh_token": "lwr_not-a-token"})).send().await.unwrap();
    expect_problem(res, 401, "refresh_token_invalid").await;
}

#[tokio::test]
async fn logout_revokes_and_is_safe_to_repeat() {
    let app = TestApp::spawn().await;
    let user = app.worker().await;
    for _ in 0..2 {
        let res = app
            .post("/api/v1/auth/logout", &json!({"refresh_token": user.refresh_token}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
    }
    let res =
        app.post("/api/v1/auth/refresh", &json!({"refresh_token": user.refresh_token})).send().await.unwrap();
    expect_problem(res, 401, "refresh_token_invalid").await;
    let res = app.post("/api/v1/auth/logout", &json!({"refresh_token": "lwr_unknown"})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn me_requires_a_token() {
    let app = TestApp::spawn().await;
    let res = app.get("/api/v1/me").send().await.unwrap();
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    expect_problem(res, 401, "unauthorized").await;
    let res = app.get("/api/v1/me").header("authorization", "Basic dXNlcjpwYXNz").send().await.unwrap();
    expect_problem(res, 401, "unauthorized").await;
}

#[tokio::test]
async fn role_guards_answer_403_to_other_roles() {
    use axum::routing::get;
    use laowu_tests::laowu_api::auth::{RequireAdmin, RequireEmployer};
    let app = TestApp::spawn_router(
        |_| {},
        |r| {
            r.route("/test/employer-only", get(|_: RequireEmployer| async { "ok" }))
                .route("/test/admin-only", get(|_: RequireAdmin| async { "ok" }))
        },
    )
    .await;
    let worker = app.worker().await;
    let employer = app.employer().await;
    let admin = app.admin().await;
    let call = |path: &'static str, token: String| {
        let req = app.get(path).header("authorization", bearer(&token));
        async move { req.send().await.unwrap() }
    };
    expect_problem(call("/test/employer-only", worker.access_token.clone()).await, 403, "forbidden").await;
    assert_eq!(call("/test/employer-only", employer.access_token.clone()).await.status(), StatusCode::OK);
    expect_problem(call("/test/admin-only", employer.access_token.clone()).await, 403, "forbidden").await;
    assert_eq!(call("/test/admin-only", admin.access_token.clone()).await.status(), StatusCode::OK);
    let res = app.get("/test/admin-only").send().await.unwrap();
    expect_problem(res, 401, "unauthorized").await;
}

#[tokio::test]
async fn bureau_accounts_cannot_be_self_registered() {
    let app = TestApp::spawn().await;
    let res = app
        .post(
            "/api/v1/auth/register",
            &json!({"phone": fresh_phone(), "password": "erlian-welder-7", "role": "admin"}),
        )
        .send()
        .await
        .unwrap();
    let body = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["code"], "role_invalid");
    let admin = app.admin().await;
    let me: Value = app
        .get("/api/v1/me")
        .header("authorization", bearer(&admin.access_token))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["role"], "admin");
}
