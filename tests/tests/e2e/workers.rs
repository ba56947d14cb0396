//! Worker profiles: the worker's own, validated, with the ID number encrypted and masked.

use laowu_tests::{TestApp, expect_problem, id_number, profile_body};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn a_worker_writes_and_reads_a_profile() {
    let app = TestApp::spawn().await;
    let worker = app.worker().await;
    expect_problem(app.send_as(&worker, app.get("/api/v1/workers/me/profile")).await, 404, "not_found").await;

    let id = id_number("15250119880101123");
    let mut body = profile_body();
    body["id_number"] = json!(id);
    let res = app.send_as(&worker, app.client.put(app.url("/api/v1/workers/me/profile")).json(&body)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let profile: Value = res.json().await.unwrap();
    assert_eq!(profile["name"], "巴特尔");
    assert_eq!(profile["skills"][0]["level_name"], "四级/中级工");
    assert_eq!(profile["min_wage"]["amount"], 250.0);
    assert_eq!(profile["id_number_masked"], format!("1525**********{}", &id[14..]));
    assert!(!profile.to_string().contains(&id), "never returned whole");

    // A PUT without the ID number keeps it; null removes it.
    body.as_object_mut().unwrap().remove("id_number");
    body["discoverable"] = json!(false);
    let res = app.send_as(&worker, app.client.put(app.url("/api/v1/workers/me/profile")).json(&body)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let profile: Value = res.json().await.unwrap();
    assert_eq!(profile["discoverable"], false);
    assert!(profile["id_number_masked"].as_str().is_some());
    body["id_number"] = Value::Null;
    let profile: Value = app
        .send_as(&worker, app.client.put(app.url("/api/v1/workers/me/profile")).json(&body))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(profile["id_number_masked"], Value::Null);
}

#[tokio::test]
async fn id_numbers_are_encrypted_at_rest() {
    use sea_orm::{ConnectionTrait, Statement};
    let app = TestApp::spawn().await;
    let worker = app.worker().await;
    let id = id_number("15250119900315002");
    let mut body = profile_body();
    body["id_number"] = json!(id);
    app.send_as(&worker, app.client.put(app.url("/api/v1/workers/me/profile")).json(&body)).await;
    let backend = app.state.db.get_database_backend();
    let rows = app
        .state
        .db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT id_number_enc, id_number_masked FROM worker_profiles",
        ))
        .await
        .unwrap();
    let enc: String = rows[0].try_get("", "id_number_enc").unwrap();
    assert!(!enc.contains(&id[6..14]), "the birth date is not readable");
}

#[tokio::test]
async fn profiles_are_for_workers_and_each_sees_only_their_own() {
    let app = TestApp::spawn().await;
    let a = app.worker().await;
    let b = app.worker().await;
    app.send_as(&a, app.client.put(app.url("/api/v1/workers/me/profile")).json(&profile_body())).await;
    expect_problem(app.send_as(&b, app.get("/api/v1/workers/me/profile")).await, 404, "not_found").await;
    let employer = app.employer().await;
    let res = app
        .send_as(&employer, app.client.put(app.url("/api/v1/workers/me/profile")).json(&profile_body()))
        .await;
    expect_problem(res, 403, "forbidden").await;
    expect_problem(app.get("/api/v1/workers/me/profile").send().await.unwrap(), 401, "unauthorized").await;
}

#[tokio::test]
async fn every_profile_field_is_checked() {
    let app = TestApp::spawn().await;
    let worker = app.worker().await;
    let mut bad_id = id_number("15250119880101123");
    let last = bad_id.pop().unwrap();
    bad_id.push(if last == '1' { '2' } else { '1' });
    let cases = [
        (json!({"id_number": bad_id}), "/id_number", "id_number_bad_checksum"),
        (json!({"id_number": "152501198802301234"}), "/id_number", "id_number_invalid_date"),
        (json!({"birth_year": 2020}), "/birth_year", "birth_year_out_of_range"),
        (
            json!({"skills": [{"occupation_code": "6-18-02-04", "level": 0}]}),
            "/skills/0/level",
            "skill_level_out_of_range",
        ),
        (
            json!({"skills": [{"occupation_code": "x", "level": 1}]}),
            "/skills/0/occupation_code",
            "occupation_unknown",
        ),
        (json!({"min_wage": {"amount": 200, "unit": "piece"}}), "/min_wage/unit", "wage_floor_unit_invalid"),
        (json!({"hukou_region_code": "15"}), "/hukou_region_code", "region_code_invalid"),
        (json!({"languages": ["fr"]}), "/languages/0", "invalid_value"),
        (json!({"name": ""}), "/name", "text_required"),
        (json!({"discoverable": "yes"}), "/discoverable", "invalid_type"),
    ];
    for (patch, pointer, code) in cases {
        let mut body = profile_body();
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        let res =
            app.send_as(&worker, app.client.put(app.url("/api/v1/workers/me/profile")).json(&body)).await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        let found = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["pointer"] == pointer && e["code"] == code);
        assert!(found, "{patch} → expected {pointer} {code}, got {}", problem["errors"]);
    }
}
