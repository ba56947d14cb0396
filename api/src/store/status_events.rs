//! The history of every status change: who moved what from where to where, and when.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::entities::status_events::{ActiveModel, Column, Entity};
use crate::auth::AuthUser;

#[derive(Debug, Clone)]
pub struct StatusEvent {
    pub from_status: Option<String>,
    pub to_status: String,
    pub actor_role: String,
    pub note: Option<String>,
    pub at: DateTime<Utc>,
}

#[allow(clippy::too_many_arguments)]
pub async fn record(
    db: &impl ConnectionTrait,
    subject_kind: &str,
    subject_id: Uuid,
    from: Option<&str>,
    to: &str,
    actor: AuthUser,
    note: Option<String>,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let model = ActiveModel {
        id: Set(Uuid::now_v7()),
        subject_kind: Set(subject_kind.to_owned()),
        subject_id: Set(subject_id),
        from_status: Set(from.map(str::to_owned)),
        to_status: Set(to.to_owned()),
        actor_id: Set(actor.id),
        actor_role: Set(actor.role.as_str().to_owned()),
        note: Set(note),
        at: Set(at),
    };
    Entity::insert(model).exec_without_returning(db).await?;
    Ok(())
}

/// Oldest first.
pub async fn for_subject(db: &impl ConnectionTrait, subject_id: Uuid) -> Result<Vec<StatusEvent>, DbErr> {
    Ok(Entity::find()
        .filter(Column::SubjectId.eq(subject_id))
        .order_by_asc(Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| StatusEvent {
            from_status: m.from_status,
            to_status: m.to_status,
            actor_role: m.actor_role,
            note: m.note,
            at: m.at,
        })
        .collect())
}
