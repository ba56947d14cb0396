//! Employers and training schools.

use chrono::{DateTime, Utc};
use laowu_domain::organization::{OrgKind, OrgStatus};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect,
};
use uuid::Uuid;

use super::corrupt;
use super::entities::organizations::{ActiveModel, Column, Entity, Model};
use super::entities::{courses, jobs};

#[derive(Debug, Clone)]
pub struct OrganizationRecord {
    pub id: Uuid,
    pub account_id: Uuid,
    pub kind: OrgKind,
    pub name: String,
    pub uscc: String,
    pub address: String,
    pub lat: f64,
    pub lng: f64,
    pub region_code: String,
    pub contact_phone_enc: String,
    pub contact_phone_masked: String,
    pub status: OrgStatus,
    pub rejection_reason: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Bumped by every write; an update names the version it read (compare-and-set).
    pub version: i32,
}

impl TryFrom<Model> for OrganizationRecord {
    type Error = DbErr;
    fn try_from(m: Model) -> Result<Self, DbErr> {
        Ok(OrganizationRecord {
            kind: m.kind.parse().map_err(|_| corrupt("organisation kind", &m.kind))?,
            status: m.status.parse().map_err(|_| corrupt("organisation status", &m.status))?,
            id: m.id,
            account_id: m.account_id,
            name: m.name,
            uscc: m.uscc,
            address: m.address,
            lat: m.lat,
            lng: m.lng,
            region_code: m.region_code,
            contact_phone_enc: m.contact_phone_enc,
            contact_phone_masked: m.contact_phone_masked,
            rejection_reason: m.rejection_reason,
            reviewed_at: m.reviewed_at,
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        })
    }
}

fn active(r: &OrganizationRecord) -> ActiveModel {
    ActiveModel {
        id: Set(r.id),
        account_id: Set(r.account_id),
        kind: Set(r.kind.as_str().to_owned()),
        name: Set(r.name.clone()),
        uscc: Set(r.uscc.clone()),
        address: Set(r.address.clone()),
        lat: Set(r.lat),
        lng: Set(r.lng),
        region_code: Set(r.region_code.clone()),
        contact_phone_enc: Set(r.contact_phone_enc.clone()),
        contact_phone_masked: Set(r.contact_phone_masked.clone()),
        status: Set(r.status.as_str().to_owned()),
        rejection_reason: Set(r.rejection_reason.clone()),
        reviewed_at: Set(r.reviewed_at),
        reviewed_by: sea_orm::ActiveValue::NotSet,
        created_at: Set(r.created_at),
        updated_at: Set(r.updated_at),
        version: Set(r.version),
    }
}

pub async fn insert(db: &impl ConnectionTrait, r: &OrganizationRecord) -> Result<(), DbErr> {
    let mut model = active(r);
    model.reviewed_by = Set(None);
    Entity::insert(model).exec_without_returning(db).await?;
    Ok(())
}

/// Saves `r` if the stored organisation is still at `r.version` (then bumped); `false`
/// when someone (the bureau, another edit) changed it since it was read.
pub async fn update(db: &impl ConnectionTrait, r: &mut OrganizationRecord) -> Result<bool, DbErr> {
    let mut model = active(r);
    model.version = Set(r.version + 1);
    let saved = super::update_at_version(db, model, Column::Id, r.id, Column::Version, r.version).await?;
    if saved {
        r.version += 1;
    }
    Ok(saved)
}

