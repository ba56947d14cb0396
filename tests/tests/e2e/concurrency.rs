//! Concurrent writers: SQLite takes them all (no `database is locked`), and no write ever
//! undoes another (every state change is a compare-and-set). Each test runs on SQLite and,
//! with `LAOWU_TEST_POSTGRES_URL`, on PostgreSQL.

use futures_util::future::join_all;
use laowu_tests::{TestApp, TestUser, profile_body};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::jobs::{job_body, open_job};

async fn put_profile(app: &TestApp, worker: &TestUser, body: &Value) -> StatusCode {
    app.send_as(worker, app.client.put(app.url("/api/v1/workers/me/profile")).json(body)).await.status()
}

async fn workers(app: &TestApp, n: usize) -> Vec<TestUser> {
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(app.worker().await);
    }
    out
}

#[tokio::test]
async fn many_workers_save_their_profiles_at_once() {
    let app = TestApp::spawn().await;
    let people = workers(&app, 28).await;
    let body = profile_body();
    let first = join_all(people.iter().map(|w| put_profile(&app, w, &body))).await;
    assert!(first.iter().all(|s| *s == StatusCode::CREATED), "first saves: {first:?}");

    // Four workers saving 30 times each, all at once.
    let again = join_all(people[..4].iter().flat_map(|w| (0..30).map(|_| put_profile(&app, w, &body)))).await;
    let failed: Vec<_> = again.iter().filter(|s| **s != StatusCode::OK).collect();
    assert!(failed.is_empty(), "{} of {} saves failed: {failed:?}", failed.len(), again.len());
}

#[tokio::test]
async fn profile_saves_in_a_row_while_the_indexer_writes() {
    let app = TestApp::spawn_indexed(|_| {}).await;
    let (employer, _) = app.verified_employer().await;
    let worker = app.worker().await;
    let body = profile_body();
    // Postings keep the indexer busy writing to the outbox while the worker saves.
    let saves = async {
        let mut statuses = Vec::new();
        for _ in 0..150 {
            statuses.push(put_profile(&app, &worker, &body).await);
        }
        statuses
    };
    let postings = async {
        for _ in 0..10 {
            open_job(&app, &employer, job_body()).await;
        }
    };
    let (statuses, ()) = tokio::join!(saves, postings);
    let failed: Vec<_> = statuses.iter().filter(|s| !s.is_success()).collect();
    assert!(failed.is_empty(), "{} of 150 saves failed: {failed:?}", failed.len());
}

/// A posting with `n` applicants, each moved on to an offer.
async fn offers(app: &TestApp, employer: &TestUser, headcount: u32, n: usize) -> (String, Vec<String>) {
    let mut body = job_body();
    body["headcount"] = json!(headcount);
    let job = open_job(app, employer, body).await;
    let mut applications = Vec::new();
    for worker in workers(app, n).await {
        assert_eq!(put_profile(app, &worker, &profile_body()).await, StatusCode::CREATED);
        let res =
            app.send_as(&worker, app.client.post(app.url(&format!("/api/v1/jobs/{job}/applications")))).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
        let res = move_to(app, employer, &id, json!({"to": "offered"})).await;
        assert_eq!(res.status(), StatusCode::OK);
        applications.push(id);
    }
    (job, applications)
}

async fn move_to(app: &TestApp, user: &TestUser, id: &str, body: Value) -> reqwest::Response {
    app.send_as(user, app.post(&format!("/api/v1/applications/{id}/transitions"), &body)).await
}

#[tokio::test]
async fn an_edit_never_undoes_a_concurrent_hire() {
    let app = TestApp::spawn().await;
    let (employer, _) = app.verified_employer().await;
    let (job, applications) = offers(&app, &employer, 10, 6).await;

    let hires = join_all(applications.iter().map(|id| move_to(&app, &employer, id, json!({"to": "hired"}))));
    let edits = join_all((0..6).map(|i| {
        let patch = json!({"title": format!("口岸货场装卸工（第{i}次修改）")});
        app.send_as(&employer, app.client.patch(app.url(&format!("/api/v1/jobs/{job}"))).json(&patch))
    }));
    let (hires, edits) = tokio::join!(hires, edits);
    let hire_statuses: Vec<_> = hires.iter().map(|r| r.status()).collect();
    assert!(hire_statuses.iter().all(|s| *s == StatusCode::OK), "every hire went through: {hire_statuses:?}");
    assert!(edits.iter().all(|r| r.status() == StatusCode::OK), "every edit went through");

    let res = app.send_as(&employer, app.get(&format!("/api/v1/jobs/{job}"))).await;
    let posting: Value = res.json().await.unwrap();
    assert_eq!(posting["headcount"], 10);
    assert_eq!(posting["openings_left"], 4, "6 hires taken from 10 openings: {posting}");
}

