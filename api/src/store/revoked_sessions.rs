//! Ended logins (refresh-token families) whose access tokens may still be unexpired; see
//! `auth::revocation`.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::entities::revoked_sessions::{ActiveModel, Column, Entity};

/// Records `sessions` of `account` as ended until `until`, and forgets entries that have
/// expired (so the table holds only what is live).
pub async fn insert(
    db: &impl ConnectionTrait,
    account: Uuid,
    sessions: &[Uuid],
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<(), DbErr> {
    if !sessions.is_empty() {
        let rows = sessions.iter().map(|s| ActiveModel {
            session_id: Set(*s),
            account_id: Set(account),
            revoked_at: Set(now),
            expires_at: Set(until),
        });
        Entity::insert_many(rows)
            .on_conflict(OnConflict::column(Column::SessionId).update_column(Column::ExpiresAt).to_owned())
            .exec_without_returning(db)
            .await?;
    }
    Entity::delete_many().filter(Column::ExpiresAt.lte(now)).exec(db).await?;
    Ok(())
}

/// Every session still revoked at `now`, with the time it stops mattering.
pub async fn live(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<Vec<(Uuid, DateTime<Utc>)>, DbErr> {
    Entity::find()
        .select_only()
        .column(Column::SessionId)
        .column(Column::ExpiresAt)
        .filter(Column::ExpiresAt.gt(now))
        .into_tuple()
        .all(db)
        .await
}
