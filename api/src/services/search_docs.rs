//! Search documents from database records.
//!
//! The index holds only what the public may find: open, unexpired postings of verified
//! employers; open and closed courses of verified schools; profiles whose workers chose to
//! be discoverable. Everything else is a deletion, so a posting that closes, an employer
//! the bureau rejects or a worker who hides their profile leaves the index the next time
//! the indexer sees it. Worker documents never carry a name, phone, ID number or birth
//! year.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use laowu_domain::job::JobStatus;
use laowu_domain::organization::OrgStatus;
use laowu_domain::{Money, PayUnit, WageFloor};
use laowu_search::doc::{GeoPoint, NEVER, OPEN_END, OPEN_START, SkillDoc};
use laowu_search::{CourseDoc, Document, JobDoc, Kind, WorkerDoc, code_path};
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

use crate::dto::search::day_of_date;
use crate::store::courses::{self, CourseRecord};
use crate::store::organizations::{self, OrganizationRecord};
use crate::store::outbox::Topic;
use crate::store::workers::{self, ProfileRecord};
use laowu_domain::posting::Posting;

/// What the index should do for a set of entities.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Changes {
    pub upserts: Vec<Document>,
    pub deletes: Vec<(Kind, Uuid)>,
}

impl Changes {
    pub fn extend(&mut self, other: Changes) {
        self.upserts.extend(other.upserts);
        self.deletes.extend(other.deletes);
    }

    /// Deletions grouped by kind.
    pub fn deletes_by_kind(&self) -> Vec<(Kind, Vec<Uuid>)> {
        let mut out: Vec<(Kind, Vec<Uuid>)> = Vec::new();
        for kind in Kind::ALL {
            let ids: Vec<Uuid> = self.deletes.iter().filter(|(k, _)| *k == kind).map(|(_, id)| *id).collect();
            if !ids.is_empty() {
                out.push((kind, ids));
            }
        }
        out
    }

    fn decide(&mut self, kind: Kind, id: Uuid, doc: Option<Document>) {
        match doc {
            Some(d) => self.upserts.push(d),
            None => self.deletes.push((kind, id)),
        }
    }
}

pub fn kind_of(topic: Topic) -> Kind {
    match topic {
        Topic::Job => Kind::Job,
        Topic::Course => Kind::Course,
        Topic::Worker => Kind::Worker,
    }
}

/// Reads the current state of `ids` and says what the index should hold for each: a
/// document, or nothing (ids that no longer exist are deletions too).
pub async fn load(
    db: &impl ConnectionTrait,
    topic: Topic,
    ids: &[Uuid],
    now: DateTime<Utc>,
) -> Result<Changes, DbErr> {
    let mut changes = Changes::default();
    let mut seen = BTreeSet::new();
    match topic {
        Topic::Job => {
            let rows: Vec<Posting> = crate::store::find_many(db, ids).await?;
            let orgs = owners(db, rows.iter().map(|j| j.employer_id())).await?;
            for job in &rows {
                seen.insert(job.id());
                let doc = job_doc(job, orgs.get(&job.employer_id()), now).map(Document::Job);
                changes.decide(Kind::Job, job.id(), doc);
            }
        }
        Topic::Course => {
            let rows = courses::find_many(db, ids).await?;
            let orgs = owners(db, rows.iter().map(|c| c.school_id)).await?;
            for course in &rows {
                seen.insert(course.id);
                let doc = course_doc(course, orgs.get(&course.school_id)).map(Document::Course);
                changes.decide(Kind::Course, course.id, doc);
            }
        }
        Topic::Worker => {
            for profile in workers::find_many(db, ids).await? {
                seen.insert(profile.account_id);
                changes.decide(Kind::Worker, profile.account_id, worker_doc(&profile).map(Document::Worker));
            }
        }
    }
    let kind = kind_of(topic);
    changes.deletes.extend(ids.iter().filter(|id| !seen.contains(id)).map(|id| (kind, *id)));
    Ok(changes)
}

/// A page of documents read for a rebuild.
#[derive(Debug, Default)]
pub struct Page {
    /// Documents of the public rows of the page.
    pub docs: Vec<Document>,
    /// Rows read.
    pub rows: usize,
    /// The last id read (`None` when nothing was left).
    pub last: Option<Uuid>,
}

