//! Password hashing with Argon2id (the `argon2` crate's defaults: 19 MiB, 2 passes), with a
//! bound on how much of it runs at once.
//!
//! Each computation — a hash at registration, a verification at login — needs 19 MiB and
//! a core for tens of milliseconds. Unbounded, a burst of registrations took the server
//! from 189 MiB to a 3.9 GiB peak that stayed. So:
//!
//! - at most `auth.hash_concurrency` computations run at once (a semaphore, one permit per
//!   core by default), on the blocking pool, never on the async workers;
//! - at most `auth.hash_queue` requests wait for a permit, each for at most
//!   `auth.hash_wait_ms`; any other gets [`HashError::Busy`] (`503 busy`, `Retry-After: 1`);
//! - each permit has its own Argon2 memory, allocated once and reused, so memory is
//!   `permits × 19 MiB` however many requests come.
//!
//! A permit is released only when its computation ends, even if the request that asked
//! for it has gone (a timeout), so the bound holds for the work actually running.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, ParamsString, PasswordHash, PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::config::AuthConfig;
use crate::error::ApiError;

/// A hash of a random password, verified against when a phone number is unknown so that
/// a login for a missing account takes as long as one with a wrong password.
static DECOY: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(uuid::Uuid::new_v4().as_bytes(), &salt)
        .expect("hashing a fixed-size input cannot fail")
        .to_string()
});

/// What the caller should do when no computation slot was free.
pub const BUSY_RETRY_AFTER_SECS: u64 = 1;

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    /// Every slot is taken and the queue is full or the wait ran out.
    #[error("password hashing is at capacity")]
    Busy,
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

impl From<HashError> for ApiError {
    fn from(e: HashError) -> ApiError {
        match e {
            HashError::Busy => ApiError::Busy { retry_after: BUSY_RETRY_AFTER_SECS },
            HashError::Failed(e) => ApiError::Internal(e),
        }
    }
}

/// Counters, for tests and operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordStats {
    /// The bound: computations that may run at once.
    pub permits: usize,
    /// Computations running now.
    pub in_flight: u64,
    /// The most that ever ran at once.
    pub peak_in_flight: u64,
    /// Hashes computed (registrations, accounts made by the operator).
    pub hashes: u64,
    /// Verifications computed (logins).
    pub verifications: u64,
    /// Requests turned away with `busy`.
    pub busy: u64,
}

/// The bounded Argon2 service every request goes through (`AppState::passwords`).
pub struct Passwords {
    permits: Arc<Semaphore>,
    size: usize,
    queue: usize,
    wait: Duration,
    waiting: AtomicUsize,
    /// One Argon2 working memory per running computation, kept for the next one.
    memory: Mutex<Vec<Vec<Block>>>,
    in_flight: AtomicU64,
    peak: AtomicU64,
    hashes: AtomicU64,
    verifications: AtomicU64,
    busy: AtomicU64,
}

