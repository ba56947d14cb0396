//! Applications: apply, the employer's pipeline, hiring against headcount, withdrawal,
//! and who may see and move what.

use laowu_tests::{TestApp, TestUser, expect_problem, profile_body};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::jobs::{job_body, open_job};

async fn worker_with_profile(app: &TestApp) -> TestUser {
    let worker = app.worker().await;
    let res = app
        .send_as(&worker, app.client.put(app.url("/api/v1/workers/me/profile")).json(&profile_body()))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    worker
}

async fn apply(app: &TestApp, worker: &TestUser, job: &str) -> reqwest::Response {
    app.send_as(worker, app.client.post(app.url(&format!("/api/v1/jobs/{job}/applications")))).await
}

async fn move_to(app: &TestApp, user: &TestUser, id: &str, body: Value) -> reqwest::Response {
    app.send_as(user, app.post(&format!("/api/v1/applications/{id}/transitions"), &body)).await
}

fn in_days(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days)).to_rfc3339()
}

#[tokio::test]
async fn a_worker_applies_and_is_hired() {
    let app = TestApp::spawn().await;
    let (employer, _) = app.verified_employer().await;
    let job = open_job(&app, &employer, job_body()).await;
    let worker = worker_with_profile(&app).await;

    let res = app
        .send_as(
            &worker,
            app.post(&format!("/api/v1/jobs/{job}/applications"), &json!({"note": "我有四年口岸装卸经验"})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let application: Value = res.json().await.unwrap();
    assert_eq!(application["status"], "applied");
    assert_eq!(application["next"], json!(["withdrawn"]));
    assert_eq!(application["job"]["title"], "口岸货场装卸工");
    let id = application["id"].as_str().unwrap().to_owned();
    expect_problem(apply(&app, &worker, &job).await, 409, "application_exists").await;

    // The employer sees the applicant with personal data masked.
    let list: Value = app
        .send_as(&employer, app.get(&format!("/api/v1/jobs/{job}/applications")))
        .await
        .json()
        .await
        .unwrap();
    let applicant = &list["items"][0]["applicant"];
    assert_eq!(applicant["name"], "巴特尔");
    assert_eq!(applicant["phone_masked"], format!("{}****{}", &worker.phone[..3], &worker.phone[7..]));
    assert!(!list.to_string().contains(&worker.phone), "the full phone number is never shown");
    assert!(applicant.get("location").is_none());

    // Opening it marks it viewed.
    let seen: Value =
        app.send_as(&employer, app.get(&format!("/api/v1/applications/{id}"))).await.json().await.unwrap();
    assert_eq!(seen["status"], "viewed");

    let res = move_to(&app, &employer, &id, json!({"to": "interview"})).await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["code"], "interview_details_required");
    let res = move_to(&app, &employer, &id, json!({"to": "interview", "interview_at": in_days(2), "interview_place": "二连浩特市人力资源市场二楼"})).await;
    let invited: Value = res.json().await.unwrap();
    assert_eq!(invited["status"], "interview");
    assert_eq!(invited["interview"]["place"], "二连浩特市人力资源市场二楼");

    let res = move_to(&app, &employer, &id, json!({"to": "offered", "note": "日薪350"})).await;
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "offered");
    let res = move_to(&app, &employer, &id, json!({"to": "hired"})).await;
    let hired: Value = res.json().await.unwrap();
    assert_eq!(hired["status"], "hired");
    assert_eq!(hired["next"], json!([]));

    let posting: Value = app.get(&format!("/api/v1/jobs/{job}")).send().await.unwrap().json().await.unwrap();
    assert_eq!(posting["openings_left"], 2);

    // The worker sees the whole history, oldest first.
    let mine: Value =
        app.send_as(&worker, app.get(&format!("/api/v1/applications/{id}"))).await.json().await.unwrap();
    let steps: Vec<&str> =
        mine["history"].as_array().unwrap().iter().map(|h| h["to"].as_str().unwrap()).collect();
    assert_eq!(steps, ["applied", "viewed", "interview", "offered", "hired"]);
    assert_eq!(mine["history"][3]["note"], "日薪350");
    assert_eq!(mine["history"][3]["by"], "employer");
    assert!(mine.get("applicant").is_none());
    let list: Value =
        app.send_as(&worker, app.get("/api/v1/workers/me/applications")).await.json().await.unwrap();
    assert_eq!(list["items"][0]["id"], id.as_str());
}

