//! Search and recommendations over HTTP, on the embedded index fed by the outbox indexer.

use laowu_tests::{TestApp, TestUser, eventually, expect_problem, profile_body};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::courses::{course_body, open_course};
use crate::jobs::{job_body, open_job};

fn welder_body(lat: f64, lng: f64, region: &str) -> Value {
    let mut b = job_body();
    b["title"] = json!("钢结构电焊工");
    b["description"] = json!("承接口岸钢结构厂房焊接，要求持证上岗。");
    b["occupation_code"] = json!("6-18-02-04");
    b["required_skills"] = json!([{"occupation_code": "6-18-02-04", "min_level": 3}]);
    b["pay"] = json!({"min": 9000, "max": 12000, "unit": "month", "cycle": "monthly"});
    b["work_type"] = json!("full_time");
    b["location"] = json!({"lat": lat, "lng": lng});
    b["region_code"] = json!(region);
    b["benefits"] = json!({"housing": false, "meals": true});
    b
}

/// The search result ids, once the index has caught up to `expected` results.
async fn search_until(app: &TestApp, query: &str, expected: usize) -> Value {
    eventually("the index to catch up", || async move {
        let res = app.get(&format!("/api/v1/jobs/search?{query}")).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let body: Value = res.json().await.unwrap();
        (body["items"].as_array().unwrap().len() == expected).then_some(body)
    })
    .await
}

fn ids(page: &Value) -> Vec<&str> {
    page["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn anyone_searches_jobs_by_chinese_words_filters_radius_and_facets() {
    let app = TestApp::spawn_indexed(|_| {}).await;
    let (employer, _) = app.verified_employer().await;
    let porter = open_job(&app, &employer, job_body()).await;
    let welder_here = open_job(&app, &employer, welder_body(43.66, 111.99, "152501")).await;
    // Xilinhot, about 330 km east.
    let welder_far = open_job(&app, &employer, welder_body(43.93, 116.08, "152502")).await;

    // `焊工` finds postings titled `电焊工`; the porter does not match.
    let page = search_until(&app, "q=%E7%84%8A%E5%B7%A5", 2).await;
    let mut found = ids(&page);
    found.sort();
    let mut want = vec![welder_here.as_str(), welder_far.as_str()];
    want.sort();
    assert_eq!(found, want);
    assert_eq!(page["total"], 2);

    // Within 30 km of the port, nearest first, with distances.
    let page = search_until(&app, "q=电焊&lat=43.6433&lng=111.9795&radius_km=30&sort=distance", 1).await;
    assert_eq!(ids(&page), [welder_here.as_str()]);
    let d = page["items"][0]["distance_km"].as_f64().unwrap();
    assert!((1.0..3.0).contains(&d), "about 2 km: {d}");
    assert_eq!(page["items"][0]["pay"]["monthly_min"], 9000.0);
    assert_eq!(page["items"][0]["occupation_name"], "焊工");

    // Filters and facets: the pay floor compares after normalising: 9000 a month is about
    // 414 a day, above the porter's 400 a day; 8000 a month (368 a day) is not.
    let page = search_until(&app, "min_pay=8000&pay_unit=month", 3).await;
    assert_eq!(page["total"], 3);
    let page = search_until(&app, "min_pay=9000&pay_unit=month&facets=work_type,housing&sort=pay", 2).await;
    assert!(!ids(&page).contains(&porter.as_str()));
    assert_eq!(page["facets"]["work_type"]["full_time"], 2);
    assert_eq!(page["facets"]["housing"]["false"], 2);
    let page = search_until(&app, "housing=true&facets=work_type", 1).await;
    assert_eq!(ids(&page), [porter.as_str()]);
    assert_eq!(page["facets"]["work_type"]["day_labour"], 1);

    // Region and occupation class filters.
    let page = search_until(&app, "region=152502", 1).await;
    assert_eq!(ids(&page), [welder_far.as_str()]);
    let page = search_until(&app, "occupation=6-18&limit=1", 1).await;
    assert_eq!(page["total"], 2, "the total counts every match, not only the page");
}

#[tokio::test]
async fn bad_search_parameters_are_problems_naming_the_parameter() {
    let app = TestApp::spawn_indexed(|_| {}).await;
    let cases = [
        ("radius_km=10", "radius_km", "search_radius_needs_point"),
        ("lat=43.6", "lng", "search_point_incomplete"),
        ("lat=95&lng=111", "lat", "lat_out_of_range"),
        ("sort=distance", "sort", "search_sort_needs_point"),
        ("sort=cheapest", "sort", "search_value_unknown"),
        ("facets=salary", "facets", "search_value_unknown"),
        ("work_type=nightshift", "work_type", "search_value_unknown"),
        ("limit=0", "limit", "search_limit_out_of_range"),
        ("limit=1000", "limit", "search_limit_out_of_range"),
        ("offset=20000", "offset", "search_offset_out_of_range"),
        ("min_pay=abc", "min_pay", "money_invalid"),
        ("occupation=9-99", "occupation", "occupation_unknown"),
        ("lat=43.6&lng=111.9&radius_km=0", "radius_km", "search_radius_out_of_range"),
    ];
    for (query, parameter, code) in cases {
        let res = app.get(&format!("/api/v1/jobs/search?{query}")).send().await.unwrap();
        let body = expect_problem(res, 422, "validation_failed").await;
        let errors = body["errors"].as_array().unwrap();
        assert!(
            errors.iter().any(|e| e["parameter"] == parameter && e["code"] == code),
            "{query}: {errors:?}"
        );
    }
    let long = "焊".repeat(101);
    let res = app.get(&format!("/api/v1/jobs/search?q={long}")).send().await.unwrap();
    expect_problem(res, 422, "validation_failed").await;
    // Not a number at all is the extractor's problem, still problem+json.
    let res = app.get("/api/v1/jobs/search?lat=north&lng=1").send().await.unwrap();
    let body = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["parameter"], "lat");
}

