//! Occupations and regions: public, searchable, paginated.

use laowu_tests::{TestApp, expect_problem};
use reqwest::StatusCode;
use serde_json::Value;

async fn get_json(app: &TestApp, path: &str) -> Value {
    let res = app.get(path).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.json().await.unwrap()
}

fn names(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn a_worker_typing_initials_or_pinyin_finds_welders() {
    let app = TestApp::spawn().await;
    for q in ["hg", "hangong", "焊工", "welder"] {
        let page = get_json(&app, &format!("/api/v1/occupations?q={}&depth=4", urlencode(q))).await;
        assert!(names(&page).iter().any(|n| n == "焊工"), "{q}: {:?}", names(&page));
    }
    let page = get_json(&app, "/api/v1/occupations?q=hg&depth=4").await;
    assert_eq!(page["items"][0]["name"], "焊工", "exact initials first");
    assert_eq!(page["items"][0]["code"], "6-18-02-04");
    assert_eq!(page["items"][0]["parent_code"], "6-18-02");
}

#[tokio::test]
async fn code_prefixes_walk_the_classification() {
    let app = TestApp::spawn().await;
    let majors = get_json(&app, "/api/v1/occupations?depth=1").await;
    assert_eq!(majors["items"].as_array().unwrap().len(), 8);
    let page = get_json(&app, "/api/v1/occupations?q=6-29&depth=4&limit=100").await;
    let items = page["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|o| o["code"].as_str().unwrap().starts_with("6-29-")));
    let one = get_json(&app, "/api/v1/occupations/6-18-02-04").await;
    assert_eq!(one["name_en"], "Welder");
    expect_problem(app.get("/api/v1/occupations/9-99-99-99").send().await.unwrap(), 404, "not_found").await;
}

#[tokio::test]
async fn occupation_pages_cover_everything_once() {
    let app = TestApp::spawn().await;
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/occupations?depth=4&limit=100&cursor={c}"),
            None => "/api/v1/occupations?depth=4&limit=100".to_owned(),
        };
        let page = get_json(&app, &path).await;
        for o in page["items"].as_array().unwrap() {
            seen.push(o["code"].as_str().unwrap().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    let total = seen.len();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), total, "no repeats across pages");
    assert!(total >= 300, "{total} occupations");
}

#[tokio::test]
async fn bad_list_parameters_are_named() {
    let app = TestApp::spawn().await;
    let body = expect_problem(
        app.get("/api/v1/occupations?limit=1000").send().await.unwrap(),
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["parameter"], "limit");
    assert_eq!(body["errors"][0]["code"], "limit_out_of_range");
    let body = expect_problem(
        app.get("/api/v1/occupations?limit=abc").send().await.unwrap(),
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["parameter"], "limit");
    let body = expect_problem(
        app.get("/api/v1/occupations?cursor=%%%").send().await.unwrap(),
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["parameter"], "cursor");
    let body = expect_problem(
        app.get("/api/v1/occupations?depth=7").send().await.unwrap(),
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["code"], "depth_out_of_range");
}

#[tokio::test]
async fn regions_include_erenhot_with_its_seat() {
    let app = TestApp::spawn().await;
    let page = get_json(&app, "/api/v1/regions?parent_code=152500&limit=100").await;
    let erenhot = page["items"].as_array().unwrap().iter().find(|r| r["code"] == "152501").expect("Erenhot");
    assert_eq!(erenhot["name"], "二连浩特市");
    assert_eq!(erenhot["level"], "county");
    assert!((erenhot["location"]["lat"].as_f64().unwrap() - 43.65).abs() < 0.1);
    let leagues = get_json(&app, "/api/v1/regions?parent_code=150000").await;
    assert_eq!(leagues["items"].as_array().unwrap().len(), 12);
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' { (b as char).to_string() } else { format!("%{b:02X}") }
        })
        .collect()
}
