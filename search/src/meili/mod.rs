//! The Meilisearch backend: [`SearchIndex`] over a Meilisearch server, through the
//! official SDK.
//!
//! One index per [`Kind`], named `{prefix}jobs`, `{prefix}courses` and `{prefix}workers`, so
//! that several deployments (or tests) can share a server. Every write waits for its task,
//! so a document is searchable when `upsert` returns, as the trait promises. Every request
//! has a deadline: a server that is down or hangs fails the call within seconds, as
//! [`SearchError::Unavailable`].

mod settings;
mod translate;

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use meilisearch_sdk::client::Client;
use meilisearch_sdk::errors::{Error as MeiliError, ErrorCode, ErrorType, MeilisearchError};
use meilisearch_sdk::indexes::Index;
use meilisearch_sdk::search::{MatchingStrategies, Selectors};
use meilisearch_sdk::task_info::TaskInfo;
use meilisearch_sdk::tasks::Task;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::doc::{CourseDoc, Document, GeoPoint, JobDoc, Kind, WorkerDoc};
use crate::query::{Hit, Near, SearchQuery, SearchResults};
use crate::{SearchError, SearchIndex};

/// Documents sent in one request (Meilisearch's payload limit is 100 MB; ours are ~1 kB).
const BATCH: usize = 10_000;
/// The longest one HTTP request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// The longest we wait for Meilisearch to process one task (indexing a batch).
const TASK_TIMEOUT: Duration = Duration::from_secs(120);

/// A [`SearchIndex`] kept in Meilisearch.
pub struct MeiliIndex {
    client: Client,
    prefix: String,
    request_timeout: Duration,
    task_timeout: Duration,
}

impl fmt::Debug for MeiliIndex {
    // Not derived: the client holds the API key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MeiliIndex")
            .field("url", &self.client.get_host())
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl MeiliIndex {
    /// A client for the server at `url` (`http://127.0.0.1:7700`), sending `api_key` as a
    /// bearer token when given. Nothing is sent until the first call.
    pub fn new(url: &str, api_key: Option<&str>, index_prefix: &str) -> Result<Self, SearchError> {
        let url = url.trim().trim_end_matches('/');
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(SearchError::Internal(format!("Meilisearch URL {url:?} is not http(s)")));
        }
        let prefix_ok = index_prefix.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !prefix_ok {
            return Err(SearchError::Internal(format!(
                "index prefix {index_prefix:?} may only hold letters, digits, '-' and '_'"
            )));
        }
        let client = Client::new(url, api_key).map_err(map_error)?;
        Ok(MeiliIndex {
            client,
            prefix: index_prefix.to_owned(),
            request_timeout: REQUEST_TIMEOUT,
            task_timeout: TASK_TIMEOUT,
        })
    }

    /// Changes how long one request and one indexing task may take.
    pub fn with_timeouts(mut self, request: Duration, task: Duration) -> Self {
        self.request_timeout = request;
        self.task_timeout = task;
        self
    }

    /// The name of a kind's index on the server.
    pub fn index_uid(&self, kind: Kind) -> String {
        format!("{}{}", self.prefix, kind.index_name())
    }

    /// Deletes this prefix's indexes with their settings (tests clean up with it).
    pub async fn drop_indexes(&self) -> Result<(), SearchError> {
        for kind in Kind::ALL {
            let task = self.call(self.index(kind).delete()).await?;
            match self.wait(task).await {
                Err(Failed(e)) if e.error_code == ErrorCode::IndexNotFound => {}
                other => other.map_err(SearchError::from)?,
            }
        }
        Ok(())
    }

    fn index(&self, kind: Kind) -> Index {
        self.client.index(self.index_uid(kind))
    }

