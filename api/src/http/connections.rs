//! The accept loop and what every connection is held to: HTTP/1.1 on hyper, with a
//! header read timeout, an idle keep-alive timeout, a cap on open connections and a
//! graceful shutdown with a deadline. `laowu serve` and the test harness both run it.
//!
//! Each connection has a watchdog that knows what the connection is doing:
//!
//! - **reading a head** (from the connection's start, or from the first byte after an idle
//!   spell): closed when the headers are not complete within `header_read_timeout`;
//! - **busy** (a request handed to the app, until its response body is done): left alone;
//!   the body read timeout and the request timeout are middleware (`body_timeout`, `timeout`);
//! - **idle** (kept alive between requests): closed after `idle_timeout`.
//!
//! When `max_connections` are open, a new connection closes the oldest one that is not
//! busy (an idle or half-sent one) and takes its place; when every one is busy, it waits
//! in the listen queue until one ends. So a client holding many half-sent requests open
//! cannot lock others (or the load balancer's `/healthz`) out.
//!
//! On shutdown the listener closes at once, connections that are not busy are closed at
//! once, busy ones finish their request and then close, and whatever is still open after
//! `shutdown_grace` is dropped.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::{Frame, Incoming, SizeHint};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, Semaphore, watch};
use tokio::time::Instant;
use tower::ServiceExt;

use crate::config::ServerConfig;
use crate::http::metrics::Metrics;

/// The limits one server holds its connections to.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub header_read_timeout: Duration,
    pub idle_timeout: Duration,
    pub max_connections: usize,
    pub shutdown_grace: Duration,
}

/// Descriptors kept for everything but client connections: the database pool, the search
/// index's files, logs, the listener.
const DESCRIPTORS_KEPT: u64 = 128;

impl Limits {
    /// The configured limits, with `max_connections` lowered to fit under `descriptor_limit`
    /// (the process's soft `RLIMIT_NOFILE`, when known) less what the process needs besides.
    pub fn new(config: &ServerConfig, database_connections: u32, descriptor_limit: Option<u64>) -> Limits {
        let mut max_connections = config.max_connections.max(1);
        if let Some(limit) = descriptor_limit {
            let room = limit.saturating_sub(DESCRIPTORS_KEPT + u64::from(database_connections)).max(1);
            let room = usize::try_from(room).unwrap_or(usize::MAX);
            if room < max_connections {
                tracing::warn!(
                    configured = max_connections,
                    used = room,
                    descriptor_limit = limit,
                    "server.max_connections lowered to fit the open-files limit; raise `ulimit -n` (LimitNOFILE) to allow more"
                );
                max_connections = room;
            }
        }
        Limits {
            header_read_timeout: Duration::from_millis(config.header_read_timeout_ms.max(1)),
            idle_timeout: Duration::from_millis(config.idle_timeout_ms.max(1)),
            max_connections,
            shutdown_grace: Duration::from_millis(config.shutdown_grace_ms),
        }
    }
}

/// The soft limit on open files of this process (Linux: `/proc/self/limits`).
pub fn descriptor_limit() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.trim_start_matches("Max open files").split_whitespace().next()?.parse().ok()
}

/// Why the server closed a connection (the `reason` label of
/// `laowu_http_connections_closed_total`; connections the client closes are `client`).
#[derive(Debug, Clone, Copy)]
enum Closed {
    Client,
    HeaderTimeout,
    IdleTimeout,
    Evicted,
    Shutdown,
    Forced,
}

impl Closed {
    fn label(self) -> &'static str {
        match self {
            Closed::Client => "client",
            Closed::HeaderTimeout => "header_timeout",
            Closed::IdleTimeout => "idle_timeout",
            Closed::Evicted => "evicted",
            Closed::Shutdown => "shutdown",
            Closed::Forced => "forced",
        }
    }
}

/// Where the server is in its life; every connection watches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Serving,
    /// Shutting down: finish what is under way, close the rest.
    Draining,
    /// The grace period is over: close everything.
    Closing,
}

/// What a connection is doing, as its watchdog sees it.
#[derive(Debug, Clone, Copy)]
enum Activity {
    /// Waiting for a request's headers to be complete, since the first byte arrived (or
    /// the connection opened).
    ReadingHead { since: Instant },
    /// Requests handed to the app whose response bodies are not done.
    Busy(usize),
    /// Kept alive between requests, since the last response ended.
    Idle { since: Instant },
}

/// One connection's shared state: its activity and the way to wake its watchdog.
struct Tracker {
    activity: Mutex<Activity>,
    changed: Notify,
    evict: Notify,
}

