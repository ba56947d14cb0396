//! Why a posting and a worker match: plain facts a mini-program renders as icons and short
//! lines ("焊工 四级 ✓", "12.4 km", "日薪 ≥ 您的最低 × 1.3", "包住"), never prose.

use serde::Serialize;

use crate::occupation::{OccupationCode, OccupationRelation, SkillLevel};
use crate::work::{Language, WorkType};

/// How the worker relates to the posting's occupation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OccupationReason {
    /// The posting's occupation.
    pub code: OccupationCode,
    /// The closest of the worker's skills and wishes; `None` when nothing is related.
    pub closest: Option<OccupationLink>,
}

/// One of the worker's occupations and how close it is to the posting's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OccupationLink {
    pub worker_code: OccupationCode,
    pub relation: OccupationRelation,
    /// Whether it is a skill the worker holds or only one the worker wants.
    pub via: Via,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// A skill the worker holds.
    Skill,
    /// An occupation the worker wants to work in.
    Wish,
}

/// A required skill the worker meets: a held skill in the same occupation or the same small
/// class, at or above the required level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillMatched {
    /// The posting's requirement.
    pub code: OccupationCode,
    pub required_level: SkillLevel,
    /// The worker's skill that meets it.
    pub worker_code: OccupationCode,
    pub worker_level: SkillLevel,
    pub relation: OccupationRelation,
}

/// A required skill the worker does not meet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillMissing {
    pub code: OccupationCode,
    pub required_level: SkillLevel,
    /// The level of the worker's closest skill in the same occupation or small class, when
    /// the worker has one (below the required level); `None` when the worker has none.
    pub worker_level: Option<SkillLevel>,
    pub worker_code: Option<OccupationCode>,
}

/// The posting's pay against the worker's minimum, all daily equivalents in fen.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PayFit {
    pub job_daily_min_fen: i64,
    pub job_daily_max_fen: i64,
    pub worker_min_daily_fen: Option<i64>,
    /// Whether the top of the range reaches the worker's minimum (the index's pay-floor
    /// rule); `None` when the worker states no minimum.
    pub fits: Option<bool>,
    /// The middle of the range divided by the worker's minimum, two decimals; `None` when the
    /// worker states no minimum.
    pub ratio: Option<f64>,
}

/// Everything a recommendation shows about why it was made.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reasons {
    pub occupation: OccupationReason,
    pub skills_matched: Vec<SkillMatched>,
    pub skills_missing: Vec<SkillMissing>,
    /// Great-circle distance, one decimal; `None` when either side has no location.
    pub distance_km: Option<f64>,
    /// Whether the posting lies within the worker's stated travel distance; `None` when the
    /// distance or the limit is unknown.
    pub within_reach: Option<bool>,
    pub pay: PayFit,
    pub housing: bool,
    pub meals: bool,
    pub social_insurance: bool,
    pub transport: bool,
    pub work_type: WorkType,
    /// Whether the worker accepts this kind of work (a worker who names none accepts all).
    pub work_type_fits: bool,
    /// Whether the worker is free by the time the work starts (or, for work already under
    /// way, today).
    pub dates_fit: bool,
    /// Days between the start of the work and the day the worker is free; 0 when on time.
    pub days_late: i64,
    /// Whether the worker speaks every language the posting asks for; `None` when it asks
    /// for none.
    pub language_fit: Option<bool>,
    pub shared_languages: Vec<Language>,
    pub missing_languages: Vec<Language>,
    /// Whole days since the posting opened.
    pub days_open: i64,
}
