//! Access tokens are checked strictly: signature, algorithm, expiry, issuer, audience,
//! and whether their login (session) has been ended.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use std::sync::Arc;

use laowu_tests::laowu_api::clock::ManualClock;
use laowu_tests::{TestApp, TestUser, bearer, expect_problem};
use serde_json::{Value, json};

/// The development secret the test server generated in its data directory.
fn server_secret(app: &TestApp) -> Vec<u8> {
    std::fs::read_to_string(app.dir.path().join("data").join("jwt-secret"))
        .unwrap()
        .trim()
        .as_bytes()
        .to_vec()
}

fn claims(user: &TestUser, overrides: Value) -> Value {
    let now = chrono::Utc::now().timestamp();
    let mut c = json!({
        "iss": "laowu", "aud": "laowu-api", "sub": user.id, "role": "worker",
        "iat": now, "exp": now + 600, "jti": uuid::Uuid::new_v4(), "sid": uuid::Uuid::new_v4(),
    });
    for (k, v) in overrides.as_object().unwrap() {
        c[k] = v.clone();
    }
    c
}

fn sign(alg: Algorithm, secret: &[u8], claims: &Value) -> String {
    jsonwebtoken::encode(&Header::new(alg), claims, &EncodingKey::from_secret(secret).unwrap()).unwrap()
}

async fn me_with(app: &TestApp, token: &str) -> reqwest::Response {
    app.get("/api/v1/me").header("authorization", bearer(token)).send().await.unwrap()
}

#[tokio::test]
async fn a_correctly_signed_token_works_so_the_refusals_below_mean_something() {
    let app = TestApp::spawn().await;
    let user = app.worker().await;
    let token = sign(Algorithm::HS256, &server_secret(&app), &claims(&user, json!({})));
    assert_eq!(me_with(&app, &token).await.status(), 200);
}

#[tokio::test]
async fn expired_tokens_are_refused() {
    let app = TestApp::spawn().await;
    let user = app.worker().await;
    let now = chrono::Utc::now().timestamp();
    let token = sign(
        Algorithm::HS256,
        &server_secret(&app),
        &claims(&user, json!({"iat": now - 3600, "exp": now - 600})),
    );
    expect_problem(me_with(&app, &token).await, 401, "token_expired").await;
}

#[tokio::test]
async fn tampered_tokens_are_refused() {
    let app = TestApp::spawn().await;
    let user = app.worker().await;
    let mut parts: Vec<String> = user.access_token.split('.').map(str::to_owned).collect();
    let mut payload: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&parts[1]).unwrap()).unwrap();
    payload["role"] = json!("admin");
    parts[1] = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&payload).unwrap());
    expect_problem(me_with(&app, &parts.join(".")).await, 401, "token_invalid").await;
    expect_problem(me_with(&app, "not.a.jwt").await, 401, "token_invalid").await;
}

#[tokio::test]
async fn alg_none_and_other_algorithms_are_refused() {
    let app = TestApp::spawn().await;
    let user = app.worker().await;
    let c = claims(&user, json!({}));
    let none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&c).unwrap())
    );
    expect_problem(me_with(&app, &none).await, 401, "token_invalid").await;
    // Same secret, another HMAC algorithm: the algorithm is pinned.
    let hs512 = sign(Algorithm::HS512, &server_secret(&app), &c);
    expect_problem(me_with(&app, &hs512).await, 401, "token_invalid").await;
    // Right algorithm, wrong key.
    let forged = sign(Algorithm::HS256, &[42u8; 48], &c);
    expect_problem(me_with(&app, &forged).await, 401, "token_invalid").await;
}

#[tokio::test]
async fn issuer_and_audience_are_checked() {
    let app = TestApp::spawn().await;
    let user = app.worker().await;
    let secret = server_secret(&app);
    let wrong_iss = sign(Algorithm::HS256, &secret, &claims(&user, json!({"iss": "someone-else"})));
    expect_problem(me_with(&app, &wrong_iss).await, 401, "token_invalid").await;
    let wrong_aud = sign(Algorithm::HS256, &secret, &claims(&user, json!({"aud": "another-api"})));
    expect_problem(me_with(&app, &wrong_aud).await, 401, "token_invalid").await;
}

#[tokio::test]
async fn a_token_without_a_session_is_refused() {
    let app = TestApp::spawn().await;
    let user = app.worker().await;
    let mut c = claims(&user, json!({}));
    c.as_object_mut().unwrap().remove("sid");
    let token = sign(Algorithm::HS256, &server_secret(&app), &c);
    expect_problem(me_with(&app, &token).await, 401, "token_invalid").await;
}

