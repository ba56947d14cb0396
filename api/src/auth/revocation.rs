//! The deny-list of ended logins, checked on every authenticated request.
//!
//! An access token names its login in the `sid` claim: the refresh-token family it was
//! issued with. Logout and reuse detection end a family; the family is then written to
//! `revoked_sessions` until the last access token it could have issued has expired, so
//! every node can see it.
//!
//! The per-request check never queries the database: each node keeps the live list in
//! memory. The node that ends a login adds it there at once; every other node reloads the
//! list when its copy is older than `auth.revocation_refresh_ms` (1 s by default), on the
//! first request after that. So another node honours a logout after at most that interval
//! (plus one query), and an idle node makes no queries at all. Entries are only ever added
//! until they expire, so a reload merges what it reads with what the node already knows.
//!
//! If a reload fails, the node keeps its copy, logs a warning and tries again after the
//! interval: a database outage must not log everyone out (and tokens expire anyway).

use std::collections::HashMap;
use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Duration, Utc};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::store::revoked_sessions;

pub struct RevokedSessions {
    live: RwLock<Snapshot>,
    reloading: tokio::sync::Mutex<()>,
    every: Duration,
    loads: AtomicU64,
}

#[derive(Default)]
struct Snapshot {
    /// Session id → until when it stays revoked.
    sessions: HashMap<Uuid, DateTime<Utc>>,
    loaded_at: Option<DateTime<Utc>>,
}

impl RevokedSessions {
    pub fn new(refresh_every: std::time::Duration) -> RevokedSessions {
        RevokedSessions {
            live: RwLock::new(Snapshot::default()),
            reloading: tokio::sync::Mutex::new(()),
            every: Duration::from_std(refresh_every).unwrap_or(Duration::seconds(1)),
            loads: AtomicU64::new(0),
        }
    }

    /// Whether `session` has been ended. Reloads the list first when this node's copy is
    /// older than the refresh interval (one request does; the others use the copy).
    pub async fn is_revoked(&self, db: &DatabaseConnection, session: Uuid, now: DateTime<Utc>) -> bool {
        match self.loaded_at() {
            // Never loaded: everyone waits for the first load rather than pass unchecked.
            None => {
                let _one = self.reloading.lock().await;
                if self.loaded_at().is_none() {
                    self.reload(db, now).await;
                }
            }
            Some(at) if now - at >= self.every || now < at => {
                if let Ok(_one) = self.reloading.try_lock() {
                    self.reload(db, now).await;
                }
            }
            Some(_) => {}
        }
        self.read().sessions.get(&session).is_some_and(|until| *until > now)
    }

    /// Adds sessions this node has just ended, so it refuses their tokens at once.
    pub fn remember(&self, sessions: impl IntoIterator<Item = Uuid>, until: DateTime<Utc>) {
        let mut live = self.live.write().unwrap_or_else(|e| e.into_inner());
        for s in sessions {
            let entry = live.sessions.entry(s).or_insert(until);
            *entry = (*entry).max(until);
        }
    }

    /// How many times this node has read the list from the database.
    pub fn loads(&self) -> u64 {
        self.loads.load(Ordering::Relaxed)
    }

    fn loaded_at(&self) -> Option<DateTime<Utc>> {
        self.read().loaded_at
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Snapshot> {
        self.live.read().unwrap_or_else(|e| e.into_inner())
    }

    async fn reload(&self, db: &DatabaseConnection, now: DateTime<Utc>) {
        self.loads.fetch_add(1, Ordering::Relaxed);
        let rows = revoked_sessions::live(db, now).await;
        let mut live = self.live.write().unwrap_or_else(|e| e.into_inner());
        live.loaded_at = Some(now);
        live.sessions.retain(|_, until| *until > now);
        match rows {
            Ok(rows) => {
                for (session, until) in rows {
                    let entry = live.sessions.entry(session).or_insert(until);
                    *entry = (*entry).max(until);
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "reloading the revoked sessions failed; keeping this node's copy")
            }
        }
    }
}