/// A computation slot held without computing (see [`Passwords::occupy`]).
pub struct Slot(#[allow(dead_code)] OwnedSemaphorePermit);

impl Passwords {
    pub fn new(config: &AuthConfig) -> Passwords {
        let size = config.hash_permits().max(1);
        Passwords {
            permits: Arc::new(Semaphore::new(size)),
            size,
            queue: config.hash_queue,
            wait: Duration::from_millis(config.hash_wait_ms),
            waiting: AtomicUsize::new(0),
            memory: Mutex::new(Vec::new()),
            in_flight: AtomicU64::new(0),
            peak: AtomicU64::new(0),
            hashes: AtomicU64::new(0),
            verifications: AtomicU64::new(0),
            busy: AtomicU64::new(0),
        }
    }

    /// A PHC-format Argon2id hash of `password`.
    pub async fn hash(self: &Arc<Self>, password: String) -> Result<String, HashError> {
        self.run(move |this, memory| {
            this.hashes.fetch_add(1, Ordering::Relaxed);
            hash_with(memory, password.as_bytes())
        })
        .await
    }

    /// Verifies `password` against `stored`, or against the decoy when there is no account,
    /// so both cost the same.
    pub async fn verify(
        self: &Arc<Self>,
        password: String,
        stored: Option<String>,
    ) -> Result<bool, HashError> {
        self.run(move |this, memory| {
            this.verifications.fetch_add(1, Ordering::Relaxed);
            let known = stored.is_some();
            let stored = stored.unwrap_or_else(|| DECOY.clone());
            let ok = verify_with(memory, password.as_bytes(), &stored)?;
            Ok(known && ok)
        })
        .await
    }

    /// Takes a slot as a computation would, without computing, until the [`Slot`] is
    /// dropped. Waits as long as it takes. For tests of the busy path, and for an operator
    /// who wants to shed password work.
    pub async fn occupy(&self) -> Slot {
        Slot(self.permits.clone().acquire_owned().await.expect("the semaphore is never closed"))
    }

    pub fn stats(&self) -> PasswordStats {
        PasswordStats {
            permits: self.size,
            in_flight: self.in_flight.load(Ordering::Relaxed),
            peak_in_flight: self.peak.load(Ordering::Relaxed),
            hashes: self.hashes.load(Ordering::Relaxed),
            verifications: self.verifications.load(Ordering::Relaxed),
            busy: self.busy.load(Ordering::Relaxed),
        }
    }

    async fn run<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&Passwords, &mut Vec<Block>) -> anyhow::Result<T> + Send + 'static,
    ) -> Result<T, HashError> {
        let permit = self.slot().await?;
        let this = Arc::clone(self);
        let done = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let now = this.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            this.peak.fetch_max(now, Ordering::SeqCst);
            let mut memory = this.memory.lock().unwrap_or_else(|e| e.into_inner()).pop().unwrap_or_default();
            let result = work(&this, &mut memory);
            this.memory.lock().unwrap_or_else(|e| e.into_inner()).push(memory);
            this.in_flight.fetch_sub(1, Ordering::SeqCst);
            result
        })
        .await
        .map_err(|e| HashError::Failed(anyhow::anyhow!("password task: {e}")))?;
        Ok(done?)
    }

    /// A permit at once, or after waiting in the bounded queue, or `Busy`.
    async fn slot(&self) -> Result<OwnedSemaphorePermit, HashError> {
        if let Ok(permit) = self.permits.clone().try_acquire_owned() {
            return Ok(permit);
        }
        let queued = Queued::join(&self.waiting, self.queue);
        let permit = match queued {
            Some(_place) => tokio::time::timeout(self.wait, self.permits.clone().acquire_owned()).await.ok(),
            None => None,
        };
        match permit {
            Some(Ok(permit)) => Ok(permit),
            _ => {
                self.busy.fetch_add(1, Ordering::Relaxed);
                Err(HashError::Busy)
            }
        }
    }
}

/// A place in the wait queue, given back when dropped (also when the request is).
struct Queued<'a>(&'a AtomicUsize);

impl<'a> Queued<'a> {
    fn join(waiting: &'a AtomicUsize, max: usize) -> Option<Queued<'a>> {
        waiting
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| (n < max).then_some(n + 1))
            .ok()
            .map(|_| Queued(waiting))
    }
}

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Makes sure `memory` holds at least the blocks `params` needs (reused afterwards).
fn fit(memory: &mut Vec<Block>, params: &Params) {
    if memory.len() < params.block_count() {
        memory.resize(params.block_count(), Block::default());
    }
}

/// Argon2id with the crate's default parameters into the given memory, as a PHC string
/// that `argon2`'s own verifier reads (and that we verify the same way).
fn hash_with(memory: &mut Vec<Block>, password: &[u8]) -> anyhow::Result<String> {
    let argon = Argon2::default();
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_buf = [0u8; 64];
    let salt_bytes = salt.as_salt().decode_b64(&mut salt_buf).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    fit(memory, argon.params());
    let output = Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
        argon.hash_password_into_with_memory(password, salt_bytes, out, &mut memory[..]).map_err(Into::into)
    })
    .map_err(|e| anyhow::anyhow!("argon2: {e}"))?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(argon.params()).map_err(|e| anyhow::anyhow!("argon2 params: {e}"))?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(phc.to_string())
}

