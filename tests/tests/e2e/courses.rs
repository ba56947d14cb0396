//! Training courses: drafts, opening and closing, verification, ownership, validation, the
//! public list.

use laowu_tests::{TestApp, TestUser, expect_problem};
use reqwest::StatusCode;
use serde_json::{Value, json};

pub fn course_body() -> Value {
    json!({
        "title": "电焊工（初级）培训班",
        "description": "焊条电弧焊、安全操作与识图，结业参加职业技能等级认定。",
        "occupation_code": "6-18-02-04",
        "target_level": 2,
        "hours": 120,
        "start_date": "2026-12-07",
        "end_date": "2027-01-15",
        "schedule": "周一至周五 8:30–16:30",
        "location": {"lat": 43.6525, "lng": 111.977},
        "region_code": "152501",
        "address": "二连浩特市职业技能实训基地",
        "fee": 0,
        "subsidy": {"eligible": true, "amount": 1200},
        "capacity": 30,
        "certificate": "职业技能等级证书（四级）",
        "mode": "general"
    })
}

/// Creates a draft; returns its id.
pub async fn draft_course(app: &TestApp, school: &TestUser, body: &Value) -> String {
    let res = app.send_as(school, app.post("/api/v1/courses", body)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned()
}

/// Creates and opens a course; returns its id.
pub async fn open_course(app: &TestApp, school: &TestUser, body: &Value) -> String {
    let id = draft_course(app, school, body).await;
    let res = app.send_as(school, app.post(&format!("/api/v1/courses/{id}/open"), &json!({}))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "open");
    id
}

/// The course as `user` sees it (anonymous when `None`).
pub async fn course(app: &TestApp, user: Option<&TestUser>, id: &str) -> reqwest::Response {
    let req = app.get(&format!("/api/v1/courses/{id}"));
    match user {
        Some(u) => app.send_as(u, req).await,
        None => req.send().await.unwrap(),
    }
}

fn ids(v: &Value) -> Vec<String> {
    v["items"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect()
}

fn patch(app: &TestApp, id: &str, body: &Value) -> reqwest::RequestBuilder {
    app.client.patch(app.url(&format!("/api/v1/courses/{id}"))).json(body)
}

#[tokio::test]
async fn a_school_drafts_opens_closes_and_anyone_can_browse() {
    let app = TestApp::spawn().await;
    let (school, school_org) = app.verified_school().await;
    let admin = app.admin().await;
    let (other_school, _) = app.verified_school().await;
    let worker = app.worker().await;

    let res = app.send_as(&school, app.post("/api/v1/courses", &course_body())).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let draft: Value = res.json().await.unwrap();
    let id = draft["id"].as_str().unwrap().to_owned();
    assert_eq!(draft["status"], "draft");
    assert_eq!(draft["school"]["id"], school_org.as_str());
    assert_eq!(draft["school"]["name"], "锡林郭勒职业技能培训学校");
    assert_eq!(draft["occupation_name"], "焊工");
    assert_eq!(draft["target_level_name"], "四级/中级工");
    assert_eq!(draft["capacity"], 30);
    assert_eq!(draft["seats_left"], 30);
    assert_eq!(draft["fee"], 0.0);
    assert_eq!(draft["subsidy"], json!({"eligible": true, "amount": 1200.0}));
    assert_eq!(draft["mode"], "general");
    assert_eq!(draft["ordering_employer"], Value::Null);

    // A draft is the school's and the bureau's only.
    expect_problem(course(&app, None, &id).await, 404, "not_found").await;
    expect_problem(course(&app, Some(&worker), &id).await, 404, "not_found").await;
    expect_problem(course(&app, Some(&other_school), &id).await, 404, "not_found").await;
    assert_eq!(course(&app, Some(&school), &id).await.status(), StatusCode::OK);
    assert_eq!(course(&app, Some(&admin), &id).await.status(), StatusCode::OK);
    let list: Value = app.get("/api/v1/courses").send().await.unwrap().json().await.unwrap();
    assert!(ids(&list).is_empty(), "drafts are not listed");

    let action = |a: &str| app.post(&format!("/api/v1/courses/{id}/{a}"), &json!({}));
    expect_problem(app.send_as(&school, action("close")).await, 409, "course_transition_not_allowed").await;
    let res = app.send_as(&school, action("open")).await;
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "open");
    expect_problem(app.send_as(&school, action("open")).await, 409, "course_transition_not_allowed").await;
    let list: Value = app.get("/api/v1/courses").send().await.unwrap().json().await.unwrap();
    assert_eq!(ids(&list), vec![id.clone()]);
    let public: Value = course(&app, None, &id).await.json().await.unwrap();
    assert_eq!(public["status"], "open");

    // Closed: still readable, no longer listed; it can open again.
    let res = app.send_as(&school, action("close")).await;
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "closed");
    assert_eq!(course(&app, None, &id).await.status(), StatusCode::OK);
    let list: Value = app.get("/api/v1/courses").send().await.unwrap().json().await.unwrap();
    assert!(ids(&list).is_empty());
    let res = app.send_as(&school, action("open")).await;
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "open");

    // The school lists its own in every status.
    let second = draft_course(&app, &school, &course_body()).await;
    let mine: Value = app.send_as(&school, app.get("/api/v1/schools/me/courses")).await.json().await.unwrap();
    assert_eq!(ids(&mine), vec![second.clone(), id.clone()]);
    let page: Value =
        app.send_as(&school, app.get("/api/v1/schools/me/courses?limit=1")).await.json().await.unwrap();
    assert_eq!(ids(&page), vec![second]);
    let cursor = page["next_cursor"].as_str().unwrap().to_owned();
    let page: Value = app
        .send_as(&school, app.get(&format!("/api/v1/schools/me/courses?limit=1&cursor={cursor}")))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ids(&page), vec![id]);
    assert_eq!(page["next_cursor"], Value::Null);

    // English names on request.
    let res =
        app.send_as(&school, app.get("/api/v1/schools/me/courses").header("accept-language", "en")).await;
    assert_eq!(res.json::<Value>().await.unwrap()["items"][0]["target_level_name"], "Intermediate");
}