#[tokio::test]
async fn a_withdrawal_and_a_move_never_both_win() {
    let app = TestApp::spawn().await;
    let (employer, _) = app.verified_employer().await;
    let job = open_job(&app, &employer, job_body()).await;
    for round in 0..8 {
        let worker = app.worker().await;
        assert_eq!(put_profile(&app, &worker, &profile_body()).await, StatusCode::CREATED);
        let res =
            app.send_as(&worker, app.client.post(app.url(&format!("/api/v1/jobs/{job}/applications")))).await;
        let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
        let target = if round % 2 == 0 { "offered" } else { "rejected" };
        let (withdrawal, employer_move) = tokio::join!(
            move_to(&app, &worker, &id, json!({"to": "withdrawn"})),
            move_to(&app, &employer, &id, json!({"to": target})),
        );
        let won = [withdrawal.status(), employer_move.status()];
        assert!(won.iter().all(|s| *s == StatusCode::OK || *s == StatusCode::CONFLICT), "{won:?}");

        // The history is one chain of moves, each from where the last one left it, and it
        // ends where the application is.
        let res = app.send_as(&worker, app.get(&format!("/api/v1/applications/{id}"))).await;
        let application: Value = res.json().await.unwrap();
        let history = application["history"].as_array().unwrap();
        for pair in history.windows(2) {
            assert_eq!(
                pair[1]["from"], pair[0]["to"],
                "round {round}: a move overwrote another: {history:?}"
            );
        }
        assert_eq!(history.last().unwrap()["to"], application["status"], "round {round}");
        let successes = won.iter().filter(|s| **s == StatusCode::OK).count();
        assert_eq!(history.len(), 1 + successes, "round {round}: one entry per move that answered 200");
    }
}

#[tokio::test]
async fn an_unverified_employers_posting_takes_no_applications() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let (employer, org) = app.verified_employer().await;
    let job = open_job(&app, &employer, job_body()).await;
    let res = app
        .send_as(
            &admin,
            app.post(
                &format!("/api/v1/admin/organizations/{org}/verification"),
                &json!({"decision": "rejected", "reason": "营业执照已被吊销"}),
            ),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    let worker = app.worker().await;
    assert_eq!(put_profile(&app, &worker, &profile_body()).await, StatusCode::CREATED);
    let res =
        app.send_as(&worker, app.client.post(app.url(&format!("/api/v1/jobs/{job}/applications")))).await;
    laowu_tests::expect_problem(res, 404, "not_found").await;
}

#[tokio::test]
async fn an_unverified_schools_course_takes_no_enrolments() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let (school, org) = app.verified_school().await;
    let course = crate::courses::open_course(&app, &school, &crate::courses::course_body()).await;
    let res = app
        .send_as(
            &admin,
            app.post(
                &format!("/api/v1/admin/organizations/{org}/verification"),
                &json!({"decision": "rejected", "reason": "办学许可证过期"}),
            ),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    let worker = app.worker().await;
    let res = app
        .send_as(&worker, app.client.post(app.url(&format!("/api/v1/courses/{course}/enrollments"))))
        .await;
    laowu_tests::expect_problem(res, 404, "not_found").await;
}

#[tokio::test]
async fn sqlite_commits_are_durable_on_power_loss() {
    let app = TestApp::spawn().await;
    if laowu_tests::backend() != "sqlite" {
        return;
    }
    use sea_orm::{ConnectionTrait, Statement};
    let db = &app.state.db;
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), "PRAGMA synchronous"))
        .await
        .unwrap()
        .unwrap();
    let level: i32 = row.try_get_by_index(0).unwrap();
    assert_eq!(level, 2, "synchronous = FULL: a commit is on disk before it is answered");
}
