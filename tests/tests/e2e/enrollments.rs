//! Course enrolments: seats, the school's roll, attendance and certification, who may do
//! what, and capacity under concurrent enrolment.

use laowu_tests::{TestApp, TestUser, expect_problem, profile_body};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::courses::{course, course_body, draft_course, open_course};

async fn enroll(app: &TestApp, worker: &TestUser, course: &str) -> reqwest::Response {
    app.send_as(worker, app.post(&format!("/api/v1/courses/{course}/enrollments"), &json!({}))).await
}

/// Enrols `worker`; returns the enrolment id.
async fn enrolled(app: &TestApp, worker: &TestUser, course: &str) -> String {
    let res = enroll(app, worker, course).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned()
}

async fn move_to(app: &TestApp, user: &TestUser, enrollment: &str, body: Value) -> reqwest::Response {
    app.send_as(user, app.post(&format!("/api/v1/enrollments/{enrollment}/transitions"), &body)).await
}

async fn seats_left(app: &TestApp, course_id: &str) -> i64 {
    let c: Value = course(app, None, course_id).await.json().await.unwrap();
    c["seats_left"].as_i64().unwrap()
}

async fn with_profile(app: &TestApp) -> TestUser {
    let worker = app.worker().await;
    let res = app
        .send_as(&worker, app.client.put(app.url("/api/v1/workers/me/profile")).json(&profile_body()))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    worker
}

