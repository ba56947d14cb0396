//! What can go wrong talking to a search engine.

/// A search failure. Callers treat every variant the same way (the write that caused the
/// indexing stays committed; the indexer retries later), but logs tell them apart.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query itself is not valid (a sort by distance without a point, say): a bug or
    /// a bad request, never retried.
    #[error("invalid query: {0}")]
    InvalidQuery(String),
    /// The engine could not be reached or answered with an error; worth retrying.
    #[error("search engine unavailable: {0}")]
    Unavailable(String),
    /// The engine or its files are in a state we do not understand.
    #[error("search engine failure: {0}")]
    Internal(String),
}
