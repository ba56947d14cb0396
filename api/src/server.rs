//! Running the server: bind, serve with graceful shutdown, and the housekeeping task.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;
use chrono::Utc;
use tokio::net::TcpListener;

use crate::state::AppState;
use crate::store::{idempotency, refresh_tokens};

/// Serves until `shutdown` resolves; requests in flight then finish before this returns.
pub async fn serve(
    state: AppState,
    listener: TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    crate::auth::passwords::warm_up();
    let housekeeping = tokio::spawn(housekeeping(state.clone()));
    let app = crate::app(state);
    let result = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
        .context("serving HTTP");
    housekeeping.abort();
    result
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
/// idempotency keys past their retention and refresh tokens past expiry.
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
    }
}
