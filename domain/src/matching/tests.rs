//! Tests of the score, the ranking and the skills gap.

use proptest::prelude::*;

use super::*;
use crate::geo::GeoPoint;
use crate::occupation::{OccupationCode, OccupationRelation, SkillLevel};
use crate::work::{Benefits, Language, WorkType};

fn code(raw: &str) -> OccupationCode {
    OccupationCode::parse(raw).unwrap()
}

fn level(n: u8) -> SkillLevel {
    SkillLevel::new(n).unwrap()
}

fn skill(raw: &str, n: u8) -> Skill {
    Skill::new(code(raw), level(n))
}

const ERENHOT: (f64, f64) = (43.6525, 111.9770);

/// `km` kilometres north of Erenhot (one degree of latitude is 111.195 km).
fn north(km: f64) -> GeoPoint {
    GeoPoint::new(ERENHOT.0 + km / 111.195, ERENHOT.1).unwrap()
}

/// 2025-01-01, noon in Beijing: day 20089.
fn now() -> Now {
    Now::new(20_089 * SECONDS_PER_DAY + 4 * 3600, 8 * 3600)
}

const WELDER: &str = "6-18-02-04";

/// A level-2 welder in Erenhot who wants welding work, 300 yuan a day or more, full time.
fn worker() -> WorkerFacts {
    WorkerFacts {
        skills: vec![skill(WELDER, 2)],
        desired_occupations: vec![code(WELDER)],
        location: Some(north(0.0)),
        max_travel_km: Some(100.0),
        min_daily_wage_fen: Some(30_000),
        work_types: vec![WorkType::FullTime],
        available_from: None,
        languages: vec![Language::Zh],
    }
}

/// A welding job 5 km away requiring level 2, 368–552 yuan a day, housing and meals,
/// starting in three days, opened two days ago.
fn job() -> JobFacts {
    JobFacts {
        occupation: code(WELDER),
        required_skills: vec![skill(WELDER, 2)],
        location: Some(north(5.0)),
        daily_pay_min_fen: 36_800,
        daily_pay_max_fen: 55_200,
        benefits: Benefits { housing: true, meals: true, ..Benefits::default() },
        work_type: WorkType::FullTime,
        start_day: Some(now().today + 3),
        end_day: None,
        languages: vec![Language::Zh],
        opened_at: now().unix - 2 * SECONDS_PER_DAY,
    }
}

fn score(w: &WorkerFacts, j: &JobFacts) -> f64 {
    score_job(w, j, &Weights::default(), now()).score
}

#[test]
fn a_good_match_scores_high_and_says_why() {
    let m = score_job(&worker(), &job(), &Weights::default(), now());
    assert!(m.score > 0.7 && m.score <= 1.0, "{}", m.score);
    let r = &m.reasons;
    assert_eq!(r.skills_matched.len(), 1);
    assert_eq!(r.skills_matched[0].relation, OccupationRelation::Same);
    assert!(r.skills_missing.is_empty());
    assert_eq!(r.distance_km, Some(5.0));
    assert_eq!(r.within_reach, Some(true));
    assert_eq!(r.pay.fits, Some(true));
    // Middle of 368–552 is 460; 460 / 300 = 1.53.
    assert_eq!(r.pay.ratio, Some(1.53));
    assert!(r.housing && r.meals && !r.transport);
    assert!(r.work_type_fits && r.dates_fit);
    assert_eq!(r.days_late, 0);
    assert_eq!(r.language_fit, Some(true));
    assert_eq!(r.days_open, 2);
    let closest = r.occupation.closest.as_ref().unwrap();
    assert_eq!((closest.relation, closest.via), (OccupationRelation::Same, Via::Skill));
}

