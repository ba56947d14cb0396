//! Access tokens are checked strictly: signature, algorithm, expiry, issuer, audience.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
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
        "iat": now, "exp": now + 600, "jti": uuid::Uuid::new_v4(),
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
