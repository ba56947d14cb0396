//! Recommendations: each with its score, the score's breakdown, and reasons a
//! mini-program can draw as icons (docs/matching.md explains every field).

use laowu_domain::matching::{Breakdown, Component, CourseGap, Match, Reasons};
use laowu_domain::occupation::OccupationRelation;
use laowu_domain::reference::catalogue;
use serde::Serialize;
use serde_json::Number;
use utoipa::ToSchema;

use super::jobs::yuan;
use super::search::{CourseCard, JobCard};

fn name(code: &str) -> String {
    catalogue().occupation(code).map(|o| o.name.clone()).unwrap_or_default()
}

/// One part of the score.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComponentDto {
    /// How well this aspect fits, 0–1, before weighting.
    pub value: f64,
    /// Its share of all weights (the shares sum to 1).
    pub weight: f64,
    /// `value × weight`: its part of the score.
    pub contribution: f64,
}

impl From<Component> for ComponentDto {
    fn from(c: Component) -> Self {
        ComponentDto {
            value: round3(c.value),
            weight: round3(c.weight),
            contribution: round3(c.contribution),
        }
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The score, aspect by aspect.
#[derive(Debug, Serialize, ToSchema)]
pub struct BreakdownDto {
    pub skill: ComponentDto,
    pub distance: ComponentDto,
    pub pay: ComponentDto,
    pub benefits: ComponentDto,
    pub language: ComponentDto,
    pub freshness: ComponentDto,
    pub work_type: ComponentDto,
    pub dates: ComponentDto,
    /// 1, or less when the posting lies beyond the worker's stated reach.
    pub penalty: f64,
}

impl From<Breakdown> for BreakdownDto {
    fn from(b: Breakdown) -> Self {
        BreakdownDto {
            skill: b.skill.into(),
            distance: b.distance.into(),
            pay: b.pay.into(),
            benefits: b.benefits.into(),
            language: b.language.into(),
            freshness: b.freshness.into(),
            work_type: b.work_type.into(),
            dates: b.dates.into(),
            penalty: round3(b.penalty),
        }
    }
}

/// A skill the posting asks for that the worker has, at a sufficient level.
#[derive(Debug, Serialize, ToSchema)]
pub struct SkillMatchedDto {
    pub occupation_code: String,
    pub occupation_name: String,
    pub required_level: u8,
    /// The worker's skill that covers it (the same occupation or a close one).
    pub worker_occupation_code: String,
    pub worker_level: u8,
    /// `same`, `same_small_class`, `same_medium_class`, `same_major_class`.
    #[schema(value_type = String)]
    pub relation: OccupationRelation,
}

/// A skill the posting asks for that the worker lacks or holds below the level.
#[derive(Debug, Serialize, ToSchema)]
pub struct SkillMissingDto {
    pub occupation_code: String,
    pub occupation_name: String,
    pub required_level: u8,
    /// The worker's level in it (or a close occupation), when they have one.
    pub worker_level: Option<u8>,
}

/// Pay against the worker's lowest acceptable wage, as yuan a day (docs/pay.md).
#[derive(Debug, Serialize, ToSchema)]
pub struct PayFitDto {
    #[schema(value_type = f64)]
    pub job_daily_min: Number,
    #[schema(value_type = f64)]
    pub job_daily_max: Number,
    #[schema(value_type = Option<f64>)]
    pub worker_min_daily: Option<Number>,
    /// Whether the posting's top pay reaches the worker's minimum (`null`: no minimum given).
    pub fits: Option<bool>,
    /// Top pay ÷ the worker's minimum.
    pub ratio: Option<f64>,
}

/// Why this recommendation, in facts a client can render.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReasonsDto {
    /// The posting's occupation and how it relates to the worker's closest skill or wish.
    pub occupation_code: String,
    #[schema(value_type = Option<String>)]
    pub occupation_relation: Option<OccupationRelation>,
    pub skills_matched: Vec<SkillMatchedDto>,
    pub skills_missing: Vec<SkillMissingDto>,
    pub distance_km: Option<f64>,
    /// Within the distance the worker said they would travel (`null`: no location or no limit).
    pub within_reach: Option<bool>,
    pub pay: PayFitDto,
    pub housing: bool,
    pub meals: bool,
    pub social_insurance: bool,
    pub transport: bool,
    pub work_type: String,
    pub work_type_fits: bool,
    /// The work starts by the time the worker is free.
    pub dates_fit: bool,
    pub language_fit: Option<bool>,
    pub shared_languages: Vec<String>,
    pub missing_languages: Vec<String>,
    pub days_open: i64,
}

impl From<Reasons> for ReasonsDto {
    fn from(r: Reasons) -> Self {
        ReasonsDto {
            occupation_code: r.occupation.code.as_str().to_owned(),
            occupation_relation: r.occupation.closest.map(|c| c.relation),
            skills_matched: r
                .skills_matched
                .into_iter()
                .map(|s| SkillMatchedDto {
                    occupation_name: name(s.code.as_str()),
                    occupation_code: s.code.as_str().to_owned(),
                    required_level: s.required_level.level(),
                    worker_occupation_code: s.worker_code.as_str().to_owned(),
                    worker_level: s.worker_level.level(),
                    relation: s.relation,
                })
                .collect(),
            skills_missing: r
                .skills_missing
                .into_iter()
                .map(|s| SkillMissingDto {
                    occupation_name: name(s.code.as_str()),
                    occupation_code: s.code.as_str().to_owned(),
                    required_level: s.required_level.level(),
                    worker_level: s.worker_level.map(|l| l.level()),
                })
                .collect(),
            distance_km: r.distance_km.map(|d| (d * 10.0).round() / 10.0),
            within_reach: r.within_reach,
            pay: PayFitDto {
                job_daily_min: yuan(r.pay.job_daily_min_fen),
                job_daily_max: yuan(r.pay.job_daily_max_fen),
                worker_min_daily: r.pay.worker_min_daily_fen.map(yuan),
                fits: r.pay.fits,
                ratio: r.pay.ratio.map(round3),
            },
            housing: r.housing,
            meals: r.meals,
            social_insurance: r.social_insurance,
            transport: r.transport,
            work_type: r.work_type.as_str().to_owned(),
            work_type_fits: r.work_type_fits,
            dates_fit: r.dates_fit,
            language_fit: r.language_fit,
            shared_languages: r.shared_languages.iter().map(|l| l.as_str().to_owned()).collect(),
            missing_languages: r.missing_languages.iter().map(|l| l.as_str().to_owned()).collect(),
            days_open: r.days_open,
        }
    }
}

/// Short codes for the reasons, one icon each, best news first: `skill_match`,
/// `skill_related`, `skill_missing`, `near`, `beyond_reach`, `pay_ok`, `pay_low`,
/// `housing`, `meals`, `social_insurance`, `transport`, `work_type_other`, `starts_later`,
/// `language_ok`, `language_missing`.
pub fn icons(r: &Reasons) -> Vec<&'static str> {
    let mut out = Vec::new();
    match r.occupation.closest.as_ref().map(|c| c.relation) {
        Some(OccupationRelation::Same | OccupationRelation::SameSmallClass)
            if r.skills_missing.is_empty() =>
        {
            out.push("skill_match")
        }
        Some(
            OccupationRelation::Same
            | OccupationRelation::SameSmallClass
            | OccupationRelation::SameMediumClass,
        ) => out.push("skill_related"),
        _ => {}
    }
    if !r.skills_missing.is_empty() {
        out.push("skill_missing");
    }
    if r.distance_km.is_some_and(|d| d <= 10.0) {
        out.push("near");
    }
    if r.within_reach == Some(false) {
        out.push("beyond_reach");
    }
    match r.pay.fits {
        Some(true) => out.push("pay_ok"),
        Some(false) => out.push("pay_low"),
        None => {}
    }
    for (has, icon) in [
        (r.housing, "housing"),
        (r.meals, "meals"),
        (r.social_insurance, "social_insurance"),
        (r.transport, "transport"),
    ] {
        if has {
            out.push(icon);
        }
    }
    if !r.work_type_fits {
        out.push("work_type_other");
    }
    if !r.dates_fit {
        out.push("starts_later");
    }
    match r.language_fit {
        Some(true) if !r.shared_languages.is_empty() => out.push("language_ok"),
        Some(false) => out.push("language_missing"),
        _ => {}
    }
    out
}

