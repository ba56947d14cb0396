//! The documents we index: flat, denormalised views of database rows.
//!
//! Field names are the attribute names the engines see (Meilisearch stores these JSON
//! objects as they are). Hierarchical codes are indexed together with every prefix
//! ([`code_path`]), so "every job in medium class `6-18`" or "every place in Xilingol
//! League" is one equality test instead of a prefix scan.
//!
//! Missing dates are stored as sentinels rather than nulls, so that the same numeric
//! comparison works in every backend: a posting with no start date has started
//! ([`OPEN_START`]), one with no end date or expiry never ends ([`OPEN_END`]).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Day number (days since 1970-01-01) standing for "no start date".
pub const OPEN_START: i64 = 0;
/// Day number, or Unix second, standing for "no end": 9999-12-31.
pub const OPEN_END: i64 = 2_932_896;
/// Unix seconds of 9999-12-31, for "never expires".
pub const NEVER: i64 = 253_402_214_400;

/// Which index a document lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Job,
    Course,
    Worker,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Job, Kind::Course, Kind::Worker];

    /// The index name (plural, as in the API paths).
    pub fn index_name(self) -> &'static str {
        match self {
            Kind::Job => "jobs",
            Kind::Course => "courses",
            Kind::Worker => "workers",
        }
    }
}

/// A code and all its prefixes, shortest first: `6-18-02-04` gives
/// `["6", "6-18", "6-18-02", "6-18-02-04"]`. Occupation codes split at `-`; region codes
/// (six digits, `152501`) split into province, prefecture and county (`15`, `1525`,
/// `152501`), dropping the zero padding of higher levels (`152500` → `15`, `1525`).
pub fn code_path(code: &str) -> Vec<String> {
    if code.contains('-') {
        let mut out = Vec::new();
        for (i, c) in code.char_indices() {
            if c == '-' {
                out.push(code[..i].to_owned());
            }
        }
        out.push(code.to_owned());
        out
    } else if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        let mut out = vec![code[..2].to_owned()];
        if &code[2..4] != "00" {
            out.push(code[..4].to_owned());
            if &code[4..] != "00" {
                out.push(code.to_owned());
            }
        }
        out
    } else {
        vec![code.to_owned()]
    }
}

/// The geographic point of a document, in Meilisearch's `_geo` shape.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    pub lat: f64,
    pub lng: f64,
}

/// A skill a posting requires or a worker holds: an occupation code and a level 1–5.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillDoc {
    pub code: String,
    pub level: u8,
}

/// A public job posting (open, by a verified employer). Postings that are not public are
/// removed from the index, not flagged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobDoc {
    pub id: Uuid,
    pub employer_id: Uuid,
    pub employer_name: String,
    pub title: String,
    pub description: String,
    /// The occupation's Chinese name and other names, so `焊工` finds a posting titled
    /// `钢结构焊接`.
    pub occupation_names: Vec<String>,
    pub occupation_code: String,
    /// [`code_path`] of the occupation.
    pub occupation_path: Vec<String>,
    pub skills: Vec<SkillDoc>,
    /// [`code_path`] of every required skill.
    pub skill_path: Vec<String>,
    pub region_code: String,
    pub region_path: Vec<String>,
    pub work_type: String,
    /// Normalised pay, fen a day (see docs/pay.md).
    pub daily_pay_min: i64,
    pub daily_pay_max: i64,
    /// Pay as posted, for display: fen per `pay_unit`, paid every `pay_cycle`.
    pub pay_min: i64,
    pub pay_max: i64,
    pub pay_unit: String,
    pub pay_cycle: String,
    /// For piece rates: the employer's estimate of a day's earnings, fen.
    pub piece_daily_estimate: Option<i64>,
    pub address: String,
    pub housing: bool,
    pub meals: bool,
    pub social_insurance: bool,
    pub transport: bool,
    pub languages: Vec<String>,
    pub openings_left: i64,
    /// The posting requires no skill: anyone may take it.
    pub open_to_all: bool,
    pub status: String,
    /// Day numbers ([`OPEN_START`] / [`OPEN_END`] when not set).
    pub start_day: i64,
    pub end_day: i64,
    /// Unix seconds.
    pub opened_at: i64,
    /// Unix seconds ([`NEVER`] when the posting does not expire).
    pub expires_at: i64,
    #[serde(rename = "_geo")]
    pub geo: GeoPoint,
}

