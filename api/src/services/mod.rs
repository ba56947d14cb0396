//! Use cases: load what they need, apply the rules from `domain`, store the result.
//! Handlers call exactly one service function; services never see HTTP types.

pub mod accounts;
pub mod applications;
pub mod auth;
pub mod courses;
pub mod enrollments;
pub mod jobs;
pub mod organizations;
pub mod recommendations;
pub mod reference;
pub mod search;
pub mod search_docs;
pub mod workers;

use crate::error::{ApiError, ApiResult};

/// The conflict a write reports when the row it read has changed since (its
/// compare-and-set matched nothing). [`retry_stale`] reads again and decides again.
pub(crate) const STALE: ApiError = ApiError::Conflict("concurrent_update");

/// How many times a use case is run again after losing a compare-and-set race before
/// the client is told `concurrent_update` (409) and may try again itself.
const STALE_RETRIES: usize = 4;

/// Runs `attempt` (load, decide, write with compare-and-set) until it does not lose a
/// race, at most `STALE_RETRIES` more times. Each attempt reads fresh state, so the
/// decision is always made on what is actually stored.
pub(crate) async fn retry_stale<T, F, Fut>(mut attempt: F) -> ApiResult<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = ApiResult<T>>,
{
    let mut left = STALE_RETRIES;
    loop {
        match attempt().await {
            Err(ApiError::Conflict("concurrent_update")) if left > 0 => left -= 1,
            other => return other,
        }
    }
}
