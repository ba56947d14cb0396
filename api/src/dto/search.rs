//! Search results: compact cards built from the search index's documents (no database
//! read), with distances and facet counts.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use laowu_domain::occupation::SkillLevel;
use laowu_domain::pay::{Money, Pay};
use laowu_domain::reference::catalogue;
use laowu_search::doc::{CourseDoc, JobDoc, OPEN_END, OPEN_START};
use serde::Serialize;
use serde_json::Number;
use utoipa::ToSchema;
use uuid::Uuid;

use super::courses::SchoolRef;
use super::geo::Location;
use super::jobs::{BenefitsDto, EmployerRef, PayResponse, SkillRequirement, yuan};

/// A day number of the index as a date; the "no date" sentinels as `None`.
pub fn date_of_day(day: i64) -> Option<NaiveDate> {
    if day == OPEN_START || day >= OPEN_END {
        return None;
    }
    DateTime::UNIX_EPOCH.date_naive().checked_add_signed(chrono::Duration::days(day))
}

/// A date as the index's day number.
pub fn day_of_date(d: NaiveDate) -> i64 {
    d.signed_duration_since(DateTime::UNIX_EPOCH.date_naive()).num_days()
}

fn occupation_name(code: &str) -> String {
    catalogue().occupation(code).map(|o| o.name.clone()).unwrap_or_default()
}

/// A posting as search and recommendations show it.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobCard {
    pub id: Uuid,
    pub employer: EmployerRef,
    pub title: String,
    pub occupation_code: String,
    pub occupation_name: String,
    pub required_skills: Vec<SkillRequirement>,
    pub openings_left: i64,
    pub pay: PayResponse,
    #[schema(example = "day_labour")]
    pub work_type: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub location: Location,
    pub region_code: String,
    pub address: String,
    pub benefits: BenefitsDto,
    #[schema(example = json!(["zh", "mn"]))]
    pub languages: Vec<String>,
    pub opened_at: Option<DateTime<Utc>>,
}

impl JobCard {
    pub fn new(d: JobDoc) -> JobCard {
        let pay = Pay::new(
            Money::from_fen(d.pay_min).unwrap_or_default(),
            Money::from_fen(d.pay_max).unwrap_or_default(),
            d.pay_unit.parse().unwrap_or(laowu_domain::PayUnit::Day),
            d.pay_cycle.parse().unwrap_or(laowu_domain::PayCycle::Monthly),
            d.piece_daily_estimate.and_then(|e| Money::from_fen(e).ok()),
        )
        .ok();
        let equivalent = |f: fn(&Pay) -> i64, fallback: i64| pay.as_ref().map(f).unwrap_or(fallback);
        JobCard {
            id: d.id,
            employer: EmployerRef { id: d.employer_id, name: d.employer_name },
            title: d.title,
            occupation_name: occupation_name(&d.occupation_code),
            occupation_code: d.occupation_code,
            required_skills: d
                .skills
                .into_iter()
                .map(|s| SkillRequirement { occupation_code: s.code, min_level: s.level })
                .collect(),
            openings_left: d.openings_left,
            pay: PayResponse {
                min: yuan(d.pay_min),
                max: yuan(d.pay_max),
                unit: d.pay_unit,
                cycle: d.pay_cycle,
                piece_daily_estimate: d.piece_daily_estimate.map(yuan),
                daily_min: yuan(d.daily_pay_min),
                daily_max: yuan(d.daily_pay_max),
                monthly_min: yuan(equivalent(Pay::monthly_equivalent_min, d.daily_pay_min * 2175 / 100)),
                monthly_max: yuan(equivalent(Pay::monthly_equivalent_max, d.daily_pay_max * 2175 / 100)),
            },
            work_type: d.work_type,
            start_date: date_of_day(d.start_day),
            end_date: date_of_day(d.end_day),
            location: Location { lat: d.geo.lat, lng: d.geo.lng },
            region_code: d.region_code,
            address: d.address,
            benefits: BenefitsDto {
                housing: d.housing,
                meals: d.meals,
                social_insurance: d.social_insurance,
                transport: d.transport,
            },
            languages: d.languages,
            opened_at: DateTime::from_timestamp(d.opened_at, 0),
        }
    }
}

/// A course as search and recommendations show it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CourseCard {
    pub id: Uuid,
    pub school: SchoolRef,
    pub title: String,
    pub occupation_code: String,
    pub occupation_name: String,
    pub target_level: u8,
    /// e.g. `五级/初级工`.
    pub target_level_name: String,
    pub hours: i64,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub location: Location,
    pub region_code: String,
    pub address: String,
    /// Yuan.
    #[schema(value_type = f64)]
    pub fee: Number,
    pub subsidy_eligible: bool,
    /// Yuan.
    #[schema(value_type = f64)]
    pub subsidy_amount: Number,
    pub seats_left: i64,
    pub certificate: String,
    #[schema(example = "order_based")]
    pub mode: String,
}