#[tokio::test]
async fn only_verified_schools_draft_edit_and_open() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let school = app.user("school").await;
    let res = app.send_as(&school, app.post("/api/v1/courses", &course_body())).await;
    expect_problem(res, 409, "organization_required").await;
    let res = app.send_as(&school, app.get("/api/v1/schools/me/courses")).await;
    expect_problem(res, 409, "organization_required").await;

    let org = app.organization(&school, "schools", "二连浩特市家政培训学校").await;
    let res = app.send_as(&school, app.post("/api/v1/courses", &course_body())).await;
    expect_problem(res, 409, "organization_not_verified").await;

    app.verify(&admin, &org).await;
    let id = draft_course(&app, &school, &course_body()).await;
    let res = app.send_as(&school, app.post(&format!("/api/v1/courses/{id}/open"), &json!({}))).await;
    assert_eq!(res.status(), StatusCode::OK);
    let school_view: Value =
        app.get(&format!("/api/v1/schools/{org}")).send().await.unwrap().json().await.unwrap();
    assert_eq!(school_view["open_listings"], 1);
}

#[tokio::test]
async fn other_schools_get_404_and_other_roles_403() {
    let app = TestApp::spawn().await;
    let (owner, _) = app.verified_school().await;
    let (other, _) = app.verified_school().await;
    let (employer, _) = app.verified_employer().await;
    let worker = app.worker().await;
    let draft = draft_course(&app, &owner, &course_body()).await;
    let open = open_course(&app, &owner, &course_body()).await;

    for id in [&draft, &open] {
        let res = app.send_as(&other, patch(&app, id, &json!({"title": "被篡改的标题"}))).await;
        expect_problem(res, 404, "not_found").await;
        for action in ["open", "close"] {
            let res =
                app.send_as(&other, app.post(&format!("/api/v1/courses/{id}/{action}"), &json!({}))).await;
            expect_problem(res, 404, "not_found").await;
        }
    }
    let unchanged: Value = course(&app, Some(&owner), &open).await.json().await.unwrap();
    assert_eq!(unchanged["title"], "电焊工（初级）培训班");
    assert_eq!(unchanged["status"], "open");

    for user in [&worker, &employer] {
        let res = app.send_as(user, app.post("/api/v1/courses", &course_body())).await;
        expect_problem(res, 403, "forbidden").await;
        let res = app.send_as(user, patch(&app, &open, &json!({"title": "被篡改的标题"}))).await;
        expect_problem(res, 403, "forbidden").await;
        let res = app.send_as(user, app.post(&format!("/api/v1/courses/{open}/close"), &json!({}))).await;
        expect_problem(res, 403, "forbidden").await;
        let res = app.send_as(user, app.get("/api/v1/schools/me/courses")).await;
        expect_problem(res, 403, "forbidden").await;
    }
    let res = app.post("/api/v1/courses", &course_body()).send().await.unwrap();
    expect_problem(res, 401, "unauthorized").await;

    let mine: Value = app.send_as(&other, app.get("/api/v1/schools/me/courses")).await.json().await.unwrap();
    assert!(ids(&mine).is_empty());
}