/// Records the bureau's decision on `r` if it is still at the version read (then
/// bumped, and `r` updated); `false` when it changed meanwhile.
pub async fn set_review(
    db: &impl ConnectionTrait,
    r: &mut OrganizationRecord,
    status: OrgStatus,
    reason: Option<String>,
    reviewer: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let model = ActiveModel {
        status: Set(status.as_str().to_owned()),
        rejection_reason: Set(reason.clone()),
        reviewed_at: Set(Some(now)),
        reviewed_by: Set(Some(reviewer)),
        updated_at: Set(now),
        version: Set(r.version + 1),
        ..Default::default()
    };
    let saved = super::update_at_version(db, model, Column::Id, r.id, Column::Version, r.version).await?;
    if saved {
        r.status = status;
        r.rejection_reason = reason;
        r.reviewed_at = Some(now);
        r.updated_at = now;
        r.version += 1;
    }
    Ok(saved)
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<OrganizationRecord>, DbErr> {
    Entity::find_by_id(id).one(db).await?.map(OrganizationRecord::try_from).transpose()
}

/// As [`find`], locking the row until the transaction `db` ends (PostgreSQL: `FOR
/// UPDATE`; SQLite's write transaction holds the whole database already), so a writer
/// decides on what it will overwrite.
pub async fn find_for_update(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<OrganizationRecord>, DbErr> {
    Entity::find_by_id(id).lock_exclusive().one(db).await?.map(OrganizationRecord::try_from).transpose()
}

/// The organisations with these ids (missing ones are left out).
pub async fn find_many(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<Vec<OrganizationRecord>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Entity::find()
        .filter(Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(OrganizationRecord::try_from)
        .collect()
}

pub async fn find_by_account(
    db: &impl ConnectionTrait,
    account: Uuid,
) -> Result<Option<OrganizationRecord>, DbErr> {
    Entity::find()
        .filter(Column::AccountId.eq(account))
        .one(db)
        .await?
        .map(OrganizationRecord::try_from)
        .transpose()
}

/// Organisations for the bureau's review queue, oldest first, `limit + 1` rows.
pub async fn list(
    db: &impl ConnectionTrait,
    status: Option<OrgStatus>,
    kind: Option<OrgKind>,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<OrganizationRecord>, DbErr> {
    let mut q = Entity::find();
    if let Some(s) = status {
        q = q.filter(Column::Status.eq(s.as_str()));
    }
    if let Some(k) = kind {
        q = q.filter(Column::Kind.eq(k.as_str()));
    }
    super::oldest_first(q, Column::Id, after, limit)
        .all(db)
        .await?
        .into_iter()
        .map(OrganizationRecord::try_from)
        .collect()
}

/// `id IN (verified organisations)`, for queries that show only what verified
/// organisations publish.
pub fn verified_ids() -> sea_orm::sea_query::SelectStatement {
    use sea_orm::sea_query::Query;
    Query::select()
        .column(Column::Id)
        .from(Entity)
        .and_where(Column::Status.eq(OrgStatus::Verified.as_str()))
        .to_owned()
}

/// The ids of the organisation's jobs (employer) or courses (school).
pub async fn listing_ids(db: &impl ConnectionTrait, org: Uuid, kind: OrgKind) -> Result<Vec<Uuid>, DbErr> {
    match kind {
        OrgKind::Employer => {
            jobs::Entity::find()
                .select_only()
                .column(jobs::Column::Id)
                .filter(jobs::Column::EmployerId.eq(org))
                .into_tuple()
                .all(db)
                .await
        }
        OrgKind::School => {
            courses::Entity::find()
                .select_only()
                .column(courses::Column::Id)
                .filter(courses::Column::SchoolId.eq(org))
                .into_tuple()
                .all(db)
                .await
        }
    }
}

/// How many open jobs (employer) or open courses (school) the organisation has.
pub async fn open_listings(db: &impl ConnectionTrait, org: &OrganizationRecord) -> Result<u64, DbErr> {
    match org.kind {
        OrgKind::Employer => {
            jobs::Entity::find()
                .filter(jobs::Column::EmployerId.eq(org.id))
                .filter(jobs::Column::Status.eq("open"))
                .count(db)
                .await
        }
        OrgKind::School => {
            courses::Entity::find()
                .filter(courses::Column::SchoolId.eq(org.id))
                .filter(courses::Column::Status.eq("open"))
                .count(db)
                .await
        }
    }
}