impl CourseCard {
    pub fn new(d: CourseDoc) -> CourseCard {
        CourseCard {
            id: d.id,
            school: SchoolRef { id: d.school_id, name: d.school_name },
            title: d.title,
            occupation_name: occupation_name(&d.occupation_code),
            occupation_code: d.occupation_code,
            target_level: d.target_level,
            target_level_name: SkillLevel::new(d.target_level)
                .map(|l| l.name_zh().to_owned())
                .unwrap_or_default(),
            hours: d.hours,
            start_date: date_of_day(d.start_day),
            end_date: date_of_day(d.end_day),
            location: Location { lat: d.geo.lat, lng: d.geo.lng },
            region_code: d.region_code,
            address: d.address,
            fee: yuan(d.fee),
            subsidy_eligible: d.subsidy_eligible,
            subsidy_amount: yuan(d.subsidy_amount),
            seats_left: d.seats_left,
            certificate: d.certificate,
            mode: d.mode,
        }
    }
}

/// One search result: the card and, when a point was given, how far it is.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHit<T> {
    #[serde(flatten)]
    pub item: T,
    /// Kilometres from `lat`/`lng`, when they were given.
    pub distance_km: Option<f64>,
}

/// A page of search results.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchPage<T> {
    /// Matches in all (exact up to 11,000).
    pub total: u64,
    pub offset: usize,
    pub limit: usize,
    pub items: Vec<SearchHit<T>>,
    /// For each requested facet: value → number of matches.
    #[schema(example = json!({"work_type": {"full_time": 12, "day_labour": 30}}))]
    pub facets: BTreeMap<String, BTreeMap<String, u64>>,
}

/// Where and how far: `lat` and `lng` together, `radius_km` only with them.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GeoParams {
    /// Latitude of the point to measure from (WGS 84).
    #[param(minimum = -90.0, maximum = 90.0, example = 43.6525)]
    pub lat: Option<f64>,
    /// Longitude of the point to measure from.
    #[param(minimum = -180.0, maximum = 180.0, example = 111.977)]
    pub lng: Option<f64>,
    /// Only results within this many km of the point (more than 0, at most 500).
    #[param(exclusive_minimum = 0.0, maximum = 500.0, example = 50.0)]
    pub radius_km: Option<f64>,
}

/// Order and page.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchPaging {
    /// `relevance` (default; newest first without `q`), `distance` (needs `lat`/`lng`),
    /// `pay` (best paid first; courses: largest subsidy) or `newest`.
    pub sort: Option<String>,
    /// Comma-separated facets to count, e.g. `work_type,housing`.
    pub facets: Option<String>,
    /// Results to skip (at most 10,000).
    #[param(minimum = 0, maximum = 10_000, default = 0)]
    pub offset: Option<usize>,
    /// Results to return, 1–100 (default 20).
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<usize>,
}

/// Filters of `GET /api/v1/jobs/search`.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct JobSearchParams {
    /// Free text, Chinese or not: `电焊`, `叉车司机 二连`.
    pub q: Option<String>,
    /// An occupation code or a class above it (`6-18` finds every welding trade).
    pub occupation: Option<String>,
    /// A region code; includes the regions under it.
    pub region: Option<String>,
    /// Comma-separated kinds of work: `full_time,day_labour`.
    pub work_type: Option<String>,
    /// Lowest acceptable pay in yuan per `pay_unit`, compared after normalising.
    #[param(value_type = Option<f64>, minimum = 0.0, maximum = 1_000_000.0, example = 250)]
    pub min_pay: Option<String>,
    /// The unit of `min_pay`: `hour`, `day` (default) or `month`.
    pub pay_unit: Option<String>,
    /// Only postings with housing (`true`).
    pub housing: Option<bool>,
    /// Only postings with meals (`true`).
    pub meals: Option<bool>,
    /// Only postings whose work starts on or before this date.
    pub starts_by: Option<NaiveDate>,
    /// Only postings whose work goes on at least until this date.
    pub available_until: Option<NaiveDate>,
}

/// Filters of `GET /api/v1/courses/search`.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CourseSearchParams {
    /// Free text: `焊工`, `叉车`.
    pub q: Option<String>,
    /// An occupation code or a class above it.
    pub occupation: Option<String>,
    /// A region code; includes the regions under it.
    pub region: Option<String>,
    /// Comma-separated modes: `general,order_based,targeted,on_the_job`.
    pub mode: Option<String>,
    /// Only subsidised courses (`true`).
    pub subsidised: Option<bool>,
    /// Only courses starting on or after this date.
    pub starts_after: Option<NaiveDate>,
}