#[tokio::test]
async fn an_order_based_course_names_a_verified_employer() {
    let app = TestApp::spawn().await;
    let (school, school_org) = app.verified_school().await;
    let (_, employer_org) = app.verified_employer().await;
    let pending = app.employer().await;
    let pending_org = app.organization(&pending, "employers", "二连浩特市待审核商贸有限公司").await;

    let cases = [
        (json!({"mode": "order_based"}), "ordering_employer_required"),
        (json!({"mode": "general", "ordering_employer_id": employer_org}), "ordering_employer_not_allowed"),
        (json!({"mode": "targeted", "ordering_employer_id": employer_org}), "ordering_employer_not_allowed"),
        (json!({"mode": "order_based", "ordering_employer_id": pending_org}), "ordering_employer_invalid"),
        (json!({"mode": "order_based", "ordering_employer_id": school_org}), "ordering_employer_invalid"),
        (
            json!({"mode": "order_based", "ordering_employer_id": "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"}),
            "ordering_employer_invalid",
        ),
    ];
    for (fields, code) in cases {
        let mut body = course_body();
        for (k, v) in fields.as_object().unwrap() {
            body[k] = v.clone();
        }
        let res = app.send_as(&school, app.post("/api/v1/courses", &body)).await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["pointer"], "/ordering_employer_id", "{fields}");
        assert_eq!(problem["errors"][0]["code"], code, "{fields}");
    }

    let mut body = course_body();
    body["mode"] = json!("order_based");
    body["ordering_employer_id"] = json!(employer_org);
    let res = app.send_as(&school, app.post("/api/v1/courses", &body)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["mode"], "order_based");
    assert_eq!(created["ordering_employer"]["id"], employer_org.as_str());
    assert_eq!(created["ordering_employer"]["name"], "二连浩特市口岸物流有限公司");
    let id = created["id"].as_str().unwrap();

    // Turning it into a general course needs the employer removed with it.
    let res = app.send_as(&school, patch(&app, id, &json!({"mode": "general"}))).await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["code"], "ordering_employer_not_allowed");
    let res = app
        .send_as(&school, patch(&app, id, &json!({"mode": "general", "ordering_employer_id": null})))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let general: Value = res.json().await.unwrap();
    assert_eq!(general["mode"], "general");
    assert_eq!(general["ordering_employer"], Value::Null);
    assert_eq!(general["title"], "电焊工（初级）培训班", "the rest is kept");

    // And the filter finds order-based courses.
    let mut ordered = body.clone();
    ordered["title"] = json!("口岸物流订单班");
    let ordered = open_course(&app, &school, &ordered).await;
    let list: Value = app.get("/api/v1/courses?mode=order_based").send().await.unwrap().json().await.unwrap();
    assert_eq!(ids(&list), vec![ordered]);
}

