//! Skills-gap course recommendations: which course would open the most nearby postings the
//! worker cannot take today, and what they pay.

use serde::Serialize;

use crate::occupation::{OccupationCode, SkillLevel};

use super::facts::{CourseFacts, JobFacts, Now, WorkerFacts};
use super::skill::meets;

/// What one course would do for one worker.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CourseGap<Id> {
    pub course_id: Id,
    pub occupation: OccupationCode,
    pub target_level: SkillLevel,
    /// How many of the postings the worker cannot take now would be open to them after it.
    pub jobs_unlocked: usize,
    /// Those postings, as indices into the `jobs_near` given to [`skills_gap`].
    pub unlocked: Vec<usize>,
    /// The median and the highest top daily pay of the unlocked postings, fen (the median of
    /// an even number is the mean of the middle two, rounded down).
    pub unlocked_pay_median_fen: i64,
    pub unlocked_pay_max_fen: i64,
    /// The highest top daily pay, fen, among the postings the worker can take now and reach;
    /// `None` when there is none.
    pub current_best_pay_fen: Option<i64>,
    /// `unlocked_pay_median_fen` minus `current_best_pay_fen` (or minus 0 when there is no
    /// current best); negative when the unlocked work pays less than what the worker can get
    /// now.
    pub pay_gain_fen: i64,
    pub fee_fen: i64,
    pub subsidy_fen: i64,
    /// What the worker pays after the subsidy, never below 0.
    pub net_cost_fen: i64,
    pub seats_left: u32,
    pub start_day: Option<i64>,
}

/// Whether the worker meets every skill the posting requires (a posting that requires none
/// is open to anyone).
pub fn can_take(worker: &WorkerFacts, job: &JobFacts) -> bool {
    job.required_skills.iter().all(|r| worker.skills.iter().any(|s| meets(s, r)))
}

/// Whether the posting would be open to the worker after the course: every requirement met
/// by a held skill (the same occupation or small class, at the level) or by the course (the
/// exact occupation, at a target level at or above the required one).
fn can_take_after(worker: &WorkerFacts, job: &JobFacts, course: &CourseFacts) -> bool {
    job.required_skills.iter().all(|r| {
        worker.skills.iter().any(|s| meets(s, r))
            || (course.occupation == r.code && course.target_level >= r.level)
    })
}

/// For each course, the postings among `jobs_near` the worker cannot take now but could
/// after it, with their pay. `jobs_near` are the open postings the index found near the
/// worker (already filtered by reach, dates and pay floor as for recommendations).
///
/// Leaves out courses teaching an occupation the worker already holds at the target level
/// or above, courses without seats, courses that started before today, and courses that
/// unlock nothing. Sorted by postings unlocked (most first), then pay gain (largest first),
/// then net cost (cheapest first), then id.
pub fn skills_gap<Id: Ord + Clone>(
    worker: &WorkerFacts,
    jobs_near: &[JobFacts],
    courses: &[(Id, CourseFacts)],
    now: Now,
) -> Vec<CourseGap<Id>> {
    let blocked: Vec<usize> = (0..jobs_near.len()).filter(|&i| !can_take(worker, &jobs_near[i])).collect();
    let current_best_pay_fen = jobs_near
        .iter()
        .filter(|j| can_take(worker, j) && within_reach(worker, j))
        .map(|j| j.daily_pay_max_fen)
        .max();
    let mut gaps: Vec<CourseGap<Id>> = courses
        .iter()
        .filter(|(_, c)| {
            let has_it = worker.skills.iter().any(|s| s.code == c.occupation && s.level >= c.target_level);
            !has_it && c.seats_left > 0 && c.start_day.is_none_or(|d| d >= now.today)
        })
        .filter_map(|(id, c)| {
            let unlocked: Vec<usize> =
                blocked.iter().copied().filter(|&i| can_take_after(worker, &jobs_near[i], c)).collect();
            let mut pays: Vec<i64> = unlocked.iter().map(|&i| jobs_near[i].daily_pay_max_fen).collect();
            pays.sort_unstable();
            let median = median(&pays)?;
            let max = *pays.last()?;
            Some(CourseGap {
                course_id: id.clone(),
                occupation: c.occupation.clone(),
                target_level: c.target_level,
                jobs_unlocked: unlocked.len(),
                unlocked,
                unlocked_pay_median_fen: median,
                unlocked_pay_max_fen: max,
                current_best_pay_fen,
                pay_gain_fen: median - current_best_pay_fen.unwrap_or(0),
                fee_fen: c.fee_fen,
                subsidy_fen: c.subsidy_fen,
                net_cost_fen: (c.fee_fen - c.subsidy_fen).max(0),
                seats_left: c.seats_left,
                start_day: c.start_day,
            })
        })
        .collect();
    gaps.sort_by(|a, b| {
        b.jobs_unlocked
            .cmp(&a.jobs_unlocked)
            .then(b.pay_gain_fen.cmp(&a.pay_gain_fen))
            .then(a.net_cost_fen.cmp(&b.net_cost_fen))
            .then_with(|| a.course_id.cmp(&b.course_id))
    });
    gaps
}

/// The median of sorted values; `None` for none.
fn median(sorted: &[i64]) -> Option<i64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]).div_euclid(2)),
    }
}

/// Within the worker's stated travel distance, or unknown (then assumed reachable).
fn within_reach(worker: &WorkerFacts, job: &JobFacts) -> bool {
    match (worker.location, job.location, worker.max_travel_km.filter(|l| *l > 0.0)) {
        (Some(a), Some(b), Some(limit)) => a.distance_km(b) <= limit,
        _ => true,
    }
}
