//! Job postings: drafts, publishing, the fee screen, the public list, ownership.

use laowu_tests::{TestApp, TestUser, expect_problem};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A day `days` from today (China time), as the API writes dates.
pub fn day(days: i64) -> String {
    let today = laowu_tests::laowu_api::laowu_domain::calendar::china_date(chrono::Utc::now());
    (today + chrono::Duration::days(days)).to_string()
}

/// A valid posting: work from today for four months, so it can always be published.
pub fn job_body() -> Value {
    json!({
        "title": "口岸货场装卸工",
        "description": "二连浩特公路口岸货场装卸蒙古国进口货物，包吃住，日结。",
        "occupation_code": "4-02-05-01",
        "required_skills": [{"occupation_code": "4-02-05-01", "min_level": 1}],
        "headcount": 3,
        "pay": {"min": 300, "max": 400, "unit": "day", "cycle": "daily"},
        "work_type": "day_labour",
        "start_date": day(0),
        "end_date": day(120),
        "location": {"lat": 43.6433, "lng": 111.9795},
        "region_code": "152501",
        "address": "二连浩特市公路口岸货场",
        "benefits": {"housing": true, "meals": true},
        "languages": ["zh", "mn"]
    })
}

/// Creates and opens a posting; returns its id.
pub async fn open_job(app: &TestApp, employer: &TestUser, body: Value) -> String {
    let res = app.send_as(employer, app.post("/api/v1/jobs", &body)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    let res = app.send_as(employer, app.post(&format!("/api/v1/jobs/{id}/open"), &json!({}))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "open");
    id
}

#[tokio::test]
async fn a_verified_employer_publishes_and_anyone_can_browse() {
    let app = TestApp::spawn().await;
    let (employer, org) = app.verified_employer().await;
    let res = app.send_as(&employer, app.post("/api/v1/jobs", &job_body())).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let draft: Value = res.json().await.unwrap();
    assert_eq!(draft["status"], "draft");
    assert_eq!(draft["employer"]["id"], org.as_str());
    assert_eq!(draft["occupation_name"], "装卸搬运工");
    assert_eq!(draft["openings_left"], 3);
    assert_eq!(draft["pay"]["daily_min"], 300.0);
    assert_eq!(draft["pay"]["monthly_min"], 6525.0, "300 a day × 21.75 days");
    let id = draft["id"].as_str().unwrap().to_owned();

    // A draft is the employer's alone.
    expect_problem(app.get(&format!("/api/v1/jobs/{id}")).send().await.unwrap(), 404, "not_found").await;
    let list: Value = app.get("/api/v1/jobs").send().await.unwrap().json().await.unwrap();
    assert!(list["items"].as_array().unwrap().is_empty());

    let res = app.send_as(&employer, app.post(&format!("/api/v1/jobs/{id}/open"), &json!({}))).await;
    let opened: Value = res.json().await.unwrap();
    assert_eq!(opened["status"], "open");
    assert!(opened["expires_at"].as_str().is_some() && opened["opened_at"].as_str().is_some());

    let public: Value = app.get(&format!("/api/v1/jobs/{id}")).send().await.unwrap().json().await.unwrap();
    assert_eq!(public["title"], "口岸货场装卸工");
    assert_eq!(public["benefits"]["housing"], true);
    let list: Value = app.get("/api/v1/jobs").send().await.unwrap().json().await.unwrap();
    assert_eq!(list["items"][0]["id"], id.as_str());
    assert_eq!(list["next_cursor"], Value::Null);

    let employers: Value =
        app.get(&format!("/api/v1/employers/{org}")).send().await.unwrap().json().await.unwrap();
    assert_eq!(employers["open_listings"], 1);

    let res = app.send_as(&employer, app.post(&format!("/api/v1/jobs/{id}/close"), &json!({}))).await;
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "closed");
    let list: Value = app.get("/api/v1/jobs").send().await.unwrap().json().await.unwrap();
    assert!(list["items"].as_array().unwrap().is_empty());
    let res = app.send_as(&employer, app.post(&format!("/api/v1/jobs/{id}/close"), &json!({}))).await;
    expect_problem(res, 409, "job_transition_not_allowed").await;
}

