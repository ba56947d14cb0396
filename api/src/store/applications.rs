//! Job applications.

use chrono::{DateTime, Utc};
use laowu_domain::ApplicationStatus;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::corrupt;
use super::entities::applications::{ActiveModel, Column, Entity, Model};

#[derive(Debug, Clone)]
pub struct ApplicationRecord {
    pub id: Uuid,
    pub job_id: Uuid,
    pub worker_id: Uuid,
    pub status: ApplicationStatus,
    pub cover_note: Option<String>,
    pub interview_at: Option<DateTime<Utc>>,
    pub interview_place: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Bumped by every write; an update names the version it read (compare-and-set).
    pub version: i32,
}

impl TryFrom<Model> for ApplicationRecord {
    type Error = DbErr;
    fn try_from(m: Model) -> Result<Self, DbErr> {
        Ok(ApplicationRecord {
            status: m.status.parse().map_err(|_| corrupt("application status", &m.status))?,
            id: m.id,
            job_id: m.job_id,
            worker_id: m.worker_id,
            cover_note: m.cover_note,
            interview_at: m.interview_at,
            interview_place: m.interview_place,
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        })
    }
}

/// The uniqueness key of an active application: one per worker and job.
fn active_key(r: &ApplicationRecord) -> Option<String> {
    r.status.is_active().then(|| format!("{}:{}", r.job_id, r.worker_id))
}

fn active(r: &ApplicationRecord) -> ActiveModel {
    ActiveModel {
        id: Set(r.id),
        job_id: Set(r.job_id),
        worker_id: Set(r.worker_id),
        status: Set(r.status.as_str().to_owned()),
        active_key: Set(active_key(r)),
        cover_note: Set(r.cover_note.clone()),
        interview_at: Set(r.interview_at),
        interview_place: Set(r.interview_place.clone()),
        created_at: Set(r.created_at),
        updated_at: Set(r.updated_at),
        version: Set(r.version),
    }
}

/// Inserts an application; a second active one for the same job and worker is a
/// unique-constraint violation.
pub async fn insert(db: &impl ConnectionTrait, r: &ApplicationRecord) -> Result<(), DbErr> {
    Entity::insert(active(r)).exec_without_returning(db).await?;
    Ok(())
}

/// Saves the application if it is still at `r.version` (then bumped); `false` when
/// someone else moved it since it was read.
pub async fn save(db: &impl ConnectionTrait, r: &mut ApplicationRecord) -> Result<bool, DbErr> {
    let mut model = active(r);
    model.version = Set(r.version + 1);
    let saved = super::update_at_version(db, model, Column::Id, r.id, Column::Version, r.version).await?;
    if saved {
        r.version += 1;
    }
    Ok(saved)
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<ApplicationRecord>, DbErr> {
    Entity::find_by_id(id).one(db).await?.map(ApplicationRecord::try_from).transpose()
}

/// As [`find`], locking the row until the transaction `db` ends (PostgreSQL: `FOR
/// UPDATE`; SQLite's write transaction holds the whole database already), so a writer
/// decides on what it will overwrite.
pub async fn find_for_update(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<ApplicationRecord>, DbErr> {
    Entity::find_by_id(id).lock_exclusive().one(db).await?.map(ApplicationRecord::try_from).transpose()
}

/// Newest first, `limit + 1` rows.
pub async fn list_for_worker(
    db: &impl ConnectionTrait,
    worker: Uuid,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<ApplicationRecord>, DbErr> {
    list(db, Column::WorkerId.eq(worker), after, limit).await
}

/// Newest first, `limit + 1` rows.
pub async fn list_for_job(
    db: &impl ConnectionTrait,
    job: Uuid,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<ApplicationRecord>, DbErr> {
    list(db, Column::JobId.eq(job), after, limit).await
}

async fn list(
    db: &impl ConnectionTrait,
    filter: sea_orm::sea_query::SimpleExpr,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<ApplicationRecord>, DbErr> {
    let q = Entity::find().filter(filter);
    super::newest_first(q, Column::Id, after, limit)
        .all(db)
        .await?
        .into_iter()
        .map(ApplicationRecord::try_from)
        .collect()
}
