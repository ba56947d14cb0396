//! `serve --demo`: a realistic Erenhot dataset from the deterministic generator
//! (`laowu_fixtures::synth`), loaded once — a second start finds it and adds nothing —
//! with logins printed at start-up so a new user can try every role.

use chrono::{Duration, Utc};
use laowu_domain::course::CourseStatus;
use laowu_domain::events::{Event, Move};
use laowu_domain::organization::{OrgKind, OrgStatus};
use laowu_domain::pay::{PayCycle, PayUnit};
use laowu_domain::posting::{PayInput, Posting, PostingInput, SkillInput};
use laowu_domain::work::{Benefits, WorkType};
use laowu_domain::{Phone, Role};
use laowu_fixtures::synth::{self, SynthCourse, SynthJob, SynthOrg, SynthWorker};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::state::AppState;
use crate::store::courses::{self, CourseRecord};
use crate::store::organizations::OrganizationRecord;
use crate::store::workers::{ProfileRecord, SkillRecord};
use crate::store::{accounts, events, jobs, organizations, workers};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "laowu-demo-2026";
pub const SEED: u64 = 2026;
pub const EMPLOYERS: usize = 60;
pub const JOBS: usize = 600;
pub const SCHOOLS: usize = 12;
pub const COURSES: usize = 72;
pub const WORKERS: usize = 360;

pub const WORKER_PHONE: &str = "13900000001";
pub const EMPLOYER_PHONE: &str = "13900000002";
pub const SCHOOL_PHONE: &str = "13900000003";
pub const ADMIN_PHONE: &str = "13900000004";

fn employer_phone(i: usize) -> String {
    if i == 0 { EMPLOYER_PHONE.to_owned() } else { format!("1390100{i:04}") }
}
fn school_phone(i: usize) -> String {
    if i == 0 { SCHOOL_PHONE.to_owned() } else { format!("1390200{i:04}") }
}
fn worker_phone(i: usize) -> String {
    if i == 0 { WORKER_PHONE.to_owned() } else { format!("1390300{i:04}") }
}

/// What `load` found or made.
pub struct Loaded {
    pub created: bool,
}

/// Loads the demo dataset unless it is already there. Everything goes in one transaction:
/// a failed load leaves nothing behind.
pub async fn load(state: &AppState) -> anyhow::Result<Loaded> {
    let marker = state.pii.lookup_hash(&worker_phone(WORKERS - 1));
    if accounts::find_by_phone_lookup(&state.db, &marker).await?.is_some() {
        return Ok(Loaded { created: false });
    }
    let hash = state.passwords.hash(DEMO_PASSWORD.to_owned()).await?;
    let now = Utc::now();
    let tx = state.begin_write().await?;
    let txn = tx.conn();
    let admin = ensure_account(txn, state, ADMIN_PHONE, Role::Admin, &hash).await?;
    let admin = AuthUser { id: admin, role: Role::Admin };

    let employers = synth::employers(EMPLOYERS, SEED);
    let mut employer_ids = Vec::with_capacity(employers.len());
    for (i, org) in employers.iter().enumerate() {
        let account = ensure_account(txn, state, &employer_phone(i), Role::Employer, &hash).await?;
        let contact = format!("1384791{i:04}");
        employer_ids.push(ensure_org(txn, state, account, OrgKind::Employer, org, &contact, admin).await?);
    }
    for job in synth::jobs(&employers, JOBS, SEED) {
        let employer = employer_ids[job.employer];
        let content = job_input(&job, now)
            .validate(now)
            .map_err(|v| anyhow::anyhow!("demo posting {:?} is invalid: {v:?}", job.title))?;
        let mut posting = Posting::draft(Uuid::now_v7(), employer, content, now);
        let opened = posting.open(now).map_err(|e| anyhow::anyhow!("demo posting: {e}"))?;
        jobs::insert(txn, &posting).await?;
        let created = Event::JobCreated { job: posting.id(), employer };
        events::record(txn, &created, Some(admin), None, now).await?;
        let moved = Event::JobMoved { job: posting.id(), change: Move::between(opened.from, opened.to) };
        events::record(txn, &moved, Some(admin), None, now).await?;
    }
    let schools = synth::schools(SCHOOLS, SEED);
    let mut school_ids = Vec::with_capacity(schools.len());
    for (i, school) in schools.iter().enumerate() {
        let account = ensure_account(txn, state, &school_phone(i), Role::School, &hash).await?;
        let contact = format!("1384792{i:04}");
        school_ids.push(ensure_org(txn, state, account, OrgKind::School, school, &contact, admin).await?);
    }
    for c in synth::courses(&schools, employer_ids.len(), COURSES, SEED) {
        let record = course_record(&c, &schools[c.school], school_ids[c.school], &employer_ids, now)?;
        courses::insert(txn, &record).await?;
        let created = Event::CourseCreated { course: record.id, school: record.school_id };
        events::record(txn, &created, Some(admin), None, now).await?;
    }
    for (i, w) in synth::workers(WORKERS, SEED).iter().enumerate() {
        let account = ensure_account(txn, state, &worker_phone(i), Role::Worker, &hash).await?;
        workers::insert(txn, &profile(account, w, now)).await?;
        events::record(txn, &Event::ProfileSaved { worker: account }, None, None, now).await?;
    }
    tx.commit().await?;
    Ok(Loaded { created: true })
}

