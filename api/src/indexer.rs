//! The indexer: applies outbox events to the search index, and rebuilds the index.
//!
//! Each loop claims a batch of due events (see [`outbox::claim`] for why several indexers
//! may run against one database), reads the current state of the entities they name,
//! and upserts or deletes their documents. Because it always indexes the latest state,
//! applying an event twice or late is harmless. A batch that fails (the engine is away,
//! say) is released with its error recorded and retried with exponential backoff; the
//! writes that produced the events are long committed and never wait for search.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use laowu_search::{Kind, SearchError};
use tokio::sync::watch;
use uuid::Uuid;

use crate::services::search_docs::{self, Changes};
use crate::state::AppState;
use crate::store::outbox::{self, Claimed, Consumer, Topic};

/// Longest error text kept on an event.
const MAX_ERROR_LEN: usize = 500;

/// What one batch did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// Events claimed.
    pub claimed: usize,
    pub upserted: usize,
    pub deleted: usize,
    /// Whether the batch failed and was scheduled for a retry.
    pub failed: bool,
}

pub struct Indexer {
    state: AppState,
    /// Unique per indexer (host, process, random), so leases and logs tell indexers apart.
    worker: String,
    batches: AtomicU64,
}

impl Indexer {
    pub fn new(state: AppState) -> Indexer {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "node".to_owned());
        let host: String = host.chars().filter(|c| c.is_ascii_graphic()).take(24).collect();
        let suffix = Uuid::new_v4().simple().to_string();
        let worker = format!("{host}-{}-{}", std::process::id(), &suffix[..8]);
        Indexer { state, worker, batches: AtomicU64::new(0) }
    }

    pub fn worker_id(&self) -> &str {
        &self.worker
    }

    fn config(&self) -> &crate::config::SearchConfig {
        &self.state.config.search
    }

    /// Runs until `stop` turns true, finishing the batch in hand first.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        let search = self.state.search.clone();
        let poll = Duration::from_millis(self.config().poll_interval_ms.max(10));
        tracing::info!(worker = %self.worker, backend = search.backend(), "search indexer started");
        let mut prepare_failures: i32 = 0;
        let mut last_lag = std::time::Instant::now() - Duration::from_secs(60);
        while !*stop.borrow() {
            let pause = if prepare_failures >= 0 {
                // Preparing is idempotent, so a shutdown need not wait for an engine that hangs.
                let prepared = tokio::select! {
                    r = search.prepare() => r,
                    _ = stop.changed() => break,
                };
                match prepared {
                    Ok(()) => {
                        if prepare_failures > 0 {
                            tracing::info!("search engine is back; indexing");
                        }
                        prepare_failures = -1;
                        Duration::ZERO
                    }
                    Err(e) => {
                        prepare_failures += 1;
                        let wait = self.backoff(prepare_failures);
                        tracing::warn!(error = %e, retry_in_ms = wait.as_millis() as u64,
                            "search engine not ready; writes go on and the outbox keeps their events");
                        wait
                    }
                }
            } else {
                match self.step().await {
                    Ok(step) if step.claimed > 0 && !step.failed => Duration::ZERO,
                    Ok(_) => poll,
                    Err(e) => {
                        tracing::warn!(error = %format!("{e:#}"), "indexer could not work the outbox");
                        poll
                    }
                }
            };
            if last_lag.elapsed() >= Duration::from_secs(2) || pause > Duration::ZERO {
                self.update_lag().await;
                last_lag = std::time::Instant::now();
            }
            if pause > Duration::ZERO {
                tokio::select! {
                    _ = tokio::time::sleep(pause) => {}
                    _ = self.state.outbox_written.notified() => {}
                    _ = stop.changed() => {}
                }
            }
        }
        tracing::info!(worker = %self.worker, "search indexer stopped");
    }

    /// Exponential backoff after `failures` failures: the base delay doubling, capped.
    pub fn backoff(&self, failures: i32) -> Duration {
        let base = self.config().retry_base_ms.max(1);
        let cap = self.config().retry_max_secs.saturating_mul(1000).max(base);
        let shift = u32::try_from(failures.saturating_sub(1).clamp(0, 30)).unwrap_or(30);
        Duration::from_millis(base.saturating_mul(1u64 << shift).min(cap))
    }

    async fn update_lag(&self) {
        match outbox::lag(&self.state.db, Consumer::SEARCH).await {
            Ok(lag) => {
                self.state.metrics.index_lag_events.set(i64::try_from(lag.pending).unwrap_or(i64::MAX));
                let age = lag.oldest.map(|t| (Utc::now() - t).num_seconds().max(0)).unwrap_or(0);
                self.state.metrics.index_lag_seconds.set(age);
            }
            Err(e) => tracing::debug!(error = %e, "reading the index lag failed"),
        }
    }

    /// Claims one batch and applies it. Database errors are returned (the claim then lapses
    /// with its lease); search failures are recorded on the events and reported in the
    /// [`Step`].
    pub async fn step(&self) -> anyhow::Result<Step> {
        let db = &self.state.db;
        let cfg = self.config();
        let n = self.batches.fetch_add(1, Ordering::Relaxed);
        let token = format!("{}#{n}", self.worker);
        let now = Utc::now();
        let lease = chrono::Duration::seconds(i64::try_from(cfg.lease_secs).unwrap_or(60).max(1));
        let claimed =
            outbox::claim(db, Consumer::SEARCH, &token, now, now + lease, cfg.batch_size.max(1)).await?;
        if claimed.is_empty() {
            return Ok(Step::default());
        }
        let mut step = Step { claimed: claimed.len(), ..Step::default() };
        let result = self.apply(&claimed, now).await;
        let entities: BTreeSet<(Topic, Uuid)> = claimed.iter().map(|c| (c.topic, c.entity_id)).collect();
        match result {
            Ok(done) => self.done(&token, &claimed, done, &mut step).await?,
            // The engine is away: everything waits and retries together.
            Err(e) if is_outage(&e) || entities.len() == 1 => {
                self.failed(&token, &claimed, &e).await?;
                step.failed = true;
            }
            // The engine refused something: one entity at a time, so that one bad
            // document does not hold back the rest of the batch.
            Err(_) => {
                for (topic, entity) in entities {
                    let rows: Vec<Claimed> = claimed
                        .iter()
                        .filter(|c| c.topic == topic && c.entity_id == entity)
                        .cloned()
                        .collect();
                    match self.apply(&rows, now).await {
                        Ok(done) => self.done(&token, &rows, done, &mut step).await?,
                        Err(e) => {
                            self.failed(&token, &rows, &e).await?;
                            step.failed = true;
                        }
                    }
                }
            }
        }
        Ok(step)
    }

    async fn done(
        &self,
        token: &str,
        rows: &[Claimed],
        (upserted, deleted): (usize, usize),
        step: &mut Step,
    ) -> anyhow::Result<()> {
        let ids: Vec<i64> = rows.iter().map(|c| c.id).collect();
        outbox::complete(&self.state.db, token, &ids, Utc::now()).await?;
        step.upserted += upserted;
        step.deleted += deleted;
        let m = &self.state.metrics;
        m.indexed_docs.with_label_values(&["upsert"]).inc_by(upserted as u64);
        m.indexed_docs.with_label_values(&["delete"]).inc_by(deleted as u64);
        Ok(())
    }

    async fn failed(&self, token: &str, rows: &[Claimed], e: &anyhow::Error) -> anyhow::Result<()> {
        let error: String = format!("{e:#}").chars().take(MAX_ERROR_LEN).collect();
        tracing::warn!(worker = %self.worker, events = rows.len(), error = %error,
            "indexing failed; the events will be retried");
        self.state.metrics.index_failures.inc();
        self.fail(token, rows, &error).await
    }

    /// Reads the entities the events name and writes their documents. Several events for
    /// one entity count once.
    async fn apply(&self, claimed: &[Claimed], now: DateTime<Utc>) -> anyhow::Result<(usize, usize)> {
        let mut by_topic: BTreeMap<Topic, BTreeSet<Uuid>> = BTreeMap::new();
        for c in claimed {
            by_topic.entry(c.topic).or_default().insert(c.entity_id);
        }
        let mut changes = Changes::default();
        for (topic, ids) in by_topic {
            let ids: Vec<Uuid> = ids.into_iter().collect();
            changes.extend(search_docs::load(&self.state.db, topic, &ids, now).await?);
        }
        write(&self.state, changes).await
    }

    async fn fail(&self, token: &str, claimed: &[Claimed], error: &str) -> anyhow::Result<()> {
        let mut by_attempts: BTreeMap<i32, Vec<i64>> = BTreeMap::new();
        for c in claimed {
            by_attempts.entry(c.attempts).or_default().push(c.id);
        }
        let now = Utc::now();
        for (attempts, ids) in by_attempts {
            let wait = self.backoff(attempts.saturating_add(1));
            let retry_at = now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::seconds(1));
            outbox::fail(&self.state.db, token, &ids, attempts, error, retry_at).await?;
        }
        Ok(())
    }
}

