//! `kill -9` under write load, then retries: no `Idempotency-Key` may ever write twice.
//!
//! Sixteen clients post jobs with keys of their own against the real `laowu serve`; the
//! server is killed mid-load (SIGKILL: no shutdown, no flush) and started again on the
//! same database; every key is then retried until it gets its answer. Each key must end
//! with exactly one posting, and a key whose first attempt was answered must replay that
//! answer (same id). Runs on SQLite, or on a fresh PostgreSQL database when
//! `LAOWU_TEST_POSTGRES_URL` is set.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const WRITERS: usize = 16;
const ROUNDS: usize = 3;

struct Server {
    dir: tempfile::TempDir,
    database_url: String,
    addr: String,
    child: Option<Child>,
}

impl Server {
    fn start(&mut self) {
        let child = Command::new(env!("CARGO_BIN_EXE_laowu"))
            .env_clear()
            .current_dir(self.dir.path())
            .env("LAOWU_DATA_DIR", self.dir.path().join("data"))
            .env("LAOWU_DATABASE_URL", &self.database_url)
            .env("LAOWU_LOG", "error")
            // A short request timeout makes a dead request's claim lapse quickly.
            .env("LAOWU_REQUEST_TIMEOUT_SECS", "2")
            .args(["serve", "--demo", "--addr", &self.addr])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start laowu");
        self.child = Some(child);
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(120) {
            if request(&self.addr, "GET", "/healthz", None, &[]).is_some_and(|(s, _, _)| s == 200) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("laowu did not start");
    }

    fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            Command::new("kill").args(["-KILL", &child.id().to_string()]).status().unwrap();
            let _ = child.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// One HTTP/1.1 request on a fresh connection: `(status, headers, body)`, or `None` when
/// the connection failed or closed without an answer.
fn request(
    addr: &str,
    method: &str,
    path: &str,
    body: Option<&Value>,
    headers: &[(&str, &str)],
) -> Option<(u16, String, Value)> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(20))).ok()?;
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: laowu\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() {
        head.push_str(&format!("content-type: application/json\r\ncontent-length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).ok()?;
    s.write_all(body.as_bytes()).ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).ok()?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, rest) = text.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    let body = if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        dechunk(rest)
    } else {
        rest.to_owned()
    };
    Some((status, head.to_ascii_lowercase(), serde_json::from_str(&body).unwrap_or(Value::Null)))
}

fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || tail.len() < n {
            break;
        }
        out.push_str(&tail[..n]);
        rest = tail[n..].trim_start_matches("\r\n");
    }
    out
}

fn job_body(key: &str) -> Value {
    json!({
        "title": format!("崩溃测试 {key}"),
        "description": "二连浩特公路口岸货场装卸蒙古国进口货物，包吃住，日结。",
        "occupation_code": "4-02-05-01",
        "headcount": 2,
        "pay": {"min": 300, "max": 400, "unit": "day", "cycle": "daily"},
        "work_type": "day_labour",
        "location": {"lat": 43.6433, "lng": 111.9795},
        "region_code": "152501",
        "address": "二连浩特市公路口岸货场",
        "benefits": {"housing": true, "meals": true},
        "languages": ["zh"]
    })
}

/// What the first attempt with a key got: the posting id, or nothing (no answer).
type Outcomes = BTreeMap<String, Option<String>>;

/// Sixteen writers posting with fresh keys until the server dies under them.
fn load_until_killed(server: &mut Server, bearer: &str, round: usize) -> Outcomes {
    let outcomes = Arc::new(Mutex::new(Outcomes::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let answered = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let (outcomes, stop, answered) = (outcomes.clone(), stop.clone(), answered.clone());
            let (addr, bearer) = (server.addr.clone(), bearer.to_owned());
            std::thread::spawn(move || {
                for i in 0.. {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let key = format!("crash-{round}-{w}-{i}");
                    outcomes.lock().unwrap().insert(key.clone(), None);
                    let res = request(
                        &addr,
                        "POST",
                        "/api/v1/jobs",
                        Some(&job_body(&key)),
                        &[("authorization", &bearer), ("idempotency-key", &key)],
                    );
                    match res {
                        Some((201, _, body)) => {
                            let id = body["id"].as_str().unwrap().to_owned();
                            outcomes.lock().unwrap().insert(key, Some(id));
                            answered.fetch_add(1, Ordering::Relaxed);
                        }
                        Some((status, _, body)) if status < 500 => panic!("{key}: {status} {body}"),
                        // 5xx or no answer: the server is going down.
                        _ => break,
                    }
                }
            })
        })
        .collect();
    let started = Instant::now();
    while answered.load(Ordering::Relaxed) < 40 && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(5));
    }
    server.kill9();
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.join().expect("writer");
    }
    Arc::try_unwrap(outcomes).unwrap().into_inner().unwrap()
}

