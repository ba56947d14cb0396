//! Worker profiles and their skills.

use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;

use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::corrupt;
use super::entities::{worker_profiles as profiles, worker_skills as skills};

#[derive(Debug, Clone, PartialEq)]
pub struct SkillRecord {
    pub occupation_code: String,
    pub level: u8,
    pub years: u8,
    pub certificate_no: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ProfileRecord {
    pub account_id: Uuid,
    pub name: String,
    pub gender: Option<String>,
    pub birth_year: Option<i32>,
    pub hukou_region_code: Option<String>,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub region_code: Option<String>,
    pub languages: Vec<String>,
    pub education: Option<String>,
    pub desired_occupations: Vec<String>,
    pub min_wage_amount: Option<i64>,
    pub min_wage_unit: Option<String>,
    pub work_types: Vec<String>,
    pub available_from: Option<NaiveDate>,
    pub max_travel_km: Option<i32>,
    pub wants_training: bool,
    pub discoverable: bool,
    /// The ID card number, encrypted (see `secrets::PiiCipher`).
    pub id_number_enc: Option<String>,
    pub id_number_masked: Option<String>,
    pub skills: Vec<SkillRecord>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Bumped by every write; an update names the version it read (compare-and-set).
    pub version: i32,
}

fn list(what: &str, s: &str) -> Result<Vec<String>, DbErr> {
    serde_json::from_str(s).map_err(|_| corrupt(what, s))
}

fn to_json(v: &[String]) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".to_owned())
}

fn skill(s: skills::Model) -> SkillRecord {
    SkillRecord {
        occupation_code: s.occupation_code,
        level: u8::try_from(s.level).unwrap_or(1),
        years: u8::try_from(s.years).unwrap_or(0),
        certificate_no: s.certificate_no,
    }
}