#[test]
fn the_breakdown_adds_up_to_the_score() {
    let m = score_job(&worker(), &job(), &Weights::default(), now());
    let b = m.breakdown;
    let parts = [b.skill, b.distance, b.pay, b.benefits, b.language, b.freshness, b.work_type, b.dates];
    let sum: f64 = parts.iter().map(|c| c.contribution).sum();
    assert!((sum * b.penalty - m.score).abs() < 1e-12);
    assert!((parts.iter().map(|c| c.weight).sum::<f64>() - 1.0).abs() < 1e-12);
    // Skill: occupation 1, requirement 1. Benefits: housing 0.45 + meals 0.25.
    assert_eq!(b.skill.value, 1.0);
    assert!((b.benefits.value - 0.70).abs() < 1e-12);
    // Distance: 0.5 ^ (5 / 30) = 0.890899.
    assert!((b.distance.value - 0.890_899).abs() < 1e-6);
    // Pay: r = 460 / 300; 1 / (1 + r^-4) = 1 / (1 + 0.180906) = 0.846807.
    assert!((b.pay.value - 0.846_807).abs() < 1e-6);
    // Freshness: 0.5 ^ (2 / 14) = 0.905724.
    assert!((b.freshness.value - 0.905_724).abs() < 1e-6);
    assert_eq!(b.penalty, 1.0);
}

#[test]
fn the_hierarchy_orders_skill_fit() {
    // No required skill: only the occupation counts.
    let j = JobFacts { required_skills: vec![], ..job() };
    let with =
        |held: &str| WorkerFacts { skills: vec![skill(held, 2)], desired_occupations: vec![], ..worker() };
    let same = score(&with(WELDER), &j);
    let small = score(&with("6-18-02-05"), &j);
    let medium = score(&with("6-18-01-01"), &j);
    let major = score(&with("6-29-01-01"), &j);
    let unrelated = score(&with("4-03-02-01"), &j);
    assert!(
        same > small && small > medium && medium > major && major > unrelated,
        "{same} {small} {medium} {major} {unrelated}"
    );
    let m = score_job(&with("6-18-01-01"), &j, &Weights::default(), now());
    assert_eq!(m.reasons.occupation.closest.map(|c| c.relation), Some(OccupationRelation::SameMediumClass));
    let m = score_job(&with("4-03-02-01"), &j, &Weights::default(), now());
    assert_eq!(m.reasons.occupation.closest, None);
    assert_eq!(m.breakdown.skill.value, 0.0);
}

#[test]
fn a_wish_counts_less_than_a_skill() {
    let j = JobFacts { required_skills: vec![], ..job() };
    let held = WorkerFacts { desired_occupations: vec![], ..worker() };
    let wished = WorkerFacts { skills: vec![], ..worker() };
    assert!(score(&held, &j) > score(&wished, &j));
    let m = score_job(&wished, &j, &Weights::default(), now());
    assert_eq!(m.reasons.occupation.closest.map(|c| c.via), Some(Via::Wish));
    assert!((m.breakdown.skill.value - skill::WISH_FACTOR).abs() < 1e-12);
}

#[test]
fn a_level_below_the_requirement_is_missing_and_scores_lower() {
    let junior = WorkerFacts { skills: vec![skill(WELDER, 1)], ..worker() };
    let m = score_job(&junior, &job(), &Weights::default(), now());
    assert!(m.reasons.skills_matched.is_empty());
    assert_eq!(
        m.reasons.skills_missing,
        [SkillMissing {
            code: code(WELDER),
            required_level: level(2),
            worker_level: Some(level(1)),
            worker_code: Some(code(WELDER)),
        }]
    );
    // Occupation 1, requirement 0.5: 0.75.
    assert!((m.breakdown.skill.value - 0.75).abs() < 1e-12);
    assert!(m.score < score(&worker(), &job()));
    // A higher level than asked is no better than the level asked.
    let senior = WorkerFacts { skills: vec![skill(WELDER, 4)], ..worker() };
    assert_eq!(score(&senior, &job()), score(&worker(), &job()));
    // Nothing close at all: missing with no level.
    let cook = WorkerFacts { skills: vec![skill("4-03-02-01", 3)], ..worker() };
    let m = score_job(&cook, &job(), &Weights::default(), now());
    assert_eq!(m.reasons.skills_missing[0].worker_level, None);
}

#[test]
fn a_sibling_skill_at_the_level_is_matched() {
    let sibling = WorkerFacts { skills: vec![skill("6-18-02-05", 3)], ..worker() };
    let m = score_job(&sibling, &job(), &Weights::default(), now());
    assert_eq!(m.reasons.skills_matched.len(), 1);
    assert_eq!(m.reasons.skills_matched[0].relation, OccupationRelation::SameSmallClass);
    assert_eq!(m.reasons.skills_matched[0].worker_level, level(3));
    assert!(m.score < score(&worker(), &job()));
}

