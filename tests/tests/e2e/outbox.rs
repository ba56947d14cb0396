//! The transactional outbox: every write to a posting, a course or a worker profile leaves
//! an event for the search indexer in the same transaction; refused writes leave none.

use laowu_tests::laowu_api::store::outbox;
use laowu_tests::{TestApp, expect_problem, profile_body};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::courses::{course_body, open_course};
use crate::jobs::job_body;

async fn events(app: &TestApp) -> Vec<(String, String)> {
    outbox::pending(&app.state.db).await.unwrap().into_iter().map(|(t, id)| (t, id.to_string())).collect()
}

#[tokio::test]
async fn every_indexed_write_leaves_an_event_and_refused_ones_none() {
    let app = TestApp::spawn().await;
    let (employer, _) = app.verified_employer().await;
    assert!(events(&app).await.is_empty());

    let res = app.send_as(&employer, app.post("/api/v1/jobs", &job_body())).await;
    let job = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    app.send_as(&employer, app.post(&format!("/api/v1/jobs/{job}/open"), &json!({}))).await;
    let patch = app.client.patch(app.url(&format!("/api/v1/jobs/{job}"))).json(&json!({"headcount": 5}));
    assert_eq!(app.send_as(&employer, patch).await.status(), StatusCode::OK);
    assert_eq!(events(&app).await, vec![("job".to_owned(), job.clone()); 3]);

    // A refused write changes nothing and records nothing.
    let bad = app.client.patch(app.url(&format!("/api/v1/jobs/{job}"))).json(&json!({"headcount": 0}));
    expect_problem(app.send_as(&employer, bad).await, 422, "validation_failed").await;
    assert_eq!(events(&app).await.len(), 3);

    let worker = app.worker().await;
    app.send_as(&worker, app.client.put(app.url("/api/v1/workers/me/profile")).json(&profile_body())).await;
    assert_eq!(events(&app).await.last().unwrap(), &("worker".to_owned(), worker.id.clone()));

    let (school, _) = app.verified_school().await;
    let course = open_course(&app, &school, &course_body()).await;
    let before = events(&app).await.len();
    let res = app
        .send_as(&worker, app.client.post(app.url(&format!("/api/v1/courses/{course}/enrollments"))))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let after = events(&app).await;
    assert_eq!(after.len(), before + 1, "seats left changed");
    assert_eq!(after.last().unwrap(), &("course".to_owned(), course));
    assert_eq!(outbox::pending_count(&app.state.db).await.unwrap(), after.len() as u64);
}
