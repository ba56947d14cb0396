//! Employers and schools: one per account, verified by the bureau, private details for the
//! owner and the bureau only.

use laowu_tests::{TestApp, expect_problem, fresh_uscc, organization_body};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn an_employer_registers_and_the_bureau_verifies_it() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let employer = app.employer().await;
    let body = organization_body("二连浩特市口岸物流有限公司");
    let res = app.send_as(&employer, app.post("/api/v1/employers", &body)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let org: Value = res.json().await.unwrap();
    assert_eq!(org["status"], "pending");
    assert_eq!(org["kind"], "employer");
    assert_eq!(org["uscc"], body["uscc"]);
    assert_eq!(org["contact_phone"], body["contact_phone"]);
    let id = org["id"].as_str().unwrap().to_owned();

    let mine: Value = app.send_as(&employer, app.get("/api/v1/employers/me")).await.json().await.unwrap();
    assert_eq!(mine["id"], id.as_str());

    // Pending: invisible to the public and to other employers.
    expect_problem(app.get(&format!("/api/v1/employers/{id}")).send().await.unwrap(), 404, "not_found").await;
    let other = app.employer().await;
    expect_problem(app.send_as(&other, app.get(&format!("/api/v1/employers/{id}"))).await, 404, "not_found")
        .await;

    // The bureau sees the queue, with private details.
    let queue: Value = app
        .send_as(&admin, app.get("/api/v1/admin/organizations?status=pending"))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        queue["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["id"] == id.as_str() && o["uscc"] == body["uscc"])
    );

    let verify =
        |decision: Value| app.post(&format!("/api/v1/admin/organizations/{id}/verification"), &decision);
    let res = app.send_as(&admin, verify(json!({"decision": "rejected"}))).await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["pointer"], "/reason");
    assert_eq!(problem["errors"][0]["code"], "reason_required");
    let res =
        app.send_as(&admin, verify(json!({"decision": "rejected", "reason": "营业执照照片不清晰"}))).await;
    let rejected: Value = res.json().await.unwrap();
    assert_eq!(rejected["status"], "rejected");
    assert_eq!(rejected["rejection_reason"], "营业执照照片不清晰");
    let mine: Value = app.send_as(&employer, app.get("/api/v1/employers/me")).await.json().await.unwrap();
    assert_eq!(mine["rejection_reason"], "营业执照照片不清晰", "the employer sees why");

    let res = app.send_as(&admin, verify(json!({"decision": "verified"}))).await;
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "verified");

    // Verified: public, without private details.
    let public: Value =
        app.get(&format!("/api/v1/employers/{id}")).send().await.unwrap().json().await.unwrap();
    assert_eq!(public["name"], "二连浩特市口岸物流有限公司");
    assert_eq!(public["status"], "verified");
    assert_eq!(public["open_listings"], 0);
    assert!(public.get("uscc").is_none() && public.get("contact_phone").is_none());
}

#[tokio::test]
async fn only_the_bureau_verifies() {
    let app = TestApp::spawn().await;
    let employer = app.employer().await;
    let id = app.organization(&employer, "employers", "草原牧业合作社").await;
    for role in ["worker", "employer", "school"] {
        let someone = app.user(role).await;
        let res = app
            .send_as(
                &someone,
                app.post(
                    &format!("/api/v1/admin/organizations/{id}/verification"),
                    &json!({"decision": "verified"}),
                ),
            )
            .await;
        expect_problem(res, 403, "forbidden").await;
        expect_problem(app.send_as(&someone, app.get("/api/v1/admin/organizations")).await, 403, "forbidden")
            .await;
    }
    let res = app
        .post(&format!("/api/v1/admin/organizations/{id}/verification"), &json!({"decision": "verified"}))
        .send()
        .await
        .unwrap();
    expect_problem(res, 401, "unauthorized").await;
}

