//! The `laowu` binary as an operator runs it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn laowu(dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_laowu"));
    cmd.env_clear().current_dir(dir).env("LAOWU_DATA_DIR", dir.join("data")).env("LAOWU_LOG", "warn");
    cmd
}

fn run(cmd: &mut Command) -> Output {
    cmd.stdin(Stdio::null()).output().expect("run laowu")
}

#[test]
fn prints_its_version() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(laowu(dir.path()).arg("--version"));
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), format!("laowu {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn refuses_to_start_in_production_without_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(laowu(dir.path()).args(["serve", "--addr", "127.0.0.1:0"]).env("LAOWU_ENV", "production"));
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("LAOWU_JWT_SECRET is not set"), "{stderr}");
    assert!(!dir.path().join("data").join("jwt-secret").exists(), "production generates no secret");

    let out = run(laowu(dir.path())
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("LAOWU_ENV", "production")
        .env("LAOWU_JWT_SECRET", "too-short"));
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("too short"));

    let out = run(laowu(dir.path())
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("LAOWU_ENV", "production")
        .env("LAOWU_JWT_SECRET", "a-production-secret-that-is-long-enough-0123456789"));
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("LAOWU_DATA_KEY is not set"), "{stderr}");
    assert!(!stderr.contains("a-production-secret"), "secrets are never printed");
}

#[test]
fn openapi_prints_the_spec() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(laowu(dir.path()).arg("openapi"));
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), laowu_api::openapi_json());
}

#[test]
fn admin_create_makes_one_bureau_account_per_phone() {
    let dir = tempfile::tempdir().unwrap();
    let create = |phone: &str| {
        run(laowu(dir.path())
            .args(["admin", "create", "--phone", phone])
            .env("LAOWU_ADMIN_PASSWORD", "bureau-erlian-2026"))
    };
    let out = create("13911112222");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("created bureau account") && stdout.contains("139****2222"), "{stdout}");
    assert!(!stdout.contains("13911112222"), "the phone is masked");
    let again = create("139 1111 2222");
    assert!(!again.status.success());
    let bad = create("12345");
    assert!(!bad.status.success());
}

#[test]
fn serves_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr = format!("127.0.0.1:{port}");
    let child = laowu(dir.path())
        .args(["serve", "--demo", "--addr", &addr])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut up = false;
    while started.elapsed() < Duration::from_secs(60) {
        if let Ok(mut s) = std::net::TcpStream::connect(&addr) {
            use std::io::{Read, Write};
            s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
            let mut out = String::new();
            let _ = s.read_to_string(&mut out);
            if out.starts_with("HTTP/1.1 200") {
                up = true;
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(up, "the server answered /healthz");
    assert!(dir.path().join("data").join("laowu.db").exists(), "SQLite under ./data by default");
    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "exit on SIGTERM: {:?}", out.status);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("13900000001"), "demo logins are printed: {stderr}");

    // With the server stopped (the embedded index is one process's), rebuild the index.
    let out = run(laowu(dir.path()).args(["reindex", "--batch", "64"]));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("jobs: 600 indexed (600 rows read)"), "{stdout}");
    assert!(stdout.contains("courses: 72 indexed"), "{stdout}");
    assert!(stdout.contains("workers: "), "{stdout}");
    assert!(stdout.contains("outbox: "), "{stdout}");
}

#[test]
fn sigterm_stops_the_server_within_the_grace_period_despite_a_half_sent_request() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr = format!("127.0.0.1:{port}");
    let mut child = laowu(dir.path())
        .args(["serve", "--addr", &addr])
        .env("LAOWU_SERVER__SHUTDOWN_GRACE_MS", "2000")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while http_get(&addr, "/healthz").is_none_or(|r| !r.starts_with("HTTP/1.1 200")) {
        assert!(started.elapsed() < Duration::from_secs(60), "the server answered /healthz");
        std::thread::sleep(Duration::from_millis(100));
    }
    // A client that sent half its headers, and one idle between requests.
    let mut half = std::net::TcpStream::connect(&addr).unwrap();
    half.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").unwrap();
    let mut idle = std::net::TcpStream::connect(&addr).unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut first = [0u8; 12];
    idle.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");

    let term = Instant::now();
    assert!(Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap().success());
    // Bounded by the grace period (2 s) plus start-up slack; a hang fails the test.
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if term.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("still running 30 s after SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit on SIGTERM: {status:?}");
    let mut rest = Vec::new();
    half.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    assert_eq!(half.read_to_end(&mut rest).unwrap(), 0, "the half-sent request was closed, unanswered");
}

/// A raw HTTP GET; the response text, or `None` while nothing listens.
fn http_get(addr: &str, path: &str) -> Option<String> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).ok()?;
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes()).ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    Some(out)
}

#[test]
fn serves_while_meilisearch_is_down_and_never_logs_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr = format!("127.0.0.1:{port}");
    // Nothing listens on this port.
    let meili_port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = laowu(dir.path())
        .args(["serve", "--addr", &addr])
        .env("LAOWU_SEARCH", "meilisearch")
        .env("LAOWU_MEILI_URL", format!("http://127.0.0.1:{meili_port}"))
        .env("LAOWU_MEILI_KEY", "meili-master-key-do-not-log")
        .env("LAOWU_LOG", "debug")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut ready = None;
    while started.elapsed() < Duration::from_secs(60) {
        if let Some(res) = http_get(&addr, "/readyz") {
            ready = Some(res);
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let ready = ready.expect("the server started although search is down");
    assert!(ready.starts_with("HTTP/1.1 200"), "{ready}");
    assert!(
        ready.contains(r#""backend":"meilisearch""#) && ready.contains(r#""reachable":false"#),
        "{ready}"
    );
    std::thread::sleep(Duration::from_millis(300));
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "exit on SIGTERM: {:?}", out.status);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("search engine not ready"), "the outage is logged: {stderr}");
    assert!(!stderr.contains("meili-master-key-do-not-log"), "the key is never logged: {stderr}");
}

#[test]
fn logs_are_json_lines_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(laowu(dir.path()).arg("migrate").env("LAOWU_LOG_FORMAT", "json").env("LAOWU_LOG", "info"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!lines.is_empty());
    for line in lines {
        let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(v.get("level").is_some() && v.get("timestamp").is_some(), "{line}");
    }
}