#[tokio::test]
async fn the_last_hire_fills_the_posting() {
    let app = TestApp::spawn().await;
    let (employer, _) = app.verified_employer().await;
    let mut body = job_body();
    body["headcount"] = json!(1);
    let job = open_job(&app, &employer, body).await;
    let mut ids = Vec::new();
    for _ in 0..2 {
        let worker = worker_with_profile(&app).await;
        let app_id = apply(&app, &worker, &job).await.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let res = move_to(&app, &employer, &app_id, json!({"to": "offered"})).await;
        assert_eq!(res.status(), StatusCode::OK);
        ids.push(app_id);
    }
    assert_eq!(move_to(&app, &employer, &ids[0], json!({"to": "hired"})).await.status(), StatusCode::OK);
    let posting: Value = app.get(&format!("/api/v1/jobs/{job}")).send().await.unwrap().json().await.unwrap();
    assert_eq!(posting["status"], "filled");
    assert_eq!(posting["openings_left"], 0);
    expect_problem(move_to(&app, &employer, &ids[1], json!({"to": "hired"})).await, 409, "job_full").await;
    let late = worker_with_profile(&app).await;
    expect_problem(apply(&app, &late, &job).await, 409, "job_not_open").await;
}

#[tokio::test]
async fn the_state_machine_guards_every_move() {
    let app = TestApp::spawn().await;
    let (employer, _) = app.verified_employer().await;
    let job = open_job(&app, &employer, job_body()).await;
    let worker = worker_with_profile(&app).await;
    let id =
        apply(&app, &worker, &job).await.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();

    expect_problem(
        move_to(&app, &employer, &id, json!({"to": "hired"})).await,
        409,
        "transition_not_allowed",
    )
    .await;
    expect_problem(move_to(&app, &worker, &id, json!({"to": "offered"})).await, 409, "transition_not_yours")
        .await;
    expect_problem(
        move_to(&app, &employer, &id, json!({"to": "withdrawn"})).await,
        409,
        "transition_not_yours",
    )
    .await;
    let problem = expect_problem(
        move_to(&app, &employer, &id, json!({"to": "promoted"})).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["pointer"], "/to");

    // Withdrawal ends it; the worker may apply again afterwards.
    let res = move_to(&app, &worker, &id, json!({"to": "withdrawn"})).await;
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "withdrawn");
    expect_problem(
        move_to(&app, &employer, &id, json!({"to": "viewed"})).await,
        409,
        "transition_not_allowed",
    )
    .await;
    assert_eq!(apply(&app, &worker, &job).await.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn nobody_else_sees_or_moves_an_application() {
    let app = TestApp::spawn().await;
    let (employer, _) = app.verified_employer().await;
    let (other_employer, _) = app.verified_employer().await;
    let job = open_job(&app, &employer, job_body()).await;
    let worker = worker_with_profile(&app).await;
    let other_worker = worker_with_profile(&app).await;
    let school = app.user("school").await;
    let admin = app.admin().await;
    let id =
        apply(&app, &worker, &job).await.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();

    for outsider in [&other_worker, &other_employer, &school, &admin] {
        expect_problem(
            app.send_as(outsider, app.get(&format!("/api/v1/applications/{id}"))).await,
            404,
            "not_found",
        )
        .await;
        expect_problem(move_to(&app, outsider, &id, json!({"to": "withdrawn"})).await, 404, "not_found")
            .await;
    }
    let res = app.send_as(&other_employer, app.get(&format!("/api/v1/jobs/{job}/applications"))).await;
    expect_problem(res, 404, "not_found").await;
    expect_problem(
        app.send_as(&worker, app.get(&format!("/api/v1/jobs/{job}/applications"))).await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(apply(&app, &employer, &job).await, 403, "forbidden").await;
    let mine: Value =
        app.send_as(&other_worker, app.get("/api/v1/workers/me/applications")).await.json().await.unwrap();
    assert!(mine["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn applying_needs_a_profile_and_a_public_open_posting() {
    let app = TestApp::spawn().await;
    let (employer, _) = app.verified_employer().await;
    let job = open_job(&app, &employer, job_body()).await;
    let bare = app.worker().await;
    expect_problem(apply(&app, &bare, &job).await, 409, "profile_required").await;

    let worker = worker_with_profile(&app).await;
    let draft = app
        .send_as(&employer, app.post("/api/v1/jobs", &job_body()))
        .await
        .json::<Value>()
        .await
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    expect_problem(apply(&app, &worker, &draft).await, 404, "not_found").await;
    app.send_as(&employer, app.post(&format!("/api/v1/jobs/{job}/close"), &json!({}))).await;
    expect_problem(apply(&app, &worker, &job).await, 409, "job_not_open").await;
    expect_problem(apply(&app, &worker, "not-a-uuid").await, 404, "not_found").await;
}