async fn ensure_account(
    db: &impl ConnectionTrait,
    state: &AppState,
    phone: &str,
    role: Role,
    hash: &str,
) -> anyhow::Result<Uuid> {
    let phone = Phone::parse(phone)?;
    let lookup = state.pii.lookup_hash(phone.as_str());
    if let Some(existing) = accounts::find_by_phone_lookup(db, &lookup).await? {
        return Ok(existing.id);
    }
    let id = Uuid::now_v7();
    let new = accounts::NewAccount {
        id,
        phone_lookup: lookup,
        phone_enc: state.pii.encrypt(phone.as_str()),
        password_hash: hash.to_owned(),
        role,
        now: Utc::now(),
    };
    accounts::insert(db, new).await?;
    Ok(id)
}

/// The account's organisation, created and verified by the demo bureau if missing.
async fn ensure_org(
    db: &impl ConnectionTrait,
    state: &AppState,
    account: Uuid,
    kind: OrgKind,
    org: &SynthOrg,
    contact: &str,
    admin: AuthUser,
) -> anyhow::Result<Uuid> {
    if let Some(existing) = organizations::find_by_account(db, account).await? {
        return Ok(existing.id);
    }
    let now = Utc::now();
    let contact = Phone::parse(contact)?;
    let mut record = OrganizationRecord {
        id: Uuid::now_v7(),
        account_id: account,
        kind,
        name: org.name.clone(),
        uscc: org.uscc.clone(),
        address: org.address.clone(),
        lat: org.lat,
        lng: org.lng,
        region_code: org.region_code.clone(),
        contact_phone_enc: state.pii.encrypt(contact.as_str()),
        contact_phone_masked: contact.masked(),
        status: OrgStatus::Verified,
        rejection_reason: None,
        reviewed_at: Some(now),
        created_at: now,
        updated_at: now,
        version: 0,
    };
    organizations::insert(db, &record).await?;
    organizations::set_review(db, &mut record, OrgStatus::Verified, None, admin.id, now).await?;
    let moved = Event::OrganizationMoved {
        organization: record.id,
        kind,
        change: Move::between(OrgStatus::Pending, OrgStatus::Verified),
    };
    events::record(db, &moved, Some(admin), None, now).await?;
    Ok(record.id)
}

