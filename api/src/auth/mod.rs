//! Authentication: access tokens (JWT), password hashing, and the extractors handlers use
//! to require a logged-in account or a role.

pub mod extract;
pub mod passwords;
pub mod tokens;

pub use extract::{AuthUser, MaybeAuthUser, RequireAdmin, RequireEmployer, RequireSchool, RequireWorker};
pub use tokens::{Claims, TokenService};
