//! Running the server: bind, serve with graceful shutdown (connection handling in
//! [`crate::http::connections`]), the in-process search indexer and the housekeeping task.

use std::time::Duration;

use anyhow::Context;
use chrono::Utc;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::config::IndexerMode;
use crate::indexer::Indexer;
use crate::state::AppState;
use crate::store::{idempotency, outbox, refresh_tokens};

/// Serves until `shutdown` resolves; requests in flight then finish (within
/// `server.shutdown_grace_ms`), and the in-process indexer its batch, before this returns.
pub async fn serve(
    state: AppState,
    listener: TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    crate::auth::passwords::warm_up();
    let housekeeping = tokio::spawn(housekeeping(state.clone()));
    let (stop, stopped) = watch::channel(false);
    let stop = std::sync::Arc::new(stop);
    let indexer = start_search(&state, stopped);
    let app = crate::app(state.clone());
    let signal = stop.clone();
    serve_http(&state, listener, app, async move {
        shutdown.await;
        let _ = signal.send(true);
    })
    .await;
    let _ = stop.send(true);
    if let Some(indexer) = indexer {
        let _ = indexer.await;
    }
    housekeeping.abort();
    Ok(())
}

/// The HTTP side alone: serves `app` on `listener` with the limits of `state.config.server`
/// until `shutdown` resolves and the connections are closed. The test harness serves
/// through this too.
pub async fn serve_http(
    state: &AppState,
    listener: TcpListener,
    app: axum::Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) {
    let config = &state.config;
    let limits = crate::http::connections::Limits::new(
        &config.server,
        config.database_max_connections,
        crate::http::connections::descriptor_limit(),
    );
    crate::http::connections::serve(listener, app, limits, state.metrics.clone(), shutdown).await;
}

/// Starts the indexer when this node runs it in process (it prepares the engine itself,
/// retrying while it is away); otherwise prepares the engine once in the background. The
/// server never waits for search: an engine that is down at start costs a warning.
pub fn start_search(state: &AppState, stop: watch::Receiver<bool>) -> Option<JoinHandle<()>> {
    match state.config.search.indexer {
        IndexerMode::InProcess => Some(tokio::spawn(Indexer::new(state.clone()).run(stop))),
        IndexerMode::Off => {
            let search = state.search.clone();
            tokio::spawn(async move {
                if let Err(e) = search.prepare().await {
                    tracing::warn!(error = %e, backend = search.backend(),
                        "search engine not ready; the indexer node will prepare it when it answers");
                }
            });
            None
        }
    }
}

/// Runs only the indexer (`laowu indexer`) until `shutdown` resolves.
pub async fn run_indexer(
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let (stop, stopped) = watch::channel(false);
    let indexer = tokio::spawn(Indexer::new(state).run(stopped));
    shutdown.await;
    let _ = stop.send(true);
    indexer.await.context("the indexer task failed")
}

pub async fn bind(addr: &str) -> anyhow::Result<TcpListener> {
    TcpListener::bind(addr).await.with_context(|| format!("binding {addr}"))
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// Hourly: expire postings past their date (reads already treat them as expired), forget
/// idempotency keys past their retention, refresh tokens past expiry, throttle counters
/// whose windows have run out and outbox events processed more than
/// `search.retention_days` ago.
async fn housekeeping(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        let now = Utc::now();
        if let Err(e) =
            idempotency::purge_older_than(&state.db, now - crate::http::idempotency::RETENTION).await
        {
            tracing::warn!(error = %e, "purging idempotency keys failed");
        }
        if let Err(e) = crate::services::jobs::expire_due(&state).await {
            tracing::warn!(error = %e, "expiring job postings failed");
        }
        if let Err(e) = refresh_tokens::purge_expired(&state.db, now - chrono::Duration::days(1)).await {
            tracing::warn!(error = %e, "purging refresh tokens failed");
        }
        if let Err(e) = crate::services::auth::housekeeping(&state).await {
            tracing::warn!(error = %e, "purging idle throttle counters failed");
        }
        let keep = chrono::Duration::days(state.config.search.retention_days.max(1));
        if let Err(e) = outbox::purge_processed_before(&state.db, now - keep).await {
            tracing::warn!(error = %e, "purging processed outbox events failed");
        }
    }
}