/// Whether the search engine could not be reached (as opposed to refusing a document).
fn is_outage(e: &anyhow::Error) -> bool {
    matches!(e.downcast_ref::<SearchError>(), Some(SearchError::Unavailable(_)))
}

/// Upserts and deletes `changes`; returns how many of each.
async fn write(state: &AppState, changes: Changes) -> anyhow::Result<(usize, usize)> {
    let deletes = changes.deletes_by_kind();
    let upserted = changes.upserts.len();
    if upserted > 0 {
        state.search.upsert(changes.upserts).await?;
    }
    let mut deleted = 0;
    for (kind, ids) in deletes {
        state.search.delete(kind, &ids).await?;
        deleted += ids.len();
    }
    Ok((upserted, deleted))
}

/// What a rebuild did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Rebuild {
    /// Documents indexed per kind.
    pub indexed: BTreeMap<&'static str, u64>,
    /// Rows of each kind read from the database.
    pub scanned: BTreeMap<&'static str, u64>,
    /// Outbox events the rebuild made redundant and marked done.
    pub events_done: u64,
    /// Events an indexer applied while the rebuild ran, queued again to be safe.
    pub events_requeued: u64,
}

/// Clears every index and fills it again from the database, `batch` rows at a time (the
/// tables are streamed in id order, never loaded whole), then marks done the outbox events
/// that were pending when it started.
///
/// Indexers may keep running meanwhile: events recorded during the rebuild stay pending,
/// and events an indexer applied during it are queued again (the rebuild may have written
/// an older read over them), so the index ends up equal to the database either way.
pub async fn rebuild(state: &AppState, batch: u64) -> anyhow::Result<Rebuild> {
    let db = &state.db;
    let started = Utc::now();
    let tag = format!("reindex:{}", Uuid::new_v4());
    outbox::tag_pending(db, Consumer::SEARCH, &tag, started).await?;
    state.search.prepare().await?;
    let mut report = Rebuild::default();
    for topic in [Topic::Job, Topic::Course, Topic::Worker] {
        let kind = search_docs::kind_of(topic);
        state.search.clear(kind).await?;
        let (mut scanned, mut indexed) = (0u64, 0u64);
        let mut after = None;
        loop {
            let page = search_docs::page(db, topic, after, batch.max(1), Utc::now()).await?;
            let Some(last) = page.last else { break };
            after = Some(last);
            scanned += page.rows as u64;
            indexed += page.docs.len() as u64;
            if !page.docs.is_empty() {
                state.search.upsert(page.docs).await?;
            }
            tracing::debug!(kind = kind.index_name(), scanned, indexed, "rebuilding");
        }
        report.indexed.insert(kind.index_name(), indexed);
        report.scanned.insert(kind.index_name(), scanned);
        tracing::info!(kind = kind.index_name(), indexed, "rebuilt");
    }
    let now = Utc::now();
    report.events_done = outbox::complete_tagged(db, &tag, now).await?;
    report.events_requeued = outbox::reopen_processed_since(db, Consumer::SEARCH, started, &tag, now).await?;
    state.poke_indexer();
    Ok(report)
}

/// How many documents of each kind the index holds.
pub async fn counts(state: &AppState) -> anyhow::Result<Vec<(Kind, u64)>> {
    let mut out = Vec::new();
    for kind in Kind::ALL {
        out.push((kind, state.search.count(kind).await?));
    }
    Ok(out)
}
