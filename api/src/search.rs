//! Opening the configured search engine.

use std::sync::Arc;

use async_trait::async_trait;
use laowu_search::Document;
use laowu_search::{Kind, SearchError, SearchIndex, SearchQuery, SearchResults};
use uuid::Uuid;

use crate::config::{Config, SearchBackend};

/// The search engine `config` names. Opening never waits for a remote engine: whether it
/// answers shows at `prepare`, which the indexer retries.
pub fn open(config: &Config) -> anyhow::Result<Arc<dyn SearchIndex>> {
    let backend = config.search.backend;
    Ok(Arc::new(NotBuilt(match backend {
        SearchBackend::Embedded => "embedded",
        SearchBackend::Meilisearch => "meilisearch",
    })))
}

/// Stands in for a backend this build does not have yet: every call fails as an outage
/// would, so writes go on and the outbox keeps their events until a real index exists.
struct NotBuilt(&'static str);

impl NotBuilt {
    fn err(&self) -> SearchError {
        SearchError::Unavailable(format!("the {} search backend is not built into this binary", self.0))
    }
}

#[async_trait]
impl SearchIndex for NotBuilt {
    fn backend(&self) -> &'static str {
        self.0
    }
    async fn prepare(&self) -> Result<(), SearchError> {
        Err(self.err())
    }
    async fn upsert(&self, _docs: Vec<Document>) -> Result<(), SearchError> {
        Err(self.err())
    }
    async fn delete(&self, _kind: Kind, _ids: &[Uuid]) -> Result<(), SearchError> {
        Err(self.err())
    }
    async fn clear(&self, _kind: Kind) -> Result<(), SearchError> {
        Err(self.err())
    }
    async fn count(&self, _kind: Kind) -> Result<u64, SearchError> {
        Err(self.err())
    }
    async fn search(&self, _query: &SearchQuery) -> Result<SearchResults, SearchError> {
        Err(self.err())
    }
}
