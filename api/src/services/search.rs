//! Public search over postings and courses: request parameters checked and turned into an
//! index query; results rendered from the index's documents.

use chrono::{DateTime, Utc};
use laowu_domain::geo::GeoPoint;
use laowu_domain::pay::{Money, PayUnit, WageFloor};
use laowu_domain::work::WorkType;
use laowu_search::doc::code_path;
use laowu_search::{Condition, Document, Field, Kind, Near, SearchError, SearchQuery, SearchResults, Sort};

use crate::dto::jobs::check_listing_filters;
use crate::dto::search::{
    CourseCard, CourseSearchParams, GeoParams, JobCard, JobSearchParams, SearchHit, SearchPage, SearchPaging,
    day_of_date,
};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::state::AppState;

/// The most results one page returns.
pub const MAX_PAGE: usize = 100;
/// The longest text query, in characters.
pub const MAX_TEXT: usize = 100;
/// The largest radius, km.
pub const MAX_RADIUS_KM: f64 = 500.0;

/// A search engine failure as the API reports it: an outage is a 503 the client may retry.
pub fn search_failed(e: SearchError) -> ApiError {
    match e {
        SearchError::Unavailable(_) => {
            tracing::warn!(error = %e, "search engine unavailable");
            ApiError::SearchUnavailable
        }
        SearchError::InvalidQuery(m) => {
            ApiError::internal(anyhow::anyhow!("the API built an invalid query: {m}"))
        }
        SearchError::Internal(m) => ApiError::internal(anyhow::anyhow!("search engine: {m}")),
    }
}

/// Collects parameter errors while a query is built.
#[derive(Default)]
struct Builder {
    errors: Vec<FieldError>,
}

impl Builder {
    fn err(&mut self, name: &str, code: &'static str) {
        self.errors.push(FieldError::parameter(name, code));
    }

    fn text(&mut self, q: Option<String>) -> Option<String> {
        let q = q.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())?;
        if q.chars().count() > MAX_TEXT {
            self.err("q", "search_text_too_long");
        }
        Some(q)
    }

    /// `occupation` and `region` as path conditions.
    fn codes(&mut self, occupation: Option<&str>, region: Option<&str>, out: &mut Vec<Condition>) {
        self.errors.extend(check_listing_filters(occupation, region));
        if let Some(o) = occupation {
            out.push(Condition::AnyOf(Field::OccupationPath, vec![o.to_owned()]));
        }
        if let Some(r) = region {
            let last = code_path(r).pop().unwrap_or_else(|| r.to_owned());
            out.push(Condition::AnyOf(Field::RegionPath, vec![last]));
        }
    }

    /// A comma-separated list whose items must each parse.
    fn list<T>(
        &mut self,
        name: &str,
        raw: Option<&str>,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<Vec<T>> {
        let raw = raw?;
        let mut out = Vec::new();
        for item in raw.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match parse(item) {
                Some(v) => out.push(v),
                None => {
                    self.err(name, "search_value_unknown");
                    return None;
                }
            }
        }
        Some(out)
    }

    fn near(&mut self, geo: &GeoParams) -> Option<Near> {
        let point = match (geo.lat, geo.lng) {
            (Some(lat), Some(lng)) => match GeoPoint::new(lat, lng) {
                Ok(p) => Some(p),
                Err(e) => {
                    self.err(if lat.abs() > 90.0 { "lat" } else { "lng" }, laowu_domain::Coded::code(&e));
                    None
                }
            },
            (None, None) => None,
            (Some(_), None) => {
                self.err("lng", "search_point_incomplete");
                None
            }
            (None, Some(_)) => {
                self.err("lat", "search_point_incomplete");
                None
            }
        };
        if let Some(r) = geo.radius_km {
            if !(r.is_finite() && r > 0.0 && r <= MAX_RADIUS_KM) {
                self.err("radius_km", "search_radius_out_of_range");
            } else if point.is_none() && geo.lat.is_none() && geo.lng.is_none() {
                self.err("radius_km", "search_radius_needs_point");
            }
        }
        point.map(|p| Near {
            lat: p.lat(),
            lng: p.lng(),
            radius_km: geo.radius_km.filter(|r| r.is_finite() && *r > 0.0 && *r <= MAX_RADIUS_KM),
        })
    }

    fn paging(
        &mut self,
        p: &SearchPaging,
        kind: Kind,
        near: bool,
        facets: &[(&str, Field)],
        q: &mut SearchQuery,
    ) {
        q.sort = match p.sort.as_deref() {
            None | Some("relevance") => Sort::Relevance,
            Some("pay") => Sort::Pay,
            Some("newest") => Sort::Newest,
            Some("distance") if near => Sort::Distance,
            Some("distance") => {
                self.err("sort", "search_sort_needs_point");
                Sort::Relevance
            }
            Some(_) => {
                self.err("sort", "search_value_unknown");
                Sort::Relevance
            }
        };
        let wanted = self.list("facets", p.facets.as_deref(), |f| {
            facets.iter().find(|(name, _)| *name == f).map(|(_, field)| *field)
        });
        q.facets = wanted.unwrap_or_default();
        q.facets.dedup();
        q.limit = p.limit.unwrap_or(20);
        if q.limit == 0 || q.limit > MAX_PAGE {
            self.err("limit", "search_limit_out_of_range");
        }
        q.offset = p.offset.unwrap_or(0);
        if q.offset > laowu_search::query::MAX_OFFSET {
            self.err("offset", "search_offset_out_of_range");
        }
        debug_assert_eq!(q.kind, kind);
    }

    fn finish(self, q: SearchQuery) -> ApiResult<SearchQuery> {
        if self.errors.is_empty() { Ok(q) } else { Err(ApiError::Validation(self.errors)) }
    }
}

