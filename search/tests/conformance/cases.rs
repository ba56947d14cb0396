//! The cases: what every backend must do, each against an empty, prepared index.
//!
//! Where engines may legitimately differ (the order of hits by text relevance, which
//! neither the trait nor the query model pins down), a case asserts only the set.

use laowu_search::doc::{NEVER, OPEN_END, OPEN_START};
use laowu_search::{
    Condition, Document, Field, JobDoc, Kind, SearchError, SearchIndex, SearchQuery, SearchResults, Sort,
    WorkerDoc,
};

use super::fixtures::*;

async fn run(idx: &dyn SearchIndex, q: &SearchQuery) -> SearchResults {
    match idx.search(q).await {
        Ok(r) => r,
        Err(e) => panic!("{} failed {q:?}: {e}", idx.backend()),
    }
}

async fn put(idx: &dyn SearchIndex, docs: Vec<Document>) {
    if let Err(e) = idx.upsert(docs).await {
        panic!("{} upsert failed: {e}", idx.backend());
    }
}

fn jobs_query() -> SearchQuery {
    SearchQuery { limit: 100, ..SearchQuery::new(Kind::Job) }
}

fn text(kind: Kind, t: &str) -> SearchQuery {
    SearchQuery { text: Some(t.into()), limit: 100, ..SearchQuery::new(kind) }
}

fn filtered(kind: Kind, filter: Vec<Condition>) -> SearchQuery {
    SearchQuery { filter, limit: 100, ..SearchQuery::new(kind) }
}

/// The count of `value` in a facet, 0 when the engine leaves zero counts out.
fn facet(r: &SearchResults, field: Field, value: &str) -> u64 {
    r.facets.get(&field).and_then(|m| m.get(value)).copied().unwrap_or(0)
}

// ---- writes ----------------------------------------------------------------------------

pub async fn upsert_then_find_documents_intact(idx: &dyn SearchIndex) {
    let j = JobDoc {
        skills: vec![laowu_search::doc::SkillDoc { code: "6-18-02-04".into(), level: 3 }],
        skill_path: laowu_search::code_path("6-18-02-04"),
        languages: vec!["zh".into(), "ru".into()],
        ..job(1)
    };
    let c = course(2);
    let w = worker(3);
    let bare = WorkerDoc { geo: None, ..worker(4) };
    let docs = vec![
        Document::Job(j.clone()),
        Document::Course(c.clone()),
        Document::Worker(w.clone()),
        Document::Worker(bare.clone()),
    ];
    put(idx, docs).await;

    for (kind, expected) in [
        (Kind::Job, vec![Document::Job(j)]),
        (Kind::Course, vec![Document::Course(c)]),
        (Kind::Worker, vec![Document::Worker(w), Document::Worker(bare)]),
    ] {
        let r = run(idx, &SearchQuery { limit: 10, ..SearchQuery::new(kind) }).await;
        assert_eq!(r.total, expected.len() as u64, "{kind:?}");
        for doc in expected {
            let hit = r.hits.iter().find(|h| h.id == doc.id()).expect("the document is found by its id");
            assert_eq!(hit.doc, doc, "the document comes back as it went in");
            assert_eq!(hit.distance_km, None, "no point was given");
        }
        assert_eq!(idx.count(kind).await.unwrap(), r.total);
    }
}

pub async fn upsert_replaces_the_document_with_that_id(idx: &dyn SearchIndex) {
    put(idx, jobs([JobDoc { title: "餐厅服务员".into(), ..job(1) }])).await;
    put(idx, jobs([JobDoc { title: "汽车修理工".into(), ..job(1) }])).await;
    assert_eq!(idx.count(Kind::Job).await.unwrap(), 1);
    assert_eq!(run(idx, &text(Kind::Job, "服务员")).await.total, 0, "the old title is gone");
    let r = run(idx, &text(Kind::Job, "汽车")).await;
    assert_eq!(ns(&r), [1]);
    match &r.hits[0].doc {
        Document::Job(d) => assert_eq!(d.title, "汽车修理工"),
        other => panic!("a job was expected, got {other:?}"),
    }
    // Upserting the same document again changes nothing.
    put(idx, jobs([JobDoc { title: "汽车修理工".into(), ..job(1) }])).await;
    assert_eq!(idx.count(Kind::Job).await.unwrap(), 1);
}