    /// One request, with its deadline.
    async fn call<T>(&self, request: impl Future<Output = Result<T, MeiliError>>) -> Result<T, SearchError> {
        match tokio::time::timeout(self.request_timeout, request).await {
            Ok(result) => result.map_err(map_error),
            Err(_) => Err(SearchError::Unavailable(format!(
                "Meilisearch did not answer within {:?}",
                self.request_timeout
            ))),
        }
    }

    /// Polls a task until Meilisearch has processed it.
    async fn wait(&self, task: TaskInfo) -> Result<(), WaitError> {
        let started = Instant::now();
        let mut pause = Duration::from_millis(5);
        loop {
            match self.call(self.client.get_task(&task)).await? {
                Task::Succeeded { .. } => return Ok(()),
                Task::Failed { content } => return Err(Failed(content.error)),
                Task::Enqueued { .. } | Task::Processing { .. } => {}
            }
            if started.elapsed() > self.task_timeout {
                return Err(SearchError::Unavailable(format!(
                    "Meilisearch task {} not done after {:?}",
                    task.task_uid, self.task_timeout
                ))
                .into());
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_millis(200));
        }
    }

    async fn search_kind<D: DeserializeOwned + Send + Sync + 'static>(
        &self,
        query: &SearchQuery,
        wrap: fn(D) -> Document,
    ) -> Result<SearchResults, SearchError> {
        let Some(filters) = translate::filter(query) else {
            return Ok(nothing(query));
        };
        let filter = filters.iter().map(|f| format!("({f})")).collect::<Vec<_>>().join(" AND ");
        let sort = translate::sort(query);
        let sort: Vec<&str> = sort.iter().map(String::as_str).collect();
        let facets: Vec<&str> = query.facets.iter().map(|f| f.name()).collect();
        let (page, per_page, skip) = translate::window(query.offset, query.limit);

        let index = self.index(query.kind);
        let mut search = index.search();
        search
            .with_page(page)
            .with_hits_per_page(per_page)
            .with_matching_strategy(MatchingStrategies::ALL)
            .with_locales(&[settings::LOCALE]);
        if let Some(text) = query.text() {
            search.with_query(text);
        }
        if !filter.is_empty() {
            search.with_filter(&filter);
        }
        if !sort.is_empty() {
            search.with_sort(&sort);
        }
        if !facets.is_empty() {
            search.with_facets(Selectors::Some(&facets));
        }
        let found = self.call(search.execute::<Found<D>>()).await?;

        let hits = found
            .hits
            .into_iter()
            .skip(skip)
            .take(query.limit)
            .map(|hit| {
                let doc = wrap(hit.result.doc);
                let distance_km = query.near.and_then(|near| {
                    let metres = hit.result.geo_distance;
                    metres.map(|m| m / 1000.0).or_else(|| doc.geo().map(|p| distance_km(near, p)))
                });
                Hit { id: doc.id(), distance_km, doc }
            })
            .collect();
        let mut counts = found.facet_distribution.unwrap_or_default();
        let facets = query
            .facets
            .iter()
            .map(|f| {
                let values = counts.remove(f.name()).unwrap_or_default();
                (*f, values.into_iter().map(|(v, n)| (v, n as u64)).collect())
            })
            .collect();
        let total = found.total_hits.or(found.estimated_total_hits).unwrap_or_default();
        Ok(SearchResults { total: total as u64, hits, facets })
    }
}

/// A hit as Meilisearch returns it: the document and, when sorting by distance, how far it
/// is in metres.
#[derive(Deserialize)]
struct Found<D> {
    #[serde(flatten)]
    doc: D,
    #[serde(rename = "_geoDistance")]
    geo_distance: Option<f64>,
}

/// The answer to a query that cannot match.
fn nothing(query: &SearchQuery) -> SearchResults {
    SearchResults {
        total: 0,
        hits: Vec::new(),
        facets: query.facets.iter().map(|f| (*f, BTreeMap::new())).collect(),
    }
}

