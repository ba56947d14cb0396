//! Attempt counters for logins and registrations, shared by every API node through the
//! database (`auth_throttle`, one row per key).
//!
//! [`admit`] counts an attempt and decides whether it may go ahead in one statement — an
//! `INSERT … ON CONFLICT DO UPDATE … WHERE <allowed>` — so concurrent attempts on any
//! number of nodes are each counted exactly once and none can slip past the limit: the
//! database serialises the statements on the row (PostgreSQL re-checks the condition
//! against the row as the previous statement left it; SQLite runs one writer at a time).

use chrono::{DateTime, Duration, Utc};
use laowu_domain::throttle::Backoff;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::entities::auth_throttle::{Column, Entity};

/// What limits the attempts counted against one key.
#[derive(Debug, Clone, Copy)]
pub enum Rule {
    /// At most `max` attempts in a fixed window that starts with the first of them.
    Ceiling { max: i32, window: Duration },
    /// Free attempts, then waits that grow (see [`Backoff`]); a key with no attempt for
    /// `forget` starts again from zero.
    Backoff { schedule: Backoff, forget: Duration },
}

fn col(c: Column) -> Expr {
    Expr::col((Entity, c))
}

fn at(t: DateTime<Utc>) -> Expr {
    Expr::value(t)
}

/// Counts one attempt against `key` if `rule` allows one at `now`. `None` means counted
/// and allowed; `Some(t)` means refused (and not counted) until `t`.
pub async fn admit(
    db: &impl ConnectionTrait,
    key: &str,
    rule: &Rule,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, DbErr> {
    // When the row's history no longer counts, the attempt starts a new count.
    let restart = match rule {
        Rule::Ceiling { window, .. } => col(Column::WindowStart).lte(at(now - *window)),
        Rule::Backoff { forget, .. } => col(Column::LastAttemptAt).lte(at(now - *forget)),
    };
    let allowed = match rule {
        Rule::Ceiling { max, .. } => {
            Condition::any().add(restart.clone()).add(col(Column::Attempts).lt(*max))
        }
        Rule::Backoff { schedule, .. } => {
            let mut allowed =
                Condition::any().add(restart.clone()).add(col(Column::Attempts).lt(schedule.free as i32));
            let steps = schedule.steps();
            for (i, (attempts, wait)) in steps.iter().enumerate() {
                let count = if i + 1 == steps.len() {
                    col(Column::Attempts).gte(*attempts as i32)
                } else {
                    col(Column::Attempts).eq(*attempts as i32)
                };
                let waited = col(Column::LastAttemptAt).lte(at(now - Duration::seconds(*wait as i64)));
                allowed = allowed.add(count.and(waited));
            }
            allowed
        }
    };
    let upsert = Query::insert()
        .into_table(Entity)
        .columns([Column::Key, Column::Attempts, Column::WindowStart, Column::LastAttemptAt])
        .values_panic([key.into(), 1.into(), now.into(), now.into()])
        .on_conflict(
            OnConflict::column(Column::Key)
                .value(Column::Attempts, Expr::case(restart.clone(), 1).finally(col(Column::Attempts).add(1)))
                .value(Column::WindowStart, Expr::case(restart, at(now)).finally(col(Column::WindowStart)))
                .value(Column::LastAttemptAt, at(now))
                .action_and_where(allowed.into())
                .to_owned(),
        )
        .to_owned();
    if db.execute(&upsert).await?.rows_affected() > 0 {
        return Ok(None);
    }
    // Refused: the row says until when.
    let row = Entity::find_by_id(key.to_owned()).one(db).await?;
    let until = row.map(|r| match rule {
        Rule::Ceiling { window, .. } => r.window_start + *window,
        Rule::Backoff { schedule, .. } => {
            let wait = schedule.wait_after(u32::try_from(r.attempts).unwrap_or(0));
            r.last_attempt_at + Duration::seconds(wait as i64)
        }
    });
    Ok(Some(until.filter(|t| *t > now).unwrap_or(now + Duration::seconds(1))))
}

/// Takes back one attempt counted against `key` (it never happened: a later check
/// refused it, or there was no capacity to check the password).
pub async fn give_back(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    Entity::update_many()
        .col_expr(Column::Attempts, Expr::col(Column::Attempts).sub(1))
        .filter(Column::Key.eq(key))
        .filter(Column::Attempts.gt(0))
        .exec(db)
        .await?;
    Ok(())
}

/// Forgets `key`'s attempts.
pub async fn clear(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    Entity::delete_many().filter(Column::Key.eq(key)).exec(db).await?;
    Ok(())
}

/// Forgets the attempts of every key that starts with `prefix`.
pub async fn clear_prefix(db: &impl ConnectionTrait, prefix: &str) -> Result<u64, DbErr> {
    let res = Entity::delete_many().filter(Column::Key.starts_with(prefix)).exec(db).await?;
    Ok(res.rows_affected)
}

/// Deletes keys with no attempt since `cutoff` (their windows and waits have run out).
pub async fn purge_idle_since(db: &impl ConnectionTrait, cutoff: DateTime<Utc>) -> Result<u64, DbErr> {
    let res = Entity::delete_many().filter(Column::LastAttemptAt.lt(cutoff)).exec(db).await?;
    Ok(res.rows_affected)
}
