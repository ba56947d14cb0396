//! Prometheus metrics: request counts and latency histograms per route and status, and
//! how far the search index trails the database, and the client connections.
//!
//! Routes are labelled by their template (`/api/v1/jobs/{id}`), never the raw path, so
//! the number of series stays bounded; unmatched requests share one label.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, Opts, Registry, TextEncoder,
};

use crate::state::AppState;

pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    /// Outbox events not yet applied to the search index.
    pub index_lag_events: IntGauge,
    /// Age in seconds of the oldest event not yet applied (0 when none).
    pub index_lag_seconds: IntGauge,
    /// Documents written to (`upsert`) or removed from (`delete`) the index.
    pub indexed_docs: IntCounterVec,
    /// Indexer batches that failed and were scheduled for a retry.
    pub index_failures: IntCounter,
    /// Client connections open now.
    pub connections_open: IntGauge,
    /// Client connections closed, by who closed them and why.
    pub connections_closed: IntCounterVec,
}

impl Metrics {
    pub fn new() -> Metrics {
        let registry = Registry::new_custom(Some("laowu".to_owned()), None)
            .expect("a static prefix is a valid registry");
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests answered, by route, method and status."),
            &["method", "route", "status"],
        )
        .expect("static metric definition");
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "Time to answer an HTTP request, by route, method and status.",
            )
            .buckets(vec![0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0]),
            &["method", "route", "status"],
        )
        .expect("static metric definition");
        let index_lag_events =
            IntGauge::new("search_index_lag_events", "Outbox events not yet applied to the search index.")
                .expect("static metric definition");
        let index_lag_seconds = IntGauge::new(
            "search_index_lag_seconds",
            "Age of the oldest outbox event not yet applied to the search index (0 when none).",
        )
        .expect("static metric definition");
        let indexed_docs = IntCounterVec::new(
            Opts::new(
                "search_indexed_documents_total",
                "Documents upserted into or deleted from the search index.",
            ),
            &["op"],
        )
        .expect("static metric definition");
        let index_failures = IntCounter::new(
            "search_index_failures_total",
            "Indexer batches that failed and were scheduled for a retry.",
        )
        .expect("static metric definition");
        let connections_open = IntGauge::new("http_connections_open", "Client connections open now.")
            .expect("static metric definition");
        let connections_closed = IntCounterVec::new(
            Opts::new(
                "http_connections_closed_total",
                "Client connections closed: by the client, or by the server and why \
                 (header_timeout, idle_timeout, evicted, shutdown, forced).",
            ),
            &["reason"],
        )
        .expect("static metric definition");
        registry.register(Box::new(connections_open.clone())).expect("registered once");
        registry.register(Box::new(connections_closed.clone())).expect("registered once");
        registry.register(Box::new(requests.clone())).expect("registered once");
        registry.register(Box::new(latency.clone())).expect("registered once");
        registry.register(Box::new(index_lag_events.clone())).expect("registered once");
        registry.register(Box::new(index_lag_seconds.clone())).expect("registered once");
        registry.register(Box::new(indexed_docs.clone())).expect("registered once");
        registry.register(Box::new(index_failures.clone())).expect("registered once");
        Metrics {
            registry,
            requests,
            latency,
            index_lag_events,
            index_lag_seconds,
            indexed_docs,
            index_failures,
            connections_open,
            connections_closed,
        }
    }

    pub fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let status = status.to_string();
        let labels = [method, route, status.as_str()];
        self.requests.with_label_values(&labels).inc();
        self.latency.with_label_values(&labels).observe(seconds);
    }

    /// The Prometheus text exposition format.
    pub fn render(&self) -> String {
        let mut out = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut out).expect("encoding to a Vec cannot fail");
        String::from_utf8(out).unwrap_or_default()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().as_str().to_owned();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let res = next.run(req).await;
    state.metrics.observe(&method, &route, res.status().as_u16(), start.elapsed().as_secs_f64());
    res
}
