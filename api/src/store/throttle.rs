//! Login-failure counters, shared by every API node through the database.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::entities::login_throttle::{ActiveModel, Column, Entity};

/// The latest time until which any of `keys` is blocked, if one is blocked after `now`.
pub async fn blocked_until(
    db: &impl ConnectionTrait,
    keys: &[String],
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, DbErr> {
    let rows = Entity::find()
        .filter(Column::Key.is_in(keys.iter().cloned()))
        .filter(Column::BlockedUntil.gt(now))
        .all(db)
        .await?;
    Ok(rows.into_iter().filter_map(|r| r.blocked_until).max())
}

/// Counts one failure for `key` in the current window, and blocks the key for `block`
/// once it reaches `max` failures. The increment is a single atomic UPDATE, so
/// concurrent failures on several nodes are all counted.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    key: &str,
    now: DateTime<Utc>,
    window: Duration,
    max: i32,
    block: Duration,
) -> Result<(), DbErr> {
    let fresh = ActiveModel {
        key: Set(key.to_owned()),
        failures: Set(0),
        window_start: Set(now),
        blocked_until: Set(None),
    };
    Entity::insert(fresh).on_conflict_do_nothing_on([Column::Key]).exec_without_returning(db).await?;
    // A window that has run out starts again.
    Entity::update_many()
        .col_expr(Column::Failures, Expr::value(0))
        .col_expr(Column::WindowStart, Expr::value(now))
        .filter(Column::Key.eq(key))
        .filter(Column::WindowStart.lt(now - window))
        .exec(db)
        .await?;
    Entity::update_many()
        .col_expr(Column::Failures, Expr::col(Column::Failures).add(1))
        .filter(Column::Key.eq(key))
        .exec(db)
        .await?;
    Entity::update_many()
        .col_expr(Column::BlockedUntil, Expr::value(now + block))
        .col_expr(Column::Failures, Expr::value(0))
        .col_expr(Column::WindowStart, Expr::value(now))
        .filter(Column::Key.eq(key))
        .filter(Column::Failures.gte(max))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn reset(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    Entity::delete_many().filter(Column::Key.eq(key)).exec(db).await?;
    Ok(())
}
