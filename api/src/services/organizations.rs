//! Employers and training schools: one organisation per account, verified by the bureau.

use chrono::Utc;
use laowu_domain::geo::GeoPoint;
use laowu_domain::organization::{self, Decision, OrgKind, OrgStatus};
use laowu_domain::uscc::Uscc;
use laowu_domain::{Phone, Role};
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::dto::page::{Page, PageRequest};
use crate::error::{ApiError, ApiResult};
use crate::services::{STALE, retry_stale};
use crate::state::AppState;
use crate::store::events;
use crate::store::organizations::{self as store, OrganizationRecord};
use laowu_domain::events::{Event, Move};

/// Validated fields of a create (all present) or an update (any present).
#[derive(Debug, Default, Clone)]
pub struct OrgChanges {
    pub name: Option<String>,
    pub uscc: Option<Uscc>,
    pub address: Option<String>,
    pub location: Option<GeoPoint>,
    pub region_code: Option<String>,
    pub contact_phone: Option<Phone>,
}

/// An organisation as one viewer may see it: `private_phone` is set only for the owner
/// and the bureau, and everything private goes with it.
pub struct OrgView {
    pub record: OrganizationRecord,
    pub open_listings: u64,
    pub private_phone: Option<String>,
}

fn map_unique(e: sea_orm::DbErr) -> ApiError {
    match ApiError::from(e) {
        ApiError::Conflict(_) => ApiError::Conflict("uscc_taken"),
        other => other,
    }
}

pub async fn create(state: &AppState, user: AuthUser, kind: OrgKind, c: OrgChanges) -> ApiResult<OrgView> {
    if store::find_by_account(&state.db, user.id).await?.is_some() {
        return Err(ApiError::Conflict("organization_exists"));
    }
    let (Some(name), Some(uscc), Some(address), Some(location), Some(region_code), Some(phone)) =
        (c.name, c.uscc, c.address, c.location, c.region_code, c.contact_phone)
    else {
        return Err(ApiError::internal(anyhow::anyhow!("create without every field")));
    };
    let now = Utc::now();
    let record = OrganizationRecord {
        id: Uuid::now_v7(),
        account_id: user.id,
        kind,
        name,
        uscc: uscc.as_str().to_owned(),
        address,
        lat: location.lat(),
        lng: location.lng(),
        region_code,
        contact_phone_enc: state.pii.encrypt(phone.as_str()),
        contact_phone_masked: phone.masked(),
        status: OrgStatus::Pending,
        rejection_reason: None,
        reviewed_at: None,
        created_at: now,
        updated_at: now,
        version: 0,
    };
    let tx = state.begin_write().await?;
    store::insert(tx.conn(), &record).await.map_err(|e| match ApiError::from(e) {
        // Either the account raced itself, or the code belongs to someone else.
        ApiError::Conflict(_) => ApiError::Conflict("uscc_taken"),
        other => other,
    })?;
    let created = Event::OrganizationCreated { organization: record.id, kind };
    events::record(tx.conn(), &created, Some(user), None, now).await?;
    tx.commit().await?;
    view(state, record, true).await
}

/// The caller's own organisation of `kind`.
pub async fn mine(state: &AppState, user: AuthUser, kind: OrgKind) -> ApiResult<OrgView> {
    let record = store::find_by_account(&state.db, user.id)
        .await?
        .filter(|r| r.kind == kind)
        .ok_or(ApiError::NotFound)?;
    view(state, record, true).await
}

/// Anyone may see a verified organisation; its owner and the bureau see it in any state,
/// with its private details. Everyone else gets 404.
pub async fn get(state: &AppState, viewer: Option<AuthUser>, kind: OrgKind, id: Uuid) -> ApiResult<OrgView> {
    let record = store::find(&state.db, id).await?.filter(|r| r.kind == kind).ok_or(ApiError::NotFound)?;
    let private = viewer.is_some_and(|v| v.id == record.account_id || v.role == Role::Admin);
    if !private && record.status != OrgStatus::Verified {
        return Err(ApiError::NotFound);
    }
    view(state, record, private).await
}

pub async fn update(
    state: &AppState,
    user: AuthUser,
    kind: OrgKind,
    id: Uuid,
    c: OrgChanges,
) -> ApiResult<OrgView> {
    retry_stale(|| update_once(state, user, kind, id, c.clone())).await
}