#[tokio::test]
async fn only_verified_employers_post_and_edit() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let employer = app.employer().await;
    let res = app.send_as(&employer, app.post("/api/v1/jobs", &job_body())).await;
    expect_problem(res, 409, "organization_required").await;
    let org = app.organization(&employer, "employers", "未审核的公司").await;
    let res = app.send_as(&employer, app.post("/api/v1/jobs", &job_body())).await;
    expect_problem(res, 409, "organization_not_verified").await;

    app.verify(&admin, &org).await;
    let id = open_job(&app, &employer, job_body()).await;
    // The bureau withdraws its verification: the employer can no longer edit or re-open,
    // but can still take the posting down.
    let res = app
        .send_as(
            &admin,
            app.post(
                &format!("/api/v1/admin/organizations/{org}/verification"),
                &json!({"decision": "rejected", "reason": "拖欠工资"}),
            ),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let patch =
        app.client.patch(app.url(&format!("/api/v1/jobs/{id}"))).json(&json!({"title": "新标题的岗位"}));
    expect_problem(app.send_as(&employer, patch).await, 409, "organization_not_verified").await;
    let res = app.send_as(&employer, app.post(&format!("/api/v1/jobs/{id}/close"), &json!({}))).await;
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "closed");
    let res = app.send_as(&employer, app.post(&format!("/api/v1/jobs/{id}/open"), &json!({}))).await;
    expect_problem(res, 409, "organization_not_verified").await;
}

#[tokio::test]
async fn postings_that_charge_workers_are_held_for_the_bureau() {
    let app = TestApp::spawn().await;
    let (employer, _) = app.verified_employer().await;
    let admin = app.admin().await;
    let mut body = job_body();
    body["description"] = json!("入职需交押金500元，体检费自理，身份证由公司统一保管。");
    let res = app.send_as(&employer, app.post("/api/v1/jobs", &body)).await;
    let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    let res = app
        .send_as(
            &employer,
            app.post(&format!("/api/v1/jobs/{id}/open"), &json!({})).header("accept-language", "en"),
        )
        .await;
    let held: Value = res.json().await.unwrap();
    assert_eq!(held["status"], "under_review");
    let codes: Vec<&str> =
        held["review_flags"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"screen_deposit"), "{codes:?}");
    assert!(codes.contains(&"screen_fee"), "{codes:?}");
    assert!(held["review_flags"][0]["message"].as_str().is_some_and(|m| !m.is_empty()));

    // Not published: not in the list, not readable by the public.
    let list: Value = app.get("/api/v1/jobs").send().await.unwrap().json().await.unwrap();
    assert!(list["items"].as_array().unwrap().is_empty());
    expect_problem(app.get(&format!("/api/v1/jobs/{id}")).send().await.unwrap(), 404, "not_found").await;

    // The bureau sees it in its queue and sends it back with a note.
    let queue: Value = app.send_as(&admin, app.get("/api/v1/admin/jobs/held")).await.json().await.unwrap();
    assert_eq!(queue["items"][0]["id"], id.as_str());
    let review = |body: Value| app.post(&format!("/api/v1/admin/jobs/{id}/review"), &body);
    let res = app.send_as(&employer, review(json!({"decision": "approve"}))).await;
    expect_problem(res, 403, "forbidden").await;
    let res = app.send_as(&admin, review(json!({"decision": "reject"}))).await;
    expect_problem(res, 422, "validation_failed").await;
    let res =
        app.send_as(&admin, review(json!({"decision": "reject", "reason": "不得向求职者收取押金"}))).await;
    let back: Value = res.json().await.unwrap();
    assert_eq!(back["status"], "draft");
    assert_eq!(back["review_note"], "不得向求职者收取押金");

    // The employer fixes the text and publishes.
    let fixed = json!({"description": "包吃住，不收取任何费用，公司承担体检费。"});
    let res =
        app.send_as(&employer, app.client.patch(app.url(&format!("/api/v1/jobs/{id}"))).json(&fixed)).await;
    let edited: Value = res.json().await.unwrap();
    assert!(edited.get("review_flags").is_none(), "{edited}");
    let res = app.send_as(&employer, app.post(&format!("/api/v1/jobs/{id}/open"), &json!({}))).await;
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "open");

    // Editing an open posting to ask for a fee sends it back to review.
    let bad = json!({"description": "上岗前需缴纳保证金1000元。"});
    let res =
        app.send_as(&employer, app.client.patch(app.url(&format!("/api/v1/jobs/{id}"))).json(&bad)).await;
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "under_review");
    let res = app.send_as(&admin, review(json!({"decision": "approve"}))).await;
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "open");
}

