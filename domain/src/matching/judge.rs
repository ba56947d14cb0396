//! The judging rules of the labelled evaluation set: how relevant a generated posting is to
//! a generated worker, decided the way a job counsellor at the labour bureau would, with
//! plain yes/no rules.
//!
//! The rules are deliberately independent of the scorer: no weights, no decays, nothing
//! from [`crate::matching::score_job`]. If the scorer and the judge shared their logic, the
//! evaluation would only measure the scorer against itself.
//!
//! A posting is **not relevant (0)** when any of these holds:
//!
//! 1. **Skills.** The posting requires a skill the worker does not hold at the required
//!    level or above, in the same occupation or in another occupation of the same small
//!    class (小类). A counsellor does not send a worker without the certificate.
//! 2. **Occupation.** The worker neither holds nor wants the posting's occupation, nor any
//!    occupation in its small class.
//! 3. **Distance.** The worker states how far they will travel and the posting lies farther
//!    away (great-circle distance from where the worker is now).
//! 4. **Pay.** The top of the posting's pay, as a daily equivalent, is below the worker's
//!    lowest acceptable wage, as a daily equivalent (docs/pay.md).
//!
//! Otherwise it is **good (2)**, lowered to **acceptable (1)** by any of:
//!
//! 5. **Only a neighbouring occupation.** The worker neither holds nor wants the posting's
//!    exact occupation, only one in its small class.
//! 6. **Work type.** The posting's kind of work (full-time, seasonal, day labour,
//!    part-time) is not among those the worker accepts.
//! 7. **Language.** The posting asks for a language the worker does not speak.
//! 8. **Housing.** The worker's home (the region of the household registration, 户籍) is
//!    more than [`FAR_FROM_HOME_KM`] from the posting, and the posting provides no housing.

use crate::geo::{GeoPoint, distance_km};
use crate::occupation::OccupationCode;
use crate::occupation::{OccupationRelation, relation};
use crate::pay::{Money, Pay, PayCycle, PayUnit, WageFloor};
use crate::reference::catalogue;
use crate::synth::{SynthJob, SynthWorker};

/// Beyond this distance from home a worker needs somewhere to live (rule 8).
pub const FAR_FROM_HOME_KM: f64 = 100.0;

/// The grade of `job` for `worker`: 0 not relevant, 1 acceptable, 2 good (see the module
/// documentation for the rules).
pub fn judge(worker: &SynthWorker, job: &SynthJob) -> u8 {
    let Ok(occupation) = OccupationCode::parse(&job.occupation_code) else { return 0 };
    let held: Vec<(OccupationCode, u8)> = worker
        .skills
        .iter()
        .filter_map(|(code, level, _)| OccupationCode::parse(code).ok().map(|c| (c, *level)))
        .collect();
    let wanted: Vec<OccupationCode> =
        worker.desired_occupations.iter().filter_map(|c| OccupationCode::parse(c).ok()).collect();

    // Rule 1.
    for (code, level) in &job.required_skills {
        let Ok(code) = OccupationCode::parse(code) else { return 0 };
        if !held.iter().any(|(c, l)| kin(c, &code) && l >= level) {
            return 0;
        }
    }
    // Rule 2.
    let mine = held.iter().map(|(c, _)| c).chain(&wanted);
    let (mut exact, mut neighbour) = (false, false);
    for c in mine {
        exact |= *c == occupation;
        neighbour |= kin(c, &occupation);
    }
    if !neighbour {
        return 0;
    }
    let job_at = GeoPoint::new(job.lat, job.lng).ok();
    // Rule 3.
    if let (Some(a), Some(b)) = (GeoPoint::new(worker.lat, worker.lng).ok(), job_at)
        && worker.max_travel_km > 0
        && distance_km(a, b) > f64::from(worker.max_travel_km)
    {
        return 0;
    }
    // Rule 4.
    if let (Some(pay), Some(floor)) = (job_pay(job), worker_floor(worker))
        && !pay.meets(&floor)
    {
        return 0;
    }

    let only_neighbour = !exact; // Rule 5.
    let wrong_type = !worker.work_types.contains(&job.work_type); // Rule 6.
    let language_missing = job.languages.iter().any(|l| !worker.languages.contains(l)); // Rule 7.
    let far_from_home = catalogue()
        .region(&worker.hukou_region_code)
        .and_then(|r| GeoPoint::new(r.lat, r.lng).ok())
        .zip(job_at)
        .is_some_and(|(home, at)| distance_km(home, at) > FAR_FROM_HOME_KM);
    let homeless = far_from_home && !job.housing; // Rule 8.
    if only_neighbour || wrong_type || language_missing || homeless { 1 } else { 2 }
}

/// The same occupation or the same small class.
fn kin(a: &OccupationCode, b: &OccupationCode) -> bool {
    matches!(relation(a, b), OccupationRelation::Same | OccupationRelation::SameSmallClass)
}

fn job_pay(job: &SynthJob) -> Option<Pay> {
    let fen = |yuan: i64| Money::from_fen(yuan * 100).ok();
    let unit: PayUnit = job.pay_unit.parse().ok()?;
    let cycle: PayCycle = job.pay_cycle.parse().ok()?;
    let estimate = match job.piece_daily_estimate {
        Some(e) => Some(fen(e)?),
        None => None,
    };
    Pay::new(fen(job.pay_min)?, fen(job.pay_max)?, unit, cycle, estimate).ok()
}

