//! The search indexer: writes reach the index through the outbox, non-public records leave
//! it, a search outage never touches writes, several indexers share the outbox, and a
//! rebuild gives the same index as the database.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use laowu_api::indexer::{self, Indexer};
use laowu_api::services::search_docs;
use laowu_api::store::outbox::{self, Topic};
use laowu_search::{Document, Kind};
use laowu_tests::search::FlakyIndex;
use laowu_tests::{TestApp, TestUser, profile_body};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::sync::watch;
use uuid::Uuid;

use crate::courses::{course_body, open_course};
use crate::jobs::{job_body, open_job};

fn uuid(s: &str) -> Uuid {
    s.parse().unwrap()
}

/// What the index should hold: every public record in the database, built the way a
/// rebuild builds it.
async fn expected(app: &TestApp) -> BTreeMap<(Kind, Uuid), Document> {
    let mut out = BTreeMap::new();
    for topic in [Topic::Job, Topic::Course, Topic::Worker] {
        let mut after = None;
        loop {
            let page = search_docs::page(&app.state.db, topic, after, 7, chrono::Utc::now()).await.unwrap();
            let Some(last) = page.last else { break };
            after = Some(last);
            out.extend(page.docs.into_iter().map(|d| ((d.kind(), d.id()), d)));
        }
    }
    out
}

/// The indexed document, if any.
async fn get(app: &TestApp, kind: Kind, id: &str) -> Option<Document> {
    app.state.search.fetch(kind, &[uuid(id)]).await.unwrap().pop()
}

/// The index holds exactly the public records of the database, as they are now.
async fn assert_index_is_the_database(app: &TestApp) {
    let expected = expected(app).await;
    for kind in Kind::ALL {
        let docs: Vec<&Document> = expected.iter().filter(|((k, _), _)| *k == kind).map(|(_, d)| d).collect();
        let ids: Vec<Uuid> = docs.iter().map(|d| d.id()).collect();
        assert_eq!(app.state.search.count(kind).await.unwrap(), docs.len() as u64, "{kind:?} count");
        let indexed = app.state.search.fetch(kind, &ids).await.unwrap();
        assert_eq!(indexed.iter().collect::<Vec<_>>(), docs, "{kind:?} documents");
    }
}