/// Facets a job search can count, by their parameter names.
const JOB_FACETS: &[(&str, Field)] = &[
    ("work_type", Field::WorkType),
    ("housing", Field::Housing),
    ("meals", Field::Meals),
    ("social_insurance", Field::SocialInsurance),
    ("transport", Field::Transport),
    ("region", Field::RegionPath),
    ("occupation", Field::OccupationPath),
    ("languages", Field::Languages),
];

const COURSE_FACETS: &[(&str, Field)] = &[
    ("mode", Field::Mode),
    ("subsidised", Field::SubsidyEligible),
    ("region", Field::RegionPath),
    ("occupation", Field::OccupationPath),
];

pub fn job_query(
    p: JobSearchParams,
    geo: &GeoParams,
    paging: &SearchPaging,
    now: DateTime<Utc>,
) -> ApiResult<SearchQuery> {
    let mut b = Builder::default();
    let mut q = SearchQuery::new(Kind::Job);
    q.text = b.text(p.q);
    // Only open postings are indexed; expiry is tested because the sweep that closes
    // expired postings runs hourly.
    let mut f = vec![Condition::AtLeast(Field::ExpiresAt, now.timestamp())];
    b.codes(p.occupation.as_deref(), p.region.as_deref(), &mut f);
    if let Some(types) = b.list("work_type", p.work_type.as_deref(), |w| w.parse::<WorkType>().ok()) {
        f.push(Condition::AnyOf(Field::WorkType, types.iter().map(|w| w.as_str().to_owned()).collect()));
    }
    let unit = match p.pay_unit.as_deref() {
        None => Some(PayUnit::Day),
        Some(u) => u.parse::<PayUnit>().ok().or_else(|| {
            b.err("pay_unit", "search_value_unknown");
            None
        }),
    };
    if let (Some(raw), Some(unit)) = (p.min_pay.as_deref(), unit) {
        match Money::parse(raw)
            .map_err(|e| laowu_domain::Coded::code(&e))
            .and_then(|m| WageFloor::new(m, unit).map_err(|e| laowu_domain::Coded::code(&e)))
        {
            Ok(floor) => f.push(Condition::AtLeast(Field::DailyPayMax, floor.daily_equivalent())),
            Err(code) => b.err("min_pay", code),
        }
    }
    if p.housing == Some(true) {
        f.push(Condition::Is(Field::Housing, true));
    }
    if p.meals == Some(true) {
        f.push(Condition::Is(Field::Meals, true));
    }
    if let Some(d) = p.starts_by {
        f.push(Condition::AtMost(Field::StartDay, day_of_date(d)));
    }
    if let Some(d) = p.available_until {
        f.push(Condition::AtLeast(Field::EndDay, day_of_date(d)));
    }
    q.filter = f;
    q.near = b.near(geo);
    b.paging(paging, Kind::Job, q.near.is_some(), JOB_FACETS, &mut q);
    b.finish(q)
}

