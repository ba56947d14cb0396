//! Refusing bad tokens everywhere, `nosniff` on every response, `no-store` on personal
//! data.

use axum::routing::get;
use laowu_tests::{TestApp, bearer, expect_problem, profile_body};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// A token whose signature no longer matches.
fn tampered(token: &str) -> String {
    let mut t = token.to_owned();
    let last = t.pop().unwrap();
    t.push(if last == 'A' { 'B' } else { 'A' });
    t
}

const EXEMPT: &[&str] = &[
    "/api/v1/auth/register",
    "/api/v1/auth/login",
    "/api/v1/auth/refresh",
    "/api/v1/auth/logout",
    "/metrics",
];

#[tokio::test]
async fn a_bad_token_is_refused_on_every_route() {
    // A route added later, that never looks at the caller, is covered as well.
    let app = TestApp::spawn_router(|_| {}, |r| r.route("/test/no-auth", get(|| async { "open" }))).await;
    let user = app.worker().await;
    let bad = tampered(&user.access_token);
    let spec: Value = app.get("/openapi.json").send().await.unwrap().json().await.unwrap();
    let mut checked = 0;
    for (path, ops) in spec["paths"].as_object().unwrap() {
        if EXEMPT.contains(&path.as_str()) {
            continue;
        }
        let concrete = concrete_path(path);
        for method in ops.as_object().unwrap().keys() {
            let method: Method = method.to_uppercase().parse().unwrap();
            let res = app
                .client
                .request(method.clone(), app.url(&concrete))
                .header("authorization", bearer(&bad))
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{method} {concrete}");
            expect_problem(res, 401, "token_invalid").await;
            checked += 1;
        }
    }
    assert!(checked > 40, "walked the spec ({checked} operations)");
    for path in ["/test/no-auth", "/openapi.json", "/docs/", "/no/such/route"] {
        let res = app.get(path).header("authorization", bearer(&bad)).send().await.unwrap();
        expect_problem(res, 401, "token_invalid").await;
    }
    // Not a bearer token at all is refused too; no header at all is anonymous.
    let res = app.get("/api/v1/jobs").header("authorization", "Basic dXNlcjpwYXNz").send().await.unwrap();
    expect_problem(res, 401, "unauthorized").await;
    assert_eq!(app.get("/api/v1/jobs").send().await.unwrap().status(), StatusCode::OK);
    assert_eq!(app.get("/test/no-auth").send().await.unwrap().status(), StatusCode::OK);
}

/// `{id}` and `{code}` filled with something of the right shape.
fn concrete_path(template: &str) -> String {
    template.replace("{id}", &uuid::Uuid::new_v4().to_string()).replace("{code}", "6-29-01-01")
}

#[tokio::test]
async fn the_auth_routes_ignore_a_stale_token() {
    let app = TestApp::spawn().await;
    let user = app.worker().await;
    let stale = bearer(&tampered(&user.access_token));
    let res = app
        .post("/api/v1/auth/login", &json!({"phone": user.phone, "password": user.password}))
        .header("authorization", &stale)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let tokens: Value = res.json().await.unwrap();
    let res = app
        .post("/api/v1/auth/refresh", &json!({"refresh_token": tokens["refresh_token"]}))
        .header("authorization", &stale)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let renewed: Value = res.json().await.unwrap();
    let res = app
        .post("/api/v1/auth/logout", &json!({"refresh_token": renewed["refresh_token"]}))
        .header("authorization", &stale)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app
        .post(
            "/api/v1/auth/register",
            &json!({"phone": laowu_tests::fresh_phone(), "password": "erlian-welder-7", "role": "worker"}),
        )
        .header("authorization", &stale)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
}

#[tokio::test]
async fn every_response_says_nosniff() {
    let app = TestApp::spawn().await;
    for path in ["/healthz", "/api/v1/jobs", "/openapi.json", "/docs/", "/no/such/route", "/api/v1/me"] {
        let res = app.get(path).send().await.unwrap();
        assert_eq!(res.headers()["x-content-type-options"], "nosniff", "{path}");
    }
    let res = app.post("/api/v1/auth/login", &json!({})).send().await.unwrap();
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
}

#[tokio::test]
async fn personal_data_is_never_cached() {
    let app = TestApp::spawn().await;
    let worker = app.worker().await;
    let res = app
        .send_as(&worker, app.client.put(app.url("/api/v1/workers/me/profile")).json(&profile_body()))
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    let (employer, _) = app.verified_employer().await;
    for (who, path) in [
        (&worker, "/api/v1/me"),
        (&worker, "/api/v1/workers/me/profile"),
        (&worker, "/api/v1/workers/me/applications"),
        (&employer, "/api/v1/employers/me"),
        (&employer, "/api/v1/employers/me/jobs"),
    ] {
        let res = app.send_as(who, app.get(path)).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(res.headers()["cache-control"], "no-store", "{path}");
    }
    // Public reads by anonymous callers stay cacheable.
    let res = app.get("/api/v1/jobs").send().await.unwrap();
    assert!(!res.headers().contains_key("cache-control"));
}
