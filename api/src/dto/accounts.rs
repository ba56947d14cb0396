use chrono::{DateTime, Utc};
use laowu_domain::Role;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::services::accounts::Account;
use crate::services::auth::RegistrationAccepted;

/// The same for a new phone number and for one that already has an account, so it carries
/// no account id: log in to continue.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RegistrationResponse {
    /// The number in canonical 11-digit form.
    #[schema(example = "13800001111")]
    pub phone: String,
    /// The role asked for.
    #[schema(value_type = String, example = "worker")]
    pub role: Role,
}

impl From<RegistrationAccepted> for RegistrationResponse {
    fn from(r: RegistrationAccepted) -> Self {
        RegistrationResponse { phone: r.phone.as_str().to_owned(), role: r.role }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MeResponse {
    pub id: Uuid,
    #[schema(example = "13800001111")]
    pub phone: String,
    /// `worker`, `employer`, `school` or `admin`.
    #[schema(value_type = String, example = "worker")]
    pub role: Role,
    pub created_at: DateTime<Utc>,
}

impl From<Account> for MeResponse {
    fn from(a: Account) -> Self {
        MeResponse { id: a.id, phone: a.phone.as_str().to_owned(), role: a.role, created_at: a.created_at }
    }
}