pub async fn delete_removes_and_ignores_missing_ids(idx: &dyn SearchIndex) {
    put(idx, jobs((1..=3).map(job))).await;
    idx.delete(Kind::Job, &[id(2), id(77)]).await.expect("a missing id is not an error");
    assert_eq!(idx.count(Kind::Job).await.unwrap(), 2);
    assert_eq!(ns_sorted(&run(idx, &jobs_query()).await), [1, 3]);
    idx.delete(Kind::Job, &[id(78)]).await.expect("only missing ids");
    idx.delete(Kind::Job, &[]).await.expect("no ids");
    // Deleting from one kind leaves the others alone, even with the same id.
    put(idx, courses([course(1)])).await;
    idx.delete(Kind::Job, &[id(1)]).await.unwrap();
    assert_eq!(idx.count(Kind::Course).await.unwrap(), 1);
    assert_eq!(idx.count(Kind::Job).await.unwrap(), 1);
}

pub async fn clear_empties_one_kind(idx: &dyn SearchIndex) {
    for kind in Kind::ALL {
        assert_eq!(idx.count(kind).await.unwrap(), 0, "a fresh index is empty");
    }
    let mut docs = jobs((1..=3).map(job));
    docs.extend(courses([course(4)]));
    docs.extend(workers([worker(5), worker(6)]));
    put(idx, docs).await;
    assert_eq!(idx.count(Kind::Job).await.unwrap(), 3);
    assert_eq!(idx.count(Kind::Worker).await.unwrap(), 2);
    idx.clear(Kind::Job).await.unwrap();
    assert_eq!(idx.count(Kind::Job).await.unwrap(), 0);
    assert_eq!(run(idx, &jobs_query()).await.total, 0);
    assert_eq!(idx.count(Kind::Course).await.unwrap(), 1);
    assert_eq!(idx.count(Kind::Worker).await.unwrap(), 2);
    idx.clear(Kind::Job).await.expect("clearing an empty index");
}

// ---- text ------------------------------------------------------------------------------

pub async fn chinese_words_match_inside_longer_words(idx: &dyn SearchIndex) {
    put(
        idx,
        jobs([
            JobDoc { title: "招聘电焊工".into(), ..job(1) },
            JobDoc {
                title: "餐厅服务员".into(), occupation_names: vec!["餐厅服务员".into()], ..job(2)
            },
        ]),
    )
    .await;
    assert_eq!(ns(&run(idx, &text(Kind::Job, "电焊")).await), [1]);
    assert_eq!(ns(&run(idx, &text(Kind::Job, "  电焊  ")).await), [1], "spaces around are ignored");
}

pub async fn trade_synonyms_find_each_other(idx: &dyn SearchIndex) {
    put(
        idx,
        jobs([
            JobDoc { title: "电焊工".into(), ..job(1) },
            JobDoc { title: "焊工".into(), ..job(2) },
            JobDoc { title: "餐厅服务员".into(), ..job(3) },
        ]),
    )
    .await;
    // Relevance order between the two may differ by engine: only the sets are the contract.
    assert_eq!(ns_sorted(&run(idx, &text(Kind::Job, "焊工")).await), [1, 2]);
    assert_eq!(ns_sorted(&run(idx, &text(Kind::Job, "电焊工")).await), [1, 2]);
    assert_eq!(ns(&run(idx, &text(Kind::Job, "服务员")).await), [3]);
}

pub async fn a_word_found_nowhere_finds_nothing(idx: &dyn SearchIndex) {
    put(idx, jobs([JobDoc { title: "电焊工".into(), ..job(1) }, job(2)])).await;
    let r = run(idx, &text(Kind::Job, "程序员")).await;
    assert_eq!((r.total, r.hits.len()), (0, 0));
    // Every word must match: one known and one unknown word find nothing either.
    assert_eq!(run(idx, &text(Kind::Job, "电焊工 程序员")).await.total, 0);
}

pub async fn occupation_names_are_searched(idx: &dyn SearchIndex) {
    put(
        idx,
        jobs([
            JobDoc {
                title: "钢结构厂房施工".into(),
                occupation_names: vec!["焊工".into()],
                ..job_as(1, "6-18-02-04")
            },
            job(2),
        ]),
    )
    .await;
    assert_eq!(ns(&run(idx, &text(Kind::Job, "焊工")).await), [1]);
}

pub async fn empty_text_matches_everything(idx: &dyn SearchIndex) {
    put(idx, jobs((1..=3).map(job))).await;
    for t in ["", "   "] {
        assert_eq!(run(idx, &text(Kind::Job, t)).await.total, 3, "{t:?}");
    }
}

// ---- filters ---------------------------------------------------------------------------

