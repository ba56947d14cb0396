//! The embedded backend: one tantivy index per kind under a directory of the data dir,
//! with jieba segmentation for Chinese. Nothing to install or run.
//!
//! Writes take a per-index lock, commit, and reload the reader before returning, so a
//! document is searchable as soon as `upsert` returns. Reads never wait for writes.

mod cells;
mod collect;
mod convert;
mod filter;
mod lean;
mod schema;
mod text;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use laowu_domain::geo::GeoPoint;
use tantivy::directory::MmapDirectory;
use tantivy::schema::Value;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};
use uuid::Uuid;

use self::collect::{Order, Plan};
use self::schema::Fields;
use crate::doc::{Document, Kind};
use crate::query::{Condition, Field, Hit, SearchQuery, SearchResults, Sort};
use crate::{SearchError, SearchIndex};

/// The first ring of a nearest-first search, km, and how much each next one widens.
const FIRST_RING_KM: f64 = 1.0;
const RING_GROWTH: f64 = 3.0;

/// Below this share of the index matched by the narrowest term condition, numeric
/// conditions are checked per match instead of scanned for in whole columns.
const POST_FILTER_BELOW: f64 = 0.25;

/// Memory the writer of each index may use before flushing a segment.
const WRITER_BUDGET: usize = 64 * 1024 * 1024;

/// The embedded search index.
#[derive(Clone)]
pub struct EmbeddedIndex {
    parts: Arc<[Part; 3]>,
}

struct Part {
    kind: Kind,
    fields: Fields,
    writer: Mutex<IndexWriter>,
    reader: IndexReader,
}

fn internal(e: impl std::fmt::Display) -> SearchError {
    SearchError::Internal(e.to_string())
}

impl EmbeddedIndex {
    /// Opens the indexes under `dir` (creating them when missing). An index written by an
    /// older schema is discarded and created empty: run `laowu reindex` after an upgrade
    /// that says so.
    pub fn open(dir: &Path) -> Result<EmbeddedIndex, SearchError> {
        let parts = [Kind::Job, Kind::Course, Kind::Worker].map(|kind| Part::open(dir, kind));
        let [a, b, c] = parts;
        Ok(EmbeddedIndex { parts: Arc::new([a?, b?, c?]) })
    }

    fn part(&self, kind: Kind) -> &Part {
        &self.parts[kind as usize]
    }

    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&EmbeddedIndex) -> Result<T, SearchError> + Send + 'static,
    ) -> Result<T, SearchError> {
        let me = self.clone();
        tokio::task::spawn_blocking(move || f(&me)).await.map_err(internal)?
    }
}

impl Part {
    fn open(root: &Path, kind: Kind) -> Result<Part, SearchError> {
        let dir: PathBuf = root.join(format!("{}-v{}", kind.index_name(), schema::VERSION));
        std::fs::create_dir_all(&dir).map_err(|e| internal(format!("{}: {e}", dir.display())))?;
        let fields = schema::build(kind);
        let directory = MmapDirectory::open(&dir).map_err(internal)?;
        let index = Index::open_or_create(directory, fields.schema.clone()).map_err(internal)?;
        text::register(&index);
        let writer = index.writer_with_num_threads(1, WRITER_BUDGET).map_err(internal)?;
        let reader =
            index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(internal)?;
        Ok(Part { kind, fields, writer: Mutex::new(writer), reader })
    }

    /// Applies changes to this index and makes them visible.
    fn write(
        &self,
        change: impl FnOnce(&mut IndexWriter, &Fields) -> Result<(), SearchError>,
    ) -> Result<(), SearchError> {
        let mut writer = self.writer.lock().map_err(|_| internal("index writer poisoned"))?;
        if let Err(e) = change(&mut writer, &self.fields) {
            writer.rollback().map_err(internal)?;
            return Err(e);
        }
        writer.commit().map_err(internal)?;
        drop(writer);
        self.reader.reload().map_err(internal)
    }

