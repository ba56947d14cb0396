//! `/openapi.json`, the offline `/docs` reference, and the committed spec.

use laowu_tests::TestApp;
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn openapi_json_is_served_and_documents_the_routes() {
    let app = TestApp::spawn().await;
    let res = app.get("/openapi.json").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let spec: Value = res.json().await.unwrap();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/me",
        "/healthz",
        "/readyz",
        "/metrics",
    ] {
        assert!(spec["paths"][path].is_object(), "{path} is documented");
    }
    assert_eq!(spec["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    assert!(spec["components"]["schemas"]["Problem"].is_object());
    assert!(spec["paths"]["/api/v1/me"]["get"]["security"].is_array());
}

#[tokio::test]
async fn docs_render_from_assets_in_the_binary() {
    let app = TestApp::spawn().await;
    let res = app.get("/docs").send().await.unwrap();
    assert!(res.status().is_redirection());
    let res = app.get("/docs/").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("swagger-ui"));
    assert!(!html.contains("https://"), "no CDN references");
    for asset in ["swagger-ui-bundle.js", "swagger-ui.css", "swagger-initializer.js"] {
        let res = app.get(&format!("/docs/{asset}")).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{asset}");
        let body = res.text().await.unwrap();
        assert!(body.len() > 100, "{asset} has content");
        if asset == "swagger-initializer.js" {
            assert!(body.contains("/openapi.json"));
        }
    }
}

#[test]
fn committed_spec_matches_the_code() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/openapi.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let generated = laowu_tests::laowu_api::openapi_json();
    assert!(
        committed == generated,
        "openapi/openapi.json is out of date with the code; regenerate it with:\n\n    cargo run -q -p laowu-api -- openapi > openapi/openapi.json\n"
    );
}

#[test]
fn every_operation_has_a_unique_id_a_summary_and_a_tag() {
    let spec: Value = serde_json::from_str(&laowu_tests::laowu_api::openapi_json()).unwrap();
    let mut ids = std::collections::HashSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"].as_str().unwrap_or_default().to_owned();
            assert!(ids.insert(id.clone()), "operationId {id} is used twice ({method} {path})");
            assert!(op["summary"].as_str().is_some_and(|s| !s.is_empty()), "{method} {path} has a summary");
            assert!(op["tags"].as_array().is_some_and(|t| !t.is_empty()), "{method} {path} has a tag");
            assert!(
                op["responses"].as_object().is_some_and(|r| !r.is_empty()),
                "{method} {path} has responses"
            );
        }
    }
}

