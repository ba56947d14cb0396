//! The transactional outbox: the deliveries each consumer of the domain events still has
//! to make, written in the same transaction as the event (see `store::events`). A
//! delivery names its consumer (`search`, the indexer, so far), the entity it is about
//! (`topic`, `entity_id`) and the event; each consumer claims, completes and retries its
//! own deliveries, so one consumer's failures never hold back another.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, LockBehavior, LockType, Order, Query};
use sea_orm::{
    ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection,
    DbBackend, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use uuid::Uuid;

use super::entities::outbox::{ActiveModel, Column, Entity};

/// What kind of entity an event names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

/// The consumer a delivery is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Consumer(pub &'static str);

impl Consumer {
    /// The search indexer.
    pub const SEARCH: Consumer = Consumer("search");
}

/// Queues a delivery to `consumer` about `entity`, for `event`. Call it with the
/// transaction that made the change (`store::events::record` does).
pub async fn record(
    db: &impl ConnectionTrait,
    consumer: Consumer,
    topic: Topic,
    entity: Uuid,
    event: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let model = ActiveModel {
        id: NotSet,
        consumer: Set(consumer.0.to_owned()),
        event_id: Set(Some(event)),
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

impl std::str::FromStr for Topic {
    type Err = DbErr;
    fn from_str(s: &str) -> Result<Self, DbErr> {
        match s {
            "job" => Ok(Topic::Job),
            "course" => Ok(Topic::Course),
            "worker" => Ok(Topic::Worker),
            other => Err(super::corrupt("outbox topic", other)),
        }
    }
}

/// An event an indexer has claimed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    pub id: i64,
    pub topic: Topic,
    pub entity_id: Uuid,
    /// Failed attempts so far.
    pub attempts: i32,
}

/// Claims up to `limit` due events for the batch `token` until `until`, oldest first, and
/// returns them.
///
/// An event is due when it is unprocessed, its retry time has come and no live lease holds
/// it. Events of an entity that another batch is working on right now are left alone, so
/// two indexers never write the same document at once and an older state can never
/// overwrite a newer one in the index.
///
/// Safe with any number of indexers on one database: the claiming UPDATE re-checks that
/// each row is still free, so a row goes to one batch only. On PostgreSQL the candidates
/// are first selected `FOR UPDATE SKIP LOCKED` in the same transaction, so concurrent
/// indexers take different rows instead of queueing behind each other. (Two statements,
/// not `UPDATE … WHERE id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)`: PostgreSQL may
/// rescan such a subquery while updating, skip the rows the statement itself just updated,
/// and so claim far more than `n`.) SQLite runs one writing statement at a time, so the
/// re-checked UPDATE alone is safe there, and no transaction is opened: upgrading a read
/// transaction to a write fails under contention.
pub async fn claim(
    db: &DatabaseConnection,
    consumer: Consumer,
    token: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<Claimed>, DbErr> {
    if db.get_database_backend() == DbBackend::Postgres {
        let txn = db.begin().await?;
        let ids = claim_in(&txn, consumer, token, now, until, limit, true).await?;
        txn.commit().await?;
        claimed(db, token, &ids).await
    } else {
        let ids = claim_in(db, consumer, token, now, until, limit, false).await?;
        claimed(db, token, &ids).await
    }
}

async fn claim_in(
    db: &impl ConnectionTrait,
    consumer: Consumer,
    token: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
    limit: u64,
    lock: bool,
) -> Result<Vec<i64>, DbErr> {
    let o = Alias::new("o");
    let b = Alias::new("b");
    let busy = Query::select()
        .expr(Expr::val(1))
        .from_as(Entity, b.clone())
        .and_where(Expr::col((b.clone(), Column::Consumer)).equals((o.clone(), Column::Consumer)))
        .and_where(Expr::col((b.clone(), Column::Topic)).equals((o.clone(), Column::Topic)))
        .and_where(Expr::col((b.clone(), Column::EntityId)).equals((o.clone(), Column::EntityId)))
        .and_where(Expr::col((b.clone(), Column::ProcessedAt)).is_null())
        .and_where(Expr::col((b, Column::ClaimedUntil)).gte(now))
        .to_owned();
    let mut candidates = Query::select()
        .column((o.clone(), Column::Id))
        .from_as(Entity, o.clone())
        .and_where(Expr::col((o.clone(), Column::Consumer)).eq(consumer.0))
        .and_where(Expr::col((o.clone(), Column::ProcessedAt)).is_null())
        .and_where(Expr::col((o.clone(), Column::NextAttemptAt)).lte(now))
        .cond_where(
            Condition::any()
                .add(Expr::col((o.clone(), Column::ClaimedUntil)).is_null())
                .add(Expr::col((o.clone(), Column::ClaimedUntil)).lt(now)),
        )
        .and_where(Expr::exists(busy).not())
        .order_by((o, Column::Id), Order::Asc)
        .limit(limit)
        .to_owned();
    if lock {
        candidates.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let ids: Vec<i64> = db
        .query_all(&candidates)
        .await?
        .into_iter()
        .map(|row| row.try_get_by_index::<i64>(0))
        .collect::<Result<_, _>>()?;
    if ids.is_empty() {
        return Ok(ids);
    }
    Entity::update_many()
        .col_expr(Column::ClaimedBy, Expr::value(token))
        .col_expr(Column::ClaimedUntil, Expr::value(until))
        .filter(Column::Id.is_in(ids.iter().copied()))
        .filter(Column::ProcessedAt.is_null())
        .filter(Condition::any().add(Column::ClaimedUntil.is_null()).add(Column::ClaimedUntil.lt(now)))
        .exec(db)
        .await?;
    Ok(ids)
}

/// The candidates that the batch `token` did get.
async fn claimed(db: &impl ConnectionTrait, token: &str, ids: &[i64]) -> Result<Vec<Claimed>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Entity::find()
        .filter(Column::Id.is_in(ids.iter().copied()))
        .filter(Column::ClaimedBy.eq(token))
        .filter(Column::ProcessedAt.is_null())
        .order_by_asc(Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| {
            Ok(Claimed { id: m.id, topic: m.topic.parse()?, entity_id: m.entity_id, attempts: m.attempts })
        })
        .collect()
}

/// Marks the batch's events done (those it still holds); returns how many.
pub async fn complete(
    db: &impl ConnectionTrait,
    token: &str,
    ids: &[i64],
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let res = Entity::update_many()
        .col_expr(Column::ProcessedAt, Expr::value(now))
        .col_expr(Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(Column::LastError, Expr::value(Option::<String>::None))
        .filter(Column::Id.is_in(ids.iter().copied()))
        .filter(Column::ClaimedBy.eq(token))
        .filter(Column::ProcessedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// Records a failed attempt at the batch's events that have had `attempts` failures so
/// far: one more failure, the error, the next try at `retry_at`, and the claim released.
pub async fn fail(
    db: &impl ConnectionTrait,
    token: &str,
    ids: &[i64],
    attempts: i32,
    error: &str,
    retry_at: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let res = Entity::update_many()
        .col_expr(Column::Attempts, Expr::value(attempts.saturating_add(1)))
        .col_expr(Column::LastError, Expr::value(error))
        .col_expr(Column::NextAttemptAt, Expr::value(retry_at))
        .col_expr(Column::ClaimedBy, Expr::value(Option::<String>::None))
        .col_expr(Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(Column::Id.is_in(ids.iter().copied()))
        .filter(Column::ClaimedBy.eq(token))
        .filter(Column::ProcessedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// Pending events and when the oldest of them was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lag {
    pub pending: u64,
    pub oldest: Option<DateTime<Utc>>,
}

/// `consumer`'s pending deliveries and the age of its oldest.
pub async fn lag(db: &impl ConnectionTrait, consumer: Consumer) -> Result<Lag, DbErr> {
    let pending = Entity::find()
        .filter(Column::Consumer.eq(consumer.0))
        .filter(Column::ProcessedAt.is_null())
        .count(db)
        .await?;
    let oldest: Option<DateTime<Utc>> = Entity::find()
        .select_only()
        .column(Column::CreatedAt)
        .filter(Column::Consumer.eq(consumer.0))
        .filter(Column::ProcessedAt.is_null())
        .order_by_asc(Column::Id)
        .limit(1)
        .into_tuple()
        .one(db)
        .await?;
    Ok(Lag { pending, oldest })
}

/// Deletes events processed before `cutoff`; returns how many.
pub async fn purge_processed_before(db: &impl ConnectionTrait, cutoff: DateTime<Utc>) -> Result<u64, DbErr> {
    let res = Entity::delete_many()
        .filter(Column::ProcessedAt.is_not_null())
        .filter(Column::ProcessedAt.lt(cutoff))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// Rebuild, step one: tags every pending event no batch is holding with `tag`, so that the
/// rebuild can mark exactly these done once it has read the database (their changes were
/// committed before it started reading). Returns how many.
pub async fn tag_pending(
    db: &impl ConnectionTrait,
    consumer: Consumer,
    tag: &str,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let res = Entity::update_many()
        .col_expr(Column::ClaimedBy, Expr::value(tag))
        .filter(Column::Consumer.eq(consumer.0))
        .filter(Column::ProcessedAt.is_null())
        .filter(Condition::any().add(Column::ClaimedUntil.is_null()).add(Column::ClaimedUntil.lt(now)))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// Rebuild, last step: marks the events still carrying `tag` done (an indexer that took one
/// meanwhile re-tagged it with its own batch). Returns how many.
pub async fn complete_tagged(db: &impl ConnectionTrait, tag: &str, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let res = Entity::update_many()
        .col_expr(Column::ProcessedAt, Expr::value(now))
        .col_expr(Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(Column::ClaimedBy.eq(tag))
        .filter(Column::ProcessedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// Rebuild, last step: events an indexer applied while the rebuild ran may have been
/// overwritten by the rebuild's older read, so they are queued again. Returns how many.
pub async fn reopen_processed_since(
    db: &impl ConnectionTrait,
    consumer: Consumer,
    since: DateTime<Utc>,
    except_tag: &str,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let res = Entity::update_many()
        .col_expr(Column::ProcessedAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(Column::NextAttemptAt, Expr::value(now))
        .col_expr(Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(Column::Consumer.eq(consumer.0))
        .filter(Column::ProcessedAt.gte(since))
        .filter(Condition::any().add(Column::ClaimedBy.is_null()).add(Column::ClaimedBy.ne(except_tag)))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// One event as stored, for tests and diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRecord {
    pub id: i64,
    pub topic: String,
    pub entity_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub claimed_by: Option<String>,
    pub processed_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

/// Every event, oldest first.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<EventRecord>, DbErr> {
    Ok(Entity::find()
        .order_by_asc(Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| EventRecord {
            id: m.id,
            topic: m.topic,
            entity_id: m.entity_id,
            created_at: m.created_at,
            attempts: m.attempts,
            next_attempt_at: m.next_attempt_at,
            claimed_by: m.claimed_by,
            processed_at: m.processed_at,
            last_error: m.last_error,
        })
        .collect())
}