#[tokio::test]
async fn enrol_attend_complete_certify_and_the_skill_reaches_the_profile() {
    let app = TestApp::spawn().await;
    let (school, _) = app.verified_school().await;
    let worker = with_profile(&app).await;
    let mut body = course_body();
    body["capacity"] = json!(10);
    let course_id = open_course(&app, &school, &body).await;

    let res = enroll(&app, &worker, &course_id).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let e: Value = res.json().await.unwrap();
    let id = e["id"].as_str().unwrap().to_owned();
    assert_eq!(e["status"], "enrolled");
    assert_eq!(e["worker_id"], worker.id.as_str());
    assert_eq!(e["course"]["id"], course_id.as_str());
    assert_eq!(e["course"]["school"]["name"], "锡林郭勒职业技能培训学校");
    assert_eq!(e["next_statuses"], json!(["dropped"]));
    assert_eq!(e["history"][0]["from"], Value::Null);
    assert_eq!(e["history"][0]["to"], "enrolled");
    assert_eq!(e["history"][0]["by"], "worker");
    assert!(e.get("trainee").is_none(), "the worker is not shown themselves");
    assert_eq!(seats_left(&app, &course_id).await, 9);

    // The worker's list and the school's roll.
    let mine: Value =
        app.send_as(&worker, app.get("/api/v1/workers/me/enrollments")).await.json().await.unwrap();
    assert_eq!(mine["items"][0]["id"], id.as_str());
    assert_eq!(mine["items"][0]["course"]["title"], "电焊工（初级）培训班");
    let roll: Value = app
        .send_as(&school, app.get(&format!("/api/v1/courses/{course_id}/enrollments")))
        .await
        .json()
        .await
        .unwrap();
    let trainee = &roll["items"][0]["trainee"];
    assert_eq!(trainee["name"], "巴特尔");
    assert_eq!(trainee["worker_id"], worker.id.as_str());
    assert_eq!(trainee["phone_masked"], format!("{}****{}", &worker.phone[..3], &worker.phone[7..]));
    assert!(!roll.to_string().contains(&worker.phone), "the phone is masked");
    assert!(trainee.get("location").is_none());
    assert_eq!(roll["items"][0]["next_statuses"], json!(["attending", "dropped"]));

    // The school marks attendance, completion, and certifies with the number.
    let res = move_to(&app, &school, &id, json!({"to": "attending"})).await;
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "attending");
    assert_eq!(seats_left(&app, &course_id).await, 9, "attending keeps the seat");
    let res = move_to(&app, &school, &id, json!({"to": "completed"})).await;
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "completed");
    assert_eq!(seats_left(&app, &course_id).await, 10, "a finished trainee frees the seat");

    let res = move_to(&app, &school, &id, json!({"to": "certified"})).await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["pointer"], "/certificate_no");
    assert_eq!(problem["errors"][0]["code"], "certificate_no_required");
    let res = move_to(&app, &school, &id, json!({"to": "certified", "certificate_no": "A1\tB2"})).await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["code"], "certificate_no_invalid");

    let res =
        move_to(&app, &school, &id, json!({"to": "certified", "certificate_no": "S0000 1525 0001 2540"}))
            .await;
    assert_eq!(res.status(), StatusCode::OK);
    let done: Value = res.json().await.unwrap();
    assert_eq!(done["status"], "certified");
    assert_eq!(done["certificate_no"], "S0000152500012540");
    assert_eq!(done["next_statuses"], json!([]));
    assert_eq!(done["trainee"]["name"], "巴特尔");
    let history: Vec<(Value, Value, Value)> = done["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["from"].clone(), h["to"].clone(), h["by"].clone()))
        .collect();
    assert_eq!(
        history,
        vec![
            (Value::Null, json!("enrolled"), json!("worker")),
            (json!("enrolled"), json!("attending"), json!("school")),
            (json!("attending"), json!("completed"), json!("school")),
            (json!("completed"), json!("certified"), json!("school")),
        ]
    );
    assert!(done["history"].as_array().unwrap().iter().all(|h| h["at"].as_str().is_some()));

    // The skill is on the worker's profile at the course's level, with the certificate.
    let profile: Value =
        app.send_as(&worker, app.get("/api/v1/workers/me/profile")).await.json().await.unwrap();
    let skill = profile["skills"].as_array().unwrap().iter().find(|s| s["occupation_code"] == "6-18-02-04");
    let skill = skill.unwrap_or_else(|| panic!("welding skill in {profile}"));
    assert_eq!(skill["level"], 2);
    assert_eq!(skill["certificate_no"], "S0000152500012540");
    assert_eq!(profile["skills"].as_array().unwrap().len(), 2, "the earlier skill is kept");

    // The worker sees the same enrolment and history.
    let own: Value =
        app.send_as(&worker, app.get(&format!("/api/v1/enrollments/{id}"))).await.json().await.unwrap();
    assert_eq!(own["status"], "certified");
    assert_eq!(own["history"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn invalid_moves_are_409_with_their_code() {
    let app = TestApp::spawn().await;
    let (school, _) = app.verified_school().await;
    let (employer, _) = app.verified_employer().await;
    let admin = app.admin().await;
    let worker = app.worker().await;
    let course_id = open_course(&app, &school, &course_body()).await;
    let id = enrolled(&app, &worker, &course_id).await;

    let cases = [
        (&worker, json!({"to": "attending"}), "transition_not_yours"),
        (&worker, json!({"to": "certified", "certificate_no": "X1"}), "transition_not_yours"),
        (&worker, json!({"to": "enrolled"}), "transition_not_yours"),
        (&school, json!({"to": "completed"}), "transition_not_allowed"),
        (&school, json!({"to": "certified", "certificate_no": "X1"}), "transition_not_allowed"),
        (&school, json!({"to": "enrolled"}), "transition_not_yours"),
    ];
    for (user, body, code) in cases {
        expect_problem(move_to(&app, user, &id, body).await, 409, code).await;
    }
    for (body, pointer, code) in [
        (json!({"to": "graduated"}), "/to", "invalid_value"),
        (json!({}), "/to", "required"),
        (json!({"to": "dropped", "status": "certified"}), "/status", "unknown_field"),
    ] {
        let problem = expect_problem(move_to(&app, &worker, &id, body).await, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["pointer"], pointer);
        assert_eq!(problem["errors"][0]["code"], code);
    }
    // Neither the employer nor the bureau is a party to an enrolment.
    for user in [&employer, &admin] {
        expect_problem(move_to(&app, user, &id, json!({"to": "dropped"})).await, 403, "forbidden").await;
        let res = app.send_as(user, app.get(&format!("/api/v1/enrollments/{id}"))).await;
        expect_problem(res, 403, "forbidden").await;
    }

    // The worker drops out; the seat comes back and nothing moves a dropped enrolment.
    assert_eq!(seats_left(&app, &course_id).await, 29);
    let res = move_to(&app, &worker, &id, json!({"to": "dropped"})).await;
    let dropped: Value = res.json().await.unwrap();
    assert_eq!(dropped["status"], "dropped");
    assert_eq!(dropped["history"][1]["by"], "worker");
    assert_eq!(seats_left(&app, &course_id).await, 30);
    expect_problem(
        move_to(&app, &worker, &id, json!({"to": "dropped"})).await,
        409,
        "transition_not_allowed",
    )
    .await;
    expect_problem(
        move_to(&app, &school, &id, json!({"to": "attending"})).await,
        409,
        "transition_not_allowed",
    )
    .await;
    assert_eq!(seats_left(&app, &course_id).await, 30, "a refused move changes no seat");

    // A completed trainee can no longer drop out.
    let other = app.worker().await;
    let id = enrolled(&app, &other, &course_id).await;
    move_to(&app, &school, &id, json!({"to": "attending"})).await;
    move_to(&app, &school, &id, json!({"to": "completed"})).await;
    expect_problem(move_to(&app, &other, &id, json!({"to": "dropped"})).await, 409, "transition_not_allowed")
        .await;
}

#[tokio::test]
async fn other_peoples_enrolments_are_404() {
    let app = TestApp::spawn().await;
    let (school, _) = app.verified_school().await;
    let (other_school, _) = app.verified_school().await;
    let owner = app.worker().await;
    let stranger = app.worker().await;
    let course_id = open_course(&app, &school, &course_body()).await;
    let id = enrolled(&app, &owner, &course_id).await;

    for user in [&stranger, &other_school] {
        let res = app.send_as(user, app.get(&format!("/api/v1/enrollments/{id}"))).await;
        expect_problem(res, 404, "not_found").await;
        expect_problem(move_to(&app, user, &id, json!({"to": "dropped"})).await, 404, "not_found").await;
    }
    let res = app.send_as(&other_school, app.get(&format!("/api/v1/courses/{course_id}/enrollments"))).await;
    expect_problem(res, 404, "not_found").await;
    let res = app.send_as(&owner, app.get(&format!("/api/v1/courses/{course_id}/enrollments"))).await;
    expect_problem(res, 403, "forbidden").await;
    let res =
        app.send_as(&school, app.post(&format!("/api/v1/courses/{course_id}/enrollments"), &json!({}))).await;
    expect_problem(res, 403, "forbidden").await;
    let res = app.get(&format!("/api/v1/enrollments/{id}")).send().await.unwrap();
    expect_problem(res, 401, "unauthorized").await;
    let res = app.send_as(&owner, app.get("/api/v1/enrollments/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")).await;
    expect_problem(res, 404, "not_found").await;

    let theirs: Value =
        app.send_as(&stranger, app.get("/api/v1/workers/me/enrollments")).await.json().await.unwrap();
    assert!(theirs["items"].as_array().unwrap().is_empty());
    let unchanged: Value =
        app.send_as(&owner, app.get(&format!("/api/v1/enrollments/{id}"))).await.json().await.unwrap();
    assert_eq!(unchanged["status"], "enrolled");

    // A worker without a profile is still on the roll, with the account's masked phone.
    let roll: Value = app
        .send_as(&school, app.get(&format!("/api/v1/courses/{course_id}/enrollments")))
        .await
        .json()
        .await
        .unwrap();
    let trainee = &roll["items"][0]["trainee"];
    assert_eq!(trainee["worker_id"], owner.id.as_str());
    assert_eq!(trainee["name"], "");
    assert_eq!(trainee["phone_masked"], format!("{}****{}", &owner.phone[..3], &owner.phone[7..]));
}

#[tokio::test]
async fn one_active_enrolment_per_worker_and_only_on_open_courses() {
    let app = TestApp::spawn().await;
    let (school, _) = app.verified_school().await;
    let worker = app.worker().await;
    let course_id = open_course(&app, &school, &course_body()).await;

    let id = enrolled(&app, &worker, &course_id).await;
    expect_problem(enroll(&app, &worker, &course_id).await, 409, "enrollment_exists").await;
    assert_eq!(seats_left(&app, &course_id).await, 29);
    move_to(&app, &worker, &id, json!({"to": "dropped"})).await;
    let again = enrolled(&app, &worker, &course_id).await;
    assert_ne!(again, id, "a new enrolment after dropping out");
    let mine: Value =
        app.send_as(&worker, app.get("/api/v1/workers/me/enrollments?limit=1")).await.json().await.unwrap();
    assert_eq!(mine["items"][0]["id"], again.as_str(), "newest first");
    let cursor = mine["next_cursor"].as_str().unwrap().to_owned();
    let older: Value = app
        .send_as(&worker, app.get(&format!("/api/v1/workers/me/enrollments?limit=1&cursor={cursor}")))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(older["items"][0]["id"], id.as_str());
    assert_eq!(older["items"][0]["status"], "dropped");
    assert_eq!(older["next_cursor"], Value::Null);

    // Drafts do not exist for workers; closed courses take nobody.
    let draft = draft_course(&app, &school, &course_body()).await;
    expect_problem(enroll(&app, &worker, &draft).await, 404, "not_found").await;
    app.send_as(&school, app.post(&format!("/api/v1/courses/{course_id}/close"), &json!({}))).await;
    let late = app.worker().await;
    expect_problem(enroll(&app, &late, &course_id).await, 409, "course_not_open").await;
    let res = enroll(&app, &late, "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b").await;
    expect_problem(res, 404, "not_found").await;
}

#[tokio::test]
async fn capacity_is_enforced_and_never_lowered_below_seats_taken() {
    let app = TestApp::spawn().await;
    let (school, _) = app.verified_school().await;
    let mut body = course_body();
    body["capacity"] = json!(3);
    let course_id = open_course(&app, &school, &body).await;
    let a = app.worker().await;
    let b = app.worker().await;
    let c = app.worker().await;
    enrolled(&app, &a, &course_id).await;
    let b_enrolment = enrolled(&app, &b, &course_id).await;

    let patch = |cap: i64| {
        app.client.patch(app.url(&format!("/api/v1/courses/{course_id}"))).json(&json!({"capacity": cap}))
    };
    let problem = expect_problem(app.send_as(&school, patch(1)).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["pointer"], "/capacity");
    assert_eq!(problem["errors"][0]["code"], "capacity_below_taken");
    let res = app.send_as(&school, patch(2)).await;
    let resized: Value = res.json().await.unwrap();
    assert_eq!(resized["capacity"], 2);
    assert_eq!(resized["seats_left"], 0);
    expect_problem(enroll(&app, &c, &course_id).await, 409, "course_full").await;

    // Dropping out frees a seat for the next worker.
    move_to(&app, &school, &b_enrolment, json!({"to": "dropped"})).await;
    assert_eq!(seats_left(&app, &course_id).await, 1);
    enrolled(&app, &c, &course_id).await;
    assert_eq!(seats_left(&app, &course_id).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_workers_race_for_five_seats() {
    let app = TestApp::spawn().await;
    let (school, _) = app.verified_school().await;
    let mut body = course_body();
    body["capacity"] = json!(5);
    let course_id = open_course(&app, &school, &body).await;
    let mut workers = Vec::new();
    for _ in 0..20 {
        workers.push(app.worker().await);
    }

    let url = app.url(&format!("/api/v1/courses/{course_id}/enrollments"));
    let tasks: Vec<_> = workers
        .iter()
        .map(|w| {
            let req = app.client.post(&url).json(&json!({})).bearer_auth(&w.access_token);
            tokio::spawn(async move {
                let res = req.send().await.unwrap();
                let status = res.status();
                let body: Value = res.json().await.unwrap();
                (status, body)
            })
        })
        .collect();
    let mut created = 0;
    let mut full = 0;
    for task in tasks {
        let (status, body) = task.await.unwrap();
        match status {
            StatusCode::CREATED => created += 1,
            StatusCode::CONFLICT if body["code"] == "course_full" => full += 1,
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!((created, full), (5, 15), "on {}", laowu_tests::backend());
    assert_eq!(seats_left(&app, &course_id).await, 0);
    let roll: Value = app
        .send_as(&school, app.get(&format!("/api/v1/courses/{course_id}/enrollments")))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(roll["items"].as_array().unwrap().len(), 5);
}
