//! Ranking the candidates the index retrieved: postings for a worker, workers for a posting.

use std::borrow::Borrow;
use std::cmp::Ordering;

use super::facts::{JobFacts, Now, WorkerFacts};
use super::score::{Match, score_candidate, score_job};
use super::weights::Weights;

/// The best `top_n` postings for `worker`, best first; equal scores in ascending id order,
/// so the order is total and repeatable.
///
/// Scores every candidate, then selects the top `top_n` in linear time
/// (`select_nth_unstable_by`) and sorts only those: O(n + k log k) for n candidates.
pub fn rank_jobs<Id, J>(
    worker: &WorkerFacts,
    candidates: impl IntoIterator<Item = (Id, J)>,
    weights: &Weights,
    now: Now,
    top_n: usize,
) -> Vec<(Id, Match)>
where
    Id: Ord,
    J: Borrow<JobFacts>,
{
    let scored = candidates.into_iter().map(|(id, job)| {
        let m = score_job(worker, job.borrow(), weights, now);
        (id, m)
    });
    top(scored.collect(), top_n)
}

/// The best `top_n` workers for `job`, best first, ties by ascending id; see [`rank_jobs`].
pub fn rank_candidates<Id, W>(
    job: &JobFacts,
    candidates: impl IntoIterator<Item = (Id, W)>,
    weights: &Weights,
    now: Now,
    top_n: usize,
) -> Vec<(Id, Match)>
where
    Id: Ord,
    W: Borrow<WorkerFacts>,
{
    let scored = candidates.into_iter().map(|(id, worker)| {
        let m = score_candidate(job, worker.borrow(), weights, now);
        (id, m)
    });
    top(scored.collect(), top_n)
}

/// Score descending, then id ascending.
fn order<Id: Ord>(a: &(Id, Match), b: &(Id, Match)) -> Ordering {
    b.1.score.total_cmp(&a.1.score).then_with(|| a.0.cmp(&b.0))
}

fn top<Id: Ord>(mut scored: Vec<(Id, Match)>, n: usize) -> Vec<(Id, Match)> {
    if n == 0 {
        return Vec::new();
    }
    if scored.len() > n {
        scored.select_nth_unstable_by(n - 1, order);
        scored.truncate(n);
    }
    scored.sort_unstable_by(order);
    scored
}