    fn id_term(&self, id: Uuid) -> Term {
        Term::from_field_text(self.fields.id, &id.to_string())
    }

    fn search(&self, q: &SearchQuery) -> Result<SearchResults, SearchError> {
        let searcher = self.reader.searcher();
        let fruit = match self.rings(q) {
            Some((tags, rest, centre, radius)) => {
                // Widening rings: the first that holds `limit` matches holds the nearest.
                let mut r = FIRST_RING_KM.min(radius);
                loop {
                    let keys = cells::covering(centre.lat(), centre.lng(), r, &tags);
                    let fruit =
                        self.run(&searcher, q, &rest, Some(collect::Haversine::new(centre, Some(r))), keys)?;
                    if fruit.total as usize >= q.limit || r >= radius {
                        break fruit;
                    }
                    r = (r * RING_GROWTH).min(radius);
                }
            }
            None => {
                let near = match q.near {
                    Some(n) => {
                        let centre = GeoPoint::new(n.lat, n.lng)
                            .map_err(|e| SearchError::InvalidQuery(e.to_string()))?;
                        Some(collect::Haversine::new(centre, n.radius_km))
                    }
                    None => None,
                };
                self.run(&searcher, q, &q.filter, near, None)?
            }
        };
        let mut hits = Vec::with_capacity(q.limit);
        let lean = q.lean && self.kind == Kind::Job;
        let mut columns: Vec<Option<lean::JobColumns>> = Vec::new();
        for r in fruit.top.into_iter().skip(q.offset) {
            let doc = if lean {
                let seg = r.address.segment_ord as usize;
                if columns.len() <= seg {
                    columns.resize_with(seg + 1, || None);
                }
                if columns[seg].is_none() {
                    columns[seg] =
                        Some(lean::JobColumns::open(searcher.segment_reader(seg as u32)).map_err(internal)?);
                }
                Document::Job(
                    columns[seg]
                        .as_ref()
                        .map(|c| c.job(r.address.doc_id))
                        .ok_or_else(|| internal("columns"))?,
                )
            } else {
                self.stored(&searcher, r.address)?
            };
            hits.push(Hit { id: doc.id(), distance_km: r.distance_km(), doc });
        }
        let facets = q.facets.iter().copied().zip(fruit.facets).collect();
        Ok(SearchResults { total: fruit.total, hits, facets })
    }
}

impl Part {
    /// Whether a query can be answered in rings: a lean, nearest-first query within a
    /// radius, first page, no facets (its total then counts only the last ring). Returns
    /// the tags to read cells by (taken out of the conditions they replace), the other
    /// conditions, the centre and the radius.
    fn rings(&self, q: &SearchQuery) -> Option<(Vec<String>, Vec<Condition>, GeoPoint, f64)> {
        let near = q.near?;
        let radius = near.radius_km?;
        if !q.lean || q.sort != Sort::Distance || q.offset != 0 || !q.facets.is_empty() {
            return None;
        }
        let centre = GeoPoint::new(near.lat, near.lng).ok()?;
        let tag_field = match self.kind {
            Kind::Job => Some(Field::OccupationPath),
            Kind::Worker => Some(Field::SkillPath),
            Kind::Course => None,
        };
        let mut tags = Vec::new();
        let mut rest = Vec::new();
        for c in &q.filter {
            match c {
                Condition::AnyOf(f, values)
                    if tags.is_empty()
                        && Some(*f) == tag_field
                        && !values.is_empty()
                        && values.iter().all(|v| v.matches('-').count() == 1) =>
                {
                    tags = values.clone();
                }
                Condition::Is(Field::OpenToAll, true) if tags.is_empty() && self.kind == Kind::Job => {
                    tags = vec![cells::OPEN.to_owned()];
                }
                other => rest.push(other.clone()),
            }
        }
        Some((tags, rest, centre, radius))
    }