#[tokio::test]
async fn every_field_is_validated_with_a_pointer() {
    let app = TestApp::spawn().await;
    let (school, _) = app.verified_school().await;

    let mut body = course_body();
    body.as_object_mut().unwrap().remove("capacity");
    let res = app.send_as(&school, app.post("/api/v1/courses", &body)).await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["pointer"], "/capacity");
    assert_eq!(problem["errors"][0]["code"], "required");

    let cases = [
        (json!({"title": "x"}), "/title", "text_too_short"),
        (json!({"title": "a\u{0}b"}), "/title", "text_control_characters"),
        (json!({"description": "  "}), "/description", "text_required"),
        (json!({"occupation_code": "9-99-99-99"}), "/occupation_code", "occupation_unknown"),
        (json!({"occupation_code": "6-18"}), "/occupation_code", "occupation_unknown"),
        (json!({"target_level": 0}), "/target_level", "skill_level_out_of_range"),
        (json!({"target_level": 6}), "/target_level", "skill_level_out_of_range"),
        (json!({"target_level": "high"}), "/target_level", "invalid_type"),
        (json!({"hours": 0}), "/hours", "hours_out_of_range"),
        (json!({"hours": 2001}), "/hours", "hours_out_of_range"),
        (json!({"hours": -5}), "/hours", "invalid_value"),
        (json!({"start_date": "2027-02-01", "end_date": "2027-01-01"}), "/end_date", "end_before_start"),
        (json!({"start_date": "2027-02-30"}), "/start_date", "invalid_value"),
        (json!({"schedule": ""}), "/schedule", "text_required"),
        (json!({"location": {"lat": 95.0, "lng": 111.9}}), "/location", "lat_out_of_range"),
        (json!({"region_code": "999999"}), "/region_code", "region_unknown"),
        (json!({"address": "x"}), "/address", "text_too_short"),
        (json!({"fee": -1}), "/fee", "money_negative"),
        (json!({"fee": 99.999}), "/fee", "money_invalid"),
        (json!({"fee": 2_000_000}), "/fee", "money_too_large"),
        (json!({"fee": "free"}), "/fee", "invalid_type"),
        (json!({"subsidy": {"eligible": true}}), "/subsidy/amount", "subsidy_amount_required"),
        (
            json!({"subsidy": {"eligible": false, "amount": 800}}),
            "/subsidy/amount",
            "subsidy_amount_not_allowed",
        ),
        (json!({"subsidy": {"eligible": true, "amount": -3}}), "/subsidy/amount", "money_negative"),
        (
            json!({"subsidy": {"eligible": true, "amount": 800, "paid_by": "x"}}),
            "/subsidy/paid_by",
            "unknown_field",
        ),
        (json!({"capacity": 0}), "/capacity", "capacity_out_of_range"),
        (json!({"capacity": 1001}), "/capacity", "capacity_out_of_range"),
        (json!({"certificate": ""}), "/certificate", "text_required"),
        (json!({"mode": "online"}), "/mode", "invalid_value"),
        (
            json!({"ordering_employer_id": "not-a-uuid", "mode": "order_based"}),
            "/ordering_employer_id",
            "invalid_value",
        ),
    ];
    for (fields, pointer, code) in cases {
        let mut body = course_body();
        for (k, v) in fields.as_object().unwrap() {
            body[k] = v.clone();
        }
        let res = app.send_as(&school, app.post("/api/v1/courses", &body)).await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        let found = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["pointer"] == pointer && e["code"] == code);
        assert!(found, "{fields} → expected {pointer} {code}, got {}", problem["errors"]);
    }

    // Every bad field at once, in English on request.
    let mut body = course_body();
    body["hours"] = json!(0);
    body["capacity"] = json!(0);
    body["title"] = json!("x");
    let res = app.send_as(&school, app.post("/api/v1/courses", &body).header("accept-language", "en")).await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    let errors = problem["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 3, "{errors:?}");
    let capacity = errors.iter().find(|e| e["pointer"] == "/capacity").unwrap();
    assert_eq!(capacity["message"], "The capacity must be 1 to 1,000 seats.");

    // A PATCH is checked the same way, against the whole course.
    let id = draft_course(&app, &school, &course_body()).await;
    let res = app.send_as(&school, patch(&app, &id, &json!({"end_date": "2026-11-01"}))).await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["pointer"], "/end_date");
    assert_eq!(problem["errors"][0]["code"], "end_before_start");
    let res = app.send_as(&school, patch(&app, &id, &json!({"hours": 96, "fee": 150.5}))).await;
    let changed: Value = res.json().await.unwrap();
    assert_eq!(changed["hours"], 96);
    assert_eq!(changed["fee"], 150.5);
}

#[tokio::test]
async fn clients_cannot_set_ids_owners_statuses_or_seats() {
    let app = TestApp::spawn().await;
    let (school, _) = app.verified_school().await;
    let fields = [
        ("id", json!("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")),
        ("school_id", json!("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")),
        ("status", json!("open")),
        ("seats_left", json!(99)),
        ("seats_taken", json!(0)),
        ("created_at", json!("2026-01-01T00:00:00Z")),
    ];
    for (field, value) in &fields {
        let mut body = course_body();
        body[*field] = value.clone();
        let res = app.send_as(&school, app.post("/api/v1/courses", &body)).await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["pointer"], format!("/{field}"));
        assert_eq!(problem["errors"][0]["code"], "unknown_field");
    }
    let id = draft_course(&app, &school, &course_body()).await;
    for (field, value) in &fields {
        let res = app.send_as(&school, patch(&app, &id, &json!({ *field: value }))).await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["pointer"], format!("/{field}"));
        assert_eq!(problem["errors"][0]["code"], "unknown_field");
    }
    let still: Value = course(&app, Some(&school), &id).await.json().await.unwrap();
    assert_eq!(still["status"], "draft");
    assert_eq!(still["seats_left"], 30);
}