#[tokio::test]
async fn other_employers_cannot_touch_a_posting() {
    let app = TestApp::spawn().await;
    let (owner, _) = app.verified_employer().await;
    let (other, _) = app.verified_employer().await;
    let worker = app.worker().await;
    let res = app.send_as(&owner, app.post("/api/v1/jobs", &job_body())).await;
    let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    let patch =
        app.client.patch(app.url(&format!("/api/v1/jobs/{id}"))).json(&json!({"title": "被篡改的标题"}));
    expect_problem(app.send_as(&other, patch).await, 404, "not_found").await;
    for action in ["open", "close"] {
        let res = app.send_as(&other, app.post(&format!("/api/v1/jobs/{id}/{action}"), &json!({}))).await;
        expect_problem(res, 404, "not_found").await;
    }
    expect_problem(app.send_as(&other, app.get(&format!("/api/v1/jobs/{id}"))).await, 404, "not_found").await;
    // Other roles are refused outright.
    let res = app.send_as(&worker, app.post("/api/v1/jobs", &job_body())).await;
    expect_problem(res, 403, "forbidden").await;
    let res = app.send_as(&worker, app.post(&format!("/api/v1/jobs/{id}/open"), &json!({}))).await;
    expect_problem(res, 403, "forbidden").await;
    // Each employer lists only its own.
    let mine: Value = app.send_as(&other, app.get("/api/v1/employers/me/jobs")).await.json().await.unwrap();
    assert!(mine["items"].as_array().unwrap().is_empty());
    let mine: Value = app.send_as(&owner, app.get("/api/v1/employers/me/jobs")).await.json().await.unwrap();
    assert_eq!(mine["items"][0]["id"], id.as_str());
}

#[tokio::test]
async fn clients_cannot_set_status_owner_or_openings() {
    let app = TestApp::spawn().await;
    let (employer, _) = app.verified_employer().await;
    for (field, value) in [
        ("status", json!("open")),
        ("employer_id", json!("x")),
        ("openings_left", json!(99)),
        ("id", json!("x")),
    ] {
        let mut body = job_body();
        body[field] = value;
        let res = app.send_as(&employer, app.post("/api/v1/jobs", &body)).await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["pointer"], format!("/{field}"));
        assert_eq!(problem["errors"][0]["code"], "unknown_field");
    }
}

