//! The transactional outbox: what changed, recorded in the same transaction as the
//! change, for the search indexer to pick up (see the migration for the design).

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder,
};
use uuid::Uuid;

use super::entities::outbox::{ActiveModel, Column, Entity};

/// What kind of entity an event names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    Job,
    Course,
    Worker,
}

impl Topic {
    pub fn as_str(self) -> &'static str {
        match self {
            Topic::Job => "job",
            Topic::Course => "course",
            Topic::Worker => "worker",
        }
    }
}

/// Records that `entity` changed. Call it with the transaction that made the change.
pub async fn record(
    db: &impl ConnectionTrait,
    topic: Topic,
    entity: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let model = ActiveModel {
        id: NotSet,
        topic: Set(topic.as_str().to_owned()),
        entity_id: Set(entity),
        created_at: Set(now),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_by: Set(None),
        claimed_until: Set(None),
        processed_at: Set(None),
        last_error: Set(None),
    };
    Entity::insert(model).exec_without_returning(db).await?;
    Ok(())
}

/// Events not yet processed, oldest first: `(topic, entity_id)`.
pub async fn pending(db: &impl ConnectionTrait) -> Result<Vec<(String, Uuid)>, DbErr> {
    Ok(Entity::find()
        .filter(Column::ProcessedAt.is_null())
        .order_by_asc(Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.topic, m.entity_id))
        .collect())
}

/// How many events wait to be indexed (the index lag).
pub async fn pending_count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    Entity::find().filter(Column::ProcessedAt.is_null()).count(db).await
}