#[tokio::test]
async fn one_organisation_per_account_and_per_credit_code() {
    let app = TestApp::spawn().await;
    let employer = app.employer().await;
    let body = organization_body("口岸餐饮管理有限公司");
    assert_eq!(
        app.send_as(&employer, app.post("/api/v1/employers", &body)).await.status(),
        StatusCode::CREATED
    );
    let res = app.send_as(&employer, app.post("/api/v1/employers", &organization_body("另一个公司"))).await;
    expect_problem(res, 409, "organization_exists").await;
    let other = app.employer().await;
    let mut same_code = organization_body("冒名公司");
    same_code["uscc"] = body["uscc"].clone();
    expect_problem(app.send_as(&other, app.post("/api/v1/employers", &same_code)).await, 409, "uscc_taken")
        .await;
}

#[tokio::test]
async fn roles_own_their_kind_only() {
    let app = TestApp::spawn().await;
    let school = app.user("school").await;
    let worker = app.worker().await;
    let body = organization_body("某单位");
    expect_problem(app.send_as(&school, app.post("/api/v1/employers", &body)).await, 403, "forbidden").await;
    expect_problem(app.send_as(&worker, app.post("/api/v1/employers", &body)).await, 403, "forbidden").await;
    let school_id = app.organization(&school, "schools", "锡林郭勒职业技能培训学校").await;
    // A school is not an employer, whoever asks.
    expect_problem(
        app.send_as(&school, app.get(&format!("/api/v1/employers/{school_id}"))).await,
        404,
        "not_found",
    )
    .await;
    let mine: Value = app.send_as(&school, app.get("/api/v1/schools/me")).await.json().await.unwrap();
    assert_eq!(mine["kind"], "school");
    expect_problem(app.send_as(&worker, app.get("/api/v1/employers/me")).await, 403, "forbidden").await;
}

#[tokio::test]
async fn owners_edit_and_identity_changes_need_new_verification() {
    let app = TestApp::spawn().await;
    let (employer, id) = app.verified_employer().await;
    let patch = |body: Value| app.client.patch(app.url(&format!("/api/v1/employers/{id}"))).json(&body);
    let res = app.send_as(&employer, patch(json!({"address": "二连浩特市新华街 2 号"}))).await;
    let org: Value = res.json().await.unwrap();
    assert_eq!(org["address"], "二连浩特市新华街 2 号");
    assert_eq!(org["status"], "verified", "an address change keeps verification");
    let org: Value = app
        .send_as(&employer, patch(json!({"name": "二连浩特市口岸国际物流有限公司"})))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(org["status"], "pending", "a new name is checked again");

    let other = app.employer().await;
    expect_problem(app.send_as(&other, patch(json!({"address": "x 路 1 号"}))).await, 404, "not_found").await;
    let res = app.send_as(&employer, patch(json!({"status": "verified"}))).await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["code"], "unknown_field");
}

#[tokio::test]
async fn every_field_is_checked() {
    let app = TestApp::spawn().await;
    let employer = app.employer().await;
    let mut bad_check = fresh_uscc();
    let last = bad_check.pop().unwrap();
    bad_check.push(if last == '0' { '1' } else { '0' });
    let body = json!({
        "name": "x",
        "uscc": bad_check,
        "address": "二连浩特市口岸路 18 号",
        "location": {"lat": 95.0, "lng": 111.9},
        "region_code": "999999",
        "contact_phone": "0479-1234567",
    });
    let res = app.send_as(&employer, app.post("/api/v1/employers", &body)).await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    let mut errors: Vec<(String, String)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["pointer"].as_str().unwrap().to_owned(), e["code"].as_str().unwrap().to_owned()))
        .collect();
    errors.sort();
    let pointers: Vec<&str> = errors.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(pointers, ["/contact_phone", "/location", "/name", "/region_code", "/uscc"]);
    assert!(errors.contains(&("/region_code".to_owned(), "region_unknown".to_owned())));
    assert!(errors.contains(&("/name".to_owned(), "text_too_short".to_owned())));
    assert!(errors.contains(&("/contact_phone".to_owned(), "phone_invalid".to_owned())));
}
