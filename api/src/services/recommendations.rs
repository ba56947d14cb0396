//! Recommendations: the matcher (`laowu_search::matcher`) run for the caller, on the
//! index's current view of the marketplace, rendered with reasons.

use chrono::Utc;
use laowu_domain::matching::Now;
use laowu_domain::reference::catalogue;
use laowu_domain::text::masked_name;
use laowu_search::matcher::{self, Pools};
use uuid::Uuid;

use super::search::search_failed;
use super::search_docs;
use crate::auth::AuthUser;
use crate::dto::matching::{
    CandidateCard, CandidateRecommendation, CandidateSkill, CourseRecommendation, JobRecommendation,
};
use crate::dto::search::{CourseCard, JobCard};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::{organizations as org_store, workers as worker_store};

/// China Standard Time, for "today" in dates and freshness.
const CST: i64 = 8 * 3600;

/// The most recommendations one request returns.
pub const MAX_TOP: usize = 50;

fn now() -> Now {
    Now::new(Utc::now().timestamp(), CST)
}

fn top(limit: Option<usize>) -> ApiResult<usize> {
    match limit.unwrap_or(20) {
        n @ 1..=MAX_TOP => Ok(n),
        _ => Err(ApiError::Validation(vec![crate::error::FieldError::parameter(
            "limit",
            "search_limit_out_of_range",
        )])),
    }
}

/// The caller's profile as the matcher sees it (whether or not they are discoverable).
async fn me(state: &AppState, user: AuthUser) -> ApiResult<laowu_search::WorkerDoc> {
    let profile =
        worker_store::find(&state.db, user.id).await?.ok_or(ApiError::Conflict("profile_required"))?;
    Ok(search_docs::matching_worker_doc(&profile))
}

pub async fn jobs_for_me(
    state: &AppState,
    user: AuthUser,
    limit: Option<usize>,
) -> ApiResult<Vec<JobRecommendation>> {
    let n = top(limit)?;
    let worker = me(state, user).await?;
    let ranked = matcher::recommend_jobs(
        state.search.as_ref(),
        &worker,
        &state.config.matching,
        now(),
        Pools::default(),
        n,
    )
    .await
    .map_err(search_failed)?;
    Ok(ranked.into_iter().map(|(doc, m)| JobRecommendation::new(JobCard::new(doc), m)).collect())
}

pub async fn courses_for_me(
    state: &AppState,
    user: AuthUser,
    limit: Option<usize>,
) -> ApiResult<Vec<CourseRecommendation>> {
    let n = top(limit)?;
    let worker = me(state, user).await?;
    let advice = matcher::recommend_courses(state.search.as_ref(), &worker, now(), Pools::default(), n)
        .await
        .map_err(search_failed)?;
    Ok(advice
        .into_iter()
        .map(|a| {
            CourseRecommendation::new(
                CourseCard::new(a.course),
                &a.gap,
                a.example_jobs.into_iter().map(JobCard::new).collect(),
            )
        })
        .collect())
}

/// Discoverable workers for one of the caller's postings (any status: an employer may
/// look for people before opening it). Someone else's posting is 404.
pub async fn candidates(
    state: &AppState,
    user: AuthUser,
    job_id: Uuid,
    limit: Option<usize>,
) -> ApiResult<Vec<CandidateRecommendation>> {
    let n = top(limit)?;
    let (job, _) = super::jobs::owned(state, user, job_id).await?;
    let employer = org_store::find(&state.db, job.employer_id()).await?.ok_or(ApiError::NotFound)?;
    let doc = search_docs::matching_job_doc(&job, &employer);
    let ranked = matcher::recommend_candidates(
        state.search.as_ref(),
        &doc,
        &state.config.matching,
        now(),
        Pools::default(),
        n,
    )
    .await
    .map_err(search_failed)?;
    // Names come from the database (the index holds none), and only for workers still
    // discoverable there: a worker who just hid their profile is not shown.
    let ids: Vec<Uuid> = ranked.iter().map(|(w, _)| w.id).collect();
    let profiles = worker_store::find_many(&state.db, &ids).await?;
    Ok(ranked
        .into_iter()
        .filter_map(|(w, m)| {
            let p = profiles.iter().find(|p| p.account_id == w.id && p.discoverable)?;
            let card = CandidateCard {
                worker_id: w.id,
                display_name: masked_name(&p.name),
                region_code: w.region_code,
                skills: w
                    .skills
                    .into_iter()
                    .map(|s| CandidateSkill {
                        occupation_name: catalogue()
                            .occupation(&s.code)
                            .map(|o| o.name.clone())
                            .unwrap_or_default(),
                        occupation_code: s.code,
                        level: s.level,
                    })
                    .collect(),
                languages: w.languages,
                work_types: w.work_types,
            };
            Some(CandidateRecommendation::new(card, m))
        })
        .collect())
}