async fn close_job(app: &TestApp, employer: &TestUser, job: &str) {
    let res = app.send_as(employer, app.post(&format!("/api/v1/jobs/{job}/close"), &json!({}))).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_indexer_catches_up_after_writes() {
    let app = TestApp::spawn_indexed(|_| {}).await;
    assert_eq!(app.state.search.backend(), "embedded");
    let (employer, org) = app.verified_employer().await;
    let job = open_job(&app, &employer, job_body()).await;
    app.eventually("the job is indexed", || async { get(&app, Kind::Job, &job).await.is_some() }).await;
    let Some(Document::Job(doc)) = get(&app, Kind::Job, &job).await else { unreachable!() };
    assert_eq!(doc.employer_id, uuid(&org));
    assert_eq!(doc.employer_name, "二连浩特市口岸物流有限公司");
    assert_eq!(doc.title, "口岸货场装卸工");
    assert_eq!(doc.status, "open");
    assert_eq!(doc.occupation_path, ["4", "4-02", "4-02-05", "4-02-05-01"]);
    assert!(!doc.occupation_names.is_empty(), "names from the reference catalogue");
    assert_eq!(doc.region_path, ["15", "1525", "152501"]);
    assert_eq!((doc.daily_pay_min, doc.daily_pay_max), (30_000, 40_000));

    // An edit shows up too: the indexer reads the latest state.
    let patch = app
        .client
        .patch(app.url(&format!("/api/v1/jobs/{job}")))
        .json(&json!({"title": "货场装卸工（日结）"}));
    assert_eq!(app.send_as(&employer, patch).await.status(), StatusCode::OK);
    app.eventually("the edit is indexed", || async {
        matches!(get(&app, Kind::Job, &job).await, Some(Document::Job(d)) if d.title == "货场装卸工（日结）")
    })
    .await;

    // A discoverable worker is indexed without personal data.
    let worker = app.worker().await;
    let mut profile = profile_body();
    profile["id_number"] = json!(laowu_tests::id_number("15252319880101123"));
    let res =
        app.send_as(&worker, app.client.put(app.url("/api/v1/workers/me/profile")).json(&profile)).await;
    assert!(res.status().is_success(), "{}", res.text().await.unwrap());
    app.eventually("the worker is indexed", || async { get(&app, Kind::Worker, &worker.id).await.is_some() })
        .await;
    let Some(Document::Worker(w)) = get(&app, Kind::Worker, &worker.id).await else { unreachable!() };
    assert_eq!(w.min_daily_wage, 25_000, "250 yuan a day in fen");
    assert_eq!(w.desired_occupations, ["4-02-05-01", "6-18-02-04"]);
    assert!(w.skill_path.contains(&"6-18".to_owned()));
    let text = serde_json::to_string(&w).unwrap();
    for secret in ["巴特尔", worker.phone.as_str(), "152523198801011", "1988"] {
        assert!(!text.contains(secret), "worker document leaks {secret}: {text}");
    }

    // Hiding the profile removes it.
    profile["discoverable"] = json!(false);
    app.send_as(&worker, app.client.put(app.url("/api/v1/workers/me/profile")).json(&profile)).await;
    app.eventually("the hidden worker leaves the index", || async {
        get(&app, Kind::Worker, &worker.id).await.is_none()
    })
    .await;
    app.indexed().await;
    assert_index_is_the_database(&app).await;
}

#[tokio::test]
async fn closing_a_job_and_rejecting_an_employer_remove_documents() {
    let app = TestApp::spawn_indexed(|_| {}).await;
    let (employer, org) = app.verified_employer().await;
    let a = open_job(&app, &employer, job_body()).await;
    let b = open_job(&app, &employer, job_body()).await;
    let (school, _) = app.verified_school().await;
    let course = open_course(&app, &school, &course_body()).await;
    app.indexed().await;
    assert!(get(&app, Kind::Job, &a).await.is_some() && get(&app, Kind::Job, &b).await.is_some());
    assert!(get(&app, Kind::Course, &course).await.is_some());

    close_job(&app, &employer, &a).await;
    app.eventually("the closed job leaves", || async { get(&app, Kind::Job, &a).await.is_none() }).await;
    assert!(get(&app, Kind::Job, &b).await.is_some());

    let admin = app.admin().await;
    let res = app
        .send_as(
            &admin,
            app.post(
                &format!("/api/v1/admin/organizations/{org}/verification"),
                &json!({"decision": "rejected", "reason": "营业执照与名称不符"}),
            ),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    app.eventually("the rejected employer's job leaves", || async {
        get(&app, Kind::Job, &b).await.is_none()
    })
    .await;
    assert!(get(&app, Kind::Course, &course).await.is_some(), "other organisations are untouched");
    app.indexed().await;
    assert_index_is_the_database(&app).await;
}

#[tokio::test]
async fn a_search_outage_never_fails_or_slows_writes() {
    let mut flaky = None;
    let app = TestApp::spawn_indexed_on(
        |index| {
            let f = FlakyIndex::new(index);
            flaky = Some(f.clone());
            f
        },
        |_| {},
    )
    .await;
    let engine = flaky.unwrap();
    let (employer, _) = app.verified_employer().await;
    app.indexed().await;

    // The engine hangs for two seconds on every call, then fails.
    engine.go_down(2_000);
    let mut jobs = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        jobs.push(open_job(&app, &employer, job_body()).await);
        assert!(started.elapsed() < Duration::from_millis(1_500), "a write waited for search");
    }
    let worker = app.worker().await;
    let res = app
        .send_as(&worker, app.client.put(app.url("/api/v1/workers/me/profile")).json(&profile_body()))
        .await;
    assert!(res.status().is_success());
    let res = app.get("/readyz").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "search does not gate readiness");

    // The events wait, with their failures recorded and their claims released between
    // attempts (read in one snapshot: the next attempt may claim a row again at any time).
    let failed = laowu_tests::eventually("a failed attempt is recorded and its claim released", || async {
        let rows = outbox::all(&app.state.db).await.unwrap();
        rows.into_iter().find(|r| {
            r.processed_at.is_none() && r.attempts >= 1 && r.last_error.is_some() && r.claimed_by.is_none()
        })
    })
    .await;
    assert!(failed.last_error.as_deref().unwrap().contains("unavailable"), "{failed:?}");
    assert!(failed.next_attempt_at > failed.created_at, "retried later, not at once");
    assert!(outbox::pending_count(&app.state.db).await.unwrap() >= 4);
    engine.come_back();
    assert!(get(&app, Kind::Job, &jobs[0]).await.is_none());
    engine.go_down(0);
    let res = app.get("/readyz").send().await.unwrap();
    let body: Value = res.json().await.unwrap();
    assert!(body["search"]["pending_events"].as_u64().unwrap() >= 4, "{body}");
    let metrics = app.metrics().await;
    assert!(metrics.contains("laowu_search_index_failures_total"), "{metrics}");

    // The engine comes back; the index catches up.
    engine.come_back();
    app.indexed().await;
    for job in &jobs {
        assert!(get(&app, Kind::Job, job).await.is_some());
    }
    assert!(get(&app, Kind::Worker, &worker.id).await.is_some());
    assert_index_is_the_database(&app).await;
    assert!(engine.failures() > 0);
}

