//! The one way to write: [`Writer::begin`] opens a write transaction, and
//! [`WriteTx::commit`] ends it.
//!
//! **SQLite** runs one writer at a time. A transaction that starts deferred, reads, and
//! then writes fails at once with `database is locked` when another connection took the
//! write lock in between, whatever the busy timeout. So every write transaction here
//! starts with `BEGIN IMMEDIATE` (it takes the write lock up front, waiting under the busy
//! timeout for it), and within one process writers queue for it on an async gate, in
//! arrival order, instead of polling the lock. **PostgreSQL** writers meet only on the
//! rows they touch: a writer reads what it will change `FOR UPDATE`, and every update is a
//! compare-and-set (a `version` or a `status` in its `WHERE`).
//!
//! The gate also keeps the connection pool from deadlocking: a write transaction holds a
//! pooled connection while its request may still read through another, so at most half
//! the pool (one writer on SQLite) may be in write transactions at once; the rest always
//! serves reads, which hold a connection only while they run.
//!
//! **Idempotent requests.** While a POST with an `Idempotency-Key` runs (see
//! `http::idempotency`), its handler runs inside [`hold_commits`]: the request's write
//! transaction is then not committed by [`WriteTx::commit`] but handed back to the
//! middleware, which stores the response in the same transaction and commits both at
//! once. A crash can therefore never leave a committed write without its stored response
//! (whose absence would let a retry write again). A request makes at most one write
//! transaction; a second one in the same held request is refused as a bug.

use std::sync::{Arc, Mutex as StdMutex};
use std::time::Duration;

use sea_orm::{
    DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Opens write transactions on one database.
#[derive(Clone)]
pub struct Writer {
    db: DatabaseConnection,
    /// The in-process queue of writers: one turn on SQLite, half the pool on PostgreSQL.
    gate: Arc<Semaphore>,
    /// How long a writer waits for its turn before giving up (the busy timeout).
    wait: Duration,
}

/// An open write transaction. Use it (`tx.conn()`) wherever the store takes a
/// connection; end it with [`WriteTx::commit`]. Dropped uncommitted, it rolls back.
pub struct WriteTx {
    txn: DatabaseTransaction,
    _turn: OwnedSemaphorePermit,
}

/// Why a write could not start or finish.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Another writer held the database past the busy timeout.
    #[error("the database stayed busy for {0:?}")]
    Busy(Duration),
    /// A request tried to commit a second write transaction while its first was held.
    #[error("a request may make one write transaction; a second was started")]
    SecondWrite,
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl Writer {
    /// `pool_size` is the connection pool's size (`database_max_connections`).
    pub fn new(db: DatabaseConnection, pool_size: u32, busy_timeout: Duration) -> Writer {
        let turns = match db.get_database_backend() {
            DbBackend::Sqlite => 1,
            _ => (pool_size as usize / 2).max(1),
        };
        Writer { db, gate: Arc::new(Semaphore::new(turns)), wait: busy_timeout }
    }

    /// Begins a write transaction: waits for this process' turn, then takes the
    /// database's write lock on SQLite (`BEGIN IMMEDIATE`).
    pub async fn begin(&self) -> Result<WriteTx, WriteError> {
        if HELD.try_with(|h| h.is_taken()).unwrap_or(false) {
            return Err(WriteError::SecondWrite);
        }
        let turn = tokio::time::timeout(self.wait, self.gate.clone().acquire_owned())
            .await
            .map_err(|_| WriteError::Busy(self.wait))?
            .map_err(|_| WriteError::Busy(self.wait))?;
        let options = TransactionOptions {
            isolation_level: None,
            access_mode: None,
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        };
        let txn = self.db.begin_with_options(options).await?;
        Ok(WriteTx { txn, _turn: turn })
    }
}

impl std::ops::Deref for WriteTx {
    type Target = DatabaseTransaction;
    fn deref(&self) -> &DatabaseTransaction {
        &self.txn
    }
}

impl WriteTx {
    pub fn conn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// Commits, or, inside [`hold_commits`], hands the transaction to its holder, which
    /// commits it with the stored response (see the module documentation).
    pub async fn commit(self) -> Result<(), WriteError> {
        let held = HELD.try_with(Arc::clone).ok();
        match held {
            Some(held) => held.put(self),
            None => Ok(self.txn.commit().await?),
        }
    }

    /// Commits now, whoever holds commits (the holder's own final commit).
    pub async fn commit_now(self) -> Result<(), DbErr> {
        self.txn.commit().await
    }

    pub async fn rollback(self) -> Result<(), DbErr> {
        self.txn.rollback().await
    }
}

/// Where a held request's write transaction waits for its holder.
#[derive(Default)]
struct Held(StdMutex<HeldState>);

#[derive(Default)]
enum HeldState {
    #[default]
    Empty,
    Parked(WriteTx),
    /// Taken back by the holder; nothing more may be parked.
    Closed,
}

impl Held {
    fn is_taken(&self) -> bool {
        !matches!(*self.lock(), HeldState::Empty)
    }

    fn put(&self, tx: WriteTx) -> Result<(), WriteError> {
        let mut state = self.lock();
        match *state {
            HeldState::Empty => {
                *state = HeldState::Parked(tx);
                Ok(())
            }
            // The transaction is dropped here, so it rolls back.
            _ => Err(WriteError::SecondWrite),
        }
    }

    fn take(&self) -> Option<WriteTx> {
        match std::mem::replace(&mut *self.lock(), HeldState::Closed) {
            HeldState::Parked(tx) => Some(tx),
            _ => None,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HeldState> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

tokio::task_local! {
    static HELD: Arc<Held>;
}

/// Runs `fut` with its write commits held: returns its output and the write transaction
/// it committed, still open, if it made one.
pub async fn hold_commits<F: Future>(fut: F) -> (F::Output, Option<WriteTx>) {
    let held = Arc::new(Held::default());
    let out = HELD.scope(held.clone(), fut).await;
    (out, held.take())
}
