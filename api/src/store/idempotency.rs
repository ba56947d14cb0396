//! Claims and stored responses for `Idempotency-Key` (see `http::idempotency`).
//!
//! A row is a claim on `(scope, key)`: the request fingerprint, a claim token and a lease.
//! The response is written under the claim's token, in the same transaction as the
//! request's own write, so a row with a response means "done, replay this" and a row
//! without one means "nothing committed yet".

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, TryInsertResult,
};
use uuid::Uuid;

use super::entities::idempotency_keys::{ActiveModel, Column, Entity};

#[derive(Debug, Clone)]
pub struct StoredRequest {
    pub request_hash: String,
    pub claim_token: Uuid,
    /// Until when the claiming request may still be running.
    pub lease_until: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    /// `None` while nothing has committed.
    pub response: Option<StoredResponse>,
}

#[derive(Debug, Clone)]
pub struct StoredResponse {
    pub status: u16,
    pub content_type: Option<String>,
    pub location: Option<String>,
    /// Sealed by the caller (it holds personal data).
    pub body: Vec<u8>,
}

/// Claims `(scope, key)` with a fresh token; `None` when someone holds it already.
pub async fn claim(
    db: &impl ConnectionTrait,
    scope: &str,
    key: &str,
    request_hash: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
) -> Result<Option<Uuid>, DbErr> {
    let token = Uuid::new_v4();
    let model = ActiveModel {
        scope: Set(scope.to_owned()),
        key: Set(key.to_owned()),
        request_hash: Set(request_hash.to_owned()),
        claim_token: Set(token),
        lease_until: Set(lease_until),
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
    Ok(matches!(res, TryInsertResult::Inserted(n) if n > 0).then_some(token))
}

pub async fn find(db: &impl ConnectionTrait, scope: &str, key: &str) -> Result<Option<StoredRequest>, DbErr> {
    Ok(Entity::find_by_id((scope.to_owned(), key.to_owned())).one(db).await?.map(|m| StoredRequest {
        request_hash: m.request_hash,
        claim_token: m.claim_token,
        lease_until: m.lease_until,
        created_at: m.created_at,
        response: m.status_code.map(|status| StoredResponse {
            status: u16::try_from(status).unwrap_or(500),
            content_type: m.content_type,
            location: m.location,
            body: m.body.unwrap_or_default(),
        }),
    }))
}

/// Takes over a claim whose lease ran out with nothing committed: its request died, and
/// its uncommitted write with it. `None` when the claim changed meanwhile (another retry
/// took it, or its request committed after all).
pub async fn take_over(
    db: &impl ConnectionTrait,
    scope: &str,
    key: &str,
    old_token: Uuid,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
) -> Result<Option<Uuid>, DbErr> {
    let token = Uuid::new_v4();
    let res = Entity::update_many()
        .col_expr(Column::ClaimToken, Expr::value(token))
        .col_expr(Column::LeaseUntil, Expr::value(lease_until))
        .filter(Column::Scope.eq(scope))
        .filter(Column::Key.eq(key))
        .filter(Column::ClaimToken.eq(old_token))
        .filter(Column::StatusCode.is_null())
        .filter(Column::LeaseUntil.lt(now))
        .exec(db)
        .await?;
    Ok((res.rows_affected == 1).then_some(token))
}

/// Stores the response under the claim `token`; `false` if the claim is no longer this
/// request's (then its transaction must roll back). Run it in the request's write
/// transaction when it has one.
pub async fn complete(
    db: &impl ConnectionTrait,
    scope: &str,
    key: &str,
    token: Uuid,
    response: StoredResponse,
) -> Result<bool, DbErr> {
    let res = Entity::update_many()
        .col_expr(Column::StatusCode, Expr::value(i32::from(response.status)))
        .col_expr(Column::ContentType, Expr::value(response.content_type))
        .col_expr(Column::Location, Expr::value(response.location))
        .col_expr(Column::Body, Expr::value(response.body))
        .filter(Column::Scope.eq(scope))
        .filter(Column::Key.eq(key))
        .filter(Column::ClaimToken.eq(token))
        .filter(Column::StatusCode.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Forgets a claim, only if it is still `token`'s (a stale release can't delete a newer
/// claim).
pub async fn release(db: &impl ConnectionTrait, scope: &str, key: &str, token: Uuid) -> Result<(), DbErr> {
    Entity::delete_many()
        .filter(Column::Scope.eq(scope))
        .filter(Column::Key.eq(key))
        .filter(Column::ClaimToken.eq(token))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn purge_older_than(db: &impl ConnectionTrait, cutoff: DateTime<Utc>) -> Result<u64, DbErr> {
    let res = Entity::delete_many().filter(Column::CreatedAt.lt(cutoff)).exec(db).await?;
    Ok(res.rows_affected)
}
