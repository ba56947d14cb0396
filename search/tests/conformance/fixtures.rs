//! Documents for the conformance cases: plain defaults, changed per case with struct update
//! syntax (`JobDoc { title: "电焊工".into(), ..job(1) }`).
//!
//! Ids are `Uuid::from_u128(n)`, so id order is the order of `n`.

use laowu_search::doc::{GeoPoint, NEVER, OPEN_END, OPEN_START, SkillDoc};
use laowu_search::{CourseDoc, Document, JobDoc, Near, SearchResults, WorkerDoc, code_path};
use uuid::Uuid;

/// Erenhot, the city.
pub const ERENHOT: GeoPoint = GeoPoint { lat: 43.65, lng: 111.98 };
/// About 1.4 km from [`ERENHOT`].
pub const ERENHOT_PORT: GeoPoint = GeoPoint { lat: 43.66, lng: 111.97 };
/// Sonid Right Banner (Saihan Tal), about 115 km south-east.
pub const SONID_YOUQI: GeoPoint = GeoPoint { lat: 42.75, lng: 112.65 };
/// Xilinhot, about 330 km east.
pub const XILINHOT: GeoPoint = GeoPoint { lat: 43.93, lng: 116.08 };

/// 2024-06-01 as a day number.
pub const TODAY: i64 = 19_875;
/// 2024-06-01T00:00:00Z in Unix seconds.
pub const NOW: i64 = TODAY * 86_400;

pub fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// A full-time warehouse job in Erenhot, 200 yuan a day, no benefits, open-ended.
pub fn job(n: u128) -> JobDoc {
    let occupation = "4-02-06-01";
    JobDoc {
        id: id(n),
        employer_id: id(9_000),
        employer_name: "二连浩特市边贸物流公司".into(),
        title: "仓库保管员".into(),
        description: "负责仓库货物的入库出库登记".into(),
        occupation_names: vec!["仓库保管员".into()],
        occupation_code: occupation.into(),
        occupation_path: code_path(occupation),
        skills: vec![],
        skill_path: vec![],
        region_code: "152501".into(),
        region_path: code_path("152501"),
        work_type: "full_time".into(),
        daily_pay_min: 18_000,
        daily_pay_max: 20_000,
        pay_min: 20_000,
        pay_max: 20_000,
        pay_unit: "day".into(),
        pay_cycle: "daily".into(),
        piece_daily_estimate: None,
        address: "二连浩特市".into(),
        housing: false,
        meals: false,
        social_insurance: false,
        transport: false,
        languages: vec!["zh".into()],
        openings_left: 3,
        open_to_all: true,
        status: "open".into(),
        start_day: OPEN_START,
        end_day: OPEN_END,
        opened_at: NOW - 86_400,
        expires_at: NEVER,
        geo: ERENHOT,
    }
}

/// A job with another occupation (its code and path follow).
pub fn job_as(n: u128, occupation: &str) -> JobDoc {
    JobDoc { occupation_code: occupation.into(), occupation_path: code_path(occupation), ..job(n) }
}

/// A subsidised welding course in Erenhot.
pub fn course(n: u128) -> CourseDoc {
    let occupation = "6-18-02-04";
    CourseDoc {
        id: id(n),
        school_id: id(8_000),
        school_name: "二连浩特市职业技能培训学校".into(),
        title: "焊接技能培训班".into(),
        description: "理论与实操结合，结业可考证".into(),
        occupation_names: vec!["焊工".into()],
        occupation_code: occupation.into(),
        occupation_path: code_path(occupation),
        target_level: 4,
        hours: 120,
        region_code: "152501".into(),
        region_path: code_path("152501"),
        fee: 150_000,
        subsidy_eligible: true,
        subsidy_amount: 100_000,
        seats_left: 20,
        mode: "offline".into(),
        certificate: "焊工（五级）".into(),
        address: "锡林浩特市".into(),
        status: "open".into(),
        start_day: TODAY + 10,
        end_day: TODAY + 40,
        updated_at: NOW - 3_600,
        geo: ERENHOT,
    }
}

/// A worker in Erenhot who drives forklifts, asks 180 yuan a day, is free now.
pub fn worker(n: u128) -> WorkerDoc {
    WorkerDoc {
        id: id(n),
        skills: vec![SkillDoc { code: "6-30-05-02".into(), level: 3 }],
        skill_path: code_path("6-30-05-02"),
        desired_occupations: vec!["6-30-05-02".into()],
        occupation_names: vec!["叉车工".into()],
        region_code: "152501".into(),
        region_path: code_path("152501"),
        languages: vec!["zh".into(), "mn".into()],
        work_types: vec!["full_time".into()],
        min_daily_wage: 18_000,
        available_day: OPEN_START,
        max_travel_km: 0,
        wants_training: false,
        updated_at: NOW - 7_200,
        geo: Some(ERENHOT),
    }
}

pub fn jobs(docs: impl IntoIterator<Item = JobDoc>) -> Vec<Document> {
    docs.into_iter().map(Document::Job).collect()
}

pub fn courses(docs: impl IntoIterator<Item = CourseDoc>) -> Vec<Document> {
    docs.into_iter().map(Document::Course).collect()
}

pub fn workers(docs: impl IntoIterator<Item = WorkerDoc>) -> Vec<Document> {
    docs.into_iter().map(Document::Worker).collect()
}

/// The ids of the hits, as their `n`, in order.
pub fn ns(results: &SearchResults) -> Vec<u128> {
    results.hits.iter().map(|h| h.id.as_u128()).collect()
}

/// The same, sorted (for cases where only the set is specified).
pub fn ns_sorted(results: &SearchResults) -> Vec<u128> {
    let mut out = ns(results);
    out.sort_unstable();
    out
}

/// A point to search around.
pub fn near(at: GeoPoint, radius_km: Option<f64>) -> Near {
    Near { lat: at.lat, lng: at.lng, radius_km }
}

/// Great-circle distance (haversine, mean Earth radius), the reference the backends' reported
/// distances are checked against.
pub fn km(a: GeoPoint, b: GeoPoint) -> f64 {
    let (la1, la2) = (a.lat.to_radians(), b.lat.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((b.lng - a.lng).to_radians() / 2.0).sin().powi(2);
    2.0 * 6_371.0 * h.sqrt().asin()
}