fn worker_floor(worker: &SynthWorker) -> Option<WageFloor> {
    let unit: PayUnit = worker.min_wage_unit.parse().ok()?;
    WageFloor::new(Money::from_fen(worker.min_wage * 100).ok()?, unit).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A welder at level 2 in Erenhot, speaking Chinese, home in Erenhot, wanting 300 a day.
    fn welder() -> SynthWorker {
        SynthWorker {
            name: "王建国".to_owned(),
            gender: "male",
            birth_year: 1985,
            hukou_region_code: "152501".to_owned(),
            region_code: "152501".to_owned(),
            lat: 43.6525,
            lng: 111.9770,
            languages: vec!["zh"],
            education: "junior_secondary",
            skills: vec![("6-18-02-04".to_owned(), 2, 5)],
            desired_occupations: vec!["6-18-02-04".to_owned()],
            min_wage: 300,
            min_wage_unit: "day",
            work_types: vec!["full_time"],
            max_travel_km: 50,
            wants_training: false,
            discoverable: true,
        }
    }

    /// A welding job in Erenhot at 8,000–12,000 a month (368–552 a day), level 2, housing.
    fn welding_job() -> SynthJob {
        SynthJob {
            employer: 0,
            title: "焊工".to_owned(),
            description: String::new(),
            occupation_code: "6-18-02-04".to_owned(),
            required_skills: vec![("6-18-02-04".to_owned(), 2)],
            headcount: 2,
            pay_unit: "month",
            pay_cycle: "monthly",
            pay_min: 8000,
            pay_max: 12000,
            piece_daily_estimate: None,
            work_type: "full_time",
            region_code: "152501".to_owned(),
            lat: 43.66,
            lng: 111.99,
            address: String::new(),
            housing: true,
            meals: true,
            social_insurance: true,
            transport: false,
            languages: vec!["zh"],
            starts_in_days: 3,
        }
    }

    #[test]
    fn a_good_match_is_two() {
        assert_eq!(judge(&welder(), &welding_job()), 2);
    }

    #[test]
    fn hard_rules_make_it_irrelevant() {
        let w = welder();
        // Rule 1: level 3 required, the worker has 2.
        let job = SynthJob { required_skills: vec![("6-18-02-04".to_owned(), 3)], ..welding_job() };
        assert_eq!(judge(&w, &job), 0);
        // Rule 2: a cook's job, nothing required.
        let job =
            SynthJob { occupation_code: "4-03-02-01".to_owned(), required_skills: vec![], ..welding_job() };
        assert_eq!(judge(&w, &job), 0);
        // Rule 3: Xilinhot is 331 km away, the worker travels 50.
        let job = SynthJob { lat: 43.9333, lng: 116.0860, ..welding_job() };
        assert_eq!(judge(&w, &job), 0);
        // Rule 4: 6,000 a month is 276 a day, below 300.
        let job = SynthJob { pay_min: 5000, pay_max: 6000, ..welding_job() };
        assert_eq!(judge(&w, &job), 0);
    }

    #[test]
    fn soft_rules_make_it_acceptable() {
        let w = welder();
        // Rule 5: 6-18-02-05 is in the same small class as 6-18-02-04, nothing required.
        let job =
            SynthJob { occupation_code: "6-18-02-05".to_owned(), required_skills: vec![], ..welding_job() };
        assert_eq!(judge(&w, &job), 1);
        // Rule 6.
        let job = SynthJob { work_type: "seasonal", ..welding_job() };
        assert_eq!(judge(&w, &job), 1);
        // Rule 7.
        let job = SynthJob { languages: vec!["zh", "mn"], ..welding_job() };
        assert_eq!(judge(&w, &job), 1);
        // Rule 8: home in Abag Banner (152522), far from Erenhot, and no housing.
        let far = SynthWorker { hukou_region_code: "152522".to_owned(), ..welder() };
        assert_eq!(judge(&far, &welding_job()), 2);
        assert_eq!(judge(&far, &SynthJob { housing: false, ..welding_job() }), 1);
        assert_eq!(judge(&w, &SynthJob { housing: false, ..welding_job() }), 2);
    }

    #[test]
    fn a_wish_is_enough_when_nothing_is_required() {
        let w = SynthWorker { skills: vec![], ..welder() };
        assert_eq!(judge(&w, &SynthJob { required_skills: vec![], ..welding_job() }), 2);
        assert_eq!(judge(&w, &welding_job()), 0);
    }

    #[test]
    fn judges_generated_data_with_every_grade() {
        let orgs = crate::synth::employers(40, 5);
        let jobs = crate::synth::jobs(&orgs, 300, 5);
        let workers = crate::synth::workers(60, 5);
        let mut counts = [0usize; 3];
        for w in &workers {
            for j in &jobs {
                counts[usize::from(judge(w, j))] += 1;
            }
        }
        assert!(counts.iter().all(|c| *c > 0), "{counts:?}");
    }
}