pub async fn occupation_path_matches_every_level(idx: &dyn SearchIndex) {
    put(idx, jobs([job_as(1, "6-18-02-04"), job_as(2, "6-31-01-03"), job_as(3, "6-18-01-01")])).await;
    let by =
        |code: &str| filtered(Kind::Job, vec![Condition::AnyOf(Field::OccupationPath, vec![code.into()])]);
    assert_eq!(ns_sorted(&run(idx, &by("6-18")).await), [1, 3]);
    assert_eq!(ns_sorted(&run(idx, &by("6")).await), [1, 2, 3]);
    assert_eq!(ns(&run(idx, &by("6-18-02-04")).await), [1]);
    assert_eq!(run(idx, &by("6-1")).await.total, 0, "a path is not a string prefix");
    let either = Condition::AnyOf(Field::OccupationPath, vec!["6-31".into(), "6-18-01".into()]);
    assert_eq!(ns_sorted(&run(idx, &filtered(Kind::Job, vec![either])).await), [2, 3]);
}

pub async fn region_path_matches_prefectures_and_counties(idx: &dyn SearchIndex) {
    let at = |n, code: &str| JobDoc {
        region_code: code.into(),
        region_path: laowu_search::code_path(code),
        ..job(n)
    };
    // Erenhot and Sonid Youqi are both in Xilingol (1525); Hohhot (1501) is not.
    put(idx, jobs([at(1, "152501"), at(2, "152524"), at(3, "150102")])).await;
    let by = |code: &str| filtered(Kind::Job, vec![Condition::AnyOf(Field::RegionPath, vec![code.into()])]);
    assert_eq!(ns_sorted(&run(idx, &by("1525")).await), [1, 2]);
    assert_eq!(ns(&run(idx, &by("152501")).await), [1]);
    assert_eq!(ns_sorted(&run(idx, &by("15")).await), [1, 2, 3]);
}