#[tokio::test]
async fn pay_and_every_other_field_are_validated() {
    let app = TestApp::spawn().await;
    let (employer, _) = app.verified_employer().await;
    let mut body = job_body();
    body.as_object_mut().unwrap().remove("pay");
    let problem = expect_problem(
        app.send_as(&employer, app.post("/api/v1/jobs", &body)).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["pointer"], "/pay");
    assert_eq!(problem["errors"][0]["code"], "required", "pay is mandatory");

    let cases = [
        (json!({"pay": {"min": 0, "unit": "day", "cycle": "daily"}}), "/pay", "pay_min_required"),
        (
            json!({"pay": {"min": 300, "max": 200, "unit": "day", "cycle": "daily"}}),
            "/pay",
            "pay_max_below_min",
        ),
        (
            json!({"pay": {"min": 2, "unit": "piece", "cycle": "monthly"}}),
            "/pay",
            "pay_piece_estimate_required",
        ),
        (json!({"pay": {"min": 300.123, "unit": "day", "cycle": "daily"}}), "/pay/min", "money_invalid"),
        (json!({"pay": {"min": 300, "unit": "week", "cycle": "daily"}}), "/pay/unit", "invalid_value"),
        (json!({"occupation_code": "9-99-99-99"}), "/occupation_code", "occupation_unknown"),
        (json!({"headcount": 0}), "/headcount", "headcount_out_of_range"),
        (json!({"start_date": "2027-01-10", "end_date": "2027-01-01"}), "/end_date", "end_before_start"),
        (json!({"start_date": "2027-02-30"}), "/start_date", "invalid_value"),
        (
            json!({"required_skills": [{"occupation_code": "6-18-02-04", "min_level": 6}]}),
            "/required_skills/0/min_level",
            "skill_level_out_of_range",
        ),
        (json!({"expires_at": "2020-01-01T00:00:00Z"}), "/expires_at", "expires_at_past"),
        (json!({"title": "x"}), "/title", "text_too_short"),
        (json!({"location": {"lat": 43.6, "lng": 200.0}}), "/location", "lng_out_of_range"),
    ];
    for (patch, pointer, code) in cases {
        let mut body = job_body();
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        let res = app.send_as(&employer, app.post("/api/v1/jobs", &body)).await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        let found = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["pointer"] == pointer && e["code"] == code);
        assert!(found, "{patch} → expected {pointer} {code}, got {}", problem["errors"]);
    }
}

