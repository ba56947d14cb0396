//! Skill fit: the posting's occupation and required skills against the worker's skills and
//! wishes, through the occupation hierarchy ([`crate::occupation::relation`]).

use crate::occupation::{OccupationCode, OccupationRelation};

use super::facts::{JobFacts, Skill, WorkerFacts};
use super::reasons::{OccupationLink, OccupationReason, SkillMatched, SkillMissing, Via};

/// Credit for how close two occupations are: same occupation 1, same small class 0.7, same
/// medium class 0.4, same major class 0.15, unrelated 0.
pub fn relation_credit(relation: OccupationRelation) -> f64 {
    match relation {
        OccupationRelation::Same => 1.0,
        OccupationRelation::SameSmallClass => 0.7,
        OccupationRelation::SameMediumClass => 0.4,
        OccupationRelation::SameMajorClass => 0.15,
        OccupationRelation::Unrelated => 0.0,
    }
}

/// A wished-for occupation counts this much of a held skill in it.
pub const WISH_FACTOR: f64 = 0.8;

/// Each level a held skill falls short of a requirement multiplies its credit by this.
pub const LEVEL_SHORTFALL_FACTOR: f64 = 0.5;

/// Whether a held skill meets a requirement: the same occupation or the same small class,
/// at or above the required level. (The same rule decides "can do the job now" for the
/// skills gap.)
pub fn meets(held: &Skill, required: &Skill) -> bool {
    close_kin(held, required) && held.level >= required.level
}

/// The same occupation or the same small class.
fn close_kin(held: &Skill, required: &Skill) -> bool {
    matches!(
        held.code.relation(&required.code),
        OccupationRelation::Same | OccupationRelation::SameSmallClass
    )
}

/// The skill component, 0..=1:
///
/// - *occupation fit*: the best credit of the posting's occupation against each held skill,
///   and against each wish times [`WISH_FACTOR`];
/// - *requirement fit* of one required skill: the best, over held skills, of the relation
///   credit times [`LEVEL_SHORTFALL_FACTOR`] to the power of the levels missing;
/// - the component is the occupation fit when the posting requires no skill, otherwise the
///   mean of the occupation fit and the average requirement fit.
///
/// Allocates nothing: it runs for every candidate of a ranking.
pub(crate) fn skill_value(worker: &WorkerFacts, job: &JobFacts) -> f64 {
    let occupation_fit = closest(worker, job).map_or(0.0, |(credit, ..)| credit);
    if job.required_skills.is_empty() {
        return occupation_fit;
    }
    let sum: f64 = job.required_skills.iter().map(|r| requirement_fit(worker, r)).sum();
    0.5 * occupation_fit + 0.5 * sum / job.required_skills.len() as f64
}

/// The closest of the worker's skills and wishes to the posting's occupation, with its
/// credit; on equal credit the first wins, so skills beat wishes.
fn closest<'a>(
    worker: &'a WorkerFacts,
    job: &JobFacts,
) -> Option<(f64, &'a OccupationCode, OccupationRelation, Via)> {
    let held = worker.skills.iter().map(|s| (&s.code, Via::Skill, 1.0));
    let wished = worker.desired_occupations.iter().map(|c| (c, Via::Wish, WISH_FACTOR));
    let mut best: Option<(f64, &OccupationCode, OccupationRelation, Via)> = None;
    for (code, via, factor) in held.chain(wished) {
        let relation = job.occupation.relation(code);
        let credit = relation_credit(relation) * factor;
        if credit > 0.0 && best.is_none_or(|(b, ..)| credit > b) {
            best = Some((credit, code, relation, via));
        }
    }
    best
}

/// The best credit of one required skill over the held skills.
fn requirement_fit(worker: &WorkerFacts, required: &Skill) -> f64 {
    worker
        .skills
        .iter()
        .map(|s| {
            let short = i32::from(required.level.level()) - i32::from(s.level.level());
            relation_credit(s.code.relation(&required.code)) * LEVEL_SHORTFALL_FACTOR.powi(short.max(0))
        })
        .fold(0.0, f64::max)
}

/// The reasons behind the skill component: the closest occupation, and each required skill
/// as matched or missing.
pub(crate) fn skill_reasons(
    worker: &WorkerFacts,
    job: &JobFacts,
) -> (OccupationReason, Vec<SkillMatched>, Vec<SkillMissing>) {
    let occupation = OccupationReason {
        code: job.occupation.clone(),
        closest: closest(worker, job).map(|(_, code, relation, via)| OccupationLink {
            worker_code: code.clone(),
            relation,
            via,
        }),
    };
    let mut matched = Vec::new();
    let mut missing = Vec::new();
    for required in &job.required_skills {
        // Among held skills in the same occupation or small class: the same occupation first,
        // then the higher level. Reported as matched if one meets the level.
        let rank = |s: &&Skill| (s.code == required.code, s.level);
        let meeting = worker.skills.iter().filter(|s| meets(s, required)).max_by_key(rank);
        if let Some(s) = meeting {
            matched.push(SkillMatched {
                code: required.code.clone(),
                required_level: required.level,
                worker_code: s.code.clone(),
                worker_level: s.level,
                relation: s.code.relation(&required.code),
            });
        } else {
            let close = worker.skills.iter().filter(|s| close_kin(s, required)).max_by_key(rank);
            missing.push(SkillMissing {
                code: required.code.clone(),
                required_level: required.level,
                worker_level: close.map(|s| s.level),
                worker_code: close.map(|s| s.code.clone()),
            });
        }
    }
    (occupation, matched, missing)
}