async fn update_once(
    state: &AppState,
    user: AuthUser,
    kind: OrgKind,
    id: Uuid,
    c: OrgChanges,
) -> ApiResult<OrgView> {
    let tx = state.begin_write().await?;
    let mut record = store::find_for_update(tx.conn(), id)
        .await?
        .filter(|r| r.kind == kind && r.account_id == user.id)
        .ok_or(ApiError::NotFound)?;
    let identity_changed = c.name.as_ref().is_some_and(|n| *n != record.name)
        || c.uscc.as_ref().is_some_and(|u| u.as_str() != record.uscc);
    if let Some(v) = c.name {
        record.name = v;
    }
    if let Some(v) = c.uscc {
        record.uscc = v.as_str().to_owned();
    }
    if let Some(v) = c.address {
        record.address = v;
    }
    if let Some(v) = c.location {
        record.lat = v.lat();
        record.lng = v.lng();
    }
    if let Some(v) = c.region_code {
        record.region_code = v;
    }
    if let Some(v) = c.contact_phone {
        record.contact_phone_enc = state.pii.encrypt(v.as_str());
        record.contact_phone_masked = v.masked();
    }
    let before = record.status;
    record.status = organization::status_after_edit(record.status, identity_changed);
    record.updated_at = Utc::now();
    if !store::update(tx.conn(), &mut record).await.map_err(map_unique)? {
        return Err(STALE);
    }
    let (organization, kind, at) = (record.id, record.kind, record.updated_at);
    let edited = Event::OrganizationEdited { organization, kind, identity_changed };
    events::record(tx.conn(), &edited, Some(user), None, at).await?;
    if record.status != before {
        let moved =
            Event::OrganizationMoved { organization, kind, change: Move::between(before, record.status) };
        events::record(tx.conn(), &moved, Some(user), None, at).await?;
    }
    tx.commit().await?;
    state.poke_indexer();
    view(state, record, true).await
}

pub async fn review(
    state: &AppState,
    admin: AuthUser,
    id: Uuid,
    decision: Decision,
    reason: Option<String>,
) -> ApiResult<OrgView> {
    let (status, reason) =
        organization::review(decision, reason.as_deref()).map_err(|e| ApiError::field("/reason", &e))?;
    retry_stale(|| async {
        let tx = state.begin_write().await?;
        let mut record = store::find_for_update(tx.conn(), id).await?.ok_or(ApiError::NotFound)?;
        let before = record.status;
        let now = Utc::now();
        if !store::set_review(tx.conn(), &mut record, status, reason.clone(), admin.id, now).await? {
            return Err(STALE);
        }
        let moved = Event::OrganizationMoved {
            organization: record.id,
            kind: record.kind,
            change: Move::between(before, status),
        };
        events::record(tx.conn(), &moved, Some(admin), None, now).await?;
        tx.commit().await?;
        state.poke_indexer();
        view(state, record, true).await
    })
    .await
}

pub async fn list(
    state: &AppState,
    status: Option<OrgStatus>,
    kind: Option<OrgKind>,
    page: PageRequest<Uuid>,
) -> ApiResult<Page<OrgView>> {
    let rows = store::list(&state.db, status, kind, page.after, page.limit).await?;
    let page = Page::from_rows(rows, page.limit, |r| r.id, |r| r);
    let mut items = Vec::with_capacity(page.items.len());
    for record in page.items {
        items.push(view(state, record, true).await?);
    }
    Ok(Page { items, next_cursor: page.next_cursor })
}

async fn view(state: &AppState, record: OrganizationRecord, private: bool) -> ApiResult<OrgView> {
    let open_listings = store::open_listings(&state.db, &record).await?;
    let private_phone = if private {
        Some(state.pii.decrypt(&record.contact_phone_enc).map_err(ApiError::internal)?)
    } else {
        None
    };
    Ok(OrgView { record, open_listings, private_phone })
}

/// The verified organisation of `kind` that the caller owns; publishing needs one.
pub async fn require_verified(
    state: &AppState,
    user: AuthUser,
    kind: OrgKind,
) -> ApiResult<OrganizationRecord> {
    let org = owned(state, user, kind).await?;
    if org.status != OrgStatus::Verified {
        return Err(ApiError::Conflict("organization_not_verified"));
    }
    Ok(org)
}

/// The caller's organisation of `kind`, verified or not; 409 when it has none yet.
pub async fn owned(state: &AppState, user: AuthUser, kind: OrgKind) -> ApiResult<OrganizationRecord> {
    store::find_by_account(&state.db, user.id)
        .await?
        .filter(|r| r.kind == kind)
        .ok_or(ApiError::Conflict("organization_required"))
}
