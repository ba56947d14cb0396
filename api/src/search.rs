//! Opening the configured search engine.

use std::sync::Arc;

use anyhow::Context;
use async_trait::async_trait;
use laowu_search::embedded::EmbeddedIndex;
use laowu_search::{Document, Kind, MeiliIndex, SearchError, SearchIndex, SearchQuery, SearchResults};
use secrecy::ExposeSecret;
use uuid::Uuid;

use crate::config::{Config, SearchBackend};

/// The search engine `config` names. Opening never waits for a remote engine: whether
/// Meilisearch answers shows at `prepare`, which the indexer retries. The embedded index
/// is opened (and created) in `search.index_dir`; one process at a time may hold it.
pub fn open(config: &Config) -> anyhow::Result<Arc<dyn SearchIndex>> {
    match config.search.backend {
        SearchBackend::Embedded => {
            let dir = config.index_dir();
            let index = EmbeddedIndex::open(&dir).with_context(|| {
                format!(
                    "opening the embedded search index in {} (one laowu process at a time can use it: \
                     stop the server before `laowu reindex`, and use Meilisearch to run several)",
                    dir.display()
                )
            })?;
            Ok(Arc::new(index))
        }
        SearchBackend::Meilisearch => {
            let url = config
                .search
                .meili_url
                .as_deref()
                .context("LAOWU_SEARCH=meilisearch needs LAOWU_MEILI_URL (e.g. http://127.0.0.1:7700)")?;
            let key = config.search.meili_key.as_ref().map(|k| k.expose_secret());
            let index = MeiliIndex::new(url, key, &config.search.index_prefix)
                .context("configuring the Meilisearch client")?;
            Ok(Arc::new(index))
        }
    }
}

/// For commands that never touch search (`migrate`, `admin`): they must not take the
/// embedded index's lock from a running server. Every call fails.
pub fn unopened(config: &Config) -> Arc<dyn SearchIndex> {
    Arc::new(Unopened(match config.search.backend {
        SearchBackend::Embedded => "embedded",
        SearchBackend::Meilisearch => "meilisearch",
    }))
}

struct Unopened(&'static str);

impl Unopened {
    fn err(&self) -> SearchError {
        SearchError::Unavailable(format!("the {} search index is not opened by this command", self.0))
    }
}

#[async_trait]
impl SearchIndex for Unopened {
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
    async fn fetch(&self, _kind: Kind, _ids: &[Uuid]) -> Result<Vec<Document>, SearchError> {
        Err(self.err())
    }
    async fn search(&self, _query: &SearchQuery) -> Result<SearchResults, SearchError> {
        Err(self.err())
    }
}
