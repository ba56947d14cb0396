//! The only place that speaks SQL (through sea-orm). Functions take any connection or
//! transaction (`&impl ConnectionTrait`) and return plain records or domain types, never
//! entities.

pub mod accounts;
pub mod applications;
pub mod courses;
pub mod enrollments;
pub mod entities;
pub mod events;
pub mod idempotency;
pub mod jobs;
pub mod organizations;
pub mod outbox;
pub mod reference;
pub mod refresh_tokens;
pub mod revoked_sessions;
pub mod throttle;
pub mod workers;
pub mod write;

use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr};

/// How long a writer waits for SQLite's write lock (and for its turn in this process)
/// before the request is answered 503.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Opens the database named by `url` (SQLite or PostgreSQL).
///
/// SQLite gets write-ahead logging, the busy timeout, enforced foreign keys and the
/// configured `synchronous` level (`docs/operations.md` explains the choice), so several
/// pooled connections can work on one file.
pub async fn connect(
    url: &str,
    max_connections: u32,
    synchronous: crate::config::SqliteSynchronous,
) -> Result<DatabaseConnection, DbErr> {
    use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous as Sync};
    let mut options = ConnectOptions::new(url.to_owned());
    options.max_connections(max_connections).min_connections(1).sqlx_logging(false);
    if url.starts_with("sqlite:") {
        let synchronous = match synchronous {
            crate::config::SqliteSynchronous::Full => Sync::Full,
            crate::config::SqliteSynchronous::Normal => Sync::Normal,
        };
        options.map_sqlx_sqlite_opts(move |o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(synchronous)
                .busy_timeout(BUSY_TIMEOUT)
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

/// Whether `err` says the database was too busy to take the statement: SQLite's busy and
/// locked codes (5, 517, 6) after the busy timeout, or PostgreSQL's serialization failure
/// and deadlock (40001, 40P01). Such a request may simply be tried again.
pub fn is_busy(err: &DbErr) -> bool {
    use sea_orm::RuntimeErr;
    let (DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e))) = err else {
        return false;
    };
    let sea_orm::sqlx::Error::Database(e) = &**e else {
        return false;
    };
    matches!(e.code().as_deref(), Some("5" | "517" | "6" | "40001" | "40P01"))
}

/// Writes `model` (the values it sets, its `version` among them set to `version + 1`) to
/// the row `id` only if the row is still at `version`. `false` means someone else changed
/// the row since it was read: read it again and decide again.
pub(crate) async fn update_at_version<A, C>(
    db: &impl ConnectionTrait,
    model: A,
    id_column: C,
    id: uuid::Uuid,
    version_column: C,
    version: i32,
) -> Result<bool, DbErr>
where
    A: sea_orm::ActiveModelTrait + Send,
    C: sea_orm::ColumnTrait,
{
    use sea_orm::{EntityTrait, QueryFilter};
    let res = <A::Entity as EntityTrait>::update_many()
        .set(model)
        .filter(id_column.eq(id))
        .filter(version_column.eq(version))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// A domain type the store reads from one table's rows (by a UUID primary key), so the
/// plain lookups are written once: [`find`], [`find_for_update`], [`find_many`],
/// [`page_all`].
pub(crate) trait Mapped: Sized {
    type Entity: sea_orm::EntityTrait;
    fn id_column() -> <Self::Entity as sea_orm::EntityTrait>::Column;
    fn from_row(row: <Self::Entity as sea_orm::EntityTrait>::Model) -> Result<Self, DbErr>;
}

fn rows<T: Mapped>(rows: Vec<<T::Entity as sea_orm::EntityTrait>::Model>) -> Result<Vec<T>, DbErr> {
    rows.into_iter().map(T::from_row).collect()
}

pub(crate) async fn find<T: Mapped>(db: &impl ConnectionTrait, id: uuid::Uuid) -> Result<Option<T>, DbErr> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    T::Entity::find().filter(T::id_column().eq(id)).one(db).await?.map(T::from_row).transpose()
}

/// As [`find`], locking the row until the transaction `db` ends (PostgreSQL: `FOR
/// UPDATE`; SQLite's write transaction holds the whole database already), so a writer
/// decides on what it will overwrite.
pub(crate) async fn find_for_update<T: Mapped>(
    db: &impl ConnectionTrait,
    id: uuid::Uuid,
) -> Result<Option<T>, DbErr> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    T::Entity::find()
        .filter(T::id_column().eq(id))
        .lock_exclusive()
        .one(db)
        .await?
        .map(T::from_row)
        .transpose()
}

/// The rows with these ids (missing ones left out), in id order.
pub(crate) async fn find_many<T: Mapped>(
    db: &impl ConnectionTrait,
    ids: &[uuid::Uuid],
) -> Result<Vec<T>, DbErr> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let models = T::Entity::find()
        .filter(T::id_column().is_in(ids.iter().copied()))
        .order_by_asc(T::id_column())
        .all(db)
        .await?;
    rows(models)
}

/// Every row in id order, `limit` at a time after `after` (for rebuilding the index
/// without holding a table in memory).
pub(crate) async fn page_all<T: Mapped>(
    db: &impl ConnectionTrait,
    after: Option<uuid::Uuid>,
    limit: u64,
) -> Result<Vec<T>, DbErr> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
    let mut q = T::Entity::find();
    if let Some(a) = after {
        q = q.filter(T::id_column().gt(a));
    }
    rows(q.order_by_asc(T::id_column()).limit(limit).all(db).await?)
}

/// The rows a query selects, mapped.
pub(crate) async fn all<T: Mapped>(
    db: &impl ConnectionTrait,
    q: sea_orm::Select<T::Entity>,
) -> Result<Vec<T>, DbErr> {
    rows(q.all(db).await?)
}