#[test]
fn farther_scores_lower() {
    let near = score(&worker(), &job());
    let far = score(&worker(), &JobFacts { location: Some(north(40.0)), ..job() });
    assert!(near > far);
    let unknown = score_job(&worker(), &JobFacts { location: None, ..job() }, &Weights::default(), now());
    assert_eq!(unknown.breakdown.distance.value, components::UNKNOWN);
    assert_eq!(unknown.reasons.distance_km, None);
}

#[test]
fn beyond_reach_is_penalised() {
    let j = JobFacts { location: Some(north(150.0)), ..job() };
    let m = score_job(&worker(), &j, &Weights::default(), now());
    assert_eq!(m.reasons.within_reach, Some(false));
    assert_eq!(m.breakdown.penalty, 0.3);
    // The same distance without a stated limit: no penalty.
    let free = WorkerFacts { max_travel_km: None, ..worker() };
    let m2 = score_job(&free, &j, &Weights::default(), now());
    assert_eq!(m2.reasons.within_reach, None);
    assert!((m.score - 0.3 * m2.score).abs() < 1e-12);
}

#[test]
fn higher_pay_scores_higher() {
    let low = JobFacts { daily_pay_min_fen: 28_000, daily_pay_max_fen: 30_000, ..job() };
    let high = JobFacts { daily_pay_min_fen: 40_000, daily_pay_max_fen: 60_000, ..job() };
    assert!(score(&worker(), &high) > score(&worker(), &low));
    // At the minimum exactly, the pay component is one half.
    let at = JobFacts { daily_pay_min_fen: 30_000, daily_pay_max_fen: 30_000, ..job() };
    let m = score_job(&worker(), &at, &Weights::default(), now());
    assert!((m.breakdown.pay.value - 0.5).abs() < 1e-12);
    assert_eq!((m.reasons.pay.fits, m.reasons.pay.ratio), (Some(true), Some(1.0)));
    let below = score_job(&worker(), &low, &Weights::default(), now());
    assert_eq!(below.reasons.pay.fits, Some(true));
    let lower = JobFacts { daily_pay_min_fen: 20_000, daily_pay_max_fen: 25_000, ..job() };
    assert_eq!(score_job(&worker(), &lower, &Weights::default(), now()).reasons.pay.fits, Some(false));
    // Without a minimum, pay is compared with 200 yuan a day.
    let any = WorkerFacts { min_daily_wage_fen: None, ..worker() };
    let m = score_job(
        &any,
        &JobFacts { daily_pay_min_fen: 20_000, daily_pay_max_fen: 20_000, ..job() },
        &Weights::default(),
        now(),
    );
    assert!((m.breakdown.pay.value - 0.5).abs() < 1e-12);
    assert_eq!(m.reasons.pay.fits, None);
}

#[test]
fn housing_adds_and_outweighs_meals() {
    let none = JobFacts { benefits: Benefits::default(), ..job() };
    let housing = JobFacts { benefits: Benefits { housing: true, ..Benefits::default() }, ..job() };
    let meals = JobFacts { benefits: Benefits { meals: true, ..Benefits::default() }, ..job() };
    let w = worker();
    assert!(score(&w, &housing) > score(&w, &meals));
    assert!(score(&w, &meals) > score(&w, &none));
    let all = Benefits { housing: true, meals: true, social_insurance: true, transport: true };
    let m = score_job(&w, &JobFacts { benefits: all, ..job() }, &Weights::default(), now());
    assert!((m.breakdown.benefits.value - 1.0).abs() < 1e-12);
}