impl Tracker {
    fn new() -> Tracker {
        Tracker {
            activity: Mutex::new(Activity::ReadingHead { since: Instant::now() }),
            changed: Notify::new(),
            evict: Notify::new(),
        }
    }

    fn activity(&self) -> Activity {
        *self.activity.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn update(&self, change: impl FnOnce(Activity) -> Option<Activity>) {
        let mut activity = self.activity.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(next) = change(*activity) {
            *activity = next;
            drop(activity);
            self.changed.notify_one();
        }
    }

    fn is_busy(&self) -> bool {
        matches!(self.activity(), Activity::Busy(_))
    }

    /// Bytes arrived: after an idle spell they begin the next request's head.
    fn on_read(&self) {
        self.update(|a| match a {
            Activity::Idle { .. } => Some(Activity::ReadingHead { since: Instant::now() }),
            _ => None,
        });
    }

    fn request_started(self: &Arc<Self>) -> InFlight {
        self.update(|a| match a {
            Activity::Busy(n) => Some(Activity::Busy(n + 1)),
            _ => Some(Activity::Busy(1)),
        });
        InFlight(self.clone())
    }

    fn request_ended(&self) {
        self.update(|a| match a {
            Activity::Busy(n) if n > 1 => Some(Activity::Busy(n - 1)),
            _ => Some(Activity::Idle { since: Instant::now() }),
        });
    }
}

/// A request under way; dropped with its response body (or with the request, if the
/// connection goes first).
struct InFlight(Arc<Tracker>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.request_ended();
    }
}

/// The open connections, oldest first, so that a full server can close the oldest one
/// that is not busy.
#[derive(Default)]
struct Open {
    connections: Mutex<BTreeMap<u64, Arc<Tracker>>>,
}

impl Open {
    fn insert(&self, id: u64, tracker: Arc<Tracker>) {
        self.connections.lock().unwrap_or_else(|e| e.into_inner()).insert(id, tracker);
    }

    fn remove(&self, id: u64) {
        self.connections.lock().unwrap_or_else(|e| e.into_inner()).remove(&id);
    }

    /// Asks the oldest connection that is not busy to close; `false` when all are busy.
    fn evict_oldest_idle(&self) -> bool {
        let connections = self.connections.lock().unwrap_or_else(|e| e.into_inner());
        match connections.values().find(|t| !t.is_busy()) {
            Some(tracker) => {
                tracker.evict.notify_one();
                true
            }
            None => false,
        }
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then shuts down as described in
/// the module documentation; returns once every connection is closed.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    metrics: Arc<Metrics>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let open = Arc::new(Open::default());
    let (phase, watch_phase) = watch::channel(Phase::Serving);
    let mut next_id: u64 = 0;
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            biased;
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_failed(&e).await;
                    continue;
                }
            },
        };
        let permit = match slots.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                let waiting = async {
                    loop {
                        open.evict_oldest_idle();
                        tokio::select! {
                            permit = slots.clone().acquire_owned() => break permit,
                            // The one asked to close became busy meanwhile: ask again.
                            () = tokio::time::sleep(Duration::from_millis(100)) => {}
                        }
                    }
                };
                tokio::select! {
                    biased;
                    () = &mut shutdown => break,
                    permit = waiting => match permit {
                        Ok(permit) => permit,
                        Err(_) => break,
                    },
                }
            }
        };
        let _ = stream.set_nodelay(true);
        next_id += 1;
        let id = next_id;
        let tracker = Arc::new(Tracker::new());
        open.insert(id, tracker.clone());
        metrics.connections_open.inc();
        let app = app.clone();
        let open = open.clone();
        let metrics = metrics.clone();
        let phase = watch_phase.clone();
        tokio::spawn(async move {
            let closed = connection(stream, peer, app, tracker, limits, phase).await;
            open.remove(id);
            metrics.connections_open.dec();
            metrics.connections_closed.with_label_values(&[closed.label()]).inc();
            drop(permit);
        });
    }
    drop(listener);
    let open_now = limits.max_connections - slots.available_permits();
    tracing::info!(open = open_now, "stopped accepting; closing connections");
    let _ = phase.send(Phase::Draining);
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    if tokio::time::timeout(limits.shutdown_grace, slots.acquire_many(all)).await.is_err() {
        tracing::warn!(
            open = limits.max_connections - slots.available_permits(),
            "shutdown grace period over: closing the connections still open"
        );
        let _ = phase.send(Phase::Closing);
        let _ = tokio::time::timeout(Duration::from_secs(5), slots.acquire_many(all)).await;
    }
}

