//! Queries and their results, in terms every backend can answer the same way.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::doc::{Document, Kind};

/// A filterable attribute. Which fields a kind has is in [`Field::applies_to`]; a query
/// naming a field its kind lacks is an [`crate::SearchError::InvalidQuery`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    // Keywords (tested with `AnyOf`).
    OccupationPath,
    SkillPath,
    RegionPath,
    WorkType,
    WorkTypes,
    Languages,
    Status,
    Mode,
    EmployerId,
    SchoolId,
    // Booleans (tested with `Is`).
    Housing,
    Meals,
    SocialInsurance,
    Transport,
    SubsidyEligible,
    WantsTraining,
    OpenToAll,
    // Numbers (tested with `AtLeast` / `AtMost`).
    DailyPayMin,
    DailyPayMax,
    OpeningsLeft,
    StartDay,
    EndDay,
    OpenedAt,
    ExpiresAt,
    TargetLevel,
    Fee,
    SubsidyAmount,
    SeatsLeft,
    MinDailyWage,
    AvailableDay,
    UpdatedAt,
}

/// What sort of value a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Keyword,
    Bool,
    Number,
}

impl Field {
    /// The attribute name, as in the documents' JSON.
    pub fn name(self) -> &'static str {
        match self {
            Field::OccupationPath => "occupation_path",
            Field::SkillPath => "skill_path",
            Field::RegionPath => "region_path",
            Field::WorkType => "work_type",
            Field::WorkTypes => "work_types",
            Field::Languages => "languages",
            Field::Status => "status",
            Field::Mode => "mode",
            Field::EmployerId => "employer_id",
            Field::SchoolId => "school_id",
            Field::Housing => "housing",
            Field::Meals => "meals",
            Field::SocialInsurance => "social_insurance",
            Field::Transport => "transport",
            Field::SubsidyEligible => "subsidy_eligible",
            Field::WantsTraining => "wants_training",
            Field::OpenToAll => "open_to_all",
            Field::DailyPayMin => "daily_pay_min",
            Field::DailyPayMax => "daily_pay_max",
            Field::OpeningsLeft => "openings_left",
            Field::StartDay => "start_day",
            Field::EndDay => "end_day",
            Field::OpenedAt => "opened_at",
            Field::ExpiresAt => "expires_at",
            Field::TargetLevel => "target_level",
            Field::Fee => "fee",
            Field::SubsidyAmount => "subsidy_amount",
            Field::SeatsLeft => "seats_left",
            Field::MinDailyWage => "min_daily_wage",
            Field::AvailableDay => "available_day",
            Field::UpdatedAt => "updated_at",
        }
    }

    pub fn field_type(self) -> FieldType {
        use Field::*;
        match self {
            OccupationPath | SkillPath | RegionPath | WorkType | WorkTypes | Languages | Status | Mode
            | EmployerId | SchoolId => FieldType::Keyword,
            Housing | Meals | SocialInsurance | Transport | SubsidyEligible | WantsTraining | OpenToAll => {
                FieldType::Bool
            }
            _ => FieldType::Number,
        }
    }

    /// The fields each kind of document has.
    pub fn of(kind: Kind) -> &'static [Field] {
        use Field::*;
        match kind {
            Kind::Job => &[
                OccupationPath,
                SkillPath,
                RegionPath,
                WorkType,
                Languages,
                Status,
                EmployerId,
                Housing,
                Meals,
                SocialInsurance,
                Transport,
                OpenToAll,
                DailyPayMin,
                DailyPayMax,
                OpeningsLeft,
                StartDay,
                EndDay,
                OpenedAt,
                ExpiresAt,
            ],
            Kind::Course => &[
                OccupationPath,
                RegionPath,
                Status,
                Mode,
                SchoolId,
                SubsidyEligible,
                TargetLevel,
                Fee,
                SubsidyAmount,
                SeatsLeft,
                StartDay,
                EndDay,
                UpdatedAt,
            ],
            Kind::Worker => &[
                SkillPath,
                RegionPath,
                WorkTypes,
                Languages,
                WantsTraining,
                MinDailyWage,
                AvailableDay,
                UpdatedAt,
            ],
        }
    }

    pub fn applies_to(self, kind: Kind) -> bool {
        Field::of(kind).contains(&self)
    }
}

/// One test a document must pass. A filter is a list of conditions, all of which hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// The keyword field has (one of its values equal to) one of these values. An empty
    /// list matches nothing.
    AnyOf(Field, Vec<String>),
    /// The boolean field has this value.
    Is(Field, bool),
    /// The number field is at least this.
    AtLeast(Field, i64),
    /// The number field is at most this.
    AtMost(Field, i64),
}

impl Condition {
    pub fn field(&self) -> Field {
        match self {
            Condition::AnyOf(f, _)
            | Condition::Is(f, _)
            | Condition::AtLeast(f, _)
            | Condition::AtMost(f, _) => *f,
        }
    }
}

