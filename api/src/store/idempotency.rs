//! Stored responses for `Idempotency-Key` replays.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, TryInsertResult,
};

use super::entities::idempotency_keys::{ActiveModel, Column, Entity};

#[derive(Debug, Clone)]
pub struct StoredRequest {
    pub request_hash: String,
    pub created_at: DateTime<Utc>,
    /// `None` while the first request is still being processed.
    pub response: Option<StoredResponse>,
}

#[derive(Debug, Clone)]
pub struct StoredResponse {
    pub status: u16,
    pub content_type: Option<String>,
    pub location: Option<String>,
    pub body: Vec<u8>,
}

/// Claims `(scope, key)` for a request being processed. `false` when it is taken.
pub async fn claim(
    db: &impl ConnectionTrait,
    scope: &str,
    key: &str,
    request_hash: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let model = ActiveModel {
        scope: Set(scope.to_owned()),
        key: Set(key.to_owned()),
        request_hash: Set(request_hash.to_owned()),
        status_code: Set(None),
        content_type: Set(None),
        location: Set(None),
        body: Set(None),
        created_at: Set(now),
    };
    let res = Entity::insert(model)
        .on_conflict_do_nothing_on([Column::Scope, Column::Key])
        .exec_without_returning(db)
        .await?;
    Ok(matches!(res, TryInsertResult::Inserted(n) if n > 0))
}

pub async fn find(db: &impl ConnectionTrait, scope: &str, key: &str) -> Result<Option<StoredRequest>, DbErr> {
    Ok(Entity::find_by_id((scope.to_owned(), key.to_owned())).one(db).await?.map(|m| StoredRequest {
        request_hash: m.request_hash,
        created_at: m.created_at,
        response: m.status_code.map(|status| StoredResponse {
            status: u16::try_from(status).unwrap_or(500),
            content_type: m.content_type,
            location: m.location,
            body: m.body.unwrap_or_default(),
        }),
    }))
}

pub async fn complete(
    db: &impl ConnectionTrait,
    scope: &str,
    key: &str,
    response: StoredResponse,
) -> Result<(), DbErr> {
    let model = ActiveModel {
        scope: Set(scope.to_owned()),
        key: Set(key.to_owned()),
        status_code: Set(Some(i32::from(response.status))),
        content_type: Set(response.content_type),
        location: Set(response.location),
        body: Set(Some(response.body)),
        ..Default::default()
    };
    Entity::update(model).exec(db).await?;
    Ok(())
}

/// Forgets a key, only if it was claimed at `created_at` (so a stale release can't
/// delete a newer claim).
pub async fn release(
    db: &impl ConnectionTrait,
    scope: &str,
    key: &str,
    created_at: DateTime<Utc>,
) -> Result<(), DbErr> {
    Entity::delete_many()
        .filter(Column::Scope.eq(scope))
        .filter(Column::Key.eq(key))
        .filter(Column::CreatedAt.eq(created_at))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn purge_older_than(db: &impl ConnectionTrait, cutoff: DateTime<Utc>) -> Result<u64, DbErr> {
    let res = Entity::delete_many().filter(Column::CreatedAt.lt(cutoff)).exec(db).await?;
    Ok(res.rows_affected)
}