#[tokio::test]
async fn a_refused_document_does_not_hold_back_the_others() {
    let mut flaky = None;
    let app = TestApp::spawn_indexed_on(
        |index| {
            let f = FlakyIndex::new(index);
            flaky = Some(f.clone());
            f
        },
        |c| c.search.indexer = laowu_api::config::IndexerMode::Off,
    )
    .await;
    let engine = flaky.unwrap();
    let (employer, _) = app.verified_employer().await;
    let mut jobs = Vec::new();
    for _ in 0..3 {
        jobs.push(open_job(&app, &employer, job_body()).await);
    }
    engine.refuse(uuid(&jobs[1]));
    let step = Indexer::new(app.state.clone()).step().await.unwrap();
    assert!(step.failed);
    assert_eq!(step.upserted, 2, "{step:?}");
    assert!(get(&app, Kind::Job, &jobs[0]).await.is_some() && get(&app, Kind::Job, &jobs[2]).await.is_some());
    assert!(get(&app, Kind::Job, &jobs[1]).await.is_none());
    let waiting: Vec<_> =
        outbox::all(&app.state.db).await.unwrap().into_iter().filter(|r| r.processed_at.is_none()).collect();
    assert_eq!(waiting.len(), 2, "only the refused posting's two events wait");
    assert!(waiting.iter().all(|r| r.entity_id == uuid(&jobs[1]) && r.attempts == 1));
    assert!(waiting[0].last_error.as_deref().unwrap().contains("refused"), "{waiting:?}");

    engine.accept_all();
    tokio::time::sleep(Duration::from_millis(200)).await; // past the retry delay (50 ms in tests)
    let step = Indexer::new(app.state.clone()).step().await.unwrap();
    assert!(!step.failed && step.upserted == 1, "{step:?}");
    assert_index_is_the_database(&app).await;
}

#[tokio::test]
async fn readiness_reports_the_index_lag() {
    // No indexer runs: events pile up.
    let app = TestApp::spawn_indexed(|c| c.search.indexer = laowu_api::config::IndexerMode::Off).await;
    let body: Value = app.get("/readyz").send().await.unwrap().json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["search"]["backend"], "embedded");
    assert_eq!(body["search"]["reachable"], true);
    assert_eq!(body["search"]["pending_events"], 0);
    assert_eq!(body["search"]["oldest_pending_at"], Value::Null);
    assert_eq!(body["search"]["lag_seconds"], 0);

    let (employer, _) = app.verified_employer().await;
    open_job(&app, &employer, job_body()).await;
    let res = app.get("/readyz").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["search"]["pending_events"], 2, "created and opened: {body}");
    assert!(body["search"]["oldest_pending_at"].is_string());
    assert!(body["search"]["lag_seconds"].as_i64().unwrap() >= 0);
}

#[tokio::test]
async fn reindex_rebuilds_the_index_from_the_database() {
    let app = TestApp::spawn_indexed(|c| c.search.indexer = laowu_api::config::IndexerMode::Off).await;
    let (employer, _) = app.verified_employer().await;
    let mut jobs = Vec::new();
    for _ in 0..5 {
        jobs.push(open_job(&app, &employer, job_body()).await);
    }
    close_job(&app, &employer, &jobs[0]).await;
    let (school, _) = app.verified_school().await;
    open_course(&app, &school, &course_body()).await;
    let worker = app.worker().await;
    app.send_as(&worker, app.client.put(app.url("/api/v1/workers/me/profile")).json(&profile_body())).await;
    // Something stale that the database no longer has.
    let Some((_, stale)) = expected(&app).await.into_iter().next() else { unreachable!() };
    let mut stale = stale;
    if let Document::Job(j) = &mut stale {
        j.id = Uuid::now_v7();
    }
    app.state.search.upsert(vec![stale]).await.unwrap();
    assert!(outbox::pending_count(&app.state.db).await.unwrap() > 0);

    // Batches of two: several pages per kind.
    let report = indexer::rebuild(&app.state, 2).await.unwrap();
    assert_eq!(report.indexed["jobs"], 4, "the closed job is not public");
    assert_eq!(report.scanned["jobs"], 5);
    assert_eq!(report.indexed["courses"], 1);
    assert_eq!(report.indexed["workers"], 1);
    assert_index_is_the_database(&app).await;
    assert_eq!(outbox::pending_count(&app.state.db).await.unwrap(), 0, "the rebuild covers every event");
    assert!(report.events_done > 0);
    assert_eq!(report.events_requeued, 0);
    let counts = indexer::counts(&app.state).await.unwrap();
    assert_eq!(counts, vec![(Kind::Job, 4), (Kind::Course, 1), (Kind::Worker, 1)]);
}