/// Great-circle distance in kilometres (haversine, mean Earth radius), for hits whose
/// distance Meilisearch does not report (it does only when sorting by distance).
fn distance_km(from: Near, to: GeoPoint) -> f64 {
    const EARTH_KM: f64 = 6_371.008_8;
    let (lat1, lat2) = (from.lat.to_radians(), to.lat.to_radians());
    let dlat = lat2 - lat1;
    let dlng = (to.lng - from.lng).to_radians();
    let a = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlng / 2.0).sin().powi(2);
    2.0 * EARTH_KM * a.sqrt().min(1.0).asin()
}

/// How waiting for a task can end badly: the task failed (with Meilisearch's reason, which
/// some callers expect), or we could not find out.
enum WaitError {
    Failed(MeilisearchError),
    Search(SearchError),
}
use WaitError::Failed;

impl From<SearchError> for WaitError {
    fn from(e: SearchError) -> Self {
        WaitError::Search(e)
    }
}

impl From<WaitError> for SearchError {
    fn from(e: WaitError) -> Self {
        match e {
            Failed(e) => map_error(MeiliError::Meilisearch(e)),
            WaitError::Search(e) => e,
        }
    }
}

/// Transport failures and server-side errors are worth retrying; the rest is a bug or a
/// misconfiguration (a wrong API key, an index without its settings).
fn map_error(e: MeiliError) -> SearchError {
    let retry = match &e {
        MeiliError::HttpError(_) | MeiliError::Timeout => true,
        MeiliError::MeilisearchCommunication(c) => c.status_code >= 500,
        MeiliError::Meilisearch(m) => m.error_type == ErrorType::Internal,
        _ => false,
    };
    if retry { SearchError::Unavailable(e.to_string()) } else { SearchError::Internal(e.to_string()) }
}

