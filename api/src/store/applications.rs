//! Job applications: rows ⇄ [`Application`].

use laowu_domain::application::aggregate::{Application, ApplicationState};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::entities::applications::{ActiveModel, Column, Entity, Model};
use super::{Mapped, corrupt};

impl Mapped for Application {
    type Entity = Entity;
    fn id_column() -> Column {
        Column::Id
    }
    fn from_row(m: Model) -> Result<Application, DbErr> {
        Ok(Application::restore(ApplicationState {
            status: m.status.parse().map_err(|_| corrupt("application status", &m.status))?,
            id: m.id,
            job_id: m.job_id,
            worker_id: m.worker_id,
            cover_note: m.cover_note,
            interview: m.interview_at.zip(m.interview_place),
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        }))
    }
}

/// The uniqueness key of an active application: one per worker and job.
fn active_key(a: &Application) -> Option<String> {
    a.status().is_active().then(|| format!("{}:{}", a.job_id(), a.worker_id()))
}

fn active(a: &Application) -> ActiveModel {
    let s = a.state();
    ActiveModel {
        id: Set(s.id),
        job_id: Set(s.job_id),
        worker_id: Set(s.worker_id),
        status: Set(s.status.as_str().to_owned()),
        active_key: Set(active_key(a)),
        cover_note: Set(s.cover_note.clone()),
        interview_at: Set(s.interview.as_ref().map(|(at, _)| *at)),
        interview_place: Set(s.interview.as_ref().map(|(_, place)| place.clone())),
        created_at: Set(s.created_at),
        updated_at: Set(s.updated_at),
        version: Set(s.version),
    }
}

/// Inserts an application; a second active one for the same job and worker is a
/// unique-constraint violation.
pub async fn insert(db: &impl ConnectionTrait, a: &Application) -> Result<(), DbErr> {
    Entity::insert(active(a)).exec_without_returning(db).await?;
    Ok(())
}

/// Saves the application if it is still at the version it was read at (then bumped);
/// `false` when someone else moved it since.
pub async fn save(db: &impl ConnectionTrait, a: &mut Application) -> Result<bool, DbErr> {
    let mut model = active(a);
    model.version = Set(a.version() + 1);
    let saved = super::update_at_version(db, model, Column::Id, a.id(), Column::Version, a.version()).await?;
    if saved {
        a.saved();
    }
    Ok(saved)
}

/// A worker's applications, newest first, `limit + 1` rows.
pub async fn list_for_worker(
    db: &impl ConnectionTrait,
    worker: Uuid,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<Application>, DbErr> {
    let q = Entity::find().filter(Column::WorkerId.eq(worker));
    super::all(db, super::newest_first(q, Column::Id, after, limit)).await
}

/// A posting's applications, newest first, `limit + 1` rows.
pub async fn list_for_job(
    db: &impl ConnectionTrait,
    job: Uuid,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<Application>, DbErr> {
    let q = Entity::find().filter(Column::JobId.eq(job));
    super::all(db, super::newest_first(q, Column::Id, after, limit)).await
}