#[test]
fn languages_add_and_take_away() {
    let mongol = WorkerFacts { languages: vec![Language::Mn, Language::Zh], ..worker() };
    let chinese_job = job();
    let mongolian_job = JobFacts { languages: vec![Language::Zh, Language::Mn], ..job() };
    // For a Mongolian speaker, a post asking for Mongolian is a plus.
    assert!(score(&mongol, &mongolian_job) > score(&mongol, &chinese_job));
    let m = score_job(&mongol, &mongolian_job, &Weights::default(), now());
    assert_eq!(m.breakdown.language.value, 1.0);
    assert_eq!(m.reasons.shared_languages, [Language::Zh, Language::Mn]);
    // For someone without Mongolian, a minus.
    assert!(score(&worker(), &mongolian_job) < score(&worker(), &chinese_job));
    let m = score_job(&worker(), &mongolian_job, &Weights::default(), now());
    assert_eq!(m.reasons.language_fit, Some(false));
    assert_eq!(m.reasons.missing_languages, [Language::Mn]);
    assert!((m.breakdown.language.value - 0.375).abs() < 1e-12);
    // Asking for nothing is neutral.
    let m = score_job(&worker(), &JobFacts { languages: vec![], ..job() }, &Weights::default(), now());
    assert_eq!((m.breakdown.language.value, m.reasons.language_fit), (components::LANGUAGE_NEUTRAL, None));
}

#[test]
fn fresher_scores_higher() {
    let old = JobFacts { opened_at: now().unix - 30 * SECONDS_PER_DAY, ..job() };
    assert!(score(&worker(), &job()) > score(&worker(), &old));
    // Opened "in the future" (clock skew) counts as just opened.
    let future =
        score_job(&worker(), &JobFacts { opened_at: now().unix + 600, ..job() }, &Weights::default(), now());
    assert_eq!((future.breakdown.freshness.value, future.reasons.days_open), (1.0, 0));
}

#[test]
fn work_type_and_dates_fit() {
    let seasonal = JobFacts { work_type: WorkType::Seasonal, ..job() };
    let m = score_job(&worker(), &seasonal, &Weights::default(), now());
    assert!(!m.reasons.work_type_fits);
    assert!(m.score < score(&worker(), &job()));
    let anything = WorkerFacts { work_types: vec![], ..worker() };
    assert!(score_job(&anything, &seasonal, &Weights::default(), now()).reasons.work_type_fits);

    let today = now().today;
    // Free 10 days after the start of work without an end: late by 7 days, 0.5 ^ (7 / 14).
    let later = WorkerFacts { available_from: Some(today + 10), ..worker() };
    let m = score_job(&later, &job(), &Weights::default(), now());
    assert!(!m.reasons.dates_fit);
    assert_eq!(m.reasons.days_late, 7);
    assert!((m.breakdown.dates.value - 0.5f64.sqrt()).abs() < 1e-12);
    // Work from day +3 to +12 (10 days); free from +8: 5 of the 10 days remain.
    let short = JobFacts { end_day: Some(today + 12), ..job() };
    let m = score_job(
        &WorkerFacts { available_from: Some(today + 8), ..worker() },
        &short,
        &Weights::default(),
        now(),
    );
    assert!((m.breakdown.dates.value - 0.5).abs() < 1e-12);
    // Free only after it ends: no fit.
    let m = score_job(
        &WorkerFacts { available_from: Some(today + 13), ..worker() },
        &short,
        &Weights::default(),
        now(),
    );
    assert_eq!(m.breakdown.dates.value, 0.0);
    // Work already under way is joined today; an availability in the past means now.
    let started = JobFacts { start_day: Some(today - 20), ..job() };
    let m = score_job(
        &WorkerFacts { available_from: Some(today - 5), ..worker() },
        &started,
        &Weights::default(),
        now(),
    );
    assert!(m.reasons.dates_fit);
}

/// Two postings differing only in one component score the same once its weight is zero.
#[test]
fn a_zero_weight_removes_a_component() {
    let w = worker();
    let d = Weights::default();
    let cases: Vec<(Weights, JobFacts)> = vec![
        (
            Weights { skill: 0.0, ..d },
            JobFacts { occupation: code("4-03-02-01"), required_skills: vec![], ..job() },
        ),
        (Weights { distance: 0.0, ..d }, JobFacts { location: Some(north(60.0)), ..job() }),
        (
            Weights { pay: 0.0, ..d },
            JobFacts { daily_pay_min_fen: 30_000, daily_pay_max_fen: 31_000, ..job() },
        ),
        (Weights { benefits: 0.0, ..d }, JobFacts { benefits: Benefits::default(), ..job() }),
        (Weights { language: 0.0, ..d }, JobFacts { languages: vec![Language::Ru], ..job() }),
        (Weights { freshness: 0.0, ..d }, JobFacts { opened_at: 0, ..job() }),
        (Weights { work_type: 0.0, ..d }, JobFacts { work_type: WorkType::PartTime, ..job() }),
        (Weights { dates: 0.0, ..d }, JobFacts { end_day: Some(now().today - 1), ..job() }),
    ];
    for (weights, other) in cases {
        let a = score_job(&w, &job(), &weights, now()).score;
        let b = score_job(&w, &other, &weights, now()).score;
        assert!((a - b).abs() < 1e-12, "{weights:?}: {a} vs {b}");
        // ... and with the default weights they differ.
        assert!(score(&w, &job()) > score(&w, &other));
    }
}

