//! What the scorer knows about a worker, a posting and a course: plain values in domain
//! types, filled by the API from the search documents (or from the database).
//!
//! Days are **day numbers**, days since 1970-01-01 in the local calendar (China Standard
//! Time), the same numbers the search index stores; instants are Unix seconds. The index's
//! sentinels for "no date" (`OPEN_START`, `OPEN_END`) become `None` here.

use serde::Serialize;

use crate::geo::GeoPoint;
use crate::occupation::{OccupationCode, SkillLevel};
use crate::work::{Benefits, Language, WorkType};

/// Seconds in a day.
pub const SECONDS_PER_DAY: i64 = 86_400;

/// A skill held or required: an occupation (or a broader class) at a level.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Skill {
    pub code: OccupationCode,
    pub level: SkillLevel,
}

impl Skill {
    pub fn new(code: OccupationCode, level: SkillLevel) -> Skill {
        Skill { code, level }
    }
}

/// A worker looking for work.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WorkerFacts {
    /// Skills held, with their certified or stated levels.
    pub skills: Vec<Skill>,
    /// Occupations (or classes) the worker would like to work in, skilled or not.
    pub desired_occupations: Vec<OccupationCode>,
    pub location: Option<GeoPoint>,
    /// How far the worker will travel; `None` when not stated (no limit).
    pub max_travel_km: Option<f64>,
    /// The lowest acceptable wage as a daily equivalent in fen (see docs/pay.md).
    pub min_daily_wage_fen: Option<i64>,
    /// Kinds of work accepted; empty means any.
    pub work_types: Vec<WorkType>,
    /// Day number from which the worker is free; `None` means now.
    pub available_from: Option<i64>,
    pub languages: Vec<Language>,
}

/// An open posting.
#[derive(Debug, Clone, PartialEq)]
pub struct JobFacts {
    /// The posting's occupation (depth 4).
    pub occupation: OccupationCode,
    /// Skills the posting requires, each at a minimum level.
    pub required_skills: Vec<Skill>,
    pub location: Option<GeoPoint>,
    /// The pay range as daily equivalents in fen (see docs/pay.md).
    pub daily_pay_min_fen: i64,
    pub daily_pay_max_fen: i64,
    pub benefits: Benefits,
    pub work_type: WorkType,
    /// Day numbers; `None` when the posting gives no start (already started) or no end.
    pub start_day: Option<i64>,
    pub end_day: Option<i64>,
    /// Languages the posting asks for.
    pub languages: Vec<Language>,
    /// When the posting was (last) opened, Unix seconds.
    pub opened_at: i64,
}

/// A course a worker could take.
#[derive(Debug, Clone, PartialEq)]
pub struct CourseFacts {
    /// The occupation the course teaches.
    pub occupation: OccupationCode,
    /// The level a graduate is certified at.
    pub target_level: SkillLevel,
    pub fee_fen: i64,
    /// The training subsidy a worker can claim, fen (0 when not eligible).
    pub subsidy_fen: i64,
    pub seats_left: u32,
    /// Day number; `None` when not set.
    pub start_day: Option<i64>,
}

/// The moment of a ranking, as an instant and as the local calendar day.
///
/// The domain never reads the clock: the caller passes `now`, so the same input always
/// gives the same answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    /// Unix seconds.
    pub unix: i64,
    /// Today's day number in the local calendar.
    pub today: i64,
}

impl Now {
    /// `unix` seconds, with today's day number taken in the time zone `utc_offset_seconds`
    /// east of UTC (China Standard Time: `8 * 3600`).
    pub fn new(unix: i64, utc_offset_seconds: i64) -> Now {
        Now { unix, today: (unix + utc_offset_seconds).div_euclid(SECONDS_PER_DAY) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_taken_in_the_local_time_zone() {
        // 2025-01-01T00:00:00Z is day 20089; at 20:00 UTC it is already the 2nd in Beijing.
        let midnight_utc = 20_089 * SECONDS_PER_DAY;
        assert_eq!(Now::new(midnight_utc, 0).today, 20_089);
        assert_eq!(Now::new(midnight_utc + 20 * 3600, 8 * 3600).today, 20_090);
        assert_eq!(Now::new(midnight_utc + 15 * 3600, 8 * 3600).today, 20_089);
        // Before 1970 the day still counts down correctly.
        assert_eq!(Now::new(-1, 0).today, -1);
    }
}
