//! The domain events: written with the change that made them, in its transaction, with
//! one outbox delivery for every consumer target (`crate::consumers`); and read back as
//! the history of a subject.

use chrono::{DateTime, Utc};
use laowu_domain::events::Event;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::entities::events::{ActiveModel, Column, Entity};
use super::organizations;
use super::outbox::{self, Topic};
use crate::auth::AuthUser;
use crate::consumers::{SUBSCRIPTIONS, Target};

/// One step of a subject's history: a status change, who made it, and their note.
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    pub from_status: Option<String>,
    pub to_status: String,
    pub actor_role: String,
    pub note: Option<String>,
    pub at: DateTime<Utc>,
}

/// Records `event`, made by `actor` (none for the system: expiry, housekeeping) with an
/// optional note, and queues its deliveries. Call it with the transaction of the change.
pub async fn record(
    db: &impl ConnectionTrait,
    event: &Event,
    actor: Option<AuthUser>,
    note: Option<String>,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let id = Uuid::now_v7();
    let (subject_kind, subject_id) = event.subject();
    let change = event.status_change();
    let payload = serde_json::to_string(event).map_err(|e| DbErr::Custom(format!("event payload: {e}")))?;
    let model = ActiveModel {
        id: Set(id),
        kind: Set(event.kind().to_owned()),
        subject_kind: Set(subject_kind.as_str().to_owned()),
        subject_id: Set(subject_id),
        from_status: Set(change.and_then(|(from, _)| from).map(str::to_owned)),
        to_status: Set(change.map(|(_, to)| to.to_owned())),
        actor_id: Set(actor.map(|a| a.id)),
        actor_role: Set(actor.map(|a| a.role.as_str().to_owned())),
        note: Set(note),
        payload: Set(payload),
        occurred_at: Set(at),
    };
    Entity::insert(model).exec_without_returning(db).await?;
    for sub in SUBSCRIPTIONS {
        for target in (sub.targets)(event) {
            match target {
                Target::One(topic, entity) => outbox::record(db, sub.consumer, topic, entity, id, at).await?,
                Target::ListingsOf(org, kind) => {
                    let topic = match kind {
                        laowu_domain::organization::OrgKind::Employer => Topic::Job,
                        laowu_domain::organization::OrgKind::School => Topic::Course,
                    };
                    for entity in organizations::listing_ids(db, org, kind).await? {
                        outbox::record(db, sub.consumer, topic, entity, id, at).await?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// The status changes of `subject`, oldest first.
pub async fn history(db: &impl ConnectionTrait, subject: Uuid) -> Result<Vec<HistoryEntry>, DbErr> {
    Ok(Entity::find()
        .filter(Column::SubjectId.eq(subject))
        .filter(Column::ToStatus.is_not_null())
        .order_by_asc(Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|m| {
            Some(HistoryEntry {
                from_status: m.from_status,
                to_status: m.to_status?,
                actor_role: m.actor_role.unwrap_or_else(|| "system".to_owned()),
                note: m.note,
                at: m.occurred_at,
            })
        })
        .collect())
}