fn record(m: profiles::Model, skills: Vec<SkillRecord>) -> Result<ProfileRecord, DbErr> {
    Ok(ProfileRecord {
        languages: list("languages", &m.languages)?,
        desired_occupations: list("desired occupations", &m.desired_occupations)?,
        work_types: list("work types", &m.work_types)?,
        account_id: m.account_id,
        name: m.name,
        gender: m.gender,
        birth_year: m.birth_year,
        hukou_region_code: m.hukou_region_code,
        lat: m.lat,
        lng: m.lng,
        region_code: m.region_code,
        education: m.education,
        min_wage_amount: m.min_wage_amount,
        min_wage_unit: m.min_wage_unit,
        available_from: m.available_from,
        max_travel_km: m.max_travel_km,
        wants_training: m.wants_training,
        discoverable: m.discoverable,
        id_number_enc: m.id_number_enc,
        id_number_masked: m.id_number_masked,
        skills,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

pub async fn find(db: &impl ConnectionTrait, account: Uuid) -> Result<Option<ProfileRecord>, DbErr> {
    find_locked(db, account, false).await
}

/// As [`find`], locking the profile row until the transaction `db` ends (PostgreSQL:
/// `FOR UPDATE`; SQLite's write transaction holds the whole database already).
pub async fn find_for_update(
    db: &impl ConnectionTrait,
    account: Uuid,
) -> Result<Option<ProfileRecord>, DbErr> {
    find_locked(db, account, true).await
}

async fn find_locked(
    db: &impl ConnectionTrait,
    account: Uuid,
    lock: bool,
) -> Result<Option<ProfileRecord>, DbErr> {
    let mut q = profiles::Entity::find_by_id(account);
    if lock {
        q = q.lock_exclusive();
    }
    let Some(m) = q.one(db).await? else {
        return Ok(None);
    };
    let skills = skills::Entity::find()
        .filter(skills::Column::AccountId.eq(account))
        .order_by_asc(skills::Column::OccupationCode)
        .all(db)
        .await?
        .into_iter()
        .map(skill)
        .collect();
    record(m, skills).map(Some)
}

/// Profiles with their skills, two queries for the lot.
async fn with_skills(
    db: &impl ConnectionTrait,
    models: Vec<profiles::Model>,
) -> Result<Vec<ProfileRecord>, DbErr> {
    if models.is_empty() {
        return Ok(Vec::new());
    }
    let mut by_account: HashMap<Uuid, Vec<SkillRecord>> = HashMap::new();
    for s in skills::Entity::find()
        .filter(skills::Column::AccountId.is_in(models.iter().map(|m| m.account_id)))
        .order_by_asc(skills::Column::OccupationCode)
        .all(db)
        .await?
    {
        by_account.entry(s.account_id).or_default().push(skill(s));
    }
    models
        .into_iter()
        .map(|m| {
            let skills = by_account.remove(&m.account_id).unwrap_or_default();
            record(m, skills)
        })
        .collect()
}

/// The profiles of these accounts (accounts without one are left out), in id order.
pub async fn find_many(db: &impl ConnectionTrait, accounts: &[Uuid]) -> Result<Vec<ProfileRecord>, DbErr> {
    if accounts.is_empty() {
        return Ok(Vec::new());
    }
    let models = profiles::Entity::find()
        .filter(profiles::Column::AccountId.is_in(accounts.iter().copied()))
        .order_by_asc(profiles::Column::AccountId)
        .all(db)
        .await?;
    with_skills(db, models).await
}

/// Every profile in account order, `limit` at a time after `after`.
pub async fn page_all(
    db: &impl ConnectionTrait,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<ProfileRecord>, DbErr> {
    let mut q = profiles::Entity::find();
    if let Some(a) = after {
        q = q.filter(profiles::Column::AccountId.gt(a));
    }
    let models = q.order_by_asc(profiles::Column::AccountId).limit(limit).all(db).await?;
    with_skills(db, models).await
}

fn active(p: &ProfileRecord) -> profiles::ActiveModel {
    profiles::ActiveModel {
        account_id: Set(p.account_id),
        name: Set(p.name.clone()),
        gender: Set(p.gender.clone()),
        birth_year: Set(p.birth_year),
        hukou_region_code: Set(p.hukou_region_code.clone()),
        lat: Set(p.lat),
        lng: Set(p.lng),
        region_code: Set(p.region_code.clone()),
        languages: Set(to_json(&p.languages)),
        education: Set(p.education.clone()),
        desired_occupations: Set(to_json(&p.desired_occupations)),
        min_wage_amount: Set(p.min_wage_amount),
        min_wage_unit: Set(p.min_wage_unit.clone()),
        work_types: Set(to_json(&p.work_types)),
        available_from: Set(p.available_from),
        max_travel_km: Set(p.max_travel_km),
        wants_training: Set(p.wants_training),
        discoverable: Set(p.discoverable),
        id_number_enc: Set(p.id_number_enc.clone()),
        id_number_masked: Set(p.id_number_masked.clone()),
        created_at: Set(p.created_at),
        updated_at: Set(p.updated_at),
        version: Set(p.version),
    }
}

/// Inserts a new profile with its skills (a unique violation if the worker has one).
/// Run it in a transaction.
pub async fn insert(db: &impl ConnectionTrait, p: &ProfileRecord) -> Result<(), DbErr> {
    profiles::Entity::insert(active(p)).exec_without_returning(db).await?;
    replace_skills(db, p).await
}

/// Writes the whole profile and replaces its skills, if the stored profile is still at
/// `p.version` (then bumped); `false` when someone else changed it since it was read.
/// Run it in a transaction.
pub async fn update(db: &impl ConnectionTrait, p: &mut ProfileRecord) -> Result<bool, DbErr> {
    let mut model = active(p);
    model.version = Set(p.version + 1);
    let saved = super::update_at_version(
        db,
        model,
        profiles::Column::AccountId,
        p.account_id,
        profiles::Column::Version,
        p.version,
    )
    .await?;
    if !saved {
        return Ok(false);
    }
    p.version += 1;
    replace_skills(db, p).await?;
    Ok(true)
}

async fn replace_skills(db: &impl ConnectionTrait, p: &ProfileRecord) -> Result<(), DbErr> {
    skills::Entity::delete_many().filter(skills::Column::AccountId.eq(p.account_id)).exec(db).await?;
    if !p.skills.is_empty() {
        skills::Entity::insert_many(p.skills.iter().map(|s| skills::ActiveModel {
            account_id: Set(p.account_id),
            occupation_code: Set(s.occupation_code.clone()),
            level: Set(i16::from(s.level)),
            years: Set(i16::from(s.years)),
            certificate_no: Set(s.certificate_no.clone()),
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}