#[tokio::test]
async fn the_public_list_filters_and_pages() {
    let app = TestApp::spawn().await;
    let (employer, _) = app.verified_employer().await;
    let porter = open_job(&app, &employer, job_body()).await;
    let mut welder = job_body();
    welder["title"] = json!("钢结构焊工");
    welder["occupation_code"] = json!("6-18-02-04");
    welder["work_type"] = json!("full_time");
    welder["pay"] = json!({"min": 8000, "max": 10000, "unit": "month", "cycle": "monthly"});
    welder["region_code"] = json!("152502");
    welder["benefits"] = json!({"housing": false});
    let welder = open_job(&app, &employer, welder).await;

    let ids = |v: &Value| -> Vec<String> {
        v["items"].as_array().unwrap().iter().map(|j| j["id"].as_str().unwrap().to_owned()).collect()
    };
    let get = |q: &'static str| {
        let req = app.get(&format!("/api/v1/jobs?{q}"));
        async move { req.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    assert_eq!(ids(&get("occupation=6-18").await), vec![welder.as_str()], "a class finds its occupations");
    assert_eq!(ids(&get("occupation=4-02-05-01").await), vec![porter.as_str()]);
    assert_eq!(ids(&get("region=152501").await), vec![porter.as_str()]);
    assert_eq!(ids(&get("region=152500").await).len(), 2, "a league includes its banners and cities");
    assert_eq!(ids(&get("work_type=full_time").await), vec![welder.as_str()]);
    assert_eq!(ids(&get("housing=true").await), vec![porter.as_str()]);
    // 8000-10000 a month is 368-460 a day; 300-400 a day tops out at 400.
    assert_eq!(ids(&get("min_pay=420").await), vec![welder.as_str()]);
    assert_eq!(ids(&get("min_pay=9000&pay_unit=month").await), vec![welder.as_str()]);
    assert_eq!(ids(&get("min_pay=55&pay_unit=hour").await), vec![welder.as_str()]);

    let first = get("limit=1").await;
    assert_eq!(ids(&first), vec![welder.as_str()], "newest first");
    let cursor = first["next_cursor"].as_str().unwrap().to_owned();
    let second: Value =
        app.get(&format!("/api/v1/jobs?limit=1&cursor={cursor}")).send().await.unwrap().json().await.unwrap();
    assert_eq!(ids(&second), vec![porter.as_str()]);
    assert_eq!(second["next_cursor"], Value::Null);

    let problem =
        expect_problem(app.get("/api/v1/jobs?region=999999").send().await.unwrap(), 422, "validation_failed")
            .await;
    assert_eq!(problem["errors"][0]["parameter"], "region");
    let problem = expect_problem(
        app.get("/api/v1/jobs?min_pay=5&pay_unit=piece").send().await.unwrap(),
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["parameter"], "pay_unit");
}

#[tokio::test]
async fn postings_expire_on_their_date() {
    let clock = std::sync::Arc::new(laowu_tests::laowu_api::clock::ManualClock::new(chrono::Utc::now()));
    let app = TestApp::spawn_clocked(clock.clone(), |_| {}).await;
    let (employer, _) = app.verified_employer().await;
    let mut body = job_body();
    body["expires_at"] = json!((chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339());
    let id = open_job(&app, &employer, body).await;
    let list: Value = app.get("/api/v1/jobs").send().await.unwrap().json().await.unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    clock.advance(chrono::Duration::hours(2));
    let list: Value = app.get("/api/v1/jobs").send().await.unwrap().json().await.unwrap();
    assert!(list["items"].as_array().unwrap().is_empty(), "an expired posting is no longer listed");
    let job: Value = app.get(&format!("/api/v1/jobs/{id}")).send().await.unwrap().json().await.unwrap();
    assert_eq!(job["status"], "expired");
    // The employer may publish it again, with a new expiry.
    let res = app.send_as(&employer, app.post(&format!("/api/v1/jobs/{id}/open"), &json!({}))).await;
    let reopened: Value = res.json().await.unwrap();
    assert_eq!(reopened["status"], "open");
    assert!(reopened["expires_at"].as_str().unwrap() > job["expires_at"].as_str().unwrap());
}

#[tokio::test]
async fn work_that_has_ended_is_not_published() {
    let clock = std::sync::Arc::new(laowu_tests::laowu_api::clock::ManualClock::new(chrono::Utc::now()));
    let app = TestApp::spawn_clocked(clock.clone(), |_| {}).await;
    let (employer, _) = app.verified_employer().await;
    let mut body = job_body();
    body["end_date"] = json!(day(3));
    let res = app.send_as(&employer, app.post("/api/v1/jobs", &body)).await;
    let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    clock.advance(chrono::Duration::days(20));
    let res = app.send_as(&employer, app.post(&format!("/api/v1/jobs/{id}/open"), &json!({}))).await;
    expect_problem(res, 409, "job_work_ended").await;
    // With new dates it goes up.
    let patch = json!({"start_date": day(20), "end_date": day(60)});
    let res =
        app.send_as(&employer, app.client.patch(app.url(&format!("/api/v1/jobs/{id}"))).json(&patch)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.send_as(&employer, app.post(&format!("/api/v1/jobs/{id}/open"), &json!({}))).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn postings_of_an_employer_the_bureau_rejects_are_no_longer_shown() {
    use laowu_tests::laowu_api::store::outbox;
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let (employer, org) = app.verified_employer().await;
    let id = open_job(&app, &employer, job_body()).await;
    let queued = outbox::pending_count(&app.state.db).await.unwrap();
    let res = app
        .send_as(
            &admin,
            app.post(
                &format!("/api/v1/admin/organizations/{org}/verification"),
                &json!({"decision": "rejected", "reason": "拖欠农民工工资"}),
            ),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(outbox::pending_count(&app.state.db).await.unwrap(), queued + 1, "the index hears of it");
    let list: Value = app.get("/api/v1/jobs").send().await.unwrap().json().await.unwrap();
    assert!(list["items"].as_array().unwrap().is_empty());
    expect_problem(app.get(&format!("/api/v1/jobs/{id}")).send().await.unwrap(), 404, "not_found").await;
    // The employer still sees its own posting.
    assert_eq!(app.send_as(&employer, app.get(&format!("/api/v1/jobs/{id}"))).await.status(), StatusCode::OK);
    // Verified again, it is back.
    app.verify(&admin, &org).await;
    let list: Value = app.get("/api/v1/jobs").send().await.unwrap().json().await.unwrap();
    assert_eq!(list["items"][0]["id"], id.as_str());
}
