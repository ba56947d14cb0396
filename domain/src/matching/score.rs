//! The score of one posting for one worker, with its breakdown and reasons.

use serde::Serialize;

use super::components;
use super::facts::{JobFacts, Now, WorkerFacts};
use super::reasons::Reasons;
use super::skill::skill_fit;
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
    let skill = skill_fit(worker, job);
    let distance = components::distance(worker, job, weights);
    let (pay, pay_fit) = components::pay(worker, job, weights);
    let benefits = components::benefits(job.benefits);
    let language = components::language(worker, job);
    let (freshness, days_open) = components::freshness(job, now, weights);
    let work_type = components::work_type(worker, job);
    let (dates, days_late) = components::dates(worker, job, now, weights);

    let total = weights.total();
    let part = |value: f64, weight: f64| {
        let share = if total > 0.0 { weight / total } else { 0.0 };
        Component { value, weight: share, contribution: value * share }
    };
    let penalty = if distance.within_reach == Some(false) { weights.beyond_reach_factor } else { 1.0 };
    let breakdown = Breakdown {
        skill: part(skill.value, weights.skill),
        distance: part(distance.value, weights.distance),
        pay: part(pay, weights.pay),
        benefits: part(benefits, weights.benefits),
        language: part(language.value, weights.language),
        freshness: part(freshness, weights.freshness),
        work_type: part(work_type, weights.work_type),
        dates: part(dates, weights.dates),
        penalty,
    };
    let sum = [
        breakdown.skill,
        breakdown.distance,
        breakdown.pay,
        breakdown.benefits,
        breakdown.language,
        breakdown.freshness,
        breakdown.work_type,
        breakdown.dates,
    ]
    .iter()
    .map(|c| c.contribution)
    .sum::<f64>();
    let score = (penalty * sum).clamp(0.0, 1.0);

    let reasons = Reasons {
        occupation: skill.occupation,
        skills_matched: skill.matched,
        skills_missing: skill.missing,
        distance_km: distance.km.map(|km| (km * 10.0).round() / 10.0),
        within_reach: distance.within_reach,
        pay: pay_fit,
        housing: job.benefits.housing,
        meals: job.benefits.meals,
        social_insurance: job.benefits.social_insurance,
        transport: job.benefits.transport,
        work_type: job.work_type,
        work_type_fits: work_type > 0.0,
        dates_fit: days_late == 0 && dates > 0.0,
        days_late,
        language_fit: language.fits,
        shared_languages: language.shared,
        missing_languages: language.missing,
        days_open,
    };
    Match { score, breakdown, reasons }
}

/// Scores `worker` as a candidate for `job`, for the employer: the same model as
/// [`score_job`] seen from the other side, so a worker and an employer see the same number.
pub fn score_candidate(job: &JobFacts, worker: &WorkerFacts, weights: &Weights, now: Now) -> Match {
    score_job(worker, job, weights, now)
}