#[test]
fn the_candidate_view_is_the_same_number() {
    let a = score_job(&worker(), &job(), &Weights::default(), now());
    let b = score_candidate(&job(), &worker(), &Weights::default(), now());
    assert_eq!(a, b);
}

#[test]
fn ranks_by_score_then_id() {
    let far = JobFacts { location: Some(north(40.0)), ..job() };
    let candidates = vec![(3u32, job()), (1, far.clone()), (2, job()), (5, far), (4, job())];
    let ranked = rank_jobs(&worker(), candidates.clone(), &Weights::default(), now(), 10);
    let ids: Vec<u32> = ranked.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, [2, 3, 4, 1, 5]);
    let top2 = rank_jobs(&worker(), candidates.iter().map(|(id, j)| (*id, j)), &Weights::default(), now(), 2);
    assert_eq!(top2.iter().map(|(id, _)| *id).collect::<Vec<_>>(), [2, 3]);
    assert!(rank_jobs(&worker(), candidates, &Weights::default(), now(), 0).is_empty());
}

#[test]
fn ranks_candidates_for_an_employer() {
    let junior = WorkerFacts { skills: vec![skill(WELDER, 1)], ..worker() };
    let cook = WorkerFacts { skills: vec![skill("4-03-02-01", 3)], desired_occupations: vec![], ..worker() };
    let pool = [("c", cook), ("a", junior), ("b", worker())];
    let ranked = rank_candidates(&job(), pool.iter().map(|(id, w)| (*id, w)), &Weights::default(), now(), 3);
    assert_eq!(ranked.iter().map(|(id, _)| *id).collect::<Vec<_>>(), ["b", "a", "c"]);
}

#[test]
fn reasons_serialise_in_snake_case() {
    let m = score_job(
        &WorkerFacts { skills: vec![skill("6-18-02-05", 1)], ..worker() },
        &job(),
        &Weights::default(),
        now(),
    );
    let json = serde_json::to_value(&m).unwrap();
    assert_eq!(json["reasons"]["skills_missing"][0]["code"], "6-18-02-04");
    assert_eq!(json["reasons"]["skills_missing"][0]["required_level"], 2);
    assert_eq!(json["reasons"]["skills_missing"][0]["worker_level"], 1);
    assert_eq!(json["reasons"]["occupation"]["closest"]["relation"], "same");
    assert_eq!(json["reasons"]["occupation"]["closest"]["via"], "wish");
    assert_eq!(json["reasons"]["work_type"], "full_time");
    assert_eq!(json["reasons"]["shared_languages"][0], "zh");
    assert!(json["breakdown"]["skill"]["contribution"].is_f64());
}

fn any_code() -> impl Strategy<Value = OccupationCode> {
    (prop::sample::select(vec!["4", "6"]), prop::sample::select(vec!["03", "18"]), 1u8..=2, 4u8..=5)
        .prop_map(|(a, b, c, d)| code(&format!("{a}-{b}-0{c}-0{d}")))
}

fn any_worker() -> impl Strategy<Value = WorkerFacts> {
    (
        prop::collection::vec((any_code(), 1u8..=5), 0..3),
        prop::collection::vec(any_code(), 0..2),
        prop::option::of(0.0f64..400.0),
        prop::option::of(0.0f64..300.0),
        prop::option::of(0i64..80_000),
        prop::option::of(-30i64..60),
        any::<bool>(),
    )
        .prop_map(|(skills, wishes, at, reach, min, from, mongol)| WorkerFacts {
            skills: skills.into_iter().map(|(c, l)| Skill::new(c, level(l))).collect(),
            desired_occupations: wishes,
            location: at.map(north),
            max_travel_km: reach,
            min_daily_wage_fen: min,
            work_types: if mongol { vec![WorkType::Seasonal] } else { vec![] },
            available_from: from.map(|d| now().today + d),
            languages: if mongol { vec![Language::Mn] } else { vec![Language::Zh] },
        })
}

