//! sea-orm entities: the database's shape, one module per table. They never leave the
//! store layer and are never serialized to JSON; the store returns domain or record types.

pub mod accounts;
pub mod idempotency_keys;
pub mod login_throttle;
pub mod refresh_tokens;
