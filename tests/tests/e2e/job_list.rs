//! The public list of postings names each posting's own employer, on every page, however
//! the employers' postings interleave (the names are fetched once per page).

use std::collections::HashMap;

use laowu_tests::TestApp;
use serde_json::{Value, json};

use crate::jobs::{job_body, open_job};

#[tokio::test]
async fn every_posting_in_the_list_names_its_own_employer_across_pages() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let mut owner_of: HashMap<String, (String, String)> = HashMap::new();
    let mut employers = Vec::new();
    for name in ["二连浩特口岸物流有限公司", "锡林郭勒建筑工程有限公司", "二连浩特市宏达货运站"]
    {
        let user = app.employer().await;
        let org = app.organization(&user, "employers", name).await;
        app.verify(&admin, &org).await;
        employers.push((user, org, name));
    }
    // Interleaved: a, b, c, a, b, c, …
    for round in 0..3 {
        for (user, org, name) in &employers {
            let mut body = job_body();
            body["title"] = json!(format!("{name} 装卸工 {round}"));
            let id = open_job(&app, user, body).await;
            owner_of.insert(id, (org.clone(), (*name).to_owned()));
        }
    }
    let mut seen = 0;
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/jobs?limit=2&cursor={c}"),
            None => "/api/v1/jobs?limit=2".to_owned(),
        };
        let page: Value = app.get(&path).send().await.unwrap().json().await.unwrap();
        for item in page["items"].as_array().unwrap() {
            let (org, name) = &owner_of[item["id"].as_str().unwrap()];
            assert_eq!(item["employer"]["id"], json!(org), "{item}");
            assert_eq!(item["employer"]["name"], json!(name), "{item}");
            seen += 1;
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, 9);
}