fn any_job() -> impl Strategy<Value = JobFacts> {
    (
        any_code(),
        prop::collection::vec((any_code(), 1u8..=5), 0..3),
        prop::option::of(0.0f64..400.0),
        1i64..100_000,
        0i64..50_000,
        (any::<bool>(), any::<bool>(), any::<bool>()),
        prop::option::of(-30i64..60),
        prop::option::of(0i64..90),
        0i64..100,
    )
        .prop_map(|(occupation, required, at, min, extra, (housing, meals, mn), start, len, age)| {
            JobFacts {
                occupation,
                required_skills: required.into_iter().map(|(c, l)| Skill::new(c, level(l))).collect(),
                location: at.map(north),
                daily_pay_min_fen: min,
                daily_pay_max_fen: min + extra,
                benefits: Benefits { housing, meals, ..Benefits::default() },
                work_type: if housing { WorkType::Seasonal } else { WorkType::FullTime },
                start_day: start.map(|d| now().today + d),
                end_day: start.zip(len).map(|(s, l)| now().today + s + l),
                languages: if mn { vec![Language::Zh, Language::Mn] } else { vec![Language::Zh] },
                opened_at: now().unix - age * SECONDS_PER_DAY,
            }
        })
}

proptest! {
    #[test]
    fn scores_are_bounded_and_deterministic(w in any_worker(), j in any_job()) {
        let a = score_job(&w, &j, &Weights::default(), now());
        prop_assert!(a.score.is_finite() && (0.0..=1.0).contains(&a.score), "{}", a.score);
        let b = a.breakdown;
        for c in [b.skill, b.distance, b.pay, b.benefits, b.language, b.freshness, b.work_type, b.dates] {
            prop_assert!((0.0..=1.0).contains(&c.value), "{c:?}");
        }
        prop_assert_eq!(&a, &score_job(&w, &j, &Weights::default(), now()));
        // The fast path used for ranking gives the very same number.
        prop_assert_eq!(a.score.to_bits(), score_value(&w, &j, &Weights::default(), now()).to_bits());
        let sum: f64 = [b.skill, b.distance, b.pay, b.benefits, b.language, b.freshness, b.work_type, b.dates]
            .iter()
            .map(|c| c.contribution)
            .sum();
        prop_assert!((sum * b.penalty - a.score).abs() < 1e-12);
    }

    #[test]
    fn more_pay_never_scores_lower(w in any_worker(), j in any_job(), raise in 0i64..20_000) {
        let richer = JobFacts { daily_pay_min_fen: j.daily_pay_min_fen + raise, daily_pay_max_fen: j.daily_pay_max_fen + raise, ..j.clone() };
        prop_assert!(score(&w, &richer) >= score(&w, &j));
    }

    #[test]
    fn nearer_never_scores_lower(w in any_worker(), j in any_job(), a in 0.0f64..200.0, b in 0.0f64..200.0) {
        let (near, far) = (a.min(b), a.max(b));
        let w = WorkerFacts { location: Some(north(0.0)), ..w };
        let jn = JobFacts { location: Some(north(near)), ..j.clone() };
        let jf = JobFacts { location: Some(north(far)), ..j };
        prop_assert!(score(&w, &jn) >= score(&w, &jf));
    }

    #[test]
    fn top_n_is_the_head_of_the_full_ranking(w in any_worker(), jobs in prop::collection::vec(any_job(), 0..40), n in 0usize..45) {
        let candidates: Vec<(usize, JobFacts)> = jobs.into_iter().enumerate().collect();
        let all = rank_jobs(&w, candidates.iter().map(|(i, j)| (*i, j)), &Weights::default(), now(), usize::MAX);
        for pair in all.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            prop_assert!(a.1.score > b.1.score || (a.1.score == b.1.score && a.0 < b.0));
        }
        let top = rank_jobs(&w, candidates.iter().map(|(i, j)| (*i, j)), &Weights::default(), now(), n);
        let head: Vec<usize> = all.iter().take(n).map(|(i, _)| *i).collect();
        prop_assert_eq!(top.iter().map(|(i, _)| *i).collect::<Vec<_>>(), head);
    }
}

