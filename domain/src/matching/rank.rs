//! Ranking the candidates the index retrieved: postings for a worker, workers for a posting.

use std::borrow::Borrow;
use std::cmp::Ordering;

use super::facts::{JobFacts, Now, WorkerFacts};
use super::score::{Match, score_job, score_value};
use super::weights::Weights;

/// The best `top_n` postings for `worker`, best first; equal scores in ascending id order,
/// so the order is total and repeatable.
///
/// Scores every candidate with [`score_value`] (no allocation), selects the top `top_n` in
/// linear time (`select_nth_unstable_by`), sorts only those and builds their breakdowns and
/// reasons: O(n + k log k) for n candidates and k = `top_n`.
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
    let top = top(
        candidates.into_iter().map(|(id, job)| (score_value(worker, job.borrow(), weights, now), id, job)),
        top_n,
    );
    top.into_iter().map(|(_, id, job)| (id, score_job(worker, job.borrow(), weights, now))).collect()
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
    let top =
        top(candidates.into_iter().map(|(id, w)| (score_value(w.borrow(), job, weights, now), id, w)), top_n);
    top.into_iter().map(|(_, id, w)| (id, score_job(w.borrow(), job, weights, now))).collect()
}

/// Score descending, then id ascending.
fn order<Id: Ord, T>(a: &(f64, Id, T), b: &(f64, Id, T)) -> Ordering {
    b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1))
}

/// The first `n` in [`order`], sorted.
fn top<Id: Ord, T>(scored: impl Iterator<Item = (f64, Id, T)>, n: usize) -> Vec<(f64, Id, T)> {
    if n == 0 {
        return Vec::new();
    }
    let mut scored: Vec<(f64, Id, T)> = scored.collect();
    if scored.len() > n {
        scored.select_nth_unstable_by(n - 1, order);
        scored.truncate(n);
    }
    scored.sort_unstable_by(order);
    scored
}