/// A point and, optionally, how far from it a document may be.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Near {
    pub lat: f64,
    pub lng: f64,
    /// Documents farther than this are left out; without it, every document is kept and
    /// only distances are reported (documents without a location come last when sorting
    /// by distance).
    pub radius_km: Option<f64>,
}

/// Result order. Ties are broken by id, so equal queries give equal pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best text match first; without text, the same as [`Sort::Newest`].
    #[default]
    Relevance,
    /// Nearest first (needs [`SearchQuery::near`]).
    Distance,
    /// Best paid first: jobs by `daily_pay_max`, courses by subsidy, workers by lowest
    /// wage asked.
    Pay,
    /// Most recently opened (jobs) or updated (courses, workers) first.
    Newest,
}

/// A facet: a keyword or boolean field whose values are counted over all matches.
pub type Facet = Field;

/// A query against one kind of document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchQuery {
    pub kind: Kind,
    /// Free text (Chinese or not); empty or `None` matches every document.
    pub text: Option<String>,
    pub filter: Vec<Condition>,
    pub near: Option<Near>,
    pub sort: Sort,
    pub facets: Vec<Facet>,
    pub offset: usize,
    pub limit: usize,
    /// Hits need only what matching uses: a backend may return job documents with their
    /// text fields (title, description, names, address), display pay, employer id, region
    /// and skill path left empty, which
    /// makes large candidate pools cheap. Fetch the full documents of the few you show
    /// with [`crate::SearchIndex::fetch`]. A lean nearest-first query may also report as
    /// `total` only the matches it had to look at (at least the hits it returns).
    #[serde(default)]
    pub lean: bool,
}

impl SearchQuery {
    /// Every document of `kind`, newest first, first page of 20.
    pub fn new(kind: Kind) -> SearchQuery {
        SearchQuery {
            kind,
            text: None,
            filter: Vec::new(),
            near: None,
            sort: Sort::Relevance,
            facets: Vec::new(),
            offset: 0,
            limit: 20,
            lean: false,
        }
    }

    /// The text, trimmed, when there is any.
    pub fn text(&self) -> Option<&str> {
        self.text.as_deref().map(str::trim).filter(|t| !t.is_empty())
    }

    /// Checks the query against its kind's fields: each backend calls this first, so an
    /// invalid query fails the same way everywhere.
    pub fn validate(&self) -> Result<(), crate::SearchError> {
        let bad = |m: String| Err(crate::SearchError::InvalidQuery(m));
        for c in &self.filter {
            let f = c.field();
            if !f.applies_to(self.kind) {
                return bad(format!("{} has no field {}", self.kind.index_name(), f.name()));
            }
            let ok = matches!(
                (c, f.field_type()),
                (Condition::AnyOf(..), FieldType::Keyword)
                    | (Condition::Is(..), FieldType::Bool)
                    | (Condition::AtLeast(..) | Condition::AtMost(..), FieldType::Number)
            );
            if !ok {
                return bad(format!("{} cannot be tested that way", f.name()));
            }
        }
        for f in &self.facets {
            if !f.applies_to(self.kind) || f.field_type() == FieldType::Number {
                return bad(format!("{} is not a facet of {}", f.name(), self.kind.index_name()));
            }
        }
        if self.sort == Sort::Distance && self.near.is_none() {
            return bad("sorting by distance needs a point".into());
        }
        if let Some(n) = self.near {
            let finite = n.lat.is_finite() && n.lng.is_finite();
            if !finite || n.lat.abs() > 90.0 || n.lng.abs() > 180.0 {
                return bad("the point is not on Earth".into());
            }
            if n.radius_km.is_some_and(|r| !(r.is_finite() && r > 0.0)) {
                return bad("the radius must be a positive number of kilometres".into());
            }
        }
        if self.limit == 0 || self.limit > MAX_LIMIT {
            return bad(format!("limit must be 1..={MAX_LIMIT}"));
        }
        if self.offset > MAX_OFFSET {
            return bad(format!("offset must be at most {MAX_OFFSET}"));
        }
        Ok(())
    }
}

/// The most hits one query returns.
pub const MAX_LIMIT: usize = 1000;
/// The deepest page: beyond it, refine the query (Meilisearch's default `maxTotalHits` is 1000;
/// we raise it to this).
pub const MAX_OFFSET: usize = 10_000;

/// One match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub id: Uuid,
    /// Kilometres from [`SearchQuery::near`], when a point was given and the document has
    /// a location.
    pub distance_km: Option<f64>,
    pub doc: Document,
}

/// A page of matches.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SearchResults {
    /// How many documents match in all (exact up to [`MAX_OFFSET`] + [`MAX_LIMIT`]; an
    /// engine may stop counting beyond).
    pub total: u64,
    pub hits: Vec<Hit>,
    /// For each requested facet, value → number of matching documents.
    pub facets: BTreeMap<Field, BTreeMap<String, u64>>,
}
