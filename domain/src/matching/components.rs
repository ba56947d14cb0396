//! The score's components other than skill fit, each a number in 0..=1 (higher is better)
//! with the facts behind it.

use crate::geo::distance_km;
use crate::work::{Benefits, Language};

use super::facts::{JobFacts, Now, SECONDS_PER_DAY, WorkerFacts};
use super::reasons::PayFit;
use super::weights::Weights;

/// The value of a component whose facts are unknown (no location): as if at the half-life.
pub const UNKNOWN: f64 = 0.5;

/// Shares of the benefits component: housing matters most to workers far from home.
pub const HOUSING_SHARE: f64 = 0.45;
pub const MEALS_SHARE: f64 = 0.25;
pub const SOCIAL_INSURANCE_SHARE: f64 = 0.20;
pub const TRANSPORT_SHARE: f64 = 0.10;

/// The language component when the posting asks for nothing the worker could lack.
pub const LANGUAGE_NEUTRAL: f64 = 0.75;

pub(crate) struct DistanceFit {
    pub value: f64,
    pub km: Option<f64>,
    pub within_reach: Option<bool>,
}

/// `0.5 ^ (km / distance_half_life_km)`; [`UNKNOWN`] without both locations. Whether the
/// posting is within reach is decided against the worker's limit when one is stated.
pub(crate) fn distance(worker: &WorkerFacts, job: &JobFacts, w: &Weights) -> DistanceFit {
    match (worker.location, job.location) {
        (Some(a), Some(b)) => {
            let km = distance_km(a, b);
            DistanceFit {
                value: 0.5f64.powf(km / w.distance_half_life_km),
                km: Some(km),
                within_reach: worker.max_travel_km.filter(|limit| *limit > 0.0).map(|limit| km <= limit),
            }
        }
        _ => DistanceFit { value: UNKNOWN, km: None, within_reach: None },
    }
}

/// `1 / (1 + r ^ -pay_steepness)`, where `r` is the middle of the posting's daily range over
/// the worker's minimum (or over `pay_reference_daily_fen` when the worker states none):
/// 0.5 at the minimum, rising towards 1 above it and falling towards 0 below it.
pub(crate) fn pay(worker: &WorkerFacts, job: &JobFacts, w: &Weights) -> (f64, PayFit) {
    let minimum = worker.min_daily_wage_fen.filter(|m| *m > 0);
    let reference = minimum.map_or(w.pay_reference_daily_fen, |m| m as f64);
    let mid = (job.daily_pay_min_fen as f64 + job.daily_pay_max_fen as f64) / 2.0;
    let value = if mid > 0.0 { 1.0 / (1.0 + (mid / reference).powf(-w.pay_steepness)) } else { 0.0 };
    let fit = PayFit {
        job_daily_min_fen: job.daily_pay_min_fen,
        job_daily_max_fen: job.daily_pay_max_fen,
        worker_min_daily_fen: minimum,
        fits: minimum.map(|m| job.daily_pay_max_fen >= m),
        ratio: minimum.map(|m| (mid / m as f64 * 100.0).round() / 100.0),
    };
    (value, fit)
}

/// The shares of the benefits provided: housing 0.45, meals 0.25, social insurance 0.20,
/// transport 0.10.
pub(crate) fn benefits(b: Benefits) -> f64 {
    [
        (b.housing, HOUSING_SHARE),
        (b.meals, MEALS_SHARE),
        (b.social_insurance, SOCIAL_INSURANCE_SHARE),
        (b.transport, TRANSPORT_SHARE),
    ]
    .into_iter()
    .filter(|(provided, _)| *provided)
    .map(|(_, share)| share)
    .sum()
}

/// [`LANGUAGE_NEUTRAL`] when the posting asks for no language (or the worker lists none);
/// otherwise `0.75 × (share of the asked languages the worker speaks) + 0.25` if the worker
/// speaks an asked language other than Chinese (a Mongolian-speaking post for a Mongolian
/// speaker is a plus), `+ 0` if not. A Chinese-only post for a Chinese speaker stays at the
/// neutral 0.75; a post asking for a language the worker lacks falls below it.
pub(crate) fn language(worker: &WorkerFacts, job: &JobFacts) -> f64 {
    if job.languages.is_empty() || worker.languages.is_empty() {
        return LANGUAGE_NEUTRAL;
    }
    let spoken = |l: &&Language| worker.languages.contains(l);
    let shared = job.languages.iter().filter(spoken).count();
    let coverage = shared as f64 / job.languages.len() as f64;
    let plus = job.languages.iter().filter(spoken).any(|l| *l != Language::Zh);
    LANGUAGE_NEUTRAL * coverage + if plus { 1.0 - LANGUAGE_NEUTRAL } else { 0.0 }
}

/// The languages asked for that the worker speaks and lacks, and whether none is lacking
/// (`None` when the posting asks for none or the worker lists none).
pub(crate) fn language_reasons(
    worker: &WorkerFacts,
    job: &JobFacts,
) -> (Option<bool>, Vec<Language>, Vec<Language>) {
    if job.languages.is_empty() || worker.languages.is_empty() {
        return (None, Vec::new(), Vec::new());
    }
    let (shared, missing): (Vec<Language>, Vec<Language>) =
        job.languages.iter().partition(|l| worker.languages.contains(l));
    (Some(missing.is_empty()), shared, missing)
}

/// `0.5 ^ (days since opened / freshness_half_life_days)`, with the whole days since opened.
pub(crate) fn freshness(job: &JobFacts, now: Now, w: &Weights) -> (f64, i64) {
    let age = (now.unix - job.opened_at).max(0);
    let days = age as f64 / SECONDS_PER_DAY as f64;
    (0.5f64.powf(days / w.freshness_half_life_days), age / SECONDS_PER_DAY)
}

/// 1 when the worker accepts the kind of work (naming none accepts all), else 0.
pub(crate) fn work_type(worker: &WorkerFacts, job: &JobFacts) -> f64 {
    if worker.work_types.is_empty() || worker.work_types.contains(&job.work_type) { 1.0 } else { 0.0 }
}

/// The dates component and the days the worker would start late.
///
/// The worker is free from `max(available_from, today)`; the work begins at
/// `max(start_day, today)` (work already under way is joined today). Late by `d` days:
/// 0 if the work ends before the worker is free; 1 if `d` is 0; for work with an end date,
/// the share of the remaining days the worker can still work; otherwise
/// `0.5 ^ (d / late_start_half_life_days)`.
pub(crate) fn dates(worker: &WorkerFacts, job: &JobFacts, now: Now, w: &Weights) -> (f64, i64) {
    let free = worker.available_from.unwrap_or(now.today).max(now.today);
    let begins = job.start_day.unwrap_or(now.today).max(now.today);
    let late = (free - begins).max(0);
    let value = match job.end_day {
        Some(end) if free > end => 0.0,
        _ if late == 0 => 1.0,
        Some(end) => (end - free + 1) as f64 / (end - begins + 1) as f64,
        None => 0.5f64.powf(late as f64 / w.late_start_half_life_days),
    };
    (value, late)
}