#[tokio::test]
async fn the_public_list_filters_and_pages() {
    let app = TestApp::spawn().await;
    let (school, _) = app.verified_school().await;
    let welding = open_course(&app, &school, &course_body()).await;
    let mut care = course_body();
    care["title"] = json!("养老护理员培训（定向）");
    care["occupation_code"] = json!("4-10-01-05");
    care["region_code"] = json!("152502");
    care["mode"] = json!("targeted");
    care["subsidy"] = json!({"eligible": false});
    let care = open_course(&app, &school, &care).await;
    let mut masonry = course_body();
    masonry["title"] = json!("砌筑工岗位技能提升");
    masonry["occupation_code"] = json!("6-29-01-01");
    masonry["mode"] = json!("on_the_job");
    let masonry = open_course(&app, &school, &masonry).await;
    draft_course(&app, &school, &course_body()).await;

    let get = |q: &'static str| {
        let req = app.get(&format!("/api/v1/courses?{q}"));
        async move { req.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    assert_eq!(ids(&get("").await), vec![masonry.clone(), care.clone(), welding.clone()], "newest first");
    assert_eq!(ids(&get("occupation=6-18").await), vec![welding.clone()], "a class finds its occupations");
    assert_eq!(ids(&get("occupation=6").await), vec![masonry.clone(), welding.clone()]);
    assert_eq!(ids(&get("occupation=4-10-01-05").await), vec![care.clone()]);
    assert_eq!(ids(&get("region=152502").await), vec![care.clone()]);
    assert_eq!(ids(&get("region=152501").await), vec![masonry.clone(), welding.clone()]);
    assert_eq!(ids(&get("region=152500").await).len(), 3, "a league includes its cities");
    assert_eq!(ids(&get("mode=targeted").await), vec![care.clone()]);
    assert_eq!(ids(&get("mode=on_the_job").await), vec![masonry.clone()]);
    assert_eq!(ids(&get("subsidy=true").await), vec![masonry.clone(), welding.clone()]);
    assert_eq!(ids(&get("subsidy=true&occupation=6-29&region=152500").await), vec![masonry.clone()]);

    let first = get("limit=2").await;
    assert_eq!(ids(&first), vec![masonry, care]);
    let cursor = first["next_cursor"].as_str().unwrap().to_owned();
    let second: Value = app
        .get(&format!("/api/v1/courses?limit=2&cursor={cursor}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ids(&second), vec![welding]);
    assert_eq!(second["next_cursor"], Value::Null);

    for (query, parameter, code) in [
        ("region=999999", "region", "region_unknown"),
        ("occupation=9-99", "occupation", "occupation_unknown"),
        ("mode=online", "mode", "invalid_value"),
        ("subsidy=maybe", "subsidy", "invalid_value"),
        ("limit=0", "limit", "limit_out_of_range"),
        ("cursor=bm90LWEtdXVpZA", "cursor", "cursor_invalid"),
    ] {
        let res = app.get(&format!("/api/v1/courses?{query}")).send().await.unwrap();
        let problem = expect_problem(res, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["parameter"], parameter, "{query}");
        assert_eq!(problem["errors"][0]["code"], code, "{query}");
    }
}

#[tokio::test]
async fn courses_of_a_school_the_bureau_rejects_are_no_longer_shown() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let (school, org) = app.verified_school().await;
    let id = open_course(&app, &school, &course_body()).await;
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
    let list: Value = app.get("/api/v1/courses").send().await.unwrap().json().await.unwrap();
    assert!(list["items"].as_array().unwrap().is_empty());
    expect_problem(course(&app, None, &id).await, 404, "not_found").await;
    assert_eq!(course(&app, Some(&school), &id).await.status(), StatusCode::OK, "the school still sees it");
}
