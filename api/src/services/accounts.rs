//! Reading accounts.

use chrono::{DateTime, Utc};
use laowu_domain::{Phone, Role};
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::accounts;

pub struct Account {
    pub id: Uuid,
    pub phone: Phone,
    pub role: Role,
    pub created_at: DateTime<Utc>,
}

/// The caller's own account, with its phone number decrypted.
pub async fn me(state: &AppState, id: Uuid) -> ApiResult<Account> {
    let record = accounts::find_by_id(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    let phone = state.pii.decrypt(&record.phone_enc).map_err(ApiError::internal)?;
    let phone = Phone::parse(&phone)
        .map_err(|_| ApiError::internal(anyhow::anyhow!("stored phone does not parse")))?;
    Ok(Account { id: record.id, phone, role: record.role, created_at: record.created_at })
}
