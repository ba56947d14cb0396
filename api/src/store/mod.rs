//! The only place that speaks SQL (through sea-orm). Functions take any connection or
//! transaction (`&impl ConnectionTrait`) and return plain records or domain types, never
//! entities.

pub mod accounts;
pub mod applications;
pub mod courses;
pub mod enrollments;
pub mod entities;
pub mod idempotency;
pub mod jobs;
pub mod organizations;
pub mod outbox;
pub mod reference;
pub mod refresh_tokens;
pub mod revoked_sessions;
pub mod status_events;
pub mod throttle;
pub mod workers;

use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};

/// Opens the database named by `url` (SQLite or PostgreSQL).
///
/// SQLite gets write-ahead logging, a busy timeout and enforced foreign keys, so several
/// pooled connections can work on one file.
pub async fn connect(url: &str, max_connections: u32) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    options.max_connections(max_connections).min_connections(1).sqlx_logging(false);
    if url.starts_with("sqlite:") {
        options.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(std::time::Duration::from_secs(10))
                .foreign_keys(true)
        });
    }
    Database::connect(options).await
}

/// Keyset pagination over a time-ordered (UUIDv7) id: `limit + 1` rows after `after`,
/// newest first. The extra row only tells the caller that another page exists.
pub(crate) fn newest_first<E: sea_orm::EntityTrait>(
    q: sea_orm::Select<E>,
    id: impl sea_orm::ColumnTrait,
    after: Option<uuid::Uuid>,
    limit: u64,
) -> sea_orm::Select<E> {
    use sea_orm::{QueryFilter, QueryOrder, QuerySelect};
    let q = match after {
        Some(a) => q.filter(id.lt(a)),
        None => q,
    };
    q.order_by_desc(id).limit(limit + 1)
}

/// As [`newest_first`], oldest first (queues, rosters).
pub(crate) fn oldest_first<E: sea_orm::EntityTrait>(
    q: sea_orm::Select<E>,
    id: impl sea_orm::ColumnTrait,
    after: Option<uuid::Uuid>,
    limit: u64,
) -> sea_orm::Select<E> {
    use sea_orm::{QueryFilter, QueryOrder, QuerySelect};
    let q = match after {
        Some(a) => q.filter(id.gt(a)),
        None => q,
    };
    q.order_by_asc(id).limit(limit + 1)
}

/// Turns a stored value that no longer parses into a database error (it is our bug or a
/// hand edit, never the client's).
pub(crate) fn corrupt(what: &str, value: &str) -> DbErr {
    DbErr::Custom(format!("stored {what} is not valid: {value:?}"))
}