/// Retries `key` until it is answered (a live claim answers 409 with `Retry-After`).
fn retry(addr: &str, bearer: &str, key: &str) -> (String, bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let res = request(
            addr,
            "POST",
            "/api/v1/jobs",
            Some(&job_body(key)),
            &[("authorization", bearer), ("idempotency-key", key)],
        );
        match res {
            Some((201, head, body)) => {
                return (body["id"].as_str().unwrap().to_owned(), head.contains("idempotent-replayed: true"));
            }
            Some((409, _, body)) if body["code"] == "idempotency_in_progress" => {}
            other => panic!("retry of {key}: {other:?}"),
        }
        assert!(Instant::now() < deadline, "{key} stayed in progress after the restart");
        std::thread::sleep(Duration::from_millis(250));
    }
}

fn login(addr: &str, phone: &str) -> String {
    let (status, _, body) = request(
        addr,
        "POST",
        "/api/v1/auth/login",
        Some(&json!({"phone": phone, "password": "laowu-demo-2026"})),
        &[],
    )
    .expect("login answered");
    assert_eq!(status, 200, "{body}");
    format!("Bearer {}", body["access_token"].as_str().unwrap())
}

/// How many of the employer's postings carry each crash-test key in their title.
fn postings_per_key(addr: &str, bearer: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/employers/me/jobs?limit=100&cursor={c}"),
            None => "/api/v1/employers/me/jobs?limit=100".to_owned(),
        };
        let (status, _, body) = request(addr, "GET", &path, None, &[("authorization", bearer)]).unwrap();
        assert_eq!(status, 200, "{body}");
        for item in body["items"].as_array().unwrap() {
            if let Some(key) = item["title"].as_str().and_then(|t| t.strip_prefix("崩溃测试 ")) {
                *counts.entry(key.to_owned()).or_insert(0) += 1;
            }
        }
        match body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => return counts,
        }
    }
}

fn database_url(dir: &std::path::Path) -> String {
    let Some(admin) = std::env::var("LAOWU_TEST_POSTGRES_URL").ok().filter(|u| !u.is_empty()) else {
        return format!("sqlite://{}?mode=rwc", dir.join("laowu.db").display());
    };
    let name = format!("laowu_t_{}", uuid::Uuid::new_v4().simple());
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        use sea_orm::ConnectionTrait;
        let db = sea_orm::Database::connect(&admin).await.expect("connect to LAOWU_TEST_POSTGRES_URL");
        db.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create database");
    });
    let (base, _) = admin.split_once('?').unwrap_or((&admin, ""));
    format!("{}/{name}", base.rsplit_once('/').map(|(p, _)| p).unwrap_or(base))
}

#[test]
fn a_retried_key_never_writes_twice_after_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let database_url = database_url(dir.path());
    let mut server = Server { dir, database_url, addr: format!("127.0.0.1:{port}"), child: None };
    server.start();
    let bearer = login(&server.addr, "13900000002");

    let mut unanswered = 0;
    let mut all = Outcomes::new();
    for round in 0..ROUNDS {
        let outcomes = load_until_killed(&mut server, &bearer, round);
        server.start();
        for (key, first) in &outcomes {
            let (id, replayed) = retry(&server.addr, &bearer, key);
            match first {
                Some(first_id) => {
                    assert_eq!(&id, first_id, "{key}: the replay names the posting first created");
                    assert!(replayed, "{key}: answered from the stored response");
                }
                None => unanswered += 1,
            }
        }
        all.extend(outcomes);
    }
    let counts = postings_per_key(&server.addr, &bearer);
    let twice: Vec<_> = counts.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "keys that wrote more than once: {twice:?}");
    for key in all.keys() {
        assert_eq!(counts.get(key), Some(&1), "{key} made exactly one posting");
    }
    assert!(unanswered > 0, "some requests were cut off by the kill (else nothing was tested)");
    eprintln!("{} keys over {ROUNDS} kills, {unanswered} cut off mid-request: each wrote once", all.len());
}
