//! Search test doubles, only for testing the indexer's delivery guarantees (they are not
//! search engines and claim nothing about how one ranks or filters):
//!
//! - [`MemoryIndex`] keeps documents in a map, so a test can compare the index with the
//!   database exactly;
//! - [`FlakyIndex`] wraps any index and fails (or hangs, then fails) on demand, to stand
//!   for an engine that is down.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use laowu_search::{Document, Kind, SearchError, SearchIndex, SearchQuery, SearchResults};
use uuid::Uuid;

/// Documents in a map. `search` is not supported.
#[derive(Default)]
pub struct MemoryIndex {
    docs: Mutex<BTreeMap<(Kind, Uuid), Document>>,
    /// Most time each write pauses before it lands, to widen race windows.
    jitter_ms: u64,
    writes: AtomicU64,
}

impl MemoryIndex {
    pub fn new() -> Arc<MemoryIndex> {
        Arc::new(MemoryIndex::default())
    }

    /// Writes pause up to `ms` milliseconds (pseudo-randomly) before they land.
    pub fn with_jitter(ms: u64) -> Arc<MemoryIndex> {
        Arc::new(MemoryIndex { jitter_ms: ms, ..MemoryIndex::default() })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<(Kind, Uuid), Document>> {
        self.docs.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn get(&self, kind: Kind, id: Uuid) -> Option<Document> {
        self.lock().get(&(kind, id)).cloned()
    }

    /// Every document, by kind and id.
    pub fn snapshot(&self) -> BTreeMap<(Kind, Uuid), Document> {
        self.lock().clone()
    }

    /// Upsert and delete calls so far.
    pub fn writes(&self) -> u64 {
        self.writes.load(Ordering::Relaxed)
    }

    pub fn insert(&self, doc: Document) {
        self.lock().insert((doc.kind(), doc.id()), doc);
    }

    async fn jitter(&self) {
        let n = self.writes.fetch_add(1, Ordering::Relaxed);
        if self.jitter_ms > 0 {
            let ms = (n.wrapping_mul(2_654_435_761) >> 7) % (self.jitter_ms + 1);
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
    }
}

#[async_trait]
impl SearchIndex for MemoryIndex {
    fn backend(&self) -> &'static str {
        "memory"
    }
    async fn prepare(&self) -> Result<(), SearchError> {
        Ok(())
    }
    async fn upsert(&self, docs: Vec<Document>) -> Result<(), SearchError> {
        self.jitter().await;
        let mut map = self.lock();
        for d in docs {
            map.insert((d.kind(), d.id()), d);
        }
        Ok(())
    }
    async fn delete(&self, kind: Kind, ids: &[Uuid]) -> Result<(), SearchError> {
        self.jitter().await;
        let mut map = self.lock();
        for id in ids {
            map.remove(&(kind, *id));
        }
        Ok(())
    }
    async fn clear(&self, kind: Kind) -> Result<(), SearchError> {
        self.lock().retain(|(k, _), _| *k != kind);
        Ok(())
    }
    async fn count(&self, kind: Kind) -> Result<u64, SearchError> {
        Ok(self.lock().keys().filter(|(k, _)| *k == kind).count() as u64)
    }
    async fn search(&self, _query: &SearchQuery) -> Result<SearchResults, SearchError> {
        Err(SearchError::Internal("the memory test double does not search".to_owned()))
    }
}

/// Wraps an index; while "down" every call fails like an unreachable engine, optionally
/// after hanging for a while first.
pub struct FlakyIndex {
    inner: Arc<dyn SearchIndex>,
    down: AtomicBool,
    hang_ms: AtomicU64,
    failures: AtomicU64,
}

impl FlakyIndex {
    pub fn new(inner: Arc<dyn SearchIndex>) -> Arc<FlakyIndex> {
        Arc::new(FlakyIndex {
            inner,
            down: AtomicBool::new(false),
            hang_ms: AtomicU64::new(0),
            failures: AtomicU64::new(0),
        })
    }

    /// Takes the engine down; each call then hangs `hang_ms` before failing.
    pub fn go_down(&self, hang_ms: u64) {
        self.hang_ms.store(hang_ms, Ordering::SeqCst);
        self.down.store(true, Ordering::SeqCst);
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
    async fn search(&self, query: &SearchQuery) -> Result<SearchResults, SearchError> {
        self.check().await?;
        self.inner.search(query).await
    }
}
