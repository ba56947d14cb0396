//! A search test double: [`FlakyIndex`] wraps a real index and fails (or hangs, then
//! fails) on demand, to stand for an engine that is down.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use laowu_search::{Document, Kind, SearchError, SearchIndex, SearchQuery, SearchResults};
use uuid::Uuid;

/// Wraps an index; while "down" every call fails like an unreachable engine, optionally
/// after hanging for a while first.
pub struct FlakyIndex {
    inner: Arc<dyn SearchIndex>,
    down: AtomicBool,
    hang_ms: AtomicU64,
    failures: AtomicU64,
    /// Documents the engine refuses to store, as a real engine refuses a malformed one.
    refused: std::sync::Mutex<Vec<Uuid>>,
}

impl FlakyIndex {
    pub fn new(inner: Arc<dyn SearchIndex>) -> Arc<FlakyIndex> {
        Arc::new(FlakyIndex {
            inner,
            down: AtomicBool::new(false),
            hang_ms: AtomicU64::new(0),
            failures: AtomicU64::new(0),
            refused: std::sync::Mutex::new(Vec::new()),
        })
    }

    /// Takes the engine down; each call then hangs `hang_ms` before failing.
    pub fn go_down(&self, hang_ms: u64) {
        self.hang_ms.store(hang_ms, Ordering::SeqCst);
        self.down.store(true, Ordering::SeqCst);
    }

    /// Upserts containing this document fail (the whole call, as engines do).
    pub fn refuse(&self, id: Uuid) {
        self.refused.lock().unwrap_or_else(|e| e.into_inner()).push(id);
    }

    pub fn accept_all(&self) {
        self.refused.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    pub fn come_back(&self) {
        self.down.store(false, Ordering::SeqCst);
    }

    /// Calls refused while down.
    pub fn failures(&self) -> u64 {
        self.failures.load(Ordering::SeqCst)
    }

    async fn check(&self) -> Result<(), SearchError> {
        if !self.down.load(Ordering::SeqCst) {
            return Ok(());
        }
        let hang = self.hang_ms.load(Ordering::SeqCst);
        if hang > 0 {
            tokio::time::sleep(Duration::from_millis(hang)).await;
        }
        self.failures.fetch_add(1, Ordering::SeqCst);
        Err(SearchError::Unavailable("connection refused (test: engine down)".to_owned()))
    }
}

#[async_trait]
impl SearchIndex for FlakyIndex {
    fn backend(&self) -> &'static str {
        self.inner.backend()
    }
    async fn prepare(&self) -> Result<(), SearchError> {
        self.check().await?;
        self.inner.prepare().await
    }
    async fn upsert(&self, docs: Vec<Document>) -> Result<(), SearchError> {
        self.check().await?;
        let refused = self.refused.lock().unwrap_or_else(|e| e.into_inner()).clone();
        if let Some(d) = docs.iter().find(|d| refused.contains(&d.id())) {
            return Err(SearchError::Internal(format!("document {} refused (test)", d.id())));
        }
        self.inner.upsert(docs).await
    }
    async fn delete(&self, kind: Kind, ids: &[Uuid]) -> Result<(), SearchError> {
        self.check().await?;
        self.inner.delete(kind, ids).await
    }
    async fn clear(&self, kind: Kind) -> Result<(), SearchError> {
        self.check().await?;
        self.inner.clear(kind).await
    }
    async fn count(&self, kind: Kind) -> Result<u64, SearchError> {
        self.check().await?;
        self.inner.count(kind).await
    }
    async fn fetch(&self, kind: Kind, ids: &[Uuid]) -> Result<Vec<Document>, SearchError> {
        self.check().await?;
        self.inner.fetch(kind, ids).await
    }
    async fn search(&self, query: &SearchQuery) -> Result<SearchResults, SearchError> {
        self.check().await?;
        self.inner.search(query).await
    }
}
