//! Course enrolments.
//!
//! "One active enrolment per worker and course" is the unique `active_key`
//! (`"{course}:{worker}"`), set while the enrolment is under way and NULL once it is
//! certified or dropped (NULLs never collide). Status moves are compare-and-set on the
//! status the caller read, so two concurrent moves cannot both succeed.

use chrono::{DateTime, Utc};
use laowu_domain::EnrollmentStatus;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::corrupt;
use super::entities::enrollments::{ActiveModel, Column, Entity, Model};

#[derive(Debug, Clone)]
pub struct EnrollmentRecord {
    pub id: Uuid,
    pub course_id: Uuid,
    pub worker_id: Uuid,
    pub status: EnrollmentStatus,
    pub certificate_no: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Bumped by every write; an update names the version it read (compare-and-set).
    pub version: i32,
}

impl TryFrom<Model> for EnrollmentRecord {
    type Error = DbErr;
    fn try_from(m: Model) -> Result<Self, DbErr> {
        Ok(EnrollmentRecord {
            status: m.status.parse().map_err(|_| corrupt("enrolment status", &m.status))?,
            id: m.id,
            course_id: m.course_id,
            worker_id: m.worker_id,
            certificate_no: m.certificate_no,
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        })
    }
}

/// The unique key of an enrolment that is still under way.
pub fn active_key(course: Uuid, worker: Uuid) -> String {
    format!("{course}:{worker}")
}

fn key_for(course: Uuid, worker: Uuid, status: EnrollmentStatus) -> Option<String> {
    (!status.is_terminal()).then(|| active_key(course, worker))
}

/// Inserts an enrolment; a second active one for the same worker and course is a
/// unique-constraint violation.
pub async fn insert(db: &impl ConnectionTrait, r: &EnrollmentRecord) -> Result<(), DbErr> {
    let model = ActiveModel {
        id: Set(r.id),
        course_id: Set(r.course_id),
        worker_id: Set(r.worker_id),
        status: Set(r.status.as_str().to_owned()),
        active_key: Set(key_for(r.course_id, r.worker_id, r.status)),
        certificate_no: Set(r.certificate_no.clone()),
        created_at: Set(r.created_at),
        updated_at: Set(r.updated_at),
        version: Set(r.version),
    };
    Entity::insert(model).exec_without_returning(db).await?;
    Ok(())
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<EnrollmentRecord>, DbErr> {
    Entity::find_by_id(id).one(db).await?.map(EnrollmentRecord::try_from).transpose()
}

/// As [`find`], locking the row until the transaction `db` ends (PostgreSQL: `FOR
/// UPDATE`; SQLite's write transaction holds the whole database already), so a writer
/// decides on what it will overwrite.
pub async fn find_for_update(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<EnrollmentRecord>, DbErr> {
    Entity::find_by_id(id).lock_exclusive().one(db).await?.map(EnrollmentRecord::try_from).transpose()
}

/// The worker's enrolment on the course that is still under way, if any.
pub async fn find_active(
    db: &impl ConnectionTrait,
    course: Uuid,
    worker: Uuid,
) -> Result<Option<EnrollmentRecord>, DbErr> {
    Entity::find()
        .filter(Column::ActiveKey.eq(active_key(course, worker)))
        .one(db)
        .await?
        .map(EnrollmentRecord::try_from)
        .transpose()
}

/// Moves `r` from the status it was read with to `to` (recording the certificate number
/// when one is given), if it is still at the version it was read at; `false` when
/// someone else changed it first.
pub async fn move_status(
    db: &impl ConnectionTrait,
    r: &EnrollmentRecord,
    to: EnrollmentStatus,
    certificate_no: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let mut q = Entity::update_many()
        .col_expr(Column::Status, Expr::value(to.as_str()))
        .col_expr(Column::ActiveKey, Expr::value(key_for(r.course_id, r.worker_id, to)))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .col_expr(Column::Version, Expr::col(Column::Version).add(1));
    if let Some(no) = certificate_no {
        q = q.col_expr(Column::CertificateNo, Expr::value(no));
    }
    let res = q
        .filter(Column::Id.eq(r.id))
        .filter(Column::Status.eq(r.status.as_str()))
        .filter(Column::Version.eq(r.version))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// A worker's enrolments, newest first, `limit + 1` rows from after `after`.
pub async fn list_for_worker(
    db: &impl ConnectionTrait,
    worker: Uuid,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<EnrollmentRecord>, DbErr> {
    let q = Entity::find().filter(Column::WorkerId.eq(worker));
    super::newest_first(q, Column::Id, after, limit)
        .all(db)
        .await?
        .into_iter()
        .map(EnrollmentRecord::try_from)
        .collect()
}

/// A course's roster in the order people enrolled, `limit + 1` rows from after `after`.
pub async fn list_for_course(
    db: &impl ConnectionTrait,
    course: Uuid,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<EnrollmentRecord>, DbErr> {
    let q = Entity::find().filter(Column::CourseId.eq(course));
    super::oldest_first(q, Column::Id, after, limit)
        .all(db)
        .await?
        .into_iter()
        .map(EnrollmentRecord::try_from)
        .collect()
}
