//! Training courses.
//!
//! `seats_taken` and `status` are never written from a record read earlier: seats move
//! only through the conditional updates [`take_seat`] and [`release_seat`], and status only
//! through the compare-and-set [`set_status`], so concurrent enrolments, edits and status
//! changes cannot overwrite each other.

use chrono::{DateTime, NaiveDate, Utc};
use laowu_domain::course::{CourseMode, CourseStatus};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::corrupt;
use super::entities::courses::{ActiveModel, Column, Entity, Model};

/// A course as stored. Money is fen.
#[derive(Debug, Clone)]
pub struct CourseRecord {
    pub id: Uuid,
    pub school_id: Uuid,
    pub title: String,
    pub description: String,
    pub occupation_code: String,
    /// 1–5, see `SkillLevel`.
    pub target_level: u8,
    pub hours: i32,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub schedule: String,
    pub lat: f64,
    pub lng: f64,
    pub region_code: String,
    pub address: String,
    pub fee: i64,
    pub subsidy_eligible: bool,
    pub subsidy_amount: i64,
    pub capacity: i32,
    pub seats_taken: i32,
    pub certificate: String,
    pub mode: CourseMode,
    pub ordering_employer_id: Option<Uuid>,
    pub status: CourseStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Bumped by every write; an update names the version it read (compare-and-set).
    pub version: i32,
}

impl TryFrom<Model> for CourseRecord {
    type Error = DbErr;
    fn try_from(m: Model) -> Result<Self, DbErr> {
        Ok(CourseRecord {
            target_level: u8::try_from(m.target_level)
                .map_err(|_| corrupt("course level", &m.target_level.to_string()))?,
            mode: m.mode.parse().map_err(|_| corrupt("course mode", &m.mode))?,
            status: m.status.parse().map_err(|_| corrupt("course status", &m.status))?,
            id: m.id,
            school_id: m.school_id,
            title: m.title,
            description: m.description,
            occupation_code: m.occupation_code,
            hours: m.hours,
            start_date: m.start_date,
            end_date: m.end_date,
            schedule: m.schedule,
            lat: m.lat,
            lng: m.lng,
            region_code: m.region_code,
            address: m.address,
            fee: m.fee,
            subsidy_eligible: m.subsidy_eligible,
            subsidy_amount: m.subsidy_amount,
            capacity: m.capacity,
            seats_taken: m.seats_taken,
            certificate: m.certificate,
            ordering_employer_id: m.ordering_employer_id,
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        })
    }
}

/// Every column the school edits (not the id, owner, status, seats taken or creation time).
fn editable(r: &CourseRecord) -> ActiveModel {
    ActiveModel {
        id: NotSet,
        school_id: NotSet,
        title: Set(r.title.clone()),
        description: Set(r.description.clone()),
        occupation_code: Set(r.occupation_code.clone()),
        target_level: Set(i16::from(r.target_level)),
        hours: Set(r.hours),
        start_date: Set(r.start_date),
        end_date: Set(r.end_date),
        schedule: Set(r.schedule.clone()),
        lat: Set(r.lat),
        lng: Set(r.lng),
        region_code: Set(r.region_code.clone()),
        address: Set(r.address.clone()),
        fee: Set(r.fee),
        subsidy_eligible: Set(r.subsidy_eligible),
        subsidy_amount: Set(r.subsidy_amount),
        capacity: Set(r.capacity),
        seats_taken: NotSet,
        certificate: Set(r.certificate.clone()),
        mode: Set(r.mode.as_str().to_owned()),
        ordering_employer_id: Set(r.ordering_employer_id),
        status: NotSet,
        created_at: NotSet,
        updated_at: Set(r.updated_at),
        // Set by the compare-and-set itself.
        version: NotSet,
    }
}

