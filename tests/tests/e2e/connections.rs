//! What the server's own accept loop holds connections to: header and body read timeouts,
//! the idle keep-alive timeout, the connection cap, and a shutdown that closes idle and
//! half-sent connections at once and the rest after the grace period.
//!
//! Timeouts are configured short here; each wait below is a bound on a test that would
//! otherwise hang, never a measurement.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::routing::get;
use laowu_tests::TestApp;
use reqwest::StatusCode;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Semaphore;

/// Longest any step here may take before the test counts as hung.
const BOUND: Duration = Duration::from_secs(10);

async fn connect(app: &TestApp) -> TcpStream {
    TcpStream::connect(app.base.trim_start_matches("http://")).await.unwrap()
}

/// A socket that sent the start of a request's headers and then stopped.
async fn half_sent(app: &TestApp) -> TcpStream {
    let mut socket = connect(app).await;
    socket.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    socket
}

/// Reads until the server closes the socket; what it sent, or `None` when it is still open
/// after [`BOUND`].
async fn read_until_closed(socket: &mut TcpStream) -> Option<String> {
    let mut out = Vec::new();
    match tokio::time::timeout(BOUND, socket.read_to_end(&mut out)).await {
        Ok(_) => Some(String::from_utf8_lossy(&out).into_owned()),
        Err(_) => None,
    }
}

/// Whether the server has closed `socket` (without waiting).
async fn is_closed(socket: &mut TcpStream) -> bool {
    let mut byte = [0u8; 1];
    matches!(tokio::time::timeout(Duration::from_millis(1), socket.read(&mut byte)).await, Ok(Ok(0) | Err(_)))
}

/// Sends one complete request on a kept-alive socket and reads its whole response.
async fn request_on(socket: &mut TcpStream, path: &str) -> String {
    socket.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = tokio::time::timeout(BOUND, socket.read(&mut chunk)).await.expect("a response").unwrap();
        assert!(n > 0, "connection closed before the response was complete");
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_owned())
                })
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(0);
            if body.len() >= length {
                return text;
            }
        }
    }
}

