//! Search and retrieval for laowu.
//!
//! One interface, [`SearchIndex`], over three kinds of documents — job postings, courses
//! and discoverable worker profiles ([`doc`]) — with queries made of full text, structured
//! filters, a geo radius, a sort order, facet counts and offset pagination ([`query`]).
//!
//! Two backends implement it and pass the same conformance suite (`tests/conformance`):
//! an embedded on-disk index that needs no service (the default), and Meilisearch, for
//! production and scale.
//!
//! The index is never the source of truth: the database is. Documents here carry only
//! what search and ranking need — no names, phone or ID numbers — and can be rebuilt from
//! the database at any time (`laowu reindex`).

pub mod doc;
pub mod embedded;
pub mod error;
pub mod facts;
pub mod matcher;
pub mod meili;
pub mod query;
pub mod synonyms;

pub use doc::{CourseDoc, Document, JobDoc, Kind, WorkerDoc, code_path};
pub use error::SearchError;
pub use meili::MeiliIndex;
pub use query::{Condition, Facet, Field, Hit, Near, SearchQuery, SearchResults, Sort};

use async_trait::async_trait;
use uuid::Uuid;

/// A search engine holding one index per [`Kind`].
///
/// Writes are idempotent: upserting the same document twice, or deleting an id that is not
/// there, is not an error. That is what makes replaying the outbox after a crash safe.
#[async_trait]
pub trait SearchIndex: Send + Sync {
    /// A short name for logs and `/readyz`: `embedded` or `meilisearch`.
    fn backend(&self) -> &'static str;

    /// Creates the indexes and applies their settings. Safe to call on every start.
    async fn prepare(&self) -> Result<(), SearchError>;

    /// Adds or replaces documents (any mix of kinds), visible to searches once this returns.
    async fn upsert(&self, docs: Vec<Document>) -> Result<(), SearchError>;

    /// Removes documents by id; ids that are not indexed are ignored.
    async fn delete(&self, kind: Kind, ids: &[Uuid]) -> Result<(), SearchError>;

    /// Removes every document of a kind (before a rebuild).
    async fn clear(&self, kind: Kind) -> Result<(), SearchError>;

    /// How many documents of a kind are indexed.
    async fn count(&self, kind: Kind) -> Result<u64, SearchError>;

    /// The documents with these ids, in the order asked, leaving out ids not indexed.
    async fn fetch(&self, kind: Kind, ids: &[Uuid]) -> Result<Vec<Document>, SearchError>;

    /// Runs a query.
    async fn search(&self, query: &SearchQuery) -> Result<SearchResults, SearchError>;
}
