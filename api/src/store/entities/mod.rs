//! sea-orm entities: the database's shape, one module per table. They never leave the
//! store layer and are never serialized to JSON; the store returns domain or record types.

pub mod accounts;
pub mod applications;
pub mod auth_throttle;
pub mod courses;
pub mod enrollments;
pub mod events;
pub mod idempotency_keys;
pub mod jobs;
pub mod occupations;
pub mod organizations;
pub mod outbox;
pub mod refresh_tokens;
pub mod regions;
pub mod revoked_sessions;
pub mod worker_profiles;
pub mod worker_skills;