mod gap {
    use super::*;

    fn course(raw: &str, n: u8) -> CourseFacts {
        CourseFacts {
            occupation: code(raw),
            target_level: level(n),
            fee_fen: 280_000,
            subsidy_fen: 200_000,
            seats_left: 10,
            start_day: Some(now().today + 7),
        }
    }

    fn posting(raw: &str, n: Option<u8>, daily_max: i64) -> JobFacts {
        JobFacts {
            occupation: code(raw),
            required_skills: n.map(|n| skill(raw, n)).into_iter().collect(),
            daily_pay_min_fen: daily_max / 2,
            daily_pay_max_fen: daily_max,
            ..job()
        }
    }

    #[test]
    fn counts_the_postings_a_course_unlocks() {
        // A loader (no certified skill) with a level-1 forklift skill.
        let w = WorkerFacts { skills: vec![skill("6-30-05-01", 1)], desired_occupations: vec![], ..worker() };
        let jobs = [
            posting("4-02-05-01", None, 30_000),    // 0: loading, open to anyone
            posting("6-18-02-04", Some(2), 50_000), // 1: welder L2
            posting("6-18-02-04", Some(2), 40_000), // 2: welder L2
            posting("6-18-02-04", Some(3), 60_000), // 3: welder L3: a level-2 course is not enough
            posting("6-30-05-01", Some(2), 35_000), // 4: forklift L2 (worker has L1)
            posting("6-30-05-01", Some(1), 33_000), // 5: forklift L1: can take now
        ];
        let courses = [
            ("forklift-2", course("6-30-05-01", 2)),
            ("welding-2", course("6-18-02-04", 2)),
            ("forklift-1", course("6-30-05-01", 1)), // already held at that level: left out
            ("cooking-2", course("4-03-02-01", 2)),  // unlocks nothing: left out
            ("welding-full", CourseFacts { seats_left: 0, ..course("6-18-02-04", 3) }),
            ("welding-late", CourseFacts { start_day: Some(now().today - 1), ..course("6-18-02-04", 3) }),
        ];
        let gaps = skills_gap(&w, &jobs, &courses, now());
        let ids: Vec<&str> = gaps.iter().map(|g| g.course_id).collect();
        assert_eq!(ids, ["welding-2", "forklift-2"]);
        let welding = &gaps[0];
        assert_eq!((welding.jobs_unlocked, welding.unlocked.clone()), (2, vec![1, 2]));
        // Median of 400 and 500 is 450; the best the worker can take now is job 5 at 330.
        assert_eq!((welding.unlocked_pay_median_fen, welding.unlocked_pay_max_fen), (45_000, 50_000));
        assert_eq!(welding.current_best_pay_fen, Some(33_000));
        assert_eq!(welding.pay_gain_fen, 12_000);
        assert_eq!(welding.net_cost_fen, 80_000);
        let forklift = &gaps[1];
        assert_eq!((forklift.jobs_unlocked, forklift.unlocked.clone()), (1, vec![4]));
        assert_eq!(forklift.pay_gain_fen, 2_000);
    }

    #[test]
    fn ties_on_count_go_to_the_bigger_pay_gain() {
        let w = WorkerFacts { skills: vec![], desired_occupations: vec![], ..worker() };
        let jobs = [posting("6-18-02-04", Some(2), 50_000), posting("6-31-01-03", Some(2), 45_000)];
        let courses = [(1, course("6-31-01-03", 2)), (2, course("6-18-02-04", 2))];
        let gaps = skills_gap(&w, &jobs, &courses, now());
        assert_eq!(gaps.iter().map(|g| g.course_id).collect::<Vec<_>>(), [2, 1]);
        assert_eq!(gaps[0].current_best_pay_fen, None);
        assert_eq!(gaps[0].pay_gain_fen, 50_000);
    }
}