#[tokio::test]
async fn anyone_searches_open_courses() {
    let app = TestApp::spawn_indexed(|_| {}).await;
    let (school, _) = app.verified_school().await;
    let welding = open_course(&app, &school, &course_body()).await;
    let search = |query: &'static str, total: u64| {
        let app = &app;
        async move {
            eventually("the index to catch up", || async {
                let res = app.get(&format!("/api/v1/courses/search?{query}")).send().await.unwrap();
                let body: Value = res.json().await.unwrap();
                (body["total"] == total).then_some(body)
            })
            .await
        }
    };
    let mut forklift = course_body();
    forklift["title"] = json!("叉车司机培训");
    forklift["occupation_code"] = json!("6-30-05-01");
    forklift["subsidy"] = json!({"eligible": false, "amount": 0});
    forklift["fee"] = json!(800);
    let forklift = open_course(&app, &school, &forklift).await;

    let page = search("q=焊工&facets=subsidised", 1).await;
    assert_eq!(page["items"][0]["id"], welding.as_str());
    assert_eq!(page["items"][0]["subsidy_amount"], 1200.0);
    assert_eq!(page["facets"]["subsidised"]["true"], 1);
    let page = search("q=叉车", 1).await;
    assert_eq!(page["items"][0]["id"], forklift.as_str());
    let page = search("subsidised=true&facets=mode", 1).await;
    assert_eq!(page["facets"]["mode"]["general"], 1);
    search("", 2).await;
}

async fn worker_with_profile(app: &TestApp, body: Value) -> TestUser {
    let worker = app.worker().await;
    let res = app.send_as(&worker, app.client.put(app.url("/api/v1/workers/me/profile")).json(&body)).await;
    assert!(res.status().is_success(), "{:?}", res.text().await);
    worker
}