#[async_trait]
impl SearchIndex for MeiliIndex {
    fn backend(&self) -> &'static str {
        "meilisearch"
    }

    async fn prepare(&self) -> Result<(), SearchError> {
        for kind in Kind::ALL {
            let created = self.call(self.client.create_index(self.index_uid(kind), Some("id")));
            match self.wait(created.await?).await {
                Err(Failed(e)) if e.error_code == ErrorCode::IndexAlreadyExists => {}
                other => other?,
            }
            let task = self.call(self.index(kind).set_settings(&settings::settings(kind))).await?;
            self.wait(task).await?;
        }
        Ok(())
    }

    async fn upsert(&self, docs: Vec<Document>) -> Result<(), SearchError> {
        let mut by_kind: BTreeMap<Kind, Vec<serde_json::Value>> = BTreeMap::new();
        for doc in docs {
            let kind = doc.kind();
            let json = match doc {
                Document::Job(d) => serde_json::to_value(d),
                Document::Course(d) => serde_json::to_value(d),
                Document::Worker(d) => serde_json::to_value(d),
            };
            let json = json.map_err(|e| SearchError::Internal(e.to_string()))?;
            by_kind.entry(kind).or_default().push(json);
        }
        // Enqueue everything first: Meilisearch batches consecutive additions together.
        let mut tasks = Vec::new();
        for (kind, docs) in &by_kind {
            let index = self.index(*kind);
            for chunk in docs.chunks(BATCH) {
                tasks.push(self.call(index.add_or_replace(chunk, Some("id"))).await?);
            }
        }
        for task in tasks {
            self.wait(task).await?;
        }
        Ok(())
    }

    async fn delete(&self, kind: Kind, ids: &[Uuid]) -> Result<(), SearchError> {
        if ids.is_empty() {
            return Ok(());
        }
        let index = self.index(kind);
        let mut tasks = Vec::new();
        for chunk in ids.chunks(BATCH) {
            tasks.push(self.call(index.delete_documents(chunk)).await?);
        }
        for task in tasks {
            self.wait(task).await?;
        }
        Ok(())
    }

    async fn clear(&self, kind: Kind) -> Result<(), SearchError> {
        let task = self.call(self.index(kind).delete_all_documents()).await?;
        Ok(self.wait(task).await?)
    }

    async fn count(&self, kind: Kind) -> Result<u64, SearchError> {
        let stats = self.call(self.index(kind).get_stats()).await?;
        Ok(stats.number_of_documents as u64)
    }

    async fn fetch(&self, kind: Kind, ids: &[Uuid]) -> Result<Vec<Document>, SearchError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // One filtered search: `id IN [...]`, values quoted like every filter value.
        let list = ids.iter().map(|id| translate::quote(&id.to_string())).collect::<Vec<_>>().join(", ");
        let filter = format!("id IN [{list}]");
        let index = self.index(kind);
        let mut search = index.search();
        search.with_filter(&filter).with_limit(ids.len());
        let mut docs: Vec<Document> = match kind {
            Kind::Job => self
                .call(search.execute::<Found<JobDoc>>())
                .await?
                .hits
                .into_iter()
                .map(|h| Document::Job(h.result.doc))
                .collect(),
            Kind::Course => self
                .call(search.execute::<Found<CourseDoc>>())
                .await?
                .hits
                .into_iter()
                .map(|h| Document::Course(h.result.doc))
                .collect(),
            Kind::Worker => self
                .call(search.execute::<Found<WorkerDoc>>())
                .await?
                .hits
                .into_iter()
                .map(|h| Document::Worker(h.result.doc))
                .collect(),
        };
        docs.sort_by_key(|d| ids.iter().position(|i| *i == d.id()));
        Ok(docs)
    }

    async fn search(&self, query: &SearchQuery) -> Result<SearchResults, SearchError> {
        // `lean` is a permission, not a duty: Meilisearch returns whole documents.
        query.validate()?;
        match query.kind {
            Kind::Job => self.search_kind(query, Document::Job).await,
            Kind::Course => self.search_kind(query, Document::Course).await,
            Kind::Worker => self.search_kind(query, Document::Worker).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_urls_and_prefixes_are_refused() {
        assert!(MeiliIndex::new("127.0.0.1:7700", None, "t_").is_err());
        assert!(MeiliIndex::new("http://127.0.0.1:7700", None, "a b").is_err());
        let idx = MeiliIndex::new("http://127.0.0.1:7700/", Some("key"), "laowu_").unwrap();
        assert_eq!(idx.index_uid(Kind::Course), "laowu_courses");
        assert!(!format!("{idx:?}").contains("key"));
    }

    #[test]
    fn distances_are_great_circle_kilometres() {
        let erenhot = Near { lat: 43.65, lng: 111.98, radius_km: None };
        let xilinhot = GeoPoint { lat: 43.93, lng: 116.08 };
        let d = distance_km(erenhot, xilinhot);
        assert!((329.0..333.0).contains(&d), "{d}");
        assert!(distance_km(erenhot, GeoPoint { lat: 43.65, lng: 111.98 }).abs() < 1e-9);
    }

    /// Nothing listens on port 1: the call fails at once, as "unavailable".
    #[tokio::test]
    async fn a_server_that_is_down_fails_fast() {
        let idx = MeiliIndex::new("http://127.0.0.1:1", None, "t_").unwrap();
        let started = Instant::now();
        let err = idx.count(Kind::Job).await.unwrap_err();
        assert!(matches!(err, SearchError::Unavailable(_)), "{err:?}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    /// A socket that accepts connections and never answers: the deadline ends the call.
    #[tokio::test]
    async fn a_server_that_hangs_times_out() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let _accepting = tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((socket, _)) = listener.accept().await {
                held.push(socket);
            }
        });
        let idx = MeiliIndex::new(&url, None, "t_")
            .unwrap()
            .with_timeouts(Duration::from_millis(300), Duration::from_secs(1));
        let err = idx.search(&SearchQuery::new(Kind::Job)).await.unwrap_err();
        assert!(matches!(err, SearchError::Unavailable(_)), "{err:?}");
    }
}