/// A public course (open or running, at a verified school).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CourseDoc {
    pub id: Uuid,
    pub school_id: Uuid,
    pub school_name: String,
    pub title: String,
    pub description: String,
    pub occupation_names: Vec<String>,
    pub occupation_code: String,
    pub occupation_path: Vec<String>,
    pub target_level: u8,
    pub hours: i64,
    pub region_code: String,
    pub region_path: Vec<String>,
    /// Fen.
    pub fee: i64,
    pub subsidy_eligible: bool,
    /// Fen.
    pub subsidy_amount: i64,
    pub seats_left: i64,
    pub mode: String,
    pub certificate: String,
    pub address: String,
    pub status: String,
    pub start_day: i64,
    pub end_day: i64,
    /// Unix seconds.
    pub updated_at: i64,
    #[serde(rename = "_geo")]
    pub geo: GeoPoint,
}

/// A worker who chose to be discoverable. Deliberately without name, phone, ID number or
/// birth date: the index is for finding, the database for knowing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkerDoc {
    pub id: Uuid,
    pub skills: Vec<SkillDoc>,
    /// [`code_path`] of every skill and desired occupation.
    pub skill_path: Vec<String>,
    pub desired_occupations: Vec<String>,
    /// Occupation names of skills and wishes, for text search by employers.
    pub occupation_names: Vec<String>,
    pub region_code: String,
    pub region_path: Vec<String>,
    pub languages: Vec<String>,
    pub work_types: Vec<String>,
    /// The worker's lowest acceptable wage, normalised to fen a day (0 when not given).
    pub min_daily_wage: i64,
    /// Day number from which the worker is free ([`OPEN_START`] when not given).
    pub available_day: i64,
    /// Kilometres the worker will travel (0 when not given: no limit stated).
    pub max_travel_km: i64,
    pub wants_training: bool,
    /// Unix seconds.
    pub updated_at: i64,
    /// `None` when the worker gave no location; such workers never match a radius.
    #[serde(rename = "_geo", default, skip_serializing_if = "Option::is_none")]
    pub geo: Option<GeoPoint>,
}

/// A document of any kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Document {
    Job(JobDoc),
    Course(CourseDoc),
    Worker(WorkerDoc),
}

impl Document {
    pub fn kind(&self) -> Kind {
        match self {
            Document::Job(_) => Kind::Job,
            Document::Course(_) => Kind::Course,
            Document::Worker(_) => Kind::Worker,
        }
    }

    pub fn id(&self) -> Uuid {
        match self {
            Document::Job(d) => d.id,
            Document::Course(d) => d.id,
            Document::Worker(d) => d.id,
        }
    }

    pub fn geo(&self) -> Option<GeoPoint> {
        match self {
            Document::Job(d) => Some(d.geo),
            Document::Course(d) => Some(d.geo),
            Document::Worker(d) => d.geo,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occupation_paths_list_every_level() {
        assert_eq!(code_path("6-18-02-04"), ["6", "6-18", "6-18-02", "6-18-02-04"]);
        assert_eq!(code_path("6-18"), ["6", "6-18"]);
        assert_eq!(code_path("4"), ["4"]);
    }

    #[test]
    fn region_paths_drop_padding() {
        assert_eq!(code_path("152501"), ["15", "1525", "152501"]);
        assert_eq!(code_path("152500"), ["15", "1525"]);
        assert_eq!(code_path("150000"), ["15"]);
    }

    #[test]
    fn sentinels_are_the_dates_they_claim() {
        // 9999-12-31 is day 2_932_896 and second 253_402_214_400 of the Unix epoch.
        assert_eq!(NEVER, OPEN_END * 86_400);
    }
}