#[tokio::test]
async fn a_worker_gets_ranked_jobs_with_reasons() {
    let app = TestApp::spawn_indexed(|_| {}).await;
    let (employer, _) = app.verified_employer().await;
    // The worker handles cargo (level 2) and would like to weld; lives at the port.
    let worker = worker_with_profile(&app, profile_body()).await;
    let porter = open_job(&app, &employer, job_body()).await;
    let welder = open_job(&app, &employer, welder_body(43.66, 111.99, "152501")).await;

    let recs = eventually("the index to catch up", || async {
        let res = app.send_as(&worker, app.get("/api/v1/workers/me/recommendations/jobs")).await;
        assert_eq!(res.status(), StatusCode::OK);
        let body: Value = res.json().await.unwrap();
        (body["items"].as_array().unwrap().len() == 2).then_some(body)
    })
    .await;
    let items = recs["items"].as_array().unwrap();
    assert_eq!(items[0]["job"]["id"], porter.as_str(), "the worker's own trade ranks first");
    assert_eq!(items[1]["job"]["id"], welder.as_str());
    assert!(items[0]["score"].as_f64().unwrap() > items[1]["score"].as_f64().unwrap());

    let first = &items[0];
    let icons: Vec<&str> = first["icons"].as_array().unwrap().iter().map(|i| i.as_str().unwrap()).collect();
    for icon in ["skill_match", "near", "pay_ok", "housing", "meals", "language_ok"] {
        assert!(icons.contains(&icon), "{icon} missing from {icons:?}");
    }
    let reasons = &first["reasons"];
    assert_eq!(reasons["skills_matched"][0]["occupation_code"], "4-02-05-01");
    assert_eq!(reasons["skills_matched"][0]["worker_level"], 2);
    assert_eq!(reasons["pay"]["fits"], true);
    assert_eq!(reasons["pay"]["worker_min_daily"], 250.0);
    assert!(reasons["distance_km"].as_f64().unwrap() < 2.0);
    let b = &first["breakdown"];
    let sum: f64 = ["skill", "distance", "pay", "benefits", "language", "freshness", "work_type", "dates"]
        .iter()
        .map(|c| b[c]["contribution"].as_f64().unwrap())
        .sum();
    assert!((sum * b["penalty"].as_f64().unwrap() - first["score"].as_f64().unwrap()).abs() < 0.01);

    // The welding job asks for level 3 in a trade the worker only wishes for.
    let missing = &items[1]["reasons"]["skills_missing"][0];
    assert_eq!(missing["occupation_code"], "6-18-02-04");
    assert_eq!(missing["required_level"], 3);
    assert!(items[1]["icons"].as_array().unwrap().contains(&json!("skill_missing")));

    // Only for workers, and only with a profile.
    let res = app.send_as(&employer, app.get("/api/v1/workers/me/recommendations/jobs")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let newcomer = app.worker().await;
    let res = app.send_as(&newcomer, app.get("/api/v1/workers/me/recommendations/jobs")).await;
    expect_problem(res, 409, "profile_required").await;
    let res = app.get("/api/v1/workers/me/recommendations/jobs").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_employer_sees_discoverable_candidates_for_its_own_posting_only() {
    let app = TestApp::spawn_indexed(|_| {}).await;
    let (employer, _) = app.verified_employer().await;
    let job = open_job(&app, &employer, job_body()).await;
    let visible = worker_with_profile(&app, profile_body()).await;
    let mut hidden_profile = profile_body();
    hidden_profile["discoverable"] = json!(false);
    worker_with_profile(&app, hidden_profile).await;

    let path = format!("/api/v1/jobs/{job}/candidates");
    let recs = eventually("the index to catch up", || async {
        let body: Value = app.send_as(&employer, app.get(&path)).await.json().await.unwrap();
        (body["items"].as_array().unwrap().len() == 1).then_some(body)
    })
    .await;
    let c = &recs["items"][0];
    assert_eq!(c["worker"]["worker_id"], visible.id.as_str());
    assert_eq!(c["worker"]["display_name"], "巴**");
    assert_eq!(c["worker"]["skills"][0]["occupation_code"], "4-02-05-01");
    assert!(c["worker"].get("phone_masked").is_none() && c["worker"].get("name").is_none());
    assert!(c["reasons"]["skills_matched"].as_array().unwrap().len() == 1);

    // Another employer cannot look, not even to learn the posting exists.
    let (other, _) = app.verified_employer().await;
    expect_problem(app.send_as(&other, app.get(&path)).await, 404, "not_found").await;
    let worker = app.worker().await;
    assert_eq!(app.send_as(&worker, app.get(&path)).await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn course_recommendations_say_how_many_jobs_they_open_up() {
    let app = TestApp::spawn_indexed(|_| {}).await;
    let (employer, _) = app.verified_employer().await;
    let (school, _) = app.verified_school().await;
    // Two welding postings nearby asking for level 2; the worker has no welding at all.
    let mut body = welder_body(43.66, 111.99, "152501");
    body["required_skills"] = json!([{"occupation_code": "6-18-02-04", "min_level": 2}]);
    open_job(&app, &employer, body.clone()).await;
    open_job(&app, &employer, body).await;
    open_job(&app, &employer, job_body()).await;
    let course = open_course(&app, &school, &course_body()).await;
    let worker = worker_with_profile(&app, profile_body()).await;

    let recs = eventually("the index to catch up", || async {
        let res = app.send_as(&worker, app.get("/api/v1/workers/me/recommendations/courses")).await;
        assert_eq!(res.status(), StatusCode::OK);
        let body: Value = res.json().await.unwrap();
        (body["items"].as_array().unwrap().first().is_some_and(|c| c["jobs_unlocked"] == 2)).then_some(body)
    })
    .await;
    let first = &recs["items"][0];
    assert_eq!(first["course"]["id"], course.as_str());
    assert_eq!(first["course"]["subsidy_amount"], 1200.0);
    assert_eq!(first["net_cost"], 0.0);
    assert_eq!(first["example_jobs"].as_array().unwrap().len(), 2);
    assert!(first["unlocked_pay_max_daily"].as_f64().unwrap() > 500.0, "12000 a month ≈ 551.72 a day");
    let res = app.send_as(&employer, app.get("/api/v1/workers/me/recommendations/courses")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app.get("/api/v1/workers/me/recommendations/courses").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}