pub async fn keyword_any_of_and_status(idx: &dyn SearchIndex) {
    put(
        idx,
        jobs([
            job(1),
            JobDoc { work_type: "part_time".into(), ..job(2) },
            JobDoc { work_type: "seasonal".into(), ..job(3) },
            JobDoc { status: "paused".into(), ..job(4) },
        ]),
    )
    .await;
    let types = Condition::AnyOf(Field::WorkType, vec!["part_time".into(), "seasonal".into()]);
    assert_eq!(ns_sorted(&run(idx, &filtered(Kind::Job, vec![types])).await), [2, 3]);
    let open = Condition::AnyOf(Field::Status, vec!["open".into()]);
    assert_eq!(ns_sorted(&run(idx, &filtered(Kind::Job, vec![open])).await), [1, 2, 3]);
    // Values are matched exactly, not as text.
    let partial = Condition::AnyOf(Field::WorkType, vec!["part".into()]);
    assert_eq!(run(idx, &filtered(Kind::Job, vec![partial])).await.total, 0);
    // A value that looks like filter syntax is just a value that matches nothing.
    let sneaky = Condition::AnyOf(Field::WorkType, vec![r#"x" OR status = "open"#.into(), r"\".into()]);
    assert_eq!(run(idx, &filtered(Kind::Job, vec![sneaky])).await.total, 0);
    // Several conditions all hold.
    let both = vec![
        Condition::AnyOf(Field::WorkType, vec!["full_time".into()]),
        Condition::AnyOf(Field::Status, vec!["open".into()]),
    ];
    assert_eq!(ns(&run(idx, &filtered(Kind::Job, both)).await), [1]);
}

pub async fn booleans_filter_both_ways(idx: &dyn SearchIndex) {
    put(
        idx,
        jobs([JobDoc { housing: true, meals: true, ..job(1) }, JobDoc { housing: true, ..job(2) }, job(3)]),
    )
    .await;
    let is = |f, b| filtered(Kind::Job, vec![Condition::Is(f, b)]);
    assert_eq!(ns_sorted(&run(idx, &is(Field::Housing, true)).await), [1, 2]);
    assert_eq!(ns(&run(idx, &is(Field::Housing, false)).await), [3]);
    assert_eq!(ns(&run(idx, &is(Field::Meals, true)).await), [1]);
}

pub async fn numbers_have_floors_and_ceilings(idx: &dyn SearchIndex) {
    put(
        idx,
        jobs([
            JobDoc { daily_pay_max: 15_000, ..job(1) },
            JobDoc { daily_pay_max: 25_000, ..job(2) },
            JobDoc { daily_pay_max: 30_000, ..job(3) },
        ]),
    )
    .await;
    let floor = |n| filtered(Kind::Job, vec![Condition::AtLeast(Field::DailyPayMax, n)]);
    assert_eq!(ns_sorted(&run(idx, &floor(25_000)).await), [2, 3], "the bound is inclusive");
    assert_eq!(run(idx, &floor(30_001)).await.total, 0);
    let band =
        vec![Condition::AtLeast(Field::DailyPayMax, 20_000), Condition::AtMost(Field::DailyPayMax, 25_000)];
    assert_eq!(ns(&run(idx, &filtered(Kind::Job, band)).await), [2]);
}

/// "Open on `TODAY` and not expired": start ≤ today ≤ end, expires ≥ now. Missing dates are
/// sentinels, so the same comparisons keep open-ended postings.
pub async fn date_windows_with_sentinels(idx: &dyn SearchIndex) {
    put(
        idx,
        jobs([
            job(1), // no dates at all
            JobDoc { start_day: TODAY - 5, end_day: TODAY + 5, expires_at: NOW + 86_400, ..job(2) },
            JobDoc { start_day: TODAY + 1, ..job(3) }, // not started
            JobDoc { end_day: TODAY - 1, ..job(4) },   // over
            JobDoc { expires_at: NOW - 1, ..job(5) },  // expired
            JobDoc { start_day: TODAY, end_day: TODAY, ..job(6) }, // today only
        ]),
    )
    .await;
    let window = vec![
        Condition::AtMost(Field::StartDay, TODAY),
        Condition::AtLeast(Field::EndDay, TODAY),
        Condition::AtLeast(Field::ExpiresAt, NOW),
    ];
    assert_eq!(ns_sorted(&run(idx, &filtered(Kind::Job, window)).await), [1, 2, 6]);
    // The sentinels are ordinary numbers at the ends of time.
    let open_start = filtered(Kind::Job, vec![Condition::AtMost(Field::StartDay, OPEN_START)]);
    assert_eq!(ns_sorted(&run(idx, &open_start).await), [1, 4, 5]);
    let open_end = filtered(Kind::Job, vec![Condition::AtLeast(Field::EndDay, OPEN_END)]);
    assert_eq!(ns_sorted(&run(idx, &open_end).await), [1, 3, 5]);
    let never = filtered(Kind::Job, vec![Condition::AtLeast(Field::ExpiresAt, NEVER)]);
    assert_eq!(ns_sorted(&run(idx, &never).await), [1, 3, 4, 6]);
}

pub async fn an_empty_any_of_matches_nothing(idx: &dyn SearchIndex) {
    put(idx, jobs((1..=3).map(job))).await;
    let mut q = filtered(Kind::Job, vec![Condition::AnyOf(Field::WorkType, vec![])]);
    q.facets = vec![Field::WorkType];
    let r = run(idx, &q).await;
    assert_eq!((r.total, r.hits.len()), (0, 0));
    assert_eq!(facet(&r, Field::WorkType, "full_time"), 0);
    // Also next to text and other conditions.
    q.text = Some("仓库".into());
    q.filter.push(Condition::Is(Field::Housing, false));
    assert_eq!(run(idx, &q).await.total, 0);
}

// ---- geography -------------------------------------------------------------------------

pub async fn a_radius_keeps_only_near_documents(idx: &dyn SearchIndex) {
    put(
        idx,
        jobs([
            JobDoc { geo: ERENHOT, ..job(1) },
            JobDoc { geo: ERENHOT_PORT, ..job(2) },
            JobDoc { geo: SONID_YOUQI, ..job(3) },
            JobDoc { geo: XILINHOT, ..job(4) },
        ]),
    )
    .await;
    let within = |km| SearchQuery { near: Some(near(ERENHOT, Some(km))), ..jobs_query() };
    assert_eq!(ns_sorted(&run(idx, &within(5.0)).await), [1, 2]);
    assert_eq!(ns_sorted(&run(idx, &within(150.0)).await), [1, 2, 3]);
    assert_eq!(ns_sorted(&run(idx, &within(500.0)).await), [1, 2, 3, 4]);
    assert_eq!(run(idx, &within(5.0)).await.total, 2);
}

pub async fn distances_are_reported_in_kilometres(idx: &dyn SearchIndex) {
    let places = [(1, ERENHOT_PORT), (2, SONID_YOUQI), (3, XILINHOT)];
    put(idx, jobs(places.map(|(n, at)| JobDoc { geo: at, ..job(n) }))).await;
    // With and without sorting by distance (Meilisearch reports distances only when it
    // sorts by them; the backend must give them either way).
    for sort in [Sort::Distance, Sort::Newest] {
        let q = SearchQuery { near: Some(near(ERENHOT, None)), sort, ..jobs_query() };
        let r = run(idx, &q).await;
        assert_eq!(r.total, 3, "without a radius every document is kept");
        for (n, at) in places {
            let hit = r.hits.iter().find(|h| h.id == id(n)).unwrap();
            let got = hit.distance_km.expect("a point was given and the job has a location");
            let want = km(ERENHOT, at);
            assert!((got - want).abs() <= want * 0.01, "{sort:?} job {n}: {got} km, expected {want}");
        }
    }
}

pub async fn distance_sort_is_nearest_first(idx: &dyn SearchIndex) {
    put(
        idx,
        jobs([
            JobDoc { geo: XILINHOT, ..job(1) },
            JobDoc { geo: ERENHOT_PORT, ..job(2) },
            JobDoc { geo: SONID_YOUQI, ..job(3) },
            JobDoc { geo: ERENHOT_PORT, ..job(4) },
        ]),
    )
    .await;
    let q = SearchQuery { near: Some(near(ERENHOT, None)), sort: Sort::Distance, ..jobs_query() };
    let r = run(idx, &q).await;
    assert_eq!(ns(&r), [2, 4, 3, 1], "2 and 4 are as far: the id breaks the tie");
    let d: Vec<f64> = r.hits.iter().map(|h| h.distance_km.unwrap()).collect();
    assert!(d.windows(2).all(|w| w[0] <= w[1]), "{d:?}");
}

pub async fn workers_without_a_location_never_match_a_radius(idx: &dyn SearchIndex) {
    put(
        idx,
        workers([
            worker(1),
            WorkerDoc { geo: None, ..worker(2) },
            WorkerDoc { geo: Some(SONID_YOUQI), ..worker(3) },
        ]),
    )
    .await;
    let q = |radius| SearchQuery {
        near: Some(near(ERENHOT, radius)),
        sort: Sort::Distance,
        limit: 10,
        ..SearchQuery::new(Kind::Worker)
    };
    let r = run(idx, &q(Some(500.0))).await;
    assert_eq!(ns(&r), [1, 3]);
    // Without a radius they are kept, last, without a distance.
    let r = run(idx, &q(None)).await;
    assert_eq!(ns(&r), [1, 3, 2]);
    assert_eq!(r.hits[2].distance_km, None);
    assert!(r.hits[0].distance_km.is_some());
}

// ---- order -----------------------------------------------------------------------------

pub async fn pay_sort_is_best_paid_first(idx: &dyn SearchIndex) {
    put(
        idx,
        jobs([
            JobDoc { daily_pay_max: 20_000, ..job(1) },
            JobDoc { daily_pay_max: 35_000, ..job(2) },
            JobDoc { daily_pay_max: 20_000, ..job(3) },
            JobDoc { daily_pay_max: 30_000, ..job(4) },
        ]),
    )
    .await;
    let r = run(idx, &SearchQuery { sort: Sort::Pay, ..jobs_query() }).await;
    assert_eq!(ns(&r), [2, 4, 1, 3]);
}

pub async fn newest_first_and_relevance_without_text(idx: &dyn SearchIndex) {
    put(
        idx,
        jobs([
            JobDoc { opened_at: NOW - 300, ..job(1) },
            JobDoc { opened_at: NOW - 100, ..job(2) },
            JobDoc { opened_at: NOW - 200, ..job(3) },
        ]),
    )
    .await;
    for sort in [Sort::Newest, Sort::Relevance] {
        assert_eq!(ns(&run(idx, &SearchQuery { sort, ..jobs_query() }).await), [2, 3, 1], "{sort:?}");
    }
    // Newest with text: the text selects, the date orders.
    let welder = JobDoc {
        title: "电焊工".into(),
        description: "钢结构焊接".into(),
        occupation_names: vec!["电焊工".into()],
        opened_at: NOW,
        ..job(4)
    };
    put(idx, jobs([welder])).await;
    let q = SearchQuery { sort: Sort::Newest, ..text(Kind::Job, "仓库") };
    assert_eq!(ns(&run(idx, &q).await), [2, 3, 1]);
}

pub async fn ties_are_broken_by_id(idx: &dyn SearchIndex) {
    // Upserted in scrambled order, all equal in date and pay.
    put(idx, jobs([5, 2, 9, 1, 7].map(job))).await;
    for sort in [Sort::Relevance, Sort::Newest, Sort::Pay] {
        assert_eq!(ns(&run(idx, &SearchQuery { sort, ..jobs_query() }).await), [1, 2, 5, 7, 9], "{sort:?}");
    }
    let q = SearchQuery { near: Some(near(ERENHOT, Some(10.0))), sort: Sort::Distance, ..jobs_query() };
    assert_eq!(ns(&run(idx, &q).await), [1, 2, 5, 7, 9]);
    // Equal queries give equal pages.
    let a = run(idx, &SearchQuery { limit: 2, offset: 1, ..jobs_query() }).await;
    let b = run(idx, &SearchQuery { limit: 2, offset: 1, ..jobs_query() }).await;
    assert_eq!(ns(&a), ns(&b));
}

// ---- facets and pages ------------------------------------------------------------------

pub async fn facets_count_every_match_not_only_the_page(idx: &dyn SearchIndex) {
    put(
        idx,
        jobs([
            JobDoc { housing: true, ..job(1) },
            JobDoc { housing: true, work_type: "part_time".into(), ..job(2) },
            JobDoc { work_type: "part_time".into(), ..job(3) },
            JobDoc { work_type: "seasonal".into(), ..job(4) },
            job(5),
            JobDoc { status: "paused".into(), housing: true, ..job(6) },
        ]),
    )
    .await;
    let q = SearchQuery {
        filter: vec![Condition::AnyOf(Field::Status, vec!["open".into()])],
        facets: vec![Field::WorkType, Field::Housing],
        limit: 2,
        ..SearchQuery::new(Kind::Job)
    };
    let r = run(idx, &q).await;
    assert_eq!((r.total, r.hits.len()), (5, 2));
    assert_eq!(facet(&r, Field::WorkType, "full_time"), 2);
    assert_eq!(facet(&r, Field::WorkType, "part_time"), 2);
    assert_eq!(facet(&r, Field::WorkType, "seasonal"), 1);
    assert_eq!(facet(&r, Field::Housing, "true"), 2);
    assert_eq!(facet(&r, Field::Housing, "false"), 3);
    let keys: Vec<Field> = r.facets.keys().copied().collect();
    assert_eq!(keys, [Field::WorkType, Field::Housing], "one entry per requested facet");
    // A later page has the same counts.
    let r2 = run(idx, &SearchQuery { offset: 4, ..q.clone() }).await;
    assert_eq!(r2.facets, r.facets);
    // No facets asked, none given.
    assert!(run(idx, &jobs_query()).await.facets.is_empty());
}

pub async fn pages_are_disjoint_ordered_and_counted(idx: &dyn SearchIndex) {
    put(idx, jobs((1..=23).map(|n| JobDoc { opened_at: NOW - (n as i64 % 5) * 60, ..job(n) }))).await;
    let all = run(idx, &jobs_query()).await;
    assert_eq!((all.total, all.hits.len()), (23, 23));
    let everything = ns(&all);

    let mut paged = Vec::new();
    for offset in (0..23).step_by(7) {
        let r = run(idx, &SearchQuery { offset, limit: 7, ..jobs_query() }).await;
        assert_eq!(r.total, 23, "the total does not depend on the page");
        paged.extend(ns(&r));
    }
    assert_eq!(paged, everything, "pages cover every match once, in order");

    // Windows that do not start on a multiple of the limit.
    for (offset, limit) in [(3, 5), (10, 4), (20, 10), (22, 1)] {
        let r = run(idx, &SearchQuery { offset, limit, ..jobs_query() }).await;
        let end = (offset + limit).min(23);
        assert_eq!(ns(&r), everything[offset..end], "offset {offset}, limit {limit}");
        assert_eq!(r.total, 23);
    }
    let past = run(idx, &SearchQuery { offset: 40, limit: 5, ..jobs_query() }).await;
    assert_eq!((past.total, past.hits.len()), (23, 0));
}

pub async fn invalid_queries_are_refused(idx: &dyn SearchIndex) {
    put(idx, jobs([job(1)])).await;
    let bad = [
        SearchQuery { sort: Sort::Distance, ..jobs_query() },
        filtered(Kind::Job, vec![Condition::AnyOf(Field::SchoolId, vec!["x".into()])]),
        filtered(Kind::Job, vec![Condition::AtLeast(Field::Housing, 1)]),
        SearchQuery { facets: vec![Field::DailyPayMax], ..jobs_query() },
        SearchQuery { limit: 0, ..jobs_query() },
        SearchQuery { limit: 1001, ..jobs_query() },
        SearchQuery { offset: 10_001, ..jobs_query() },
        SearchQuery {
            near: Some(near(laowu_search::doc::GeoPoint { lat: 91.0, lng: 0.0 }, None)),
            ..jobs_query()
        },
        SearchQuery { near: Some(near(ERENHOT, Some(0.0))), ..jobs_query() },
    ];
    for q in bad {
        match idx.search(&q).await {
            Err(SearchError::InvalidQuery(_)) => {}
            other => panic!("{}: {q:?} gave {other:?}", idx.backend()),
        }
    }
}

// ---- together --------------------------------------------------------------------------

pub async fn text_filters_and_radius_sorted_by_distance(idx: &dyn SearchIndex) {
    let welder = |n, at| JobDoc { title: "招聘电焊工".into(), geo: at, ..job_as(n, "6-18-02-04") };
    put(
        idx,
        jobs([
            JobDoc { housing: true, ..welder(1, ERENHOT_PORT) },
            JobDoc { housing: true, ..welder(2, SONID_YOUQI) },
            JobDoc { housing: false, ..welder(3, ERENHOT) }, // no housing
            JobDoc { housing: true, ..welder(4, XILINHOT) }, // too far
            JobDoc { housing: true, geo: ERENHOT, ..job(5) }, // not a welder
            JobDoc { housing: true, ..welder(6, ERENHOT) },
        ]),
    )
    .await;
    let q = SearchQuery {
        text: Some("焊工".into()),
        filter: vec![Condition::Is(Field::Housing, true), Condition::AtLeast(Field::DailyPayMax, 20_000)],
        near: Some(near(ERENHOT, Some(200.0))),
        sort: Sort::Distance,
        facets: vec![Field::Housing],
        limit: 10,
        ..SearchQuery::new(Kind::Job)
    };
    let r = run(idx, &q).await;
    assert_eq!(ns(&r), [6, 1, 2]);
    assert_eq!(r.total, 3);
    assert_eq!(facet(&r, Field::Housing, "true"), 3);
    assert!(r.hits[0].distance_km.unwrap() < 0.1);
}

// ---- courses and workers ---------------------------------------------------------------

pub async fn courses_filter_sort_and_search(idx: &dyn SearchIndex) {
    use laowu_search::CourseDoc;
    put(
        idx,
        courses([
            course(1),
            CourseDoc { subsidy_amount: 200_000, updated_at: NOW - 10, ..course(2) },
            CourseDoc {
                title: "中式烹调师培训".into(),
                occupation_names: vec!["厨师".into()],
                subsidy_eligible: false,
                subsidy_amount: 0,
                mode: "online".into(),
                ..course(3)
            },
        ]),
    )
    .await;
    let q = SearchQuery { sort: Sort::Pay, limit: 10, ..SearchQuery::new(Kind::Course) };
    assert_eq!(ns(&run(idx, &q).await), [2, 1, 3], "largest subsidy first");
    assert_eq!(ns(&run(idx, &SearchQuery { sort: Sort::Newest, ..q.clone() }).await), [2, 1, 3]);
    let subsidised = filtered(Kind::Course, vec![Condition::Is(Field::SubsidyEligible, true)]);
    assert_eq!(ns_sorted(&run(idx, &subsidised).await), [1, 2]);
    let online = filtered(Kind::Course, vec![Condition::AnyOf(Field::Mode, vec!["online".into()])]);
    assert_eq!(ns(&run(idx, &online).await), [3]);
    assert_eq!(ns(&run(idx, &text(Kind::Course, "大厨")).await), [3], "a synonym of 厨师");
    assert_eq!(ns_sorted(&run(idx, &text(Kind::Course, "电焊工")).await), [1, 2]);
    let mut facets = SearchQuery { facets: vec![Field::SubsidyEligible, Field::Mode], ..q };
    facets.sort = Sort::Relevance;
    let r = run(idx, &facets).await;
    assert_eq!(facet(&r, Field::SubsidyEligible, "true"), 2);
    assert_eq!(facet(&r, Field::Mode, "offline"), 2);
}

pub async fn workers_filter_sort_and_search(idx: &dyn SearchIndex) {
    put(
        idx,
        workers([
            worker(1),
            WorkerDoc {
                occupation_names: vec!["电焊工".into()],
                skill_path: laowu_search::code_path("6-18-02-04"),
                min_daily_wage: 25_000,
                work_types: vec!["seasonal".into(), "part_time".into()],
                ..worker(2)
            },
            WorkerDoc { min_daily_wage: 0, wants_training: true, ..worker(3) },
        ]),
    )
    .await;
    let q = SearchQuery { sort: Sort::Pay, limit: 10, ..SearchQuery::new(Kind::Worker) };
    assert_eq!(ns(&run(idx, &q).await), [3, 1, 2], "lowest wage asked first");
    assert_eq!(ns(&run(idx, &text(Kind::Worker, "焊工")).await), [2]);
    assert_eq!(ns_sorted(&run(idx, &text(Kind::Worker, "叉车")).await), [1, 3]);
    let seasonal = filtered(Kind::Worker, vec![Condition::AnyOf(Field::WorkTypes, vec!["seasonal".into()])]);
    assert_eq!(ns(&run(idx, &seasonal).await), [2]);
    let welders = filtered(Kind::Worker, vec![Condition::AnyOf(Field::SkillPath, vec!["6-18".into()])]);
    assert_eq!(ns(&run(idx, &welders).await), [2]);
    let cheap = filtered(Kind::Worker, vec![Condition::AtMost(Field::MinDailyWage, 20_000)]);
    assert_eq!(ns_sorted(&run(idx, &cheap).await), [1, 3]);
    let r = run(idx, &SearchQuery { facets: vec![Field::WantsTraining, Field::Languages], ..q }).await;
    assert_eq!(facet(&r, Field::WantsTraining, "true"), 1);
    assert_eq!(facet(&r, Field::WantsTraining, "false"), 2);
    assert_eq!(facet(&r, Field::Languages, "mn"), 3, "a list counts once per document");
}

/// A query word of a synonym group that the segmenter splits (`叉车司机` → `叉车` + `司机`)
/// must still find the other words of its group (`叉车工`).
pub async fn synonyms_of_several_segments_match(idx: &dyn SearchIndex) {
    put(idx, workers([worker(1), WorkerDoc { occupation_names: vec!["电焊工".into()], ..worker(2) }])).await;
    assert_eq!(ns(&run(idx, &text(Kind::Worker, "叉车司机")).await), [1]);
    put(idx, jobs([JobDoc { title: "招聘叉车工".into(), ..job(3) }])).await;
    assert_eq!(ns(&run(idx, &text(Kind::Job, "叉车司机")).await), [3]);
}

// ---- fetch and lean hits ---------------------------------------------------------------

pub async fn fetch_returns_documents_in_the_order_asked(idx: &dyn SearchIndex) {
    put(idx, jobs([job(1), job(2), job(3)])).await;
    let got = idx.fetch(Kind::Job, &[id(3), id(9), id(1)]).await.unwrap();
    let got: Vec<u128> = got.iter().map(|d| d.id().as_u128()).collect();
    assert_eq!(got, [3, 1], "missing ids are left out, order kept");
    assert!(idx.fetch(Kind::Job, &[]).await.unwrap().is_empty());
    assert!(idx.fetch(Kind::Course, &[id(1)]).await.unwrap().is_empty(), "kinds are separate");
}

pub async fn lean_job_hits_keep_every_field_matching_uses(idx: &dyn SearchIndex) {
    let full = JobDoc {
        skills: vec![
            laowu_search::doc::SkillDoc { code: "6-18-02-04".into(), level: 3 },
            laowu_search::doc::SkillDoc { code: "6-31-01-03".into(), level: 1 },
        ],
        skill_path: ["6", "6-18", "6-18-02", "6-18-02-04", "6-31", "6-31-01", "6-31-01-03"]
            .map(String::from)
            .to_vec(),
        languages: vec!["mn".into(), "zh".into()],
        open_to_all: false,
        housing: true,
        transport: true,
        start_day: 20_500,
        end_day: 20_600,
        ..job(7)
    };
    put(idx, jobs([full.clone()])).await;
    let q = SearchQuery { lean: true, ..jobs_query() };
    let r = run(idx, &q).await;
    let Document::Job(lean) = &r.hits[0].doc else { panic!("a job") };
    let mut skills = lean.skills.clone();
    skills.sort_by(|a, b| a.code.cmp(&b.code));
    assert_eq!(skills, full.skills);
    let mut langs = lean.languages.clone();
    langs.sort();
    assert_eq!(langs, full.languages);
    assert_eq!(
        (lean.id, &lean.occupation_code, &lean.work_type, &lean.status),
        (full.id, &full.occupation_code, &full.work_type, &full.status)
    );
    assert_eq!(
        (lean.daily_pay_min, lean.daily_pay_max, lean.openings_left, lean.start_day, lean.end_day),
        (full.daily_pay_min, full.daily_pay_max, full.openings_left, full.start_day, full.end_day)
    );
    assert_eq!((lean.opened_at, lean.expires_at, lean.geo), (full.opened_at, full.expires_at, full.geo));
    assert_eq!(
        (lean.housing, lean.meals, lean.social_insurance, lean.transport, lean.open_to_all),
        (full.housing, full.meals, full.social_insurance, full.transport, full.open_to_all)
    );
}