#[tokio::test]
async fn logging_out_ends_the_access_token_at_once() {
    let app = TestApp::spawn().await;
    let user = app.worker().await;
    let other = app.login(&user.phone, &user.password).await.json::<Value>().await.unwrap();
    assert_eq!(me_with(&app, &user.access_token).await.status(), 200);
    let res =
        app.post("/api/v1/auth/logout", &json!({"refresh_token": user.refresh_token})).send().await.unwrap();
    assert_eq!(res.status(), 204);
    expect_problem(me_with(&app, &user.access_token).await, 401, "token_revoked").await;
    // The account's other login goes on.
    assert_eq!(me_with(&app, other["access_token"].as_str().unwrap()).await.status(), 200);
}

#[tokio::test]
async fn a_reused_refresh_token_ends_every_access_token_of_its_login() {
    let app = TestApp::spawn().await;
    let user = app.worker().await;
    let renewed = app
        .post("/api/v1/auth/refresh", &json!({"refresh_token": user.refresh_token}))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    let renewed_access = renewed["access_token"].as_str().unwrap().to_owned();
    assert_eq!(me_with(&app, &renewed_access).await.status(), 200);
    let res =
        app.post("/api/v1/auth/refresh", &json!({"refresh_token": user.refresh_token})).send().await.unwrap();
    expect_problem(res, 401, "refresh_token_reused").await;
    expect_problem(me_with(&app, &user.access_token).await, 401, "token_revoked").await;
    expect_problem(me_with(&app, &renewed_access).await, 401, "token_revoked").await;
}

/// Other nodes learn of a revocation from the database when their copy of the deny-list
/// is older than `auth.revocation_refresh_ms`; until then they answer from memory,
/// without a query per request.
#[tokio::test]
async fn another_node_learns_of_a_logout_within_its_refresh_interval() {
    let app = TestApp::spawn().await;
    let url = app.state.config.database_url();
    let data_dir = app.state.config.data_dir.clone();
    let clock = Arc::new(ManualClock::new(chrono::Utc::now()));
    let other = TestApp::spawn_clocked(clock.clone(), move |c| {
        c.database_url = Some(url);
        c.data_dir = data_dir;
    })
    .await;
    let user = app.worker().await;
    assert_eq!(me_with(&other, &user.access_token).await.status(), 200);
    let loads = other.state.revoked.loads();
    let res =
        app.post("/api/v1/auth/logout", &json!({"refresh_token": user.refresh_token})).send().await.unwrap();
    assert_eq!(res.status(), 204);
    expect_problem(me_with(&app, &user.access_token).await, 401, "token_revoked").await;
    for _ in 0..20 {
        assert_eq!(me_with(&other, &user.access_token).await.status(), 200, "served from memory");
    }
    assert_eq!(other.state.revoked.loads(), loads, "no database query per request");
    let interval = other.state.config.auth.revocation_refresh_ms as i64;
    clock.advance(chrono::Duration::milliseconds(interval));
    expect_problem(me_with(&other, &user.access_token).await, 401, "token_revoked").await;
    assert_eq!(other.state.revoked.loads(), loads + 1);
}

/// "Log out everywhere" (with a password change, later): every login of the account.
#[tokio::test]
async fn ending_every_session_of_an_account_ends_all_its_logins() {
    use laowu_tests::laowu_api::services::auth::{Sessions, end_sessions};
    let app = TestApp::spawn().await;
    let user = app.worker().await;
    let second = app.login(&user.phone, &user.password).await.json::<Value>().await.unwrap();
    let bystander = app.worker().await;
    end_sessions(&app.state, Sessions::Account(user.id.parse().unwrap())).await.unwrap();
    expect_problem(me_with(&app, &user.access_token).await, 401, "token_revoked").await;
    expect_problem(me_with(&app, second["access_token"].as_str().unwrap()).await, 401, "token_revoked").await;
    for refresh in [json!(user.refresh_token), second["refresh_token"].clone()] {
        let res = app.post("/api/v1/auth/refresh", &json!({"refresh_token": refresh})).send().await.unwrap();
        expect_problem(res, 401, "refresh_token_invalid").await;
    }
    assert_eq!(me_with(&app, &bystander.access_token).await.status(), 200);
    // A new login works at once.
    let fresh = app.login(&user.phone, &user.password).await.json::<Value>().await.unwrap();
    assert_eq!(me_with(&app, fresh["access_token"].as_str().unwrap()).await.status(), 200);
}
