//! Generated postings and profiles as search documents, in chunks, so that a million jobs
//! never sit in memory at once (the benchmark measures the index, not the generator).

use laowu_domain::pay::{Money, Pay, WageFloor};
use laowu_domain::reference::catalogue;
use laowu_fixtures::synth::{self, SynthJob, SynthOrg, SynthWorker};
use laowu_search::doc::{GeoPoint, JobDoc, NEVER, OPEN_END, SkillDoc, WorkerDoc, code_path};
use uuid::Uuid;

/// "Now" for every benchmark and the evaluation: fixed, so runs compare.
pub const NOW: i64 = 1_795_910_400; // 2026-11-29T00:00:00Z
pub const TODAY: i64 = NOW / 86_400;

/// One employer for every ten postings, as in the demo data.
pub fn employers_for(jobs: usize) -> Vec<SynthOrg> {
    synth::employers((jobs / 10).max(10), 7)
}

/// A stable id for the `n`th generated thing of a sort.
pub fn id(sort: u8, n: usize) -> Uuid {
    Uuid::from_u128((u128::from(sort) << 120) | n as u128)
}

pub fn occupation_names(code: &str) -> Vec<String> {
    catalogue().occupation(code).map(|o| vec![o.name.clone()]).unwrap_or_default()
}

/// Postings `from..from + n` of the generated stream (chunk-seeded: chunk `k` of size
/// `n` is always the same postings).
pub fn jobs(employers: &[SynthOrg], from: usize, n: usize) -> Vec<JobDoc> {
    synth::jobs(employers, n, 11 + from as u64)
        .iter()
        .enumerate()
        .map(|(i, j)| job_doc(employers, from + i, j))
        .collect()
}

/// The `n`th generated posting as a document.
pub fn job_doc(employers: &[SynthOrg], n: usize, j: &SynthJob) -> JobDoc {
    let money = |yuan: i64| Money::from_fen(yuan * 100).expect("generated pay is positive");
    let pay = Pay::new(
        money(j.pay_min),
        money(j.pay_max),
        j.pay_unit.parse().expect("generated unit"),
        j.pay_cycle.parse().expect("generated cycle"),
        j.piece_daily_estimate.map(money),
    )
    .expect("generated pay is valid");
    let org = &employers[j.employer];
    let opened = NOW - (n as i64 % 30) * 86_400 - (n as i64 * 7919 % 86_400);
    JobDoc {
        id: id(1, n),
        employer_id: id(2, j.employer),
        employer_name: org.name.clone(),
        title: j.title.clone(),
        description: j.description.clone(),
        occupation_names: occupation_names(&j.occupation_code),
        occupation_path: code_path(&j.occupation_code),
        occupation_code: j.occupation_code.clone(),
        skill_path: j.required_skills.iter().flat_map(|(c, _)| code_path(c)).collect(),
        skills: j.required_skills.iter().map(|(c, l)| SkillDoc { code: c.clone(), level: *l }).collect(),
        region_path: code_path(&j.region_code),
        region_code: j.region_code.clone(),
        work_type: j.work_type.to_owned(),
        daily_pay_min: pay.daily_equivalent_min(),
        daily_pay_max: pay.daily_equivalent_max(),
        pay_min: j.pay_min * 100,
        pay_max: j.pay_max * 100,
        pay_unit: j.pay_unit.to_owned(),
        pay_cycle: j.pay_cycle.to_owned(),
        piece_daily_estimate: j.piece_daily_estimate.map(|y| y * 100),
        address: j.address.clone(),
        housing: j.housing,
        meals: j.meals,
        social_insurance: j.social_insurance,
        transport: j.transport,
        languages: j.languages.iter().map(|s| (*s).to_owned()).collect(),
        openings_left: i64::from(j.headcount),
        open_to_all: j.required_skills.is_empty(),
        status: "open".into(),
        start_day: TODAY + j.starts_in_days,
        end_day: OPEN_END,
        opened_at: opened,
        expires_at: NEVER,
        geo: GeoPoint { lat: j.lat, lng: j.lng },
    }
}

/// The worker's wage floor in fen a day.
pub fn daily_floor(w: &SynthWorker) -> i64 {
    let unit = w.min_wage_unit.parse().expect("generated unit");
    WageFloor::new(Money::from_fen(w.min_wage * 100).expect("positive"), unit)
        .map(|f| f.daily_equivalent())
        .unwrap_or(0)
}

pub fn worker_doc(n: usize, w: &SynthWorker) -> WorkerDoc {
    let mut skill_path: Vec<String> = w
        .skills
        .iter()
        .map(|(c, _, _)| c.as_str())
        .chain(w.desired_occupations.iter().map(String::as_str))
        .flat_map(code_path)
        .collect();
    skill_path.sort();
    skill_path.dedup();
    let mut names: Vec<String> = w
        .skills
        .iter()
        .map(|(c, _, _)| c.as_str())
        .chain(w.desired_occupations.iter().map(String::as_str))
        .flat_map(occupation_names)
        .collect();
    names.dedup();
    WorkerDoc {
        id: id(3, n),
        skills: w.skills.iter().map(|(c, l, _)| SkillDoc { code: c.clone(), level: *l }).collect(),
        skill_path,
        desired_occupations: w.desired_occupations.clone(),
        occupation_names: names,
        region_path: code_path(&w.region_code),
        region_code: w.region_code.clone(),
        languages: w.languages.iter().map(|s| (*s).to_owned()).collect(),
        work_types: w.work_types.iter().map(|s| (*s).to_owned()).collect(),
        min_daily_wage: daily_floor(w),
        available_day: TODAY,
        max_travel_km: i64::from(w.max_travel_km),
        wants_training: w.wants_training,
        updated_at: NOW,
        geo: Some(GeoPoint { lat: w.lat, lng: w.lng }),
    }
}
