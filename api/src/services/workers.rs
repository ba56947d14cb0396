//! Worker profiles.

use chrono::Utc;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::dto::workers::ProfileInput;
use crate::error::{ApiError, ApiResult};
use crate::services::{STALE, retry_stale};
use crate::state::AppState;
use crate::store::events;
use crate::store::workers::{self as store, ProfileRecord, SkillRecord};
use laowu_domain::events::Event;

pub async fn mine(state: &AppState, user: AuthUser) -> ApiResult<ProfileRecord> {
    store::find(&state.db, user.id).await?.ok_or(ApiError::NotFound)
}

/// Replaces the caller's profile. The ID number is kept unless the request sets or
/// removes it; it is stored encrypted, with only its masked form in clear.
pub async fn put(state: &AppState, user: AuthUser, input: ProfileInput) -> ApiResult<(ProfileRecord, bool)> {
    retry_stale(|| put_once(state, user, input.clone())).await
}

async fn put_once(state: &AppState, user: AuthUser, input: ProfileInput) -> ApiResult<(ProfileRecord, bool)> {
    let mut record = input.record;
    let tx = state.begin_write().await?;
    let existing = store::find_for_update(tx.conn(), user.id).await?;
    let created = existing.is_none();
    if let Some(old) = &existing {
        record.created_at = old.created_at;
        record.id_number_enc = old.id_number_enc.clone();
        record.id_number_masked = old.id_number_masked.clone();
        record.version = old.version;
    }
    match input.id_number {
        None => {}
        Some(None) => {
            record.id_number_enc = None;
            record.id_number_masked = None;
        }
        Some(Some(id)) => {
            record.id_number_enc = Some(state.pii.encrypt(id.as_str()));
            record.id_number_masked = Some(id.masked());
        }
    }
    record.updated_at = Utc::now();
    if created {
        // Another request creating the same profile at the same moment: read again.
        store::insert(tx.conn(), &record).await.map_err(|e| match ApiError::from(e) {
            ApiError::Conflict(_) => STALE,
            other => other,
        })?;
    } else if !store::update(tx.conn(), &mut record).await? {
        return Err(STALE);
    }
    events::record(tx.conn(), &Event::ProfileSaved { worker: user.id }, Some(user), None, record.updated_at)
        .await?;
    tx.commit().await?;
    state.poke_indexer();
    Ok((record, created))
}

/// Records a certified skill: added, or raised to `level` if the worker had it lower.
/// Called inside the certification's transaction.
pub async fn add_certified_skill(
    db: &impl sea_orm::ConnectionTrait,
    worker: Uuid,
    occupation_code: &str,
    level: u8,
    certificate_no: &str,
) -> ApiResult<()> {
    let Some(mut profile) = store::find_for_update(db, worker).await? else {
        return Ok(());
    };
    match profile.skills.iter_mut().find(|s| s.occupation_code == occupation_code) {
        Some(s) => {
            s.level = s.level.max(level);
            s.certificate_no = Some(certificate_no.to_owned());
        }
        None => profile.skills.push(SkillRecord {
            occupation_code: occupation_code.to_owned(),
            level,
            years: 0,
            certificate_no: Some(certificate_no.to_owned()),
        }),
    }
    profile.updated_at = Utc::now();
    if !store::update(db, &mut profile).await? {
        return Err(STALE);
    }
    Ok(())
}
