//! The matcher: the two stages of matching (docs/matching.md).
//!
//! 1. **Retrieval** — the index finds candidates with hard filters only: open, not
//!    expired, a vacancy left, within the worker's reach, available in time, paying at
//!    least the worker's floor (normalised), and in an occupation related to the
//!    worker's skills or wishes (same medium class). Nearest first, a bounded pool.
//! 2. **Re-ranking** — `laowu_domain::matching` scores every candidate with the
//!    explainable model and keeps the best, each with its breakdown and reasons.
//!
//! When the worker's trades offer too few postings in reach, fallbacks add the nearest
//! postings open to anyone (no skill required), fresh ones first, so a worker without a
//! trade (or in a thin market) still sees the work around them.

use laowu_domain::matching::{self, CourseGap, Match, Now, Weights};
use laowu_domain::occupation::OccupationCode;

use crate::doc::{CourseDoc, Document, JobDoc, Kind, WorkerDoc, code_path};
use crate::query::{Condition, Field, Near, SearchQuery, Sort};
use crate::{SearchError, SearchIndex, facts};

/// How far a worker who did not say is assumed to travel, km.
pub const DEFAULT_REACH_KM: f64 = 50.0;
/// How far an employer's candidates may live from the work, km (each worker's own limit
/// then counts in the score).
pub const CANDIDATE_RADIUS_KM: f64 = 150.0;

/// The fallbacks run while the pool holds fewer than this many times the list asked for.
pub const FALLBACK_BELOW: usize = 3;
/// How recent the first fallback's postings are, days.
pub const FRESH_DAYS: i64 = 7;

/// How many candidates each stage passes on.
#[derive(Debug, Clone, Copy)]
pub struct Pools {
    /// Related postings retrieved for re-ranking.
    pub related: usize,
    /// Postings open to anyone, retrieved besides.
    pub open_to_all: usize,
    /// Postings near a worker considered for the skills gap.
    pub gap_jobs: usize,
}

impl Default for Pools {
    fn default() -> Pools {
        Pools { related: 400, open_to_all: 100, gap_jobs: 1000 }
    }
}

