//! Search documents as the matcher's facts (`laowu_domain::matching`): the same
//! information, in domain types, with the index's sentinels turned back into `None`.
//! A document whose codes no longer parse is skipped (`None`), never guessed at.

use laowu_domain::geo::GeoPoint;
use laowu_domain::matching::{CourseFacts, JobFacts, Skill, WorkerFacts};
use laowu_domain::occupation::{OccupationCode, SkillLevel};
use laowu_domain::work::{Benefits, Language};

use crate::doc::{self, CourseDoc, JobDoc, SkillDoc, WorkerDoc};

fn skill(s: &SkillDoc) -> Option<Skill> {
    Some(Skill::new(OccupationCode::parse(&s.code).ok()?, SkillLevel::new(s.level).ok()?))
}

fn point(g: doc::GeoPoint) -> Option<GeoPoint> {
    GeoPoint::new(g.lat, g.lng).ok()
}

fn languages(names: &[String]) -> Vec<Language> {
    names.iter().filter_map(|l| l.parse().ok()).collect()
}

fn day(d: i64) -> Option<i64> {
    (d != doc::OPEN_START && d != doc::OPEN_END).then_some(d)
}

pub fn job(d: &JobDoc) -> Option<JobFacts> {
    Some(JobFacts {
        occupation: OccupationCode::parse(&d.occupation_code).ok()?,
        required_skills: d.skills.iter().map(skill).collect::<Option<_>>()?,
        location: point(d.geo),
        daily_pay_min_fen: d.daily_pay_min,
        daily_pay_max_fen: d.daily_pay_max,
        benefits: Benefits {
            housing: d.housing,
            meals: d.meals,
            social_insurance: d.social_insurance,
            transport: d.transport,
        },
        work_type: d.work_type.parse().ok()?,
        start_day: day(d.start_day),
        end_day: day(d.end_day),
        languages: languages(&d.languages),
        opened_at: d.opened_at,
    })
}

pub fn worker(d: &WorkerDoc) -> WorkerFacts {
    WorkerFacts {
        skills: d.skills.iter().filter_map(skill).collect(),
        desired_occupations: d
            .desired_occupations
            .iter()
            .filter_map(|c| OccupationCode::parse(c).ok())
            .collect(),
        location: d.geo.and_then(point),
        max_travel_km: (d.max_travel_km > 0).then_some(d.max_travel_km as f64),
        min_daily_wage_fen: (d.min_daily_wage > 0).then_some(d.min_daily_wage),
        work_types: d.work_types.iter().filter_map(|w| w.parse().ok()).collect(),
        available_from: day(d.available_day),
        languages: languages(&d.languages),
    }
}

pub fn course(d: &CourseDoc) -> Option<CourseFacts> {
    Some(CourseFacts {
        occupation: OccupationCode::parse(&d.occupation_code).ok()?,
        target_level: SkillLevel::new(d.target_level).ok()?,
        fee_fen: d.fee,
        subsidy_fen: if d.subsidy_eligible { d.subsidy_amount } else { 0 },
        seats_left: u32::try_from(d.seats_left).unwrap_or(0),
        start_day: day(d.start_day),
    })
}