/// A recommended posting.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobRecommendation {
    pub job: JobCard,
    /// 0–1; compares within one list, not across lists.
    pub score: f64,
    #[schema(example = json!(["skill_match", "near", "pay_ok", "housing"]))]
    pub icons: Vec<&'static str>,
    pub breakdown: BreakdownDto,
    pub reasons: ReasonsDto,
}

impl JobRecommendation {
    pub fn new(job: JobCard, m: Match) -> JobRecommendation {
        JobRecommendation {
            job,
            score: round3(m.score),
            icons: icons(&m.reasons),
            breakdown: m.breakdown.into(),
            reasons: m.reasons.into(),
        }
    }
}

/// A list of recommendations.
#[derive(Debug, Serialize, ToSchema)]
pub struct Recommendations<T> {
    pub items: Vec<T>,
}

/// A skill a candidate holds.
#[derive(Debug, Serialize, ToSchema)]
pub struct CandidateSkill {
    pub occupation_code: String,
    pub occupation_name: String,
    pub level: u8,
}

/// A worker proposed for a posting: only what an employer needs to decide to invite them
/// (no phone, no ID number, the family name only).
#[derive(Debug, Serialize, ToSchema)]
pub struct CandidateCard {
    pub worker_id: uuid::Uuid,
    /// e.g. `王**`, `巴**`.
    pub display_name: String,
    pub region_code: String,
    pub skills: Vec<CandidateSkill>,
    pub languages: Vec<String>,
    pub work_types: Vec<String>,
}

