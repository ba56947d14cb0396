//! Matching workers and postings, second stage: re-ranking with an explainable score.
//!
//! Matching runs in two stages. The search index retrieves candidates with hard filters
//! (open, within reach, dates, pay floor after normalisation); this module re-ranks them
//! with a score made of named components, each 0..=1, weighted by configuration
//! ([`Weights`]):
//!
//! | component  | what it measures | default weight |
//! |------------|------------------|----------------|
//! | skill      | the occupation hierarchy and required levels ([`skill`]) | 0.35 |
//! | distance   | `0.5 ^ (km / 30)` | 0.15 |
//! | pay        | the middle of the daily range against the worker's minimum | 0.15 |
//! | benefits   | housing 0.45, meals 0.25, social insurance 0.20, transport 0.10 | 0.10 |
//! | language   | languages asked for against languages spoken | 0.05 |
//! | freshness  | `0.5 ^ (days open / 14)` | 0.05 |
//! | work type  | the worker accepts the kind of work | 0.10 |
//! | dates      | the worker is free when the work starts | 0.05 |
//!
//! Every score comes with its [`Breakdown`] and [`Reasons`] (skills matched and missing
//! with levels, distance, pay against the worker's minimum, benefits, work type and dates,
//! languages) for a mini-program to render as icons. `docs/matching.md` gives every formula.
//!
//! Besides ranking: [`skills_gap`] recommends courses by the postings they would open. The
//! evaluation (a judge and its metrics, over generated data) lives apart, in the
//! `laowu-fixtures` crate, so that nothing here knows the data it is graded on.

pub mod components;
pub mod facts;
pub mod gap;
pub mod rank;
pub mod reasons;
pub mod score;
pub mod skill;
pub mod weights;

pub use facts::{CourseFacts, JobFacts, Now, SECONDS_PER_DAY, Skill, WorkerFacts};
pub use gap::{CourseGap, can_take, skills_gap};
pub use rank::{rank_candidates, rank_jobs};
pub use reasons::{OccupationLink, OccupationReason, PayFit, Reasons, SkillMatched, SkillMissing, Via};
pub use score::{Breakdown, Component, Match, score_candidate, score_job, score_value};
pub use weights::{Weights, WeightsError};

#[cfg(test)]
mod tests;