#[tokio::test]
async fn half_sent_headers_are_closed_after_the_header_timeout() {
    let app = TestApp::spawn_with(|c| c.server.header_read_timeout_ms = 300).await;
    let mut partial = half_sent(&app).await;
    let mut silent = connect(&app).await;
    assert_eq!(read_until_closed(&mut partial).await.as_deref(), Some(""), "half-sent head closed");
    assert_eq!(read_until_closed(&mut silent).await.as_deref(), Some(""), "silent connection closed");
    let closed = app.state.metrics.connections_closed.with_label_values(&["header_timeout"]).get();
    assert_eq!(closed, 2);
    // Requests that send their headers in time are served as ever.
    assert_eq!(app.get("/healthz").send().await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn idle_keep_alive_connections_are_closed_after_the_idle_timeout() {
    let app = TestApp::spawn_with(|c| c.server.idle_timeout_ms = 300).await;
    let mut socket = connect(&app).await;
    let first = request_on(&mut socket, "/healthz").await;
    assert!(first.starts_with("HTTP/1.1 200"), "{first}");
    // The connection stays usable for a second request, then idles out.
    let second = request_on(&mut socket, "/healthz").await;
    assert!(second.starts_with("HTTP/1.1 200"), "{second}");
    assert_eq!(read_until_closed(&mut socket).await.as_deref(), Some(""));
    assert_eq!(app.state.metrics.connections_closed.with_label_values(&["idle_timeout"]).get(), 1);
}

#[tokio::test]
async fn a_stalled_body_is_answered_408_and_the_connection_closed() {
    let app = TestApp::spawn_with(|c| {
        c.server.body_read_timeout_ms = 300;
        c.request_timeout_secs = 120;
    })
    .await;
    let mut socket = connect(&app).await;
    socket
        .write_all(
            b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
              Accept-Language: en\r\nContent-Length: 100\r\n\r\n{\"phone\": \"1380",
        )
        .await
        .unwrap();
    let response = read_until_closed(&mut socket).await.expect("answered and closed, not left hanging");
    assert!(response.starts_with("HTTP/1.1 408"), "{response}");
    let lower = response.to_ascii_lowercase();
    assert!(lower.contains("content-type: application/problem+json"), "{response}");
    assert!(lower.contains("connection: close"), "{response}");
    let body: Value = serde_json::from_str(response.split_once("\r\n\r\n").unwrap().1).unwrap();
    assert_eq!(body["code"], "body_timeout");
    assert_eq!(body["status"], 408);
}

#[tokio::test]
async fn a_trickling_body_is_cut_at_the_deadline() {
    let app = TestApp::spawn_with(|c| c.server.body_read_timeout_ms = 500).await;
    let mut socket = connect(&app).await;
    socket
        .write_all(
            b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
              Transfer-Encoding: chunked\r\n\r\n",
        )
        .await
        .unwrap();
    // A byte at a time, each well within any per-read timeout, never finishing.
    let trickle = async {
        loop {
            if socket.write_all(b"1\r\n \r\n").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
            if is_closed(&mut socket).await {
                break;
            }
        }
    };
    tokio::time::timeout(BOUND, trickle).await.expect("the server cut the trickling body");
}

#[tokio::test]
async fn a_full_server_closes_its_oldest_idle_connection_for_a_new_one() {
    let app = TestApp::spawn_with(|c| {
        c.server.max_connections = 4;
        c.server.header_read_timeout_ms = 120_000;
    })
    .await;
    let mut held = Vec::new();
    for _ in 0..10 {
        held.push(half_sent(&app).await);
    }
    // One client holds ten half-sent requests; the cap holds and /healthz still answers.
    let res =
        tokio::time::timeout(BOUND, app.get("/healthz").send()).await.expect("healthz answers").unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(app.state.metrics.connections_open.get() <= 4);
    // The oldest were closed to make room; the newest are still open.
    for socket in held.iter_mut().take(6) {
        assert_eq!(read_until_closed(socket).await.as_deref(), Some(""));
    }
    let mut newest = held.pop().unwrap();
    assert!(!is_closed(&mut newest).await);
    assert!(app.state.metrics.connections_closed.with_label_values(&["evicted"]).get() >= 7);
}

#[tokio::test]
async fn a_full_server_of_busy_connections_queues_new_ones() {
    let gate = Arc::new(Semaphore::new(0));
    let entered = Arc::new(AtomicUsize::new(0));
    let (route_gate, route_entered) = (gate.clone(), entered.clone());
    let app = TestApp::spawn_router(
        |c| c.server.max_connections = 2,
        move |r| {
            r.route(
                "/test/held",
                get(move || {
                    let (gate, entered) = (route_gate.clone(), route_entered.clone());
                    async move {
                        entered.fetch_add(1, Ordering::SeqCst);
                        let _permit = gate.acquire().await.unwrap();
                        "released"
                    }
                }),
            )
        },
    )
    .await;
    let busy: Vec<_> = (0..2).map(|_| tokio::spawn(app.client.get(app.url("/test/held")).send())).collect();
    laowu_tests::eventually("both slots busy", || async {
        (entered.load(Ordering::SeqCst) == 2).then_some(())
    })
    .await;
    // A busy connection is never closed for a new one: the third waits for a slot.
    let queued = tokio::spawn(app.client.get(app.url("/healthz")).send());
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!queued.is_finished(), "queued while every slot is busy");
    assert_eq!(app.state.metrics.connections_closed.with_label_values(&["evicted"]).get(), 0);
    // Once they finish (and idle), the waiting connection takes a slot.
    gate.add_permits(2);
    for res in busy {
        assert_eq!(res.await.unwrap().unwrap().text().await.unwrap(), "released");
    }
    let res = tokio::time::timeout(BOUND, queued).await.expect("served once a slot freed").unwrap().unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn shutdown_closes_idle_and_half_sent_connections_at_once() {
    let mut app = TestApp::spawn_with(|c| {
        c.server.header_read_timeout_ms = 120_000;
        c.server.idle_timeout_ms = 120_000;
        c.server.shutdown_grace_ms = 120_000;
    })
    .await;
    let mut partial = half_sent(&app).await;
    let mut idle = connect(&app).await;
    assert!(request_on(&mut idle, "/healthz").await.starts_with("HTTP/1.1 200"));
    tokio::time::timeout(BOUND, app.stop()).await.expect("stopped without waiting for the grace period");
    assert_eq!(read_until_closed(&mut partial).await.as_deref(), Some(""));
    assert_eq!(read_until_closed(&mut idle).await.as_deref(), Some(""));
    assert_eq!(app.state.metrics.connections_closed.with_label_values(&["shutdown"]).get(), 2);
}

#[tokio::test]
async fn shutdown_closes_what_is_still_busy_after_the_grace_period() {
    let entered = Arc::new(AtomicUsize::new(0));
    let route_entered = entered.clone();
    let mut app = TestApp::spawn_router(
        |c| {
            c.server.shutdown_grace_ms = 300;
            c.request_timeout_secs = 120;
        },
        move |r| {
            r.route(
                "/test/forever",
                get(move || {
                    route_entered.fetch_add(1, Ordering::SeqCst);
                    std::future::pending::<&'static str>()
                }),
            )
        },
    )
    .await;
    let stuck = tokio::spawn(app.client.get(app.url("/test/forever")).send());
    laowu_tests::eventually("the request is under way", || async {
        (entered.load(Ordering::SeqCst) == 1).then_some(())
    })
    .await;
    tokio::time::timeout(BOUND, app.stop()).await.expect("stopped after the grace period");
    assert!(stuck.await.unwrap().is_err(), "the stuck request's connection was closed");
    assert_eq!(app.state.metrics.connections_closed.with_label_values(&["forced"]).get(), 1);
}