/// The spec promises no more than the server accepts: every request body built from the
/// schemas' examples, and every query parameter at its documented bounds, its example and
/// each of its enumerated values, is sent with callers of every role (owners of real
/// resources for the `{id}` routes); none may be refused as invalid.
#[tokio::test]
async fn every_example_and_bound_in_the_spec_is_accepted() {
    let app = TestApp::spawn().await;
    let spec: Value = app.get("/openapi.json").send().await.unwrap().json().await.unwrap();
    let world = World::new(&app).await;
    let mut failures = Vec::new();
    let mut sent = 0;
    for (template, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let method: reqwest::Method = method.to_uppercase().parse().unwrap();
            let what = format!("{method} {template}");
            let path = world.path(template);
            if let Some(schema) = op["requestBody"]["content"]["application/json"]["schema"].as_object() {
                let mut missing = Vec::new();
                let body = example(&spec, &Value::Object(schema.clone()), "", &mut missing);
                if !missing.is_empty() {
                    failures.push(format!("{what}: required fields without an example: {missing:?}"));
                    continue;
                }
                let body = body.unwrap_or(Value::Null);
                for caller in world.callers() {
                    let req = app.client.request(method.clone(), app.url(&path)).json(&body);
                    sent += 1;
                    if let Some(refused) = refusal(send(req, caller).await).await {
                        failures.push(format!("{what} with {body}: {}", refused.0));
                        break;
                    }
                }
            }
            for param in op["parameters"].as_array().into_iter().flatten() {
                if param["in"] != "query" {
                    continue;
                }
                let name = param["name"].as_str().unwrap();
                for value in parameter_values(&spec, param) {
                    'callers: for caller in world.callers() {
                        let mut query = vec![(name.to_owned(), value.clone())];
                        // Documented as meaningful only with others: send those too.
                        for (param, companions) in COMPANIONS {
                            if *param == name {
                                query.extend(
                                    companions.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
                                );
                            }
                        }
                        // A refusal that names only other parameters (lat needs lng) is
                        // retried once with those set to their examples.
                        for attempt in 0..2 {
                            let url = format!("{}?{}", app.url(&path), encode_query(&query));
                            sent += 1;
                            let Some(refused) =
                                refusal(send(app.client.request(method.clone(), &url), caller).await).await
                            else {
                                break;
                            };
                            let named: Vec<&str> = refused.1["errors"]
                                .as_array()
                                .into_iter()
                                .flatten()
                                .filter_map(|e| e["parameter"].as_str())
                                .collect();
                            let others: Vec<&Value> = op["parameters"]
                                .as_array()
                                .into_iter()
                                .flatten()
                                .filter(|p| {
                                    p["name"] != name && named.contains(&p["name"].as_str().unwrap_or(""))
                                })
                                .collect();
                            if attempt == 0
                                && !named.is_empty()
                                && !named.contains(&name)
                                && others.len() == named.len()
                            {
                                for other in others {
                                    let example = parameter_values(&spec, other).into_iter().next_back();
                                    query.push((
                                        other["name"].as_str().unwrap().to_owned(),
                                        example.unwrap_or_default(),
                                    ));
                                }
                                continue;
                            }
                            failures.push(format!("{what} ?{}: {}", encode_query(&query), refused.0));
                            break 'callers;
                        }
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "the spec promises what the server refuses:\n{}", failures.join("\n"));
    assert!(sent > 300, "walked the spec ({sent} requests)");
}

/// Query parameters the spec documents as going only with others ("`radius_km` only with
/// them"), and the companions sent along.
const COMPANIONS: &[(&str, &[(&str, &str)])] = &[("radius_km", &[("lat", "43.6525"), ("lng", "111.977")])];

/// Every role, and anonymous.
struct World {
    worker: laowu_tests::TestUser,
    employer: laowu_tests::TestUser,
    school: laowu_tests::TestUser,
    admin: laowu_tests::TestUser,
    ids: Vec<(&'static str, String)>,
}

impl World {
    /// A verified employer with an open posting and a worker's application to it, a
    /// verified school with an open course and the worker's enrolment in it.
    async fn new(app: &TestApp) -> World {
        use serde_json::json;
        let admin = app.admin().await;
        let (employer, employer_org) = app.verified_employer().await;
        let (school, school_org) = app.verified_school().await;
        let worker = app.worker().await;
        let res = app
            .send_as(
                &worker,
                app.client.put(app.url("/api/v1/workers/me/profile")).json(&laowu_tests::profile_body()),
            )
            .await;
        assert!(res.status().is_success());
        let job = crate::jobs::open_job(app, &employer, crate::jobs::job_body()).await;
        let course = crate::courses::open_course(app, &school, &crate::courses::course_body()).await;
        let res =
            app.send_as(&worker, app.post(&format!("/api/v1/jobs/{job}/applications"), &json!({}))).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let application = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
        let res = app
            .send_as(&worker, app.post(&format!("/api/v1/courses/{course}/enrollments"), &json!({})))
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let enrollment = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
        let ids = vec![
            ("/api/v1/jobs/", job.clone()),
            ("/api/v1/admin/jobs/", job),
            ("/api/v1/courses/", course),
            ("/api/v1/employers/", employer_org.clone()),
            ("/api/v1/admin/organizations/", employer_org),
            ("/api/v1/schools/", school_org),
            ("/api/v1/applications/", application),
            ("/api/v1/enrollments/", enrollment),
            ("/api/v1/occupations/", "4-02-05-01".to_owned()),
        ];
        World { worker, employer, school, admin, ids }
    }

    /// `template` with its `{…}` parameter filled with the matching resource.
    fn path(&self, template: &str) -> String {
        let Some(open) = template.find('{') else { return template.to_owned() };
        let close = template[open..].find('}').unwrap() + open;
        let prefix = &template[..open];
        let id = self.ids.iter().find(|(p, _)| *p == prefix).map(|(_, id)| id.clone());
        let id = id.unwrap_or_else(|| panic!("no resource for {template}"));
        format!("{prefix}{id}{}", &template[close + 1..])
    }

    fn callers(&self) -> [Option<&laowu_tests::TestUser>; 5] {
        [None, Some(&self.worker), Some(&self.employer), Some(&self.school), Some(&self.admin)]
    }
}

async fn send(req: reqwest::RequestBuilder, caller: Option<&laowu_tests::TestUser>) -> reqwest::Response {
    let req = match caller {
        Some(user) => req.bearer_auth(&user.access_token),
        None => req,
    };
    req.send().await.unwrap()
}

/// What the server refused as invalid, if it did: its status and problem.
async fn refusal(res: reqwest::Response) -> Option<(String, Value)> {
    let status = res.status();
    if status != StatusCode::BAD_REQUEST && status != StatusCode::UNPROCESSABLE_ENTITY {
        return None;
    }
    let problem: Value = res.json().await.unwrap_or_default();
    let errors: Vec<String> = problem["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            format!("{} {}", e["pointer"].as_str().or(e["parameter"].as_str()).unwrap_or("?"), e["code"])
        })
        .collect();
    Some((format!("{status} {} {errors:?}", problem["code"]), problem))
}

fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    let mut schema = schema;
    while let Some(r) = schema["$ref"].as_str() {
        schema = &spec["components"]["schemas"][r.rsplit('/').next().unwrap()];
    }
    schema
}

/// A value for `schema` from its examples: the schema's own example, else one built from
/// its properties' examples (optional ones without an example are left out; required ones
/// without an example are listed in `missing`).
fn example(spec: &Value, schema: &Value, at: &str, missing: &mut Vec<String>) -> Option<Value> {
    let schema = resolve(spec, schema);
    if let Some(e) = schema.get("example") {
        return Some(e.clone());
    }
    if let Some(e) = schema["examples"].as_array().and_then(|e| e.first()) {
        return Some(e.clone());
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(alternatives) = schema[key].as_array() {
            return alternatives
                .iter()
                .filter(|a| resolve(spec, a)["type"] != "null")
                .find_map(|a| example(spec, a, at, missing));
        }
    }
    if let Some(first) = schema["enum"].as_array().and_then(|e| e.iter().find(|v| !v.is_null())) {
        return Some(first.clone());
    }
    if let Some(properties) = schema["properties"].as_object() {
        let required: Vec<&str> =
            schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        let mut out = serde_json::Map::new();
        for (name, property) in properties {
            let pointer = format!("{at}/{name}");
            let mut inner = Vec::new();
            match example(spec, property, &pointer, &mut inner) {
                Some(v) if inner.is_empty() => {
                    out.insert(name.clone(), v);
                }
                _ if required.contains(&name.as_str()) => {
                    missing.extend(if inner.is_empty() { vec![pointer] } else { inner });
                }
                _ => {}
            }
        }
        return Some(Value::Object(out));
    }
    if let Some(items) = schema.get("items") {
        return example(spec, items, &format!("{at}/0"), missing).map(|v| Value::Array(vec![v]));
    }
    if schema["type"] == "boolean" || schema["type"].as_array().is_some_and(|t| t.contains(&"boolean".into()))
    {
        return Some(Value::Bool(true));
    }
    None
}

/// The values a query parameter's schema says are fine: its bounds (and, without an upper
/// or lower bound, a value far out, which is then fine too), its example, its enumerated
/// values.
fn parameter_values(spec: &Value, param: &Value) -> Vec<String> {
    let schema = resolve(spec, &param["schema"]);
    let schema = schema["oneOf"]
        .as_array()
        .and_then(|a| a.iter().map(|s| resolve(spec, s)).find(|s| s["type"] != "null"))
        .unwrap_or(schema);
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let mut values = Vec::new();
    let numeric = types.contains(&"integer") || types.contains(&"number");
    if numeric {
        let far = 1.0e9;
        let show = |v: f64| if types.contains(&"integer") { format!("{}", v as i64) } else { format!("{v}") };
        let step = if types.contains(&"integer") { 1.0 } else { 0.5 };
        match (schema["minimum"].as_f64(), schema["exclusiveMinimum"].as_f64()) {
            (Some(min), _) => values.push(show(min)),
            (None, Some(min)) => values.push(show(min + step)),
            (None, None) => values.push(show(-far)),
        }
        match schema["maximum"].as_f64() {
            Some(max) => values.push(show(max)),
            None => values.push(show(far)),
        }
    }
    for e in [&param["example"], &schema["example"]] {
        match e {
            Value::String(s) => values.push(s.clone()),
            Value::Number(n) => values.push(n.to_string()),
            Value::Bool(b) => values.push(b.to_string()),
            _ => {}
        }
    }
    for e in schema["enum"].as_array().into_iter().flatten() {
        if let Some(s) = e.as_str() {
            values.push(s.to_owned());
        }
    }
    values
}

fn encode_query(pairs: &[(String, String)]) -> String {
    pairs.iter().map(|(k, v)| format!("{k}={}", urlencode(v))).collect::<Vec<_>>().join("&")
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
