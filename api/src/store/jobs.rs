//! Job postings.

use chrono::{DateTime, NaiveDate, Utc};
use laowu_domain::job::JobStatus;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use super::corrupt;
use super::entities::jobs::{ActiveModel, Column, Entity, Model};

/// A posting as stored. Lists are JSON text in the database and typed here.
#[derive(Debug, Clone)]
pub struct JobRecord {
    pub id: Uuid,
    pub employer_id: Uuid,
    pub title: String,
    pub description: String,
    pub occupation_code: String,
    /// `[(occupation_code, min_level)]`
    pub required_skills: Vec<(String, u8)>,
    pub headcount: i32,
    pub openings_left: i32,
    pub pay_min: i64,
    pub pay_max: i64,
    pub pay_unit: String,
    pub pay_cycle: String,
    pub piece_daily_estimate: Option<i64>,
    pub daily_pay_min: i64,
    pub daily_pay_max: i64,
    pub work_type: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub lat: f64,
    pub lng: f64,
    pub region_code: String,
    pub address: String,
    pub housing: bool,
    pub meals: bool,
    pub social_insurance: bool,
    pub transport: bool,
    pub languages: Vec<String>,
    pub status: JobStatus,
    /// `[(code, term)]` from the posting screen, shown to the employer and the bureau.
    pub review_flags: Vec<(String, String)>,
    /// The bureau's note when it sent the posting back to draft.
    pub review_note: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    pub opened_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Bumped by every write; an update names the version it read (compare-and-set).
    pub version: i32,
}

impl TryFrom<Model> for JobRecord {
    type Error = DbErr;
    fn try_from(m: Model) -> Result<Self, DbErr> {
        let json = |what: &str, s: &str| corrupt(what, s);
        Ok(JobRecord {
            required_skills: serde_json::from_str(&m.required_skills)
                .map_err(|_| json("required skills", &m.required_skills))?,
            languages: serde_json::from_str(&m.languages).map_err(|_| json("languages", &m.languages))?,
            review_flags: match &m.review_flags {
                Some(f) => serde_json::from_str(f).map_err(|_| json("review flags", f))?,
                None => Vec::new(),
            },
            review_note: m.review_note,
            status: m.status.parse().map_err(|_| corrupt("job status", &m.status))?,
            id: m.id,
            employer_id: m.employer_id,
            title: m.title,
            description: m.description,
            occupation_code: m.occupation_code,
            headcount: m.headcount,
            openings_left: m.openings_left,
            pay_min: m.pay_min,
            pay_max: m.pay_max,
            pay_unit: m.pay_unit,
            pay_cycle: m.pay_cycle,
            piece_daily_estimate: m.piece_daily_estimate,
            daily_pay_min: m.daily_pay_min,
            daily_pay_max: m.daily_pay_max,
            work_type: m.work_type,
            start_date: m.start_date,
            end_date: m.end_date,
            lat: m.lat,
            lng: m.lng,
            region_code: m.region_code,
            address: m.address,
            housing: m.housing,
            meals: m.meals,
            social_insurance: m.social_insurance,
            transport: m.transport,
            expires_at: m.expires_at,
            opened_at: m.opened_at,
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        })
    }
}

fn active(r: &JobRecord) -> ActiveModel {
    ActiveModel {
        id: Set(r.id),
        employer_id: Set(r.employer_id),
        title: Set(r.title.clone()),
        description: Set(r.description.clone()),
        occupation_code: Set(r.occupation_code.clone()),
        required_skills: Set(serde_json::to_string(&r.required_skills).unwrap_or_else(|_| "[]".to_owned())),
        headcount: Set(r.headcount),
        openings_left: Set(r.openings_left),
        pay_min: Set(r.pay_min),
        pay_max: Set(r.pay_max),
        pay_unit: Set(r.pay_unit.clone()),
        pay_cycle: Set(r.pay_cycle.clone()),
        piece_daily_estimate: Set(r.piece_daily_estimate),
        daily_pay_min: Set(r.daily_pay_min),
        daily_pay_max: Set(r.daily_pay_max),
        work_type: Set(r.work_type.clone()),
        start_date: Set(r.start_date),
        end_date: Set(r.end_date),
        lat: Set(r.lat),
        lng: Set(r.lng),
        region_code: Set(r.region_code.clone()),
        address: Set(r.address.clone()),
        housing: Set(r.housing),
        meals: Set(r.meals),
        social_insurance: Set(r.social_insurance),
        transport: Set(r.transport),
        languages: Set(serde_json::to_string(&r.languages).unwrap_or_else(|_| "[]".to_owned())),
        status: Set(r.status.as_str().to_owned()),
        review_flags: Set(if r.review_flags.is_empty() {
            None
        } else {
            serde_json::to_string(&r.review_flags).ok()
        }),
        review_note: Set(r.review_note.clone()),
        expires_at: Set(r.expires_at),
        opened_at: Set(r.opened_at),
        created_at: Set(r.created_at),
        updated_at: Set(r.updated_at),
        version: Set(r.version),
    }
}