pub async fn insert(db: &impl ConnectionTrait, r: &CourseRecord) -> Result<(), DbErr> {
    let mut model = editable(r);
    model.id = Set(r.id);
    model.school_id = Set(r.school_id);
    model.seats_taken = Set(r.seats_taken);
    model.status = Set(r.status.as_str().to_owned());
    model.created_at = Set(r.created_at);
    model.version = Set(r.version);
    Entity::insert(model).exec_without_returning(db).await?;
    Ok(())
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<CourseRecord>, DbErr> {
    Entity::find_by_id(id).one(db).await?.map(CourseRecord::try_from).transpose()
}

/// As [`find`], locking the row until the transaction `db` ends (PostgreSQL: `FOR
/// UPDATE`; SQLite's write transaction holds the whole database already), so a writer
/// decides on what it will overwrite.
pub async fn find_for_update(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<CourseRecord>, DbErr> {
    Entity::find_by_id(id).lock_exclusive().one(db).await?.map(CourseRecord::try_from).transpose()
}

/// The courses with these ids (missing ones are left out), in id order.
pub async fn find_many(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<Vec<CourseRecord>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Entity::find()
        .filter(Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(CourseRecord::try_from)
        .collect()
}

/// Every course in id order, `limit` at a time after `after`.
pub async fn page_all(
    db: &impl ConnectionTrait,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<CourseRecord>, DbErr> {
    let mut q = Entity::find();
    if let Some(a) = after {
        q = q.filter(Column::Id.gt(a));
    }
    q.order_by_asc(Column::Id).limit(limit).all(db).await?.into_iter().map(CourseRecord::try_from).collect()
}

/// Why a course's edits were not saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotSaved {
    /// Someone changed the course since it was read (an enrolment, a status change, an
    /// edit): read it again.
    Stale,
    /// The new capacity is below the seats taken.
    CapacityBelowTaken,
}

/// Saves the school's edits (never the status or the seats taken) if the course is still
/// at `r.version` (then bumped) and the new capacity holds its enrolments.
pub async fn save_fields(
    db: &impl ConnectionTrait,
    r: &mut CourseRecord,
) -> Result<Result<(), NotSaved>, DbErr> {
    let res = Entity::update_many()
        .set(editable(r))
        .col_expr(Column::Version, Expr::value(r.version + 1))
        .filter(Column::Id.eq(r.id))
        .filter(Column::Version.eq(r.version))
        .filter(Column::SeatsTaken.lte(r.capacity))
        .exec(db)
        .await?;
    if res.rows_affected == 1 {
        r.version += 1;
        return Ok(Ok(()));
    }
    let moved = find(db, r.id).await?.is_none_or(|now| now.version != r.version);
    Ok(Err(if moved { NotSaved::Stale } else { NotSaved::CapacityBelowTaken }))
}

/// Moves the course from `from` to `to`; `false` when it was no longer in `from`.
pub async fn set_status(
    db: &impl ConnectionTrait,
    id: Uuid,
    from: CourseStatus,
    to: CourseStatus,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let res = Entity::update_many()
        .col_expr(Column::Status, Expr::value(to.as_str()))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .filter(Column::Id.eq(id))
        .filter(Column::Status.eq(from.as_str()))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Takes one seat of an open course in a single conditional statement; `false` when the
/// course is full or not open. Run it first in its transaction, so that on SQLite the
/// transaction starts by taking the write lock.
pub async fn take_seat(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let res = Entity::update_many()
        .col_expr(Column::SeatsTaken, Expr::col(Column::SeatsTaken).add(1))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .filter(Column::Id.eq(id))
        .filter(Column::Status.eq(CourseStatus::Open.as_str()))
        .filter(Expr::col(Column::SeatsTaken).lt(Expr::col(Column::Capacity)))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Gives a seat back.
pub async fn release_seat(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<(), DbErr> {
    Entity::update_many()
        .col_expr(Column::SeatsTaken, Expr::col(Column::SeatsTaken).sub(1))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .filter(Column::Id.eq(id))
        .filter(Column::SeatsTaken.gt(0))
        .exec(db)
        .await?;
    Ok(())
}

/// What the public list of open courses can be narrowed by.
#[derive(Debug, Default, Clone)]
pub struct CourseFilter {
    /// A classification code: the occupation itself or every occupation under it.
    pub occupation: Option<String>,
    /// Region codes to include (a region and the ones under it).
    pub regions: Option<Vec<String>>,
    pub mode: Option<CourseMode>,
    /// Only courses the training subsidy pays for.
    pub subsidy: bool,
}

/// Open courses, newest first, `limit + 1` rows from after `after`.
pub async fn list_open(
    db: &impl ConnectionTrait,
    f: &CourseFilter,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<CourseRecord>, DbErr> {
    let mut q = Entity::find()
        .filter(Column::Status.eq(CourseStatus::Open.as_str()))
        .filter(Column::SchoolId.in_subquery(super::organizations::verified_ids()));
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
    if let Some(m) = f.mode {
        q = q.filter(Column::Mode.eq(m.as_str()));
    }
    if f.subsidy {
        q = q.filter(Column::SubsidyEligible.eq(true));
    }
    super::newest_first(q, Column::Id, after, limit)
        .all(db)
        .await?
        .into_iter()
        .map(CourseRecord::try_from)
        .collect()
}

/// A school's courses in every status, newest first.
pub async fn list_for_school(
    db: &impl ConnectionTrait,
    school: Uuid,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<CourseRecord>, DbErr> {
    let q = Entity::find().filter(Column::SchoolId.eq(school));
    super::newest_first(q, Column::Id, after, limit)
        .all(db)
        .await?
        .into_iter()
        .map(CourseRecord::try_from)
        .collect()
}