/// A recommended candidate for a posting.
#[derive(Debug, Serialize, ToSchema)]
pub struct CandidateRecommendation {
    pub worker: CandidateCard,
    pub score: f64,
    pub icons: Vec<&'static str>,
    pub breakdown: BreakdownDto,
    pub reasons: ReasonsDto,
}

impl CandidateRecommendation {
    pub fn new(worker: CandidateCard, m: Match) -> CandidateRecommendation {
        CandidateRecommendation {
            worker,
            score: round3(m.score),
            icons: icons(&m.reasons),
            breakdown: m.breakdown.into(),
            reasons: m.reasons.into(),
        }
    }
}

/// A course that would open up more work.
#[derive(Debug, Serialize, ToSchema)]
pub struct CourseRecommendation {
    pub course: CourseCard,
    /// Open postings within reach the worker cannot take now and could after this course.
    pub jobs_unlocked: usize,
    /// Their median and highest top pay, yuan a day.
    #[schema(value_type = f64)]
    pub unlocked_pay_median_daily: Number,
    #[schema(value_type = f64)]
    pub unlocked_pay_max_daily: Number,
    /// The best top pay, yuan a day, among postings the worker can take now (`null`: none).
    #[schema(value_type = Option<f64>)]
    pub current_best_pay_daily: Option<Number>,
    /// `unlocked_pay_median_daily` minus `current_best_pay_daily` (negative: pays less).
    #[schema(value_type = f64)]
    pub pay_gain_daily: Number,
    /// What the worker pays after the subsidy, yuan.
    #[schema(value_type = f64)]
    pub net_cost: Number,
    /// Up to three of the unlocked postings, best paid first.
    pub example_jobs: Vec<JobCard>,
}

impl CourseRecommendation {
    pub fn new(
        course: CourseCard,
        gap: &CourseGap<usize>,
        example_jobs: Vec<JobCard>,
    ) -> CourseRecommendation {
        CourseRecommendation {
            course,
            jobs_unlocked: gap.jobs_unlocked,
            unlocked_pay_median_daily: yuan(gap.unlocked_pay_median_fen),
            unlocked_pay_max_daily: yuan(gap.unlocked_pay_max_fen),
            current_best_pay_daily: gap.current_best_pay_fen.map(yuan),
            pay_gain_daily: yuan(gap.pay_gain_fen),
            net_cost: yuan(gap.net_cost_fen),
            example_jobs,
        }
    }
}
