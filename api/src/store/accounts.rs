//! Accounts.

use chrono::{DateTime, Utc};
use laowu_domain::{AccountStatus, Role};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::corrupt;
use super::entities::accounts::{ActiveModel, Column, Entity, Model};

#[derive(Debug, Clone)]
pub struct AccountRecord {
    pub id: Uuid,
    /// The phone number, encrypted (see `secrets::PiiCipher`).
    pub phone_enc: String,
    pub password_hash: String,
    pub role: Role,
    pub status: AccountStatus,
    pub created_at: DateTime<Utc>,
}

pub struct NewAccount {
    pub id: Uuid,
    pub phone_lookup: String,
    pub phone_enc: String,
    pub password_hash: String,
    pub role: Role,
    pub now: DateTime<Utc>,
}

impl TryFrom<Model> for AccountRecord {
    type Error = DbErr;
    fn try_from(m: Model) -> Result<Self, DbErr> {
        Ok(AccountRecord {
            role: m.role.parse().map_err(|_| corrupt("role", &m.role))?,
            status: m.status.parse().map_err(|_| corrupt("account status", &m.status))?,
            id: m.id,
            phone_enc: m.phone_enc,
            password_hash: m.password_hash,
            created_at: m.created_at,
        })
    }
}

/// Inserts an account; a taken phone number is a unique-constraint violation.
pub async fn insert(db: &impl ConnectionTrait, new: NewAccount) -> Result<(), DbErr> {
    let model = ActiveModel {
        id: Set(new.id),
        phone_lookup: Set(new.phone_lookup),
        phone_enc: Set(new.phone_enc),
        password_hash: Set(new.password_hash),
        role: Set(new.role.as_str().to_owned()),
        status: Set(AccountStatus::Active.as_str().to_owned()),
        created_at: Set(new.now),
        updated_at: Set(new.now),
    };
    Entity::insert(model).exec_without_returning(db).await?;
    Ok(())
}

pub async fn find_by_phone_lookup(
    db: &impl ConnectionTrait,
    lookup: &str,
) -> Result<Option<AccountRecord>, DbErr> {
    Entity::find()
        .filter(Column::PhoneLookup.eq(lookup))
        .one(db)
        .await?
        .map(AccountRecord::try_from)
        .transpose()
}

pub async fn find_by_id(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<AccountRecord>, DbErr> {
    Entity::find_by_id(id).one(db).await?.map(AccountRecord::try_from).transpose()
}