/// One page of every entity of `topic` in id order after `after`, as documents (rows that
/// are not public are skipped): for rebuilding.
pub async fn page(
    db: &impl ConnectionTrait,
    topic: Topic,
    after: Option<Uuid>,
    limit: u64,
    now: DateTime<Utc>,
) -> Result<Page, DbErr> {
    let mut docs = Vec::new();
    let (rows, last) = match topic {
        Topic::Job => {
            let rows: Vec<Posting> = crate::store::page_all(db, after, limit).await?;
            let orgs = owners(db, rows.iter().map(|j| j.employer_id())).await?;
            docs.extend(
                rows.iter().filter_map(|j| job_doc(j, orgs.get(&j.employer_id()), now)).map(Document::Job),
            );
            (rows.len(), rows.last().map(|j| j.id()))
        }
        Topic::Course => {
            let rows = courses::page_all(db, after, limit).await?;
            let orgs = owners(db, rows.iter().map(|c| c.school_id)).await?;
            docs.extend(
                rows.iter().filter_map(|c| course_doc(c, orgs.get(&c.school_id))).map(Document::Course),
            );
            (rows.len(), rows.last().map(|c| c.id))
        }
        Topic::Worker => {
            let rows = workers::page_all(db, after, limit).await?;
            docs.extend(rows.iter().filter_map(worker_doc).map(Document::Worker));
            (rows.len(), rows.last().map(|p| p.account_id))
        }
    };
    Ok(Page { docs, rows, last })
}

async fn owners(
    db: &impl ConnectionTrait,
    ids: impl Iterator<Item = Uuid>,
) -> Result<HashMap<Uuid, OrganizationRecord>, DbErr> {
    let ids: Vec<Uuid> = ids.collect::<BTreeSet<_>>().into_iter().collect();
    Ok(organizations::find_many(db, &ids).await?.into_iter().map(|o| (o.id, o)).collect())
}

/// The occupation's names from the reference catalogue: Chinese, then English.
fn occupation_names(code: &str) -> Vec<String> {
    match laowu_domain::reference::catalogue().occupation(code) {
        Some(o) => [o.name.clone(), o.name_en.clone()].into_iter().filter(|n| !n.is_empty()).collect(),
        None => Vec::new(),
    }
}

