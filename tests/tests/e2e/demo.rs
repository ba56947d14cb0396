//! `serve --demo`: the generated Erenhot dataset loads once and works through the API.

use laowu_tests::TestApp;
use laowu_tests::laowu_api::demo;
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn the_demo_dataset_loads_once_and_is_usable() {
    let app = TestApp::spawn().await;
    assert!(demo::load(&app.state).await.unwrap().created);
    assert!(!demo::load(&app.state).await.unwrap().created, "a second load adds nothing");

    // Anyone can browse the open postings, all of them real occupations with pay.
    let page: Value = app.get("/api/v1/jobs?limit=100").send().await.unwrap().json().await.unwrap();
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 100);
    assert!(page["next_cursor"].as_str().is_some());
    assert!(items.iter().all(|j| j["status"] == "open" && j["pay"]["daily_min"].as_f64().unwrap() > 0.0));
    let erenhot: Value =
        app.get("/api/v1/jobs?region=152501&limit=100").send().await.unwrap().json().await.unwrap();
    assert!(!erenhot["items"].as_array().unwrap().is_empty());

    // The printed logins work, and each role finds its data.
    let login = |phone: &'static str| {
        let res = app.login(phone, demo::DEMO_PASSWORD);
        async move {
            let res = res.await;
            assert_eq!(res.status(), StatusCode::OK, "{phone}");
            res.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned()
        }
    };
    let worker = login(demo::WORKER_PHONE).await;
    let res = app.get("/api/v1/workers/me/profile").bearer_auth(&worker).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let employer = login(demo::EMPLOYER_PHONE).await;
    let mine: Value = app
        .get("/api/v1/employers/me/jobs")
        .bearer_auth(&employer)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!mine["items"].as_array().unwrap().is_empty());
    let org: Value =
        app.get("/api/v1/employers/me").bearer_auth(&employer).send().await.unwrap().json().await.unwrap();
    assert_eq!(org["status"], "verified");
    let school = login(demo::SCHOOL_PHONE).await;
    let org: Value =
        app.get("/api/v1/schools/me").bearer_auth(&school).send().await.unwrap().json().await.unwrap();
    assert_eq!(org["status"], "verified");
    let courses: Value = app
        .get("/api/v1/schools/me/courses")
        .bearer_auth(&school)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!courses["items"].as_array().unwrap().is_empty());
    let public: Value =
        app.get("/api/v1/courses?subsidy=true&limit=100").send().await.unwrap().json().await.unwrap();
    assert!(!public["items"].as_array().unwrap().is_empty(), "subsidised courses are listed");
    // A demo worker can enrol in a demo course.
    let course = public["items"][0]["id"].as_str().unwrap().to_owned();
    let res = app
        .client
        .post(app.url(&format!("/api/v1/courses/{course}/enrollments")))
        .bearer_auth(&worker)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let admin = login(demo::ADMIN_PHONE).await;
    let me: Value = app.get("/api/v1/me").bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["role"], "admin");
}

#[tokio::test]
async fn the_demo_is_searchable_and_its_worker_gets_recommendations() {
    let app = TestApp::spawn_indexed(|_| {}).await;
    assert!(demo::load(&app.state).await.unwrap().created);
    app.indexed().await;

    let page: Value = app
        .get(
            "/api/v1/jobs/search?q=装卸&lat=43.6531&lng=111.9771&radius_km=20&sort=distance&facets=work_type",
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(page["total"].as_u64().unwrap() > 0, "{page}");
    assert!(page["items"][0]["distance_km"].as_f64().unwrap() <= 20.0);

    let res = app.login(demo::WORKER_PHONE, demo::DEMO_PASSWORD).await;
    let token = res.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned();
    let recs = json_of(app.get("/api/v1/workers/me/recommendations/jobs").bearer_auth(&token)).await;
    let items = recs["items"].as_array().unwrap();
    assert_eq!(items.len(), 20, "a full list from 600 postings");
    let scores: Vec<f64> = items.iter().map(|i| i["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "best first: {scores:?}");
    assert!(items.iter().all(|i| !i["icons"].as_array().unwrap().is_empty()));
    let courses = json_of(app.get("/api/v1/workers/me/recommendations/courses").bearer_auth(&token)).await;
    assert!(courses["items"].is_array());
}

async fn json_of(req: reqwest::RequestBuilder) -> Value {
    let res = req.send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}
