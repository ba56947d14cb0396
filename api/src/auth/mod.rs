//! Authentication: access tokens (JWT) and the deny-list of ended logins, bounded password
//! hashing, the login and registration throttles, and the extractors handlers use to
//! require a logged-in account or a role.

pub mod extract;
pub mod passwords;
pub mod revocation;
pub mod throttle;
pub mod tokens;

pub use extract::{AuthUser, MaybeAuthUser, RequireAdmin, RequireEmployer, RequireSchool, RequireWorker};
pub use passwords::Passwords;
pub use revocation::RevokedSessions;
pub use tokens::{Claims, TokenService};
