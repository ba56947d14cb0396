//! The score of one posting for one worker, with its breakdown and reasons.

use serde::Serialize;

use super::components;
use super::facts::{JobFacts, Now, WorkerFacts};
use super::reasons::Reasons;
use super::skill::{skill_reasons, skill_value};
use super::weights::Weights;

/// One component of the score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Component {
    /// The component's own value, 0..=1, before weighting.
    pub value: f64,
    /// Its weight as a share of all weights (the shares sum to 1).
    pub weight: f64,
    /// `value × weight`; the contributions sum to the score before the penalty.
    pub contribution: f64,
}

/// Every component of a score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Breakdown {
    pub skill: Component,
    pub distance: Component,
    pub pay: Component,
    pub benefits: Component,
    pub language: Component,
    pub freshness: Component,
    pub work_type: Component,
    pub dates: Component,
    /// What the sum of the contributions was multiplied by: 1, or
    /// [`Weights::beyond_reach_factor`] when the posting lies beyond the worker's reach.
    pub penalty: f64,
}

/// How well a posting suits a worker (the same number seen from either side).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    /// 0..=1: the weighted mean of the components times the penalty. 1 would be a posting
    /// perfect in every respect; scores compare within one ranking, not as absolute grades.
    pub score: f64,
    pub breakdown: Breakdown,
    pub reasons: Reasons,
}

/// Scores `job` for `worker`:
///
/// ```text
/// score = penalty × Σ_c (w_c / Σ w) × value_c
/// ```
///
/// over the components skill, distance, pay, benefits, language, freshness, work type and
/// dates (see `docs/matching.md` for each formula). `weights` must have passed
/// [`Weights::validate`]; then the score is a finite number in 0..=1. Pure and
/// deterministic: the same input gives the same output.
pub fn score_job(worker: &WorkerFacts, job: &JobFacts, weights: &Weights, now: Now) -> Match {
    let v = Values::of(worker, job, weights, now);
    let total = weights.total();
    let part = |value: f64, weight: f64| {
        let share = if total > 0.0 { weight / total } else { 0.0 };
        Component { value, weight: share, contribution: value * share }
    };
    let breakdown = Breakdown {
        skill: part(v.skill, weights.skill),
        distance: part(v.distance, weights.distance),
        pay: part(v.pay, weights.pay),
        benefits: part(v.benefits, weights.benefits),
        language: part(v.language, weights.language),
        freshness: part(v.freshness, weights.freshness),
        work_type: part(v.work_type, weights.work_type),
        dates: part(v.dates, weights.dates),
        penalty: v.penalty,
    };
    let (occupation, skills_matched, skills_missing) = skill_reasons(worker, job);
    let distance = components::distance(worker, job, weights);
    let (_, pay) = components::pay(worker, job, weights);
    let (_, days_open) = components::freshness(job, now, weights);
    let (_, days_late) = components::dates(worker, job, now, weights);
    let (language_fit, shared_languages, missing_languages) = components::language_reasons(worker, job);
    let reasons = Reasons {
        occupation,
        skills_matched,
        skills_missing,
        distance_km: distance.km.map(|km| (km * 10.0).round() / 10.0),
        within_reach: distance.within_reach,
        pay,
        housing: job.benefits.housing,
        meals: job.benefits.meals,
        social_insurance: job.benefits.social_insurance,
        transport: job.benefits.transport,
        work_type: job.work_type,
        work_type_fits: v.work_type > 0.0,
        dates_fit: days_late == 0 && v.dates > 0.0,
        days_late,
        language_fit,
        shared_languages,
        missing_languages,
        days_open,
    };
    Match { score: v.score(weights), breakdown, reasons }
}

/// Only the score of [`score_job`], the same number, computed without building the
/// breakdown and reasons (and without allocating), for ranking many candidates.
pub fn score_value(worker: &WorkerFacts, job: &JobFacts, weights: &Weights, now: Now) -> f64 {
    Values::of(worker, job, weights, now).score(weights)
}

/// The component values and the penalty.
struct Values {
    skill: f64,
    distance: f64,
    pay: f64,
    benefits: f64,
    language: f64,
    freshness: f64,
    work_type: f64,
    dates: f64,
    penalty: f64,
}

impl Values {
    fn of(worker: &WorkerFacts, job: &JobFacts, weights: &Weights, now: Now) -> Values {
        let distance = components::distance(worker, job, weights);
        Values {
            skill: skill_value(worker, job),
            distance: distance.value,
            pay: components::pay(worker, job, weights).0,
            benefits: components::benefits(job.benefits),
            language: components::language(worker, job),
            freshness: components::freshness(job, now, weights).0,
            work_type: components::work_type(worker, job),
            dates: components::dates(worker, job, now, weights).0,
            penalty: if distance.within_reach == Some(false) { weights.beyond_reach_factor } else { 1.0 },
        }
    }

    /// `penalty × Σ (w / Σ w) × value`, in the breakdown's order so that the sum of the
    /// breakdown's contributions is the same floating-point number.
    fn score(&self, w: &Weights) -> f64 {
        let total = w.total();
        if total <= 0.0 {
            return 0.0;
        }
        let sum: f64 = [
            (self.skill, w.skill),
            (self.distance, w.distance),
            (self.pay, w.pay),
            (self.benefits, w.benefits),
            (self.language, w.language),
            (self.freshness, w.freshness),
            (self.work_type, w.work_type),
            (self.dates, w.dates),
        ]
        .iter()
        .map(|(value, weight)| value * (weight / total))
        .sum();
        (self.penalty * sum).clamp(0.0, 1.0)
    }
}

/// Scores `worker` as a candidate for `job`, for the employer: the same model as
/// [`score_job`] seen from the other side, so a worker and an employer see the same number.
pub fn score_candidate(job: &JobFacts, worker: &WorkerFacts, weights: &Weights, now: Now) -> Match {
    score_job(worker, job, weights, now)
}