    /// One pass over the index: `conditions`, the text, `near`, and (when given) only the
    /// documents under one of `keys`.
    fn run(
        &self,
        searcher: &tantivy::Searcher,
        q: &SearchQuery,
        conditions: &[Condition],
        near: Option<collect::Haversine>,
        keys: Option<Vec<String>>,
    ) -> Result<collect::Fruit, SearchError> {
        let fields = &self.fields;
        let text = q.text().and_then(|t| text::query(fields, t));
        // Numbers and the radius are tested either in the index (range scans over whole
        // columns: right when nothing else narrows the search) or per match in the
        // collector (right when a selective term, the text or the cells already do).
        let post = keys.is_some()
            || text.is_some()
            || filter::narrowest_share(fields, searcher, conditions) < POST_FILTER_BELOW;
        let mut filters: Vec<Box<dyn tantivy::query::Query>> = Vec::new();
        let mut checks = Vec::new();
        for c in conditions {
            match (c, post) {
                (Condition::AtLeast(f, n), true) => checks.push((f.name(), *n, i64::MAX)),
                (Condition::AtMost(f, n), true) => checks.push((f.name(), i64::MIN, *n)),
                _ => filters.push(filter::condition(fields, c)),
            }
        }
        if let Some(keys) = keys {
            filters.push(filter::any_term(fields.geo_keys, &keys));
        }
        if let (Some(n), false) = (q.near, post)
            && let Some(r) = n.radius_km
        {
            filters.push(filter::bounding_box(fields, &n, r));
        }
        let order = match (q.sort, text.is_some()) {
            (Sort::Relevance, true) => Order::Score,
            (Sort::Relevance | Sort::Newest, _) => Order::Desc(newest_field(self.kind)),
            (Sort::Distance, _) => Order::Distance,
            (Sort::Pay, _) => match self.kind {
                Kind::Job => Order::Desc("daily_pay_max"),
                Kind::Course => Order::Desc("subsidy_amount"),
                Kind::Worker => Order::Asc("min_daily_wage"),
            },
        };
        let query = filter::combine(text, filters);
        let plan = Plan { order, near, top: q.offset + q.limit, facets: q.facets.clone(), checks };
        searcher.search(query.as_ref(), &plan).map_err(internal)
    }

    fn stored(
        &self,
        searcher: &tantivy::Searcher,
        address: tantivy::DocAddress,
    ) -> Result<Document, SearchError> {
        let stored: TantivyDocument = searcher.doc(address).map_err(internal)?;
        let bytes = stored
            .get_first(self.fields.stored)
            .and_then(|v| v.as_bytes())
            .ok_or_else(|| internal("a document lost its stored form"))?;
        serde_json::from_slice(bytes).map_err(internal)
    }

    fn fetch(&self, ids: &[Uuid]) -> Result<Vec<Document>, SearchError> {
        use tantivy::collector::TopDocs;
        use tantivy::query::TermSetQuery;
        let searcher = self.reader.searcher();
        let query = TermSetQuery::new(ids.iter().map(|id| self.id_term(*id)));
        let found = searcher
            .search(&query, &TopDocs::with_limit(ids.len().max(1)).order_by_score())
            .map_err(internal)?;
        let mut docs =
            found.into_iter().map(|(_, a)| self.stored(&searcher, a)).collect::<Result<Vec<_>, _>>()?;
        docs.sort_by_key(|d| ids.iter().position(|i| *i == d.id()));
        Ok(docs)
    }
}

/// The field "newest first" sorts on.
fn newest_field(kind: Kind) -> &'static str {
    match kind {
        Kind::Job => "opened_at",
        Kind::Course | Kind::Worker => "updated_at",
    }
}