/// An accept error: a connection that failed before we took it is skipped; running out
/// of descriptors or memory backs off briefly instead of spinning.
async fn accept_failed(e: &io::Error) {
    use io::ErrorKind::*;
    if matches!(e.kind(), ConnectionAborted | ConnectionReset | ConnectionRefused | Interrupted) {
        return;
    }
    tracing::warn!(error = %e, "accepting a connection failed; retrying shortly");
    tokio::time::sleep(Duration::from_millis(100)).await;
}

/// Serves one connection until it ends or its watchdog closes it; says why it ended.
async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
    tracker: Arc<Tracker>,
    limits: Limits,
    mut phase: watch::Receiver<Phase>,
) -> Closed {
    let service = {
        let tracker = tracker.clone();
        hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
            let in_flight = tracker.request_started();
            let mut req = req.map(Body::new);
            req.extensions_mut().insert(ConnectInfo(peer));
            let app = app.clone();
            async move {
                let res = match app.oneshot(req).await {
                    Ok(res) => res,
                    Err(never) => match never {},
                };
                Ok::<_, Infallible>(res.map(|body| Tracked { body, _in_flight: in_flight }))
            }
        })
    };
    let io = TokioIo::new(Watched { stream, tracker: tracker.clone() });
    let conn = hyper::server::conn::http1::Builder::new().keep_alive(true).serve_connection(io, service);
    tokio::pin!(conn);
    let mut draining = false;
    loop {
        let current = *phase.borrow_and_update();
        if !draining && current != Phase::Serving {
            draining = true;
            // Keep-alive off: a busy connection closes after its response, an idle one now.
            conn.as_mut().graceful_shutdown();
        }
        let activity = tracker.activity();
        if current == Phase::Closing {
            return Closed::Forced;
        }
        if draining && matches!(activity, Activity::ReadingHead { .. }) {
            return Closed::Shutdown;
        }
        let deadline = match activity {
            Activity::ReadingHead { since } => {
                Some((since + limits.header_read_timeout, Closed::HeaderTimeout))
            }
            Activity::Idle { since } => Some((since + limits.idle_timeout, Closed::IdleTimeout)),
            Activity::Busy(_) => None,
        };
        let expired = async {
            match deadline {
                Some((at, why)) => {
                    tokio::time::sleep_until(at).await;
                    why
                }
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            result = conn.as_mut() => {
                if let Err(e) = result {
                    tracing::debug!(error = %e, %peer, "connection ended with an error");
                }
                return if draining { Closed::Shutdown } else { Closed::Client };
            }
            () = tracker.changed.notified() => {}
            changed = phase.changed() => {
                if changed.is_err() {
                    return Closed::Forced;
                }
            }
            () = tracker.evict.notified() => {
                if !tracker.is_busy() {
                    return Closed::Evicted;
                }
            }
            why = expired => {
                // Only if nothing moved meanwhile (a request may have begun at the deadline).
                let still = match (tracker.activity(), activity) {
                    (Activity::ReadingHead { since: a }, Activity::ReadingHead { since: b })
                    | (Activity::Idle { since: a }, Activity::Idle { since: b }) => a == b,
                    _ => false,
                };
                if still {
                    return why;
                }
            }
        }
    }
}

/// The socket, telling its tracker when bytes arrive.
struct Watched {
    stream: TcpStream,
    tracker: Arc<Tracker>,
}

impl AsyncRead for Watched {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let result = Pin::new(&mut this.stream).poll_read(cx, buf);
        if matches!(result, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            this.tracker.on_read();
        }
        result
    }
}

impl AsyncWrite for Watched {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

/// A response body that keeps its connection busy until it is done.
struct Tracked {
    body: Body,
    _in_flight: InFlight,
}

impl hyper::body::Body for Tracked {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_connection_cap_fits_under_the_descriptor_limit() {
        let config = ServerConfig { max_connections: 5000, ..ServerConfig::default() };
        assert_eq!(Limits::new(&config, 16, Some(1024)).max_connections, 1024 - 128 - 16);
        assert_eq!(Limits::new(&config, 16, Some(100_000)).max_connections, 5000);
        assert_eq!(Limits::new(&config, 16, None).max_connections, 5000);
        assert_eq!(Limits::new(&config, 16, Some(10)).max_connections, 1);
    }

    #[test]
    fn the_descriptor_limit_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(descriptor_limit().is_some_and(|n| n > 0));
        }
    }
}