/// The demo posting as an employer would submit it: starting in a few days, shown until
/// a month after it starts.
fn job_input(j: &SynthJob, now: chrono::DateTime<Utc>) -> PostingInput {
    let yuan = |y: i64| y.to_string();
    PostingInput {
        title: j.title.clone(),
        description: j.description.clone(),
        occupation_code: j.occupation_code.clone(),
        required_skills: j
            .required_skills
            .iter()
            .map(|(code, level)| SkillInput { occupation_code: code.clone(), min_level: *level })
            .collect(),
        headcount: j.headcount,
        pay: PayInput {
            min: yuan(j.pay_min),
            max: Some(yuan(j.pay_max)),
            unit: j.pay_unit.parse().unwrap_or(PayUnit::Day),
            cycle: j.pay_cycle.parse().unwrap_or(PayCycle::Monthly),
            piece_daily_estimate: j.piece_daily_estimate.map(yuan),
        },
        work_type: j.work_type.parse().unwrap_or(WorkType::FullTime),
        start_date: Some((now + Duration::days(j.starts_in_days)).date_naive()),
        end_date: None,
        lat: j.lat,
        lng: j.lng,
        region_code: j.region_code.clone(),
        address: j.address.clone(),
        benefits: Benefits {
            housing: j.housing,
            meals: j.meals,
            social_insurance: j.social_insurance,
            transport: j.transport,
        },
        languages: j.languages.iter().filter_map(|l| l.parse().ok()).collect(),
        expires_at: Some(now + Duration::days(30 + j.starts_in_days)),
    }
}

fn course_record(
    c: &SynthCourse,
    school: &SynthOrg,
    school_id: Uuid,
    employer_ids: &[Uuid],
    now: chrono::DateTime<Utc>,
) -> anyhow::Result<CourseRecord> {
    let start = (now + Duration::days(c.starts_in_days)).date_naive();
    Ok(CourseRecord {
        id: Uuid::now_v7(),
        school_id,
        title: c.title.clone(),
        description: c.description.clone(),
        occupation_code: c.occupation_code.clone(),
        target_level: c.target_level,
        hours: c.hours as i32,
        start_date: Some(start),
        end_date: Some(start + Duration::weeks(c.weeks)),
        schedule: c.schedule.clone(),
        lat: school.lat,
        lng: school.lng,
        region_code: school.region_code.clone(),
        address: school.address.clone(),
        fee: c.fee * 100,
        subsidy_eligible: c.subsidy > 0,
        subsidy_amount: c.subsidy * 100,
        capacity: c.capacity as i32,
        seats_taken: 0,
        certificate: c.certificate.clone(),
        mode: c.mode.parse().map_err(|_| anyhow::anyhow!("course mode {}", c.mode))?,
        ordering_employer_id: c.ordering_employer.map(|i| employer_ids[i]),
        status: CourseStatus::Open,
        created_at: now,
        updated_at: now,
        version: 0,
    })
}

fn profile(account: Uuid, w: &SynthWorker, now: chrono::DateTime<Utc>) -> ProfileRecord {
    ProfileRecord {
        account_id: account,
        name: w.name.clone(),
        gender: Some(w.gender.to_owned()),
        birth_year: Some(w.birth_year),
        hukou_region_code: Some(w.hukou_region_code.clone()),
        lat: Some(w.lat),
        lng: Some(w.lng),
        region_code: Some(w.region_code.clone()),
        languages: w.languages.iter().map(|l| (*l).to_owned()).collect(),
        education: Some(w.education.to_owned()),
        desired_occupations: w.desired_occupations.clone(),
        min_wage_amount: Some(w.min_wage * 100),
        min_wage_unit: Some(w.min_wage_unit.to_owned()),
        work_types: w.work_types.iter().map(|t| (*t).to_owned()).collect(),
        available_from: None,
        max_travel_km: Some(w.max_travel_km),
        wants_training: w.wants_training,
        discoverable: w.discoverable,
        id_number_enc: None,
        id_number_masked: None,
        skills: w
            .skills
            .iter()
            .map(|(code, level, years)| SkillRecord {
                occupation_code: code.clone(),
                level: *level,
                years: *years,
                certificate_no: None,
            })
            .collect(),
        created_at: now,
        updated_at: now,
        version: 0,
    }
}

/// The lines printed at start-up.
pub fn logins() -> String {
    format!(
        "Demo logins (password for all: {DEMO_PASSWORD}):\n  \
         {WORKER_PHONE}  worker 务工人员 (with a profile)\n  \
         {EMPLOYER_PHONE}  employer 用工单位 (verified, with open postings)\n  \
         {SCHOOL_PHONE}  training school 培训学校 (verified, with open courses)\n  \
         {ADMIN_PHONE}  labour bureau 人社局\n\
         Demo data: {EMPLOYERS} employers, {JOBS} open postings, {SCHOOLS} schools, {COURSES} courses, \
         {WORKERS} workers.\n"
    )
}