/// Recomputes the stored hash's function (with its own parameters) over `password` in the
/// given memory and compares in constant time.
fn verify_with(memory: &mut Vec<Block>, password: &[u8], stored: &str) -> anyhow::Result<bool> {
    let parsed = PasswordHash::new(stored).map_err(|e| anyhow::anyhow!("stored hash: {e}"))?;
    let algorithm = Algorithm::try_from(parsed.algorithm).map_err(|e| anyhow::anyhow!("stored hash: {e}"))?;
    let version = match parsed.version {
        Some(v) => Version::try_from(v).map_err(|e| anyhow::anyhow!("stored hash: {e}"))?,
        None => Version::default(),
    };
    let params = Params::try_from(&parsed).map_err(|e| anyhow::anyhow!("stored hash: {e}"))?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return Err(anyhow::anyhow!("stored hash has no salt or output"));
    };
    let mut salt_buf = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_buf).map_err(|e| anyhow::anyhow!("stored salt: {e}"))?;
    fit(memory, &params);
    let argon = Argon2::new(algorithm, version, params);
    let computed = Output::init_with(expected.len(), |out| {
        argon.hash_password_into_with_memory(password, salt_bytes, out, &mut memory[..]).map_err(Into::into)
    })
    .map_err(|e| anyhow::anyhow!("argon2: {e}"))?;
    // `Output`'s equality is constant-time.
    Ok(computed == expected)
}

/// Builds the decoy hash ahead of the first login.
pub fn warm_up() {
    LazyLock::force(&DECOY);
}

#[cfg(test)]
mod tests {
    use argon2::PasswordVerifier;

    use super::*;

    #[test]
    fn our_hashes_are_standard_argon2id_and_standard_ones_verify_here() {
        let mut memory = Vec::new();
        let ours = hash_with(&mut memory, b"erlian-welder-7").unwrap();
        assert!(ours.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{ours}");
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(Argon2::default().verify_password(b"erlian-welder-7", &parsed).is_ok());
        assert!(Argon2::default().verify_password(b"erlian-welder-8", &parsed).is_err());

        // Hashes stored before this module reused memory still verify.
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default().hash_password(b"grassland-rider-9", &salt).unwrap().to_string();
        assert!(verify_with(&mut memory, b"grassland-rider-9", &theirs).unwrap());
        assert!(!verify_with(&mut memory, b"grassland-rider-8", &theirs).unwrap());
        assert!(verify_with(&mut memory, b"erlian-welder-7", &ours).unwrap());
        assert_eq!(memory.len(), Params::DEFAULT_M_COST as usize, "one working memory, reused");
    }

    #[test]
    fn other_parameters_are_honoured() {
        let params = Params::new(8 * 1024, 1, 1, None).unwrap();
        let salt = SaltString::generate(&mut OsRng);
        let light = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password(b"erlian-welder-7", &salt)
            .unwrap()
            .to_string();
        let mut memory = Vec::new();
        assert!(verify_with(&mut memory, b"erlian-welder-7", &light).unwrap());
        assert!(!verify_with(&mut memory, b"erlian-welder-", &light).unwrap());
        assert!(verify_with(&mut memory, b"x", "not a hash").is_err());
    }

    #[tokio::test]
    async fn the_queue_turns_away_what_it_cannot_hold() {
        let config =
            AuthConfig { hash_concurrency: 1, hash_queue: 1, hash_wait_ms: 50, ..AuthConfig::default() };
        let passwords = Arc::new(Passwords::new(&config));
        let slot = passwords.occupy().await;
        // One may wait (and times out after 50 ms); the queue is then free again.
        assert!(matches!(passwords.hash("a-password".to_owned()).await, Err(HashError::Busy)));
        assert_eq!(passwords.waiting.load(Ordering::SeqCst), 0);
        drop(slot);
        assert!(passwords.hash("a-password".to_owned()).await.is_ok());
        let stats = passwords.stats();
        assert_eq!((stats.hashes, stats.busy, stats.peak_in_flight, stats.in_flight), (1, 1, 1, 0));
    }
}