/// Every code's [`code_path`], each prefix once, in first-seen order.
fn paths<'a>(codes: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for code in codes {
        for p in code_path(code) {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

/// A job document when search may show the posting now ([`Posting::is_listed`]).
pub fn job_doc(job: &Posting, employer: Option<&OrganizationRecord>, now: DateTime<Utc>) -> Option<JobDoc> {
    let employer = employer?;
    job.is_listed(employer.status, now)
        .then(|| JobDoc { status: JobStatus::Open.as_str().to_owned(), ..matching_job_doc(job, employer) })
}

/// The posting as the matcher sees it, whatever its status (an employer looks for
/// candidates for a draft too).
pub fn matching_job_doc(job: &Posting, employer: &OrganizationRecord) -> JobDoc {
    let c = job.content();
    let code = c.occupation.as_str();
    JobDoc {
        id: job.id(),
        employer_id: job.employer_id(),
        employer_name: employer.name.clone(),
        title: c.title.clone(),
        description: c.description.clone(),
        occupation_names: occupation_names(code),
        occupation_code: code.to_owned(),
        occupation_path: code_path(code),
        skills: c
            .required_skills
            .iter()
            .map(|r| SkillDoc { code: r.occupation.as_str().to_owned(), level: r.min_level.level() })
            .collect(),
        skill_path: paths(c.required_skills.iter().map(|r| r.occupation.as_str())),
        region_code: c.region_code.clone(),
        region_path: code_path(&c.region_code),
        work_type: c.work_type.as_str().to_owned(),
        daily_pay_min: c.pay.daily_equivalent_min(),
        daily_pay_max: c.pay.daily_equivalent_max(),
        pay_min: c.pay.min().fen(),
        pay_max: c.pay.max().fen(),
        pay_unit: c.pay.unit().as_str().to_owned(),
        pay_cycle: c.pay.cycle().as_str().to_owned(),
        piece_daily_estimate: c.pay.piece_daily_estimate().map(Money::fen),
        address: c.address.clone(),
        housing: c.benefits.housing,
        meals: c.benefits.meals,
        social_insurance: c.benefits.social_insurance,
        transport: c.benefits.transport,
        languages: c.languages.iter().map(|l| l.as_str().to_owned()).collect(),
        openings_left: i64::from(job.openings_left()),
        open_to_all: c.required_skills.is_empty(),
        status: job.stored_status().as_str().to_owned(),
        start_day: c.start_date.map(day_of_date).unwrap_or(OPEN_START),
        end_day: c.end_date.map(day_of_date).unwrap_or(OPEN_END),
        opened_at: job.opened_at().unwrap_or(job.created_at()).timestamp(),
        expires_at: c.expires_at.map(|t| t.timestamp()).unwrap_or(NEVER),
        geo: GeoPoint { lat: c.location.lat(), lng: c.location.lng() },
    }
}

/// A course document when the course is public (open or closed) and its school verified.
pub fn course_doc(course: &CourseRecord, school: Option<&OrganizationRecord>) -> Option<CourseDoc> {
    let school = school.filter(|s| s.status == OrgStatus::Verified)?;
    if !course.status.is_public() {
        return None;
    }
    Some(CourseDoc {
        id: course.id,
        school_id: course.school_id,
        school_name: school.name.clone(),
        title: course.title.clone(),
        description: course.description.clone(),
        occupation_names: occupation_names(&course.occupation_code),
        occupation_code: course.occupation_code.clone(),
        occupation_path: code_path(&course.occupation_code),
        target_level: course.target_level,
        hours: i64::from(course.hours),
        region_code: course.region_code.clone(),
        region_path: code_path(&course.region_code),
        fee: course.fee,
        subsidy_eligible: course.subsidy_eligible,
        subsidy_amount: course.subsidy_amount,
        seats_left: i64::from(course.capacity - course.seats_taken).max(0),
        mode: course.mode.as_str().to_owned(),
        certificate: course.certificate.clone(),
        address: course.address.clone(),
        status: course.status.as_str().to_owned(),
        start_day: course.start_date.map(day_of_date).unwrap_or(OPEN_START),
        end_day: course.end_date.map(day_of_date).unwrap_or(OPEN_END),
        updated_at: course.updated_at.timestamp(),
        geo: GeoPoint { lat: course.lat, lng: course.lng },
    })
}

/// The worker's lowest acceptable wage as fen a day (0 when not given).
fn min_daily_wage(p: &ProfileRecord) -> i64 {
    let (Some(amount), Some(unit)) = (p.min_wage_amount, p.min_wage_unit.as_deref()) else {
        return 0;
    };
    let floor = Money::from_fen(amount)
        .ok()
        .zip(unit.parse::<PayUnit>().ok())
        .and_then(|(m, u)| WageFloor::new(m, u).ok());
    match floor {
        Some(f) => f.daily_equivalent(),
        None => {
            tracing::warn!(worker = %p.account_id, "stored minimum wage does not parse; indexed as none");
            0
        }
    }
}

/// A worker document when the worker chose to be discoverable. No personal data.
pub fn worker_doc(p: &ProfileRecord) -> Option<WorkerDoc> {
    p.discoverable.then(|| matching_worker_doc(p))
}

/// The worker as the matcher sees them, discoverable or not (for their own
/// recommendations).
pub fn matching_worker_doc(p: &ProfileRecord) -> WorkerDoc {
    let codes = p
        .skills
        .iter()
        .map(|s| s.occupation_code.as_str())
        .chain(p.desired_occupations.iter().map(String::as_str));
    let mut occupation_names_all: Vec<String> = Vec::new();
    for code in codes.clone() {
        for name in occupation_names(code) {
            if !occupation_names_all.contains(&name) {
                occupation_names_all.push(name);
            }
        }
    }
    let region_code = p.region_code.clone().unwrap_or_default();
    WorkerDoc {
        id: p.account_id,
        skills: p
            .skills
            .iter()
            .map(|s| SkillDoc { code: s.occupation_code.clone(), level: s.level })
            .collect(),
        skill_path: paths(codes),
        desired_occupations: p.desired_occupations.clone(),
        occupation_names: occupation_names_all,
        region_path: if region_code.is_empty() { Vec::new() } else { code_path(&region_code) },
        region_code,
        languages: p.languages.clone(),
        work_types: p.work_types.clone(),
        min_daily_wage: min_daily_wage(p),
        available_day: p.available_from.map(day_of_date).unwrap_or(OPEN_START),
        max_travel_km: p.max_travel_km.map(i64::from).unwrap_or(0),
        wants_training: p.wants_training,
        updated_at: p.updated_at.timestamp(),
        geo: p.lat.zip(p.lng).map(|(lat, lng)| GeoPoint { lat, lng }),
    }
}
