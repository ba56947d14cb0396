//! Refresh tokens, stored only as SHA-256 hashes. Tokens issued from one login form a
//! family; rotation adds to it, and a reused token revokes all of it.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::entities::refresh_tokens::{ActiveModel, Column, Entity};

#[derive(Debug, Clone)]
pub struct RefreshTokenRecord {
    pub id: Uuid,
    pub account_id: Uuid,
    pub family_id: Uuid,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

pub struct NewRefreshToken {
    pub account_id: Uuid,
    pub family_id: Uuid,
    pub token_hash: String,
    pub now: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

pub async fn insert(db: &impl ConnectionTrait, new: NewRefreshToken) -> Result<(), DbErr> {
    let model = ActiveModel {
        id: Set(Uuid::now_v7()),
        account_id: Set(new.account_id),
        family_id: Set(new.family_id),
        token_hash: Set(new.token_hash),
        created_at: Set(new.now),
        expires_at: Set(new.expires_at),
        used_at: Set(None),
        revoked_at: Set(None),
    };
    Entity::insert(model).exec_without_returning(db).await?;
    Ok(())
}

pub async fn find_by_hash(
    db: &impl ConnectionTrait,
    hash: &str,
) -> Result<Option<RefreshTokenRecord>, DbErr> {
    Ok(Entity::find().filter(Column::TokenHash.eq(hash)).one(db).await?.map(|m| RefreshTokenRecord {
        id: m.id,
        account_id: m.account_id,
        family_id: m.family_id,
        expires_at: m.expires_at,
        used_at: m.used_at,
        revoked_at: m.revoked_at,
    }))
}

/// Marks a token used, only if it is still unused and unrevoked. `false` means another
/// request used it first: the caller treats that as reuse.
pub async fn mark_used(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let res = Entity::update_many()
        .col_expr(Column::UsedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .filter(Column::UsedAt.is_null())
        .filter(Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Revokes every still-valid token of a family; returns how many.
pub async fn revoke_family(
    db: &impl ConnectionTrait,
    family_id: Uuid,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let res = Entity::update_many()
        .col_expr(Column::RevokedAt, Expr::value(now))
        .filter(Column::FamilyId.eq(family_id))
        .filter(Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// Deletes tokens that expired before `cutoff`.
pub async fn purge_expired(db: &impl ConnectionTrait, cutoff: DateTime<Utc>) -> Result<u64, DbErr> {
    let res = Entity::delete_many().filter(Column::ExpiresAt.lt(cutoff)).exec(db).await?;
    Ok(res.rows_affected)
}

/// The families of `account` that issued a token after `since`: the logins whose access
/// tokens may still be unexpired.
pub async fn families_issued_since(
    db: &impl ConnectionTrait,
    account: Uuid,
    since: DateTime<Utc>,
) -> Result<Vec<Uuid>, DbErr> {
    use sea_orm::QuerySelect;
    Entity::find()
        .select_only()
        .column(Column::FamilyId)
        .distinct()
        .filter(Column::AccountId.eq(account))
        .filter(Column::CreatedAt.gt(since))
        .into_tuple()
        .all(db)
        .await
}

/// Revokes every still-valid token of every family of `account`; returns how many.
pub async fn revoke_account(
    db: &impl ConnectionTrait,
    account: Uuid,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let res = Entity::update_many()
        .col_expr(Column::RevokedAt, Expr::value(now))
        .filter(Column::AccountId.eq(account))
        .filter(Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}
