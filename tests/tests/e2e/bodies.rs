//! Request bodies are JSON objects of the documented shape. serde reads a struct from a
//! JSON array too (`["phone", "password"]` was a login), so `ApiJson` refuses every
//! top-level value that is not an object, on every endpoint.

use laowu_tests::{TestApp, bearer, expect_problem};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn assert_not_an_object(res: reqwest::Response, what: &str) {
    let body = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"].as_array().map(Vec::len), Some(1), "{what}: {body}");
    assert_eq!(body["errors"][0]["pointer"], "", "{what}: the whole body is at fault");
    assert_eq!(body["errors"][0]["code"], "body_not_object", "{what}");
}

#[tokio::test]
async fn a_json_array_is_not_a_login() {
    let app = TestApp::spawn().await;
    let user = app.worker().await;
    let res = app.post("/api/v1/auth/login", &json!([user.phone, user.password])).send().await.unwrap();
    assert_not_an_object(res, "array").await;
    for other in [json!(user.phone), json!(13800001111u64), json!(true), Value::Null] {
        let res = app.post("/api/v1/auth/login", &other).send().await.unwrap();
        assert_not_an_object(res, &other.to_string()).await;
    }
    // Broken JSON is still broken JSON, whatever it starts with.
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body("[\"13800001111\", ")
        .send()
        .await
        .unwrap();
    expect_problem(res, 400, "malformed_json").await;
}

/// Every operation in the spec that takes a body, called by an account whose role may
/// call it (path ids are random, so nothing is found, but the body is read first).
#[tokio::test]
async fn every_endpoint_with_a_body_refuses_a_non_object() {
    let app = TestApp::spawn().await;
    let tokens = [
        app.worker().await.access_token,
        app.employer().await.access_token,
        app.user("school").await.access_token,
        app.admin().await.access_token,
    ];
    let spec: Value = app.get("/openapi.json").send().await.unwrap().json().await.unwrap();
    let mut checked = 0;
    for (path, ops) in spec["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            if op.get("requestBody").is_none() {
                continue;
            }
            let url = app.url(&path.replace("{id}", &uuid::Uuid::new_v4().to_string()));
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let mut answered = None;
            for token in &tokens {
                let res = app
                    .client
                    .request(method.clone(), &url)
                    .header("authorization", bearer(token))
                    .json(&json!(["a", "b", "c"]))
                    .send()
                    .await
                    .unwrap();
                if res.status() != StatusCode::FORBIDDEN {
                    answered = Some(res);
                    break;
                }
            }
            let res = answered.unwrap_or_else(|| panic!("no role may call {method} {path}"));
            assert_not_an_object(res, &format!("{method} {path}")).await;
            checked += 1;
        }
    }
    assert!(checked >= 18, "only {checked} operations with a body");
}
