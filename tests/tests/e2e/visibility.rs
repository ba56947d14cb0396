//! One visibility rule: for postings in every status, of employers verified and not, the
//! public list (SQL), a public read, an application and the search document all agree
//! with the posting's own rule (`Posting::visible_to`, `Posting::is_listed`).

use std::sync::Arc;

use chrono::{Duration, Utc};
use laowu_tests::laowu_api::clock::{Clock, ManualClock};
use laowu_tests::laowu_api::laowu_domain::posting::{Posting, Viewer};
use laowu_tests::laowu_api::services::search_docs;
use laowu_tests::laowu_api::store::{jobs as job_store, organizations as org_store};
use laowu_tests::{TestApp, TestUser, profile_body};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::jobs::{job_body, open_job};

async fn draft(app: &TestApp, employer: &TestUser, body: Value) -> String {
    let res = app.send_as(employer, app.post("/api/v1/jobs", &body)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned()
}

async fn post(app: &TestApp, user: &TestUser, path: &str, body: Value) -> StatusCode {
    app.send_as(user, app.post(path, &body)).await.status()
}

/// Every posting id the public list shows, all pages.
async fn listed(app: &TestApp) -> Vec<String> {
    let mut ids = Vec::new();
    let mut cursor = None::<String>;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/jobs?limit=100&cursor={c}"),
            None => "/api/v1/jobs?limit=100".to_owned(),
        };
        let page: Value = app.get(&path).send().await.unwrap().json().await.unwrap();
        ids.extend(page["items"].as_array().unwrap().iter().map(|j| j["id"].as_str().unwrap().to_owned()));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => return ids,
        }
    }
}

#[tokio::test]
async fn reads_lists_applications_and_search_follow_one_rule() {
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let app = TestApp::spawn_clocked(clock.clone(), |_| {}).await;
    let admin = app.admin().await;
    let (employer, _) = app.verified_employer().await;
    let (lapsed, lapsed_org) = app.verified_employer().await;

    let mut ids = Vec::new();
    ids.push(draft(&app, &employer, job_body()).await); // draft
    ids.push(open_job(&app, &employer, job_body()).await); // open
    let closed = open_job(&app, &employer, job_body()).await;
    assert_eq!(
        post(&app, &employer, &format!("/api/v1/jobs/{closed}/close"), json!({})).await,
        StatusCode::OK
    );
    ids.push(closed);
    let mut harmful = job_body();
    harmful["description"] = json!("入职先交押金500元，工资月结。");
    let held = draft(&app, &employer, harmful).await;
    assert_eq!(post(&app, &employer, &format!("/api/v1/jobs/{held}/open"), json!({})).await, StatusCode::OK);
    ids.push(held); // under_review
    let mut one = job_body();
    one["headcount"] = json!(1);
    let filled = open_job(&app, &employer, one).await;
    let hired = app.worker().await;
    app.send_as(&hired, app.client.put(app.url("/api/v1/workers/me/profile")).json(&profile_body())).await;
    let res =
        app.send_as(&hired, app.client.post(app.url(&format!("/api/v1/jobs/{filled}/applications")))).await;
    let application = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    for to in ["offered", "hired"] {
        let path = format!("/api/v1/applications/{application}/transitions");
        assert_eq!(post(&app, &employer, &path, json!({"to": to})).await, StatusCode::OK);
    }
    ids.push(filled); // filled
    let mut soon = job_body();
    soon["expires_at"] = json!((clock.now() + Duration::hours(2)).to_rfc3339());
    ids.push(open_job(&app, &employer, soon).await); // expires in two hours
    ids.push(open_job(&app, &lapsed, job_body()).await); // its employer loses verification
    let path = format!("/api/v1/admin/organizations/{lapsed_org}/verification");
    let rejected = json!({"decision": "rejected", "reason": "营业执照已被吊销"});
    assert_eq!(post(&app, &admin, &path, rejected).await, StatusCode::OK);

    let worker = app.worker().await;
    app.send_as(&worker, app.client.put(app.url("/api/v1/workers/me/profile")).json(&profile_body())).await;
    for hours in [0, 3] {
        clock.advance(Duration::hours(hours));
        let now = clock.now();
        let list = listed(&app).await;
        for id in &ids {
            let uuid: uuid::Uuid = id.parse().unwrap();
            let db = &app.state.db;
            let posting: Posting = job_store::find(db, uuid).await.unwrap().unwrap();
            let org = org_store::find(db, posting.employer_id()).await.unwrap().unwrap();
            let what = format!("{id} ({:?}, employer {:?}, +{hours}h)", posting.status_at(now), org.status);

            let is_listed = posting.is_listed(org.status, now);
            assert_eq!(list.contains(id), is_listed, "the list: {what}");
            assert_eq!(
                search_docs::job_doc(&posting, Some(&org), now).is_some(),
                is_listed,
                "search: {what}"
            );

            let public = app.get(&format!("/api/v1/jobs/{id}")).send().await.unwrap().status();
            assert_eq!(
                public == StatusCode::OK,
                posting.visible_to(Viewer::Public, org.status, now),
                "read: {what}"
            );

            let applied = app
                .send_as(&worker, app.client.post(app.url(&format!("/api/v1/jobs/{id}/applications"))))
                .await;
            let expected = match posting.accepts_applications(org.status, now) {
                Ok(()) => StatusCode::CREATED,
                Err(laowu_tests::laowu_api::laowu_domain::posting::Refusal::Unseen) => StatusCode::NOT_FOUND,
                Err(laowu_tests::laowu_api::laowu_domain::posting::Refusal::NotOpen) => StatusCode::CONFLICT,
            };
            // A second round may find the first round's application: 409 application_exists.
            if !(hours > 0 && expected == StatusCode::CREATED) {
                assert_eq!(applied.status(), expected, "apply: {what}");
            }
        }
    }
    // The rule saw every case: listed and not, readable and not.
    let now = clock.now();
    let mut seen = std::collections::BTreeSet::new();
    for id in &ids {
        let posting: Posting = job_store::find(&app.state.db, id.parse().unwrap()).await.unwrap().unwrap();
        seen.insert(posting.status_at(now).as_str());
    }
    for status in ["draft", "open", "closed", "under_review", "filled", "expired"] {
        assert!(seen.contains(status), "{status} covered: {seen:?}");
    }
}