/// The medium classes (`6-18`) of the worker's skills and wishes: "related" work.
fn related_classes(codes: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = codes
        .filter_map(|c| OccupationCode::parse(&c).ok())
        .filter_map(|c| code_path(c.as_str()).into_iter().nth(1).or_else(|| Some(c.as_str().to_owned())))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn worker_reach(w: &WorkerDoc) -> f64 {
    if w.max_travel_km > 0 { w.max_travel_km as f64 } else { DEFAULT_REACH_KM }
}

/// The hard filters of a posting a worker could take up.
fn open_jobs_for(w: &WorkerDoc, now: Now) -> Vec<Condition> {
    // Only open postings are indexed (the indexer removes the others), so status needs no
    // test; expiry does, between the hourly sweeps that close expired postings.
    let mut f = vec![
        Condition::AtLeast(Field::ExpiresAt, now.unix),
        Condition::AtLeast(Field::OpeningsLeft, 1),
        Condition::AtLeast(Field::EndDay, w.available_day.max(now.today)),
    ];
    if w.min_daily_wage > 0 {
        f.push(Condition::AtLeast(Field::DailyPayMax, w.min_daily_wage));
    }
    f
}

fn around(w: &WorkerDoc, radius_km: f64) -> (Option<Near>, Sort) {
    match w.geo {
        Some(g) => (Some(Near { lat: g.lat, lng: g.lng, radius_km: Some(radius_km) }), Sort::Distance),
        None => (None, Sort::Newest),
    }
}

/// Stage 1 for a worker: the queries whose hits are re-ranked.
pub fn job_retrieval(w: &WorkerDoc, now: Now, pools: Pools) -> Vec<SearchQuery> {
    let classes =
        related_classes(w.skills.iter().map(|s| s.code.clone()).chain(w.desired_occupations.iter().cloned()));
    let (near, sort) = around(w, worker_reach(w));
    let base = |limit: usize| SearchQuery { near, sort, limit, lean: true, ..SearchQuery::new(Kind::Job) };
    let mut related = base(pools.related);
    related.filter = open_jobs_for(w, now);
    related.filter.push(Condition::AnyOf(Field::OccupationPath, classes));
    // Fallbacks, for thin markets: postings open to anyone, first the fresh ones (a week),
    // then any age. Bounding the first by age keeps its cost down where postings abound.
    let mut fresh = base(pools.open_to_all);
    fresh.filter = open_jobs_for(w, now);
    fresh.filter.push(Condition::Is(Field::OpenToAll, true));
    fresh.filter.push(Condition::AtLeast(Field::OpenedAt, now.unix - FRESH_DAYS * 86_400));
    let mut anyone = base(pools.open_to_all);
    anyone.filter = open_jobs_for(w, now);
    anyone.filter.push(Condition::Is(Field::OpenToAll, true));
    vec![related, fresh, anyone]
}

/// The best `top_n` postings for a worker, with breakdowns and reasons.
pub async fn recommend_jobs(
    index: &dyn SearchIndex,
    worker: &WorkerDoc,
    weights: &Weights,
    now: Now,
    pools: Pools,
    top_n: usize,
) -> Result<Vec<(JobDoc, Match)>, SearchError> {
    let mut pool: Vec<JobDoc> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (k, q) in job_retrieval(worker, now, pools).into_iter().enumerate() {
        // The later queries are fallbacks: matching every posting in reach is the costly
        // part of a request, and it only matters when the worker's own trades offer too
        // little.
        if k > 0 && pool.len() >= top_n * FALLBACK_BELOW {
            break;
        }
        for hit in index.search(&q).await?.hits {
            if let Document::Job(d) = hit.doc
                && seen.insert(d.id)
            {
                pool.push(d);
            }
        }
    }
    let facts_of_worker = facts::worker(worker);
    let candidates: Vec<_> = pool.iter().enumerate().filter_map(|(i, d)| Some((i, facts::job(d)?))).collect();
    let ranked = matching::rank_jobs(&facts_of_worker, candidates, weights, now, top_n);
    whole_jobs(index, ranked.into_iter().map(|(i, m)| (pool[i].id, m)).collect()).await
}

/// The full documents of ranked (possibly lean) postings, in rank order; a posting removed
/// from the index between the two reads is left out.
async fn whole_jobs<T>(
    index: &dyn SearchIndex,
    ranked: Vec<(uuid::Uuid, T)>,
) -> Result<Vec<(JobDoc, T)>, SearchError> {
    let ids: Vec<uuid::Uuid> = ranked.iter().map(|(id, _)| *id).collect();
    let mut docs: std::collections::HashMap<uuid::Uuid, JobDoc> = index
        .fetch(Kind::Job, &ids)
        .await?
        .into_iter()
        .filter_map(|d| match d {
            Document::Job(j) => Some((j.id, j)),
            _ => None,
        })
        .collect();
    Ok(ranked.into_iter().filter_map(|(id, x)| Some((docs.remove(&id)?, x))).collect())
}

/// Stage 1 for an employer: discoverable workers related to the posting, near its place,
/// asking no more than it pays and free before it ends.
pub fn candidate_retrieval(job: &JobDoc, now: Now, pool: usize) -> SearchQuery {
    let classes = related_classes(
        std::iter::once(job.occupation_code.clone()).chain(job.skills.iter().map(|s| s.code.clone())),
    );
    let mut q = SearchQuery::new(Kind::Worker);
    q.filter = vec![
        Condition::AnyOf(Field::SkillPath, classes),
        Condition::AtMost(Field::MinDailyWage, job.daily_pay_max),
        Condition::AtMost(Field::AvailableDay, job.end_day.max(now.today)),
    ];
    q.near = Some(Near { lat: job.geo.lat, lng: job.geo.lng, radius_km: Some(CANDIDATE_RADIUS_KM) });
    q.sort = Sort::Distance;
    q.limit = pool;
    q
}

/// The best `top_n` discoverable workers for a posting.
pub async fn recommend_candidates(
    index: &dyn SearchIndex,
    job: &JobDoc,
    weights: &Weights,
    now: Now,
    pools: Pools,
    top_n: usize,
) -> Result<Vec<(WorkerDoc, Match)>, SearchError> {
    let Some(job_facts) = facts::job(job) else { return Ok(Vec::new()) };
    let pool: Vec<WorkerDoc> = index
        .search(&candidate_retrieval(job, now, pools.related))
        .await?
        .hits
        .into_iter()
        .filter_map(|h| match h.doc {
            Document::Worker(w) => Some(w),
            _ => None,
        })
        .collect();
    let candidates = pool.iter().enumerate().map(|(i, w)| (i, facts::worker(w)));
    let ranked = matching::rank_candidates(&job_facts, candidates, weights, now, top_n);
    Ok(ranked.into_iter().map(|(i, m)| (pool[i].clone(), m)).collect())
}

/// A course recommendation: the course and what it would open up.
#[derive(Debug, Clone)]
pub struct CourseAdvice {
    pub course: CourseDoc,
    pub gap: CourseGap<usize>,
    /// The best-paid posting among those it unlocks.
    pub example_jobs: Vec<JobDoc>,
}

/// Courses that teach what the worker lacks for the open postings within reach, most
/// postings unlocked first (see `laowu_domain::matching::skills_gap`).
pub async fn recommend_courses(
    index: &dyn SearchIndex,
    worker: &WorkerDoc,
    now: Now,
    pools: Pools,
    top_n: usize,
) -> Result<Vec<CourseAdvice>, SearchError> {
    let (near, sort) = around(worker, worker_reach(worker));
    let mut jobs_q =
        SearchQuery { near, sort, limit: pools.gap_jobs, lean: true, ..SearchQuery::new(Kind::Job) };
    jobs_q.filter = open_jobs_for(worker, now);
    let jobs: Vec<JobDoc> = index
        .search(&jobs_q)
        .await?
        .hits
        .into_iter()
        .filter_map(|h| match h.doc {
            Document::Job(d) => Some(d),
            _ => None,
        })
        .collect();
    let job_facts: Vec<(usize, _)> =
        jobs.iter().enumerate().filter_map(|(i, d)| Some((i, facts::job(d)?))).collect();
    let facts_only: Vec<_> = job_facts.iter().map(|(_, f)| f.clone()).collect();

    let mut courses_q = SearchQuery::new(Kind::Course);
    courses_q.filter = vec![
        Condition::AnyOf(Field::Status, vec!["open".into()]),
        Condition::AtLeast(Field::SeatsLeft, 1),
        Condition::AtLeast(Field::StartDay, now.today),
    ];
    courses_q.limit = crate::query::MAX_LIMIT;
    let courses: Vec<CourseDoc> = index
        .search(&courses_q)
        .await?
        .hits
        .into_iter()
        .filter_map(|h| match h.doc {
            Document::Course(c) => Some(c),
            _ => None,
        })
        .collect();
    let course_facts: Vec<(usize, _)> =
        courses.iter().enumerate().filter_map(|(i, c)| Some((i, facts::course(c)?))).collect();

    let gaps: Vec<_> = matching::skills_gap(&facts::worker(worker), &facts_only, &course_facts, now)
        .into_iter()
        .take(top_n)
        .collect();
    // Up to three best-paid unlocked postings per course, fetched whole in one read.
    let examples: Vec<Vec<uuid::Uuid>> = gaps
        .iter()
        .map(|gap| {
            let mut unlocked: Vec<&JobDoc> = gap.unlocked.iter().map(|&k| &jobs[job_facts[k].0]).collect();
            unlocked.sort_by(|a, b| b.daily_pay_max.cmp(&a.daily_pay_max).then(a.id.cmp(&b.id)));
            unlocked.into_iter().take(3).map(|j| j.id).collect()
        })
        .collect();
    let mut wanted: Vec<uuid::Uuid> = examples.iter().flatten().copied().collect();
    wanted.sort();
    wanted.dedup();
    let whole: std::collections::HashMap<uuid::Uuid, JobDoc> =
        whole_jobs(index, wanted.into_iter().map(|id| (id, ())).collect())
            .await?
            .into_iter()
            .map(|(j, ())| (j.id, j))
            .collect();
    Ok(gaps
        .into_iter()
        .zip(examples)
        .map(|(gap, ids)| CourseAdvice {
            course: courses[gap.course_id].clone(),
            example_jobs: ids.iter().filter_map(|id| whole.get(id).cloned()).collect(),
            gap,
        })
        .collect())
}