#[tokio::test]
async fn two_indexers_share_the_outbox_without_losing_events() {
    let app = TestApp::spawn_indexed(|c| {
        c.search.indexer = laowu_api::config::IndexerMode::Off;
        c.search.batch_size = 4;
        c.search.poll_interval_ms = 10;
    })
    .await;
    let (employer, _) = app.verified_employer().await;
    let mut jobs = Vec::new();
    for _ in 0..12 {
        jobs.push(open_job(&app, &employer, job_body()).await);
    }

    // Two indexers, as two `laowu indexer` processes would run, while writes go on.
    let (stop, stopped) = watch::channel(false);
    let a = Indexer::new(app.state.clone());
    let b = Indexer::new(app.state.clone());
    assert_ne!(a.worker_id(), b.worker_id());
    let runs = [tokio::spawn(a.run(stopped.clone())), tokio::spawn(b.run(stopped))];

    let db = &app.state.db;
    for round in 0..6 {
        for (i, job) in jobs.iter().enumerate() {
            match (round + i) % 4 {
                0 => close_job(&app, &employer, job).await,
                1 => {
                    let res = app
                        .send_as(&employer, app.post(&format!("/api/v1/jobs/{job}/open"), &json!({})))
                        .await;
                    assert!(res.status() == StatusCode::OK || res.status() == StatusCode::CONFLICT);
                }
                2 => {
                    let title = format!("装卸工 第{round}轮 {i}");
                    let patch = app
                        .client
                        .patch(app.url(&format!("/api/v1/jobs/{job}")))
                        .json(&json!({"title": title}));
                    assert_eq!(app.send_as(&employer, patch).await.status(), StatusCode::OK);
                }
                _ => {
                    // Replayed events for the same posting: harmless.
                    for _ in 0..3 {
                        let (search, event) = (outbox::Consumer::SEARCH, uuid::Uuid::now_v7());
                        outbox::record(db, search, Topic::Job, uuid(job), event, chrono::Utc::now())
                            .await
                            .unwrap();
                    }
                }
            }
        }
    }
    app.indexed().await;
    let _ = stop.send(true);
    for run in runs {
        run.await.unwrap();
    }

    let rows = outbox::all(db).await.unwrap();
    assert!(rows.len() > 120, "{} events", rows.len());
    assert!(rows.iter().all(|r| r.processed_at.is_some() && r.attempts == 0), "every event applied once");
    let workers: std::collections::BTreeSet<_> =
        rows.iter().filter_map(|r| r.claimed_by.as_deref()).map(|t| t.split('#').next().unwrap()).collect();
    assert_eq!(workers.len(), 2, "both indexers took batches: {workers:?}");
    assert_index_is_the_database(&app).await;
}

/// Two indexers claiming at the same moment get disjoint batches, each at most the batch
/// size (on PostgreSQL a one-statement `UPDATE … IN (SELECT … LIMIT … SKIP LOCKED)` once
/// claimed everything at once).
#[tokio::test]
async fn simultaneous_claims_are_disjoint_and_bounded() {
    let app = TestApp::spawn_indexed(|c| {
        c.search.indexer = laowu_api::config::IndexerMode::Off;
        c.search.batch_size = 4;
    })
    .await;
    let (employer, _) = app.verified_employer().await;
    for _ in 0..6 {
        open_job(&app, &employer, job_body()).await;
    }
    let total = outbox::pending_count(&app.state.db).await.unwrap() as usize;
    assert_eq!(total, 12);
    let a = Indexer::new(app.state.clone());
    let b = Indexer::new(app.state.clone());
    let mut claimed = 0;
    for _ in 0..4 {
        let (ra, rb) = tokio::join!(a.step(), b.step());
        let (ra, rb) = (ra.unwrap(), rb.unwrap());
        assert!(ra.claimed <= 4 && rb.claimed <= 4, "{ra:?} {rb:?}");
        assert!(!ra.failed && !rb.failed);
        claimed += ra.claimed + rb.claimed;
    }
    assert_eq!(claimed, total, "every event claimed once");
    assert_eq!(outbox::pending_count(&app.state.db).await.unwrap(), 0);
    assert_index_is_the_database(&app).await;
}
