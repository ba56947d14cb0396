//! What every handler can reach: the database, the search index, the configuration, the
//! keys, the metrics.

use std::sync::Arc;

use anyhow::Context;
use laowu_migrations::{Migrator, MigratorTrait};
use laowu_search::SearchIndex;
use sea_orm::DatabaseConnection;
use tokio::sync::Notify;

use crate::auth::{Passwords, RevokedSessions, TokenService};
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::http::metrics::Metrics;
use crate::secrets::{PiiCipher, Secrets};
use crate::store::write::{WriteTx, Writer};

#[derive(Clone)]
pub struct AppState {
    /// For reads. Writes go through [`AppState::begin_write`].
    pub db: DatabaseConnection,
    pub writer: Writer,
    pub config: Arc<Config>,
    pub tokens: Arc<TokenService>,
    /// Argon2 with a bound on concurrent computations (`[auth]`).
    pub passwords: Arc<Passwords>,
    /// This node's copy of the ended logins, checked on every authenticated request.
    pub revoked: Arc<RevokedSessions>,
    pub pii: Arc<PiiCipher>,
    pub metrics: Arc<Metrics>,
    /// The search engine. The database stays the truth: the indexer copies it here.
    pub search: Arc<dyn SearchIndex>,
    /// Poked after a write commits an outbox event, so an in-process indexer wakes at once.
    pub outbox_written: Arc<Notify>,
    /// What time it is; tests swap in a [`crate::clock::ManualClock`].
    pub clock: Arc<dyn Clock>,
}

impl AppState {
    /// Loads the secrets, opens the database and brings its schema up to date, and opens
    /// the configured search engine (without waiting for it to answer).
    pub async fn build(config: Config) -> anyhow::Result<AppState> {
        let search = crate::search::open(&config).context("opening the search index")?;
        AppState::build_with_search(config, search).await
    }

    /// As [`AppState::build`], with a given search index (tests, tools).
    pub async fn build_with_search(config: Config, search: Arc<dyn SearchIndex>) -> anyhow::Result<AppState> {
        config.matching.validate().map_err(|e| anyhow::anyhow!("[matching] in the configuration: {e}"))?;
        let secrets = Secrets::load(&config)?;
        if config.database_url.is_none() {
            std::fs::create_dir_all(&config.data_dir)
                .with_context(|| format!("creating the data directory {}", config.data_dir.display()))?;
        }
        let db = crate::store::connect(
            &config.database_url(),
            config.database_max_connections,
            config.database_sqlite_synchronous,
        )
        .await
        .context("opening the database")?;
        Migrator::up(&db, None).await.context("migrating the database")?;
        crate::store::reference::sync(&db, laowu_domain::reference::catalogue())
            .await
            .context("loading the reference data")?;
        Ok(AppState {
            writer: Writer::new(db.clone(), config.database_max_connections, crate::store::BUSY_TIMEOUT),
            db,
            tokens: Arc::new(
                TokenService::new(&secrets.jwt_secret, config.access_token_ttl_secs)
                    .context("loading the token signing key")?,
            ),
            passwords: Arc::new(Passwords::new(&config.auth)),
            revoked: Arc::new(RevokedSessions::new(std::time::Duration::from_millis(
                config.auth.revocation_refresh_ms,
            ))),
            pii: Arc::new(secrets.pii),
            metrics: Arc::new(Metrics::new()),
            config: Arc::new(config),
            search,
            outbox_written: Arc::new(Notify::new()),
            clock: Arc::new(SystemClock),
        })
    }

    /// Opens a write transaction (see [`crate::store::write`]): the only way to write.
    pub async fn begin_write(&self) -> Result<WriteTx, crate::error::ApiError> {
        Ok(self.writer.begin().await?)
    }

    /// Tells an in-process indexer that events are waiting. Call after the commit.
    pub fn poke_indexer(&self) {
        self.outbox_written.notify_one();
    }
}