#[async_trait]
impl SearchIndex for EmbeddedIndex {
    fn backend(&self) -> &'static str {
        "embedded"
    }

    async fn prepare(&self) -> Result<(), SearchError> {
        Ok(()) // `open` created everything
    }

    async fn upsert(&self, docs: Vec<Document>) -> Result<(), SearchError> {
        if docs.is_empty() {
            return Ok(());
        }
        self.blocking(move |me| {
            for kind in Kind::ALL {
                let part = me.part(kind);
                let mine: Vec<&Document> = docs.iter().filter(|d| d.kind() == kind).collect();
                if mine.is_empty() {
                    continue;
                }
                part.write(|w, fields| {
                    for d in mine {
                        let t = convert::to_tantivy(fields, d)?;
                        w.delete_term(part.id_term(d.id()));
                        w.add_document(t).map_err(internal)?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })
        .await
    }

    async fn delete(&self, kind: Kind, ids: &[Uuid]) -> Result<(), SearchError> {
        if ids.is_empty() {
            return Ok(());
        }
        let ids = ids.to_vec();
        self.blocking(move |me| {
            let part = me.part(kind);
            part.write(|w, _| {
                for id in ids {
                    w.delete_term(part.id_term(id));
                }
                Ok(())
            })
        })
        .await
    }

    async fn clear(&self, kind: Kind) -> Result<(), SearchError> {
        self.blocking(move |me| {
            me.part(kind).write(|w, _| {
                w.delete_all_documents().map_err(internal)?;
                Ok(())
            })
        })
        .await
    }

    async fn count(&self, kind: Kind) -> Result<u64, SearchError> {
        Ok(self.part(kind).reader.searcher().num_docs())
    }

    async fn fetch(&self, kind: Kind, ids: &[Uuid]) -> Result<Vec<Document>, SearchError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let ids = ids.to_vec();
        self.blocking(move |me| me.part(kind).fetch(&ids)).await
    }

    async fn search(&self, query: &SearchQuery) -> Result<SearchResults, SearchError> {
        query.validate()?;
        let query = query.clone();
        self.blocking(move |me| me.part(query.kind).search(&query)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{GeoPoint as At, JobDoc, NEVER, OPEN_END, OPEN_START, code_path};
    use crate::query::{Condition, Field, Near};

    fn job(n: u128, title: &str, code: &str, at: (f64, f64), pay: i64) -> Document {
        Document::Job(JobDoc {
            id: Uuid::from_u128(n),
            employer_id: Uuid::from_u128(1000),
            employer_name: "二连浩特某公司".into(),
            title: title.into(),
            description: String::new(),
            occupation_names: vec![],
            occupation_code: code.into(),
            occupation_path: code_path(code),
            skills: vec![],
            skill_path: vec![],
            region_code: "152501".into(),
            region_path: code_path("152501"),
            work_type: "full_time".into(),
            daily_pay_min: pay,
            daily_pay_max: pay,
            pay_min: pay,
            pay_max: pay,
            pay_unit: "day".into(),
            pay_cycle: "daily".into(),
            piece_daily_estimate: None,
            address: "二连浩特市".into(),
            housing: n.is_multiple_of(2),
            meals: false,
            social_insurance: false,
            transport: false,
            languages: vec![],
            openings_left: 1,
            open_to_all: true,
            status: "open".into(),
            start_day: OPEN_START,
            end_day: OPEN_END,
            opened_at: n as i64,
            expires_at: NEVER,
            geo: At { lat: at.0, lng: at.1 },
        })
    }

    #[tokio::test]
    async fn text_geo_filters_and_facets_work_together() {
        let dir = tempfile::tempdir().unwrap();
        let idx = EmbeddedIndex::open(dir.path()).unwrap();
        idx.upsert(vec![
            job(1, "招聘电焊工", "6-18-02-04", (43.65, 111.98), 30000),
            job(2, "钢结构焊工", "6-18-02-04", (43.66, 111.97), 35000),
            job(3, "餐厅服务员", "4-03-02-01", (43.65, 111.98), 15000),
            job(4, "电焊工（苏尼特右旗）", "6-18-02-04", (42.75, 112.65), 32000),
        ])
        .await
        .unwrap();
        let mut q = SearchQuery::new(Kind::Job);
        q.text = Some("电焊".into());
        q.near = Some(Near { lat: 43.65, lng: 111.98, radius_km: Some(20.0) });
        q.sort = Sort::Distance;
        q.facets = vec![Field::Housing];
        let r = idx.search(&q).await.unwrap();
        let ids: Vec<u128> = r.hits.iter().map(|h| h.id.as_u128()).collect();
        assert_eq!(ids, [1, 2], "焊工 is a synonym of 电焊; job 4 is 100 km away");
        assert_eq!(r.total, 2);
        assert_eq!(r.facets[&Field::Housing]["true"], 1);

        q.text = None;
        q.near = None;
        q.sort = Sort::Pay;
        q.filter = vec![Condition::AnyOf(Field::OccupationPath, vec!["6-18".into()])];
        let r = idx.search(&q).await.unwrap();
        let ids: Vec<u128> = r.hits.iter().map(|h| h.id.as_u128()).collect();
        assert_eq!(ids, [2, 4, 1]);

        idx.delete(Kind::Job, &[Uuid::from_u128(2)]).await.unwrap();
        assert_eq!(idx.count(Kind::Job).await.unwrap(), 3);
    }

    #[tokio::test]
    async fn rings_find_exactly_the_nearest_that_a_full_scan_finds() {
        let dir = tempfile::tempdir().unwrap();
        let idx = EmbeddedIndex::open(dir.path()).unwrap();
        // 3,000 postings in two dense towns and the country between, three trades.
        let mut rng = laowu_fixtures::synth::Rng::new(5);
        let codes = ["6-18-02-04", "6-18-01-01", "4-02-05-01", "6-31-01-03"];
        let docs: Vec<Document> = (0..3000u128)
            .map(|n| {
                let (lat, lng) = match n % 3 {
                    0 => (43.65 + (rng.unit() - 0.5) * 0.1, 111.98 + (rng.unit() - 0.5) * 0.1),
                    1 => (43.93 + (rng.unit() - 0.5) * 0.1, 116.08 + (rng.unit() - 0.5) * 0.1),
                    _ => (42.5 + rng.unit() * 2.0, 111.0 + rng.unit() * 6.0),
                };
                let code = *rng.pick(&codes);
                let Document::Job(mut j) = job(n + 1, "岗位", code, (lat, lng), rng.range(100, 500) * 100)
                else {
                    unreachable!()
                };
                j.open_to_all = rng.chance(0.4);
                Document::Job(j)
            })
            .collect();
        idx.upsert(docs).await.unwrap();
        for (lat, lng, radius, limit) in [
            (43.65, 111.98, 50.0, 40),
            (43.66, 111.99, 5.0, 400),
            (43.2, 113.0, 300.0, 25),
            (43.93, 116.0, 20.0, 1),
        ] {
            for filter in [
                vec![Condition::AnyOf(Field::OccupationPath, vec!["6-18".into()])],
                vec![Condition::AnyOf(Field::OccupationPath, vec!["6-18".into(), "4-02".into()])],
                vec![Condition::Is(Field::OpenToAll, true), Condition::AtLeast(Field::DailyPayMax, 25_000)],
                vec![Condition::AtLeast(Field::DailyPayMax, 40_000)],
            ] {
                let q = SearchQuery {
                    filter: filter.clone(),
                    near: Some(Near { lat, lng, radius_km: Some(radius) }),
                    sort: Sort::Distance,
                    limit,
                    lean: true,
                    ..SearchQuery::new(Kind::Job)
                };
                let in_rings: Vec<Uuid> = idx.search(&q).await.unwrap().hits.iter().map(|h| h.id).collect();
                let full = SearchQuery { lean: false, ..q.clone() };
                let scanned: Vec<Uuid> = idx.search(&full).await.unwrap().hits.iter().map(|h| h.id).collect();
                assert_eq!(in_rings, scanned, "{lat},{lng} r={radius} limit={limit} {filter:?}");
                assert!(!scanned.is_empty());
            }
        }
    }
}