pub fn course_query(p: CourseSearchParams, geo: &GeoParams, paging: &SearchPaging) -> ApiResult<SearchQuery> {
    let mut b = Builder::default();
    let mut q = SearchQuery::new(Kind::Course);
    q.text = b.text(p.q);
    let mut f = vec![Condition::AnyOf(Field::Status, vec!["open".into()])];
    b.codes(p.occupation.as_deref(), p.region.as_deref(), &mut f);
    if let Some(modes) = b.list("mode", p.mode.as_deref(), |m| {
        m.parse::<laowu_domain::course::CourseMode>().ok().map(|m| m.as_str().to_owned())
    }) {
        f.push(Condition::AnyOf(Field::Mode, modes));
    }
    if p.subsidised == Some(true) {
        f.push(Condition::Is(Field::SubsidyEligible, true));
    }
    if let Some(d) = p.starts_after {
        f.push(Condition::AtLeast(Field::StartDay, day_of_date(d)));
    }
    q.filter = f;
    q.near = b.near(geo);
    b.paging(paging, Kind::Course, q.near.is_some(), COURSE_FACETS, &mut q);
    b.finish(q)
}

/// Runs a query and renders its hits with `card`; facet keys are the parameter names.
pub async fn run<T>(
    state: &AppState,
    q: &SearchQuery,
    card: impl Fn(Document) -> Option<T>,
) -> ApiResult<SearchPage<T>> {
    let names: &[(&str, Field)] = if q.kind == Kind::Job { JOB_FACETS } else { COURSE_FACETS };
    let SearchResults { total, hits, facets } = state.search.search(q).await.map_err(search_failed)?;
    Ok(SearchPage {
        total,
        offset: q.offset,
        limit: q.limit,
        items: hits
            .into_iter()
            .filter_map(|h| Some(SearchHit { distance_km: h.distance_km.map(round_km), item: card(h.doc)? }))
            .collect(),
        facets: facets
            .into_iter()
            .filter_map(|(field, counts)| {
                names.iter().find(|(_, f)| *f == field).map(|(name, _)| ((*name).to_owned(), counts))
            })
            .collect(),
    })
}

/// Distances to 0.1 km: finer would pretend a precision the locations do not have.
pub fn round_km(km: f64) -> f64 {
    (km * 10.0).round() / 10.0
}

pub async fn jobs(
    state: &AppState,
    p: JobSearchParams,
    geo: GeoParams,
    paging: SearchPaging,
) -> ApiResult<SearchPage<JobCard>> {
    let q = job_query(p, &geo, &paging, Utc::now())?;
    run(state, &q, |d| match d {
        Document::Job(j) => Some(JobCard::new(j)),
        _ => None,
    })
    .await
}

pub async fn courses(
    state: &AppState,
    p: CourseSearchParams,
    geo: GeoParams,
    paging: SearchPaging,
) -> ApiResult<SearchPage<CourseCard>> {
    let q = course_query(p, &geo, &paging)?;
    run(state, &q, |d| match d {
        Document::Course(c) => Some(CourseCard::new(c)),
        _ => None,
    })
    .await
}