pub async fn insert(db: &impl ConnectionTrait, r: &JobRecord) -> Result<(), DbErr> {
    Entity::insert(active(r)).exec_without_returning(db).await?;
    Ok(())
}

/// Saves the record if the stored posting is still at `r.version` (and then bumps it);
/// `false` when someone else changed it since it was read.
pub async fn save(db: &impl ConnectionTrait, r: &mut JobRecord) -> Result<bool, DbErr> {
    let mut model = active(r);
    model.version = Set(r.version + 1);
    let saved = super::update_at_version(db, model, Column::Id, r.id, Column::Version, r.version).await?;
    if saved {
        r.version += 1;
    }
    Ok(saved)
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<JobRecord>, DbErr> {
    Entity::find_by_id(id).one(db).await?.map(JobRecord::try_from).transpose()
}

/// As [`find`], locking the row until the transaction `db` ends (PostgreSQL: `FOR
/// UPDATE`; SQLite's write transaction holds the whole database already), so a writer
/// decides on what it will overwrite.
pub async fn find_for_update(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<JobRecord>, DbErr> {
    Entity::find_by_id(id).lock_exclusive().one(db).await?.map(JobRecord::try_from).transpose()
}

/// The postings with these ids (missing ones are left out), in id order.
pub async fn find_many(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<Vec<JobRecord>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Entity::find()
        .filter(Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(JobRecord::try_from)
        .collect()
}

/// Every posting in id order, `limit` at a time after `after` (for rebuilding the index
/// without holding the table in memory).
pub async fn page_all(
    db: &impl ConnectionTrait,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<JobRecord>, DbErr> {
    let mut q = Entity::find();
    if let Some(a) = after {
        q = q.filter(Column::Id.gt(a));
    }
    q.order_by_asc(Column::Id).limit(limit).all(db).await?.into_iter().map(JobRecord::try_from).collect()
}

/// Takes one opening of an open posting, atomically; `false` when none is left.
pub async fn take_opening(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let res = Entity::update_many()
        .col_expr(Column::OpeningsLeft, Expr::col(Column::OpeningsLeft).sub(1))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .filter(Column::Id.eq(id))
        .filter(Column::OpeningsLeft.gt(0))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Ok(false);
    }
    // The last hire fills the posting.
    Entity::update_many()
        .col_expr(Column::Status, Expr::value(JobStatus::Filled.as_str()))
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .filter(Column::Id.eq(id))
        .filter(Column::OpeningsLeft.lte(0))
        .exec(db)
        .await?;
    Ok(true)
}

/// What the public list of open postings can be narrowed by.
#[derive(Debug, Default, Clone)]
pub struct JobFilter {
    /// A classification code: the occupation itself or every occupation under it.
    pub occupation: Option<String>,
    /// Region codes to include (a region and the ones under it).
    pub regions: Option<Vec<String>>,
    pub work_type: Option<String>,
    /// Lowest acceptable daily-equivalent pay, fen: postings whose top pay reaches it.
    pub min_daily_pay: Option<i64>,
    pub housing: Option<bool>,
    pub meals: Option<bool>,
}

/// The posting's employer is verified: a primary-key lookup per posting read (not a scan
/// of every verified organisation per query, as `IN (SELECT …)` plans on SQLite).
fn employer_verified() -> sea_orm::sea_query::SimpleExpr {
    use sea_orm::sea_query::Query;

    use super::entities::organizations::{Column as Org, Entity as Organizations};
    Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from(Organizations)
            .and_where(Expr::col((Organizations, Org::Id)).equals((Entity, Column::EmployerId)))
            .and_where(
                Expr::col((Organizations, Org::Status))
                    .eq(laowu_domain::organization::OrgStatus::Verified.as_str()),
            )
            .to_owned(),
    )
}

/// Refreshes the query planner's statistics of the tables the public lists read, after a
/// bulk load (the demo data): PostgreSQL otherwise plans the first minutes' list queries
/// from empty-table estimates (a nested loop reading every open posting per request).
pub async fn refresh_statistics(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    for table in ["jobs", "organizations", "courses"] {
        db.execute_unprepared(&format!("ANALYZE {table}")).await?;
    }
    Ok(())
}

/// Open, unexpired postings, newest first, `limit + 1` rows from after `after`.
pub async fn list_open(
    db: &impl ConnectionTrait,
    f: &JobFilter,
    now: DateTime<Utc>,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<JobRecord>, DbErr> {
    let mut q = Entity::find()
        .filter(Column::Status.eq(JobStatus::Open.as_str()))
        .filter(employer_verified())
        .filter(Condition::any().add(Column::ExpiresAt.is_null()).add(Column::ExpiresAt.gt(now)));
    if let Some(code) = &f.occupation {
        q = q.filter(
            Condition::any()
                .add(Column::OccupationCode.eq(code.as_str()))
                .add(Column::OccupationCode.starts_with(format!("{code}-"))),
        );
    }
    if let Some(regions) = &f.regions {
        q = q.filter(Column::RegionCode.is_in(regions.iter().cloned()));
    }
    if let Some(w) = &f.work_type {
        q = q.filter(Column::WorkType.eq(w.as_str()));
    }
    if let Some(p) = f.min_daily_pay {
        q = q.filter(Column::DailyPayMax.gte(p));
    }
    if let Some(h) = f.housing {
        q = q.filter(Column::Housing.eq(h));
    }
    if let Some(m) = f.meals {
        q = q.filter(Column::Meals.eq(m));
    }
    super::newest_first(q, Column::Id, after, limit)
        .all(db)
        .await?
        .into_iter()
        .map(JobRecord::try_from)
        .collect()
}

/// The names of these employer organisations, by id, in one query (for a page of postings).
pub async fn employer_names(
    db: &impl ConnectionTrait,
    employers: &[Uuid],
) -> Result<std::collections::HashMap<Uuid, String>, DbErr> {
    use super::entities::organizations::{Column as Org, Entity as Organizations};
    if employers.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(Uuid, String)> = Organizations::find()
        .select_only()
        .column(Org::Id)
        .column(Org::Name)
        .filter(Org::Id.is_in(employers.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// An employer's postings in every status, newest first.
pub async fn list_for_employer(
    db: &impl ConnectionTrait,
    employer: Uuid,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<JobRecord>, DbErr> {
    let q = Entity::find().filter(Column::EmployerId.eq(employer));
    super::newest_first(q, Column::Id, after, limit)
        .all(db)
        .await?
        .into_iter()
        .map(JobRecord::try_from)
        .collect()
}

/// Postings in one status (the bureau's review queue), oldest first.
pub async fn list_by_status(
    db: &impl ConnectionTrait,
    status: JobStatus,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<JobRecord>, DbErr> {
    let q = Entity::find().filter(Column::Status.eq(status.as_str()));
    super::oldest_first(q, Column::Id, after, limit)
        .all(db)
        .await?
        .into_iter()
        .map(JobRecord::try_from)
        .collect()
}

/// Marks open postings past their expiry as expired; returns their ids.
pub async fn expire_due(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Vec<Uuid>, DbErr> {
    let due: Vec<Uuid> = Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(Column::Status.eq(JobStatus::Open.as_str()))
        .filter(Column::ExpiresAt.lte(now))
        .into_tuple()
        .all(db)
        .await?;
    if due.is_empty() {
        return Ok(due);
    }
    Entity::update_many()
        .col_expr(Column::Status, Expr::value(JobStatus::Expired.as_str()))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .filter(Column::Id.is_in(due.iter().copied()))
        .filter(Column::Status.eq(JobStatus::Open.as_str()))
        .exec(db)
        .await?;
    Ok(due)
}
