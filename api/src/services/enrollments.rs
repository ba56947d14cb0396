//! Course enrolments: taking a seat, the school's roll, attendance, certification, dropping out.
//!
//! Seats are counted on the course row and moved only inside the transaction that changes
//! the enrolment, each transaction starting with its write (the conditional seat update or
//! the compare-and-set on the enrolment's status). On PostgreSQL the row lock serialises
//! concurrent writers and the condition is re-checked on the updated row; on SQLite the
//! first write takes the database's write lock (waiting for it under the busy timeout)
//! before anything is read, so no transaction ever has to upgrade a stale read snapshot.

use chrono::Utc;
use laowu_domain::enrollment::{CertificateNo, EnrollmentTransitionError};
use laowu_domain::events::{Event, Move};
use laowu_domain::organization::OrgKind;
use laowu_domain::{Actor, Coded, EnrollmentStatus, Phone, Role};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::dto::page::{Page, PageRequest};
use crate::error::{ApiError, ApiResult};
use crate::services::{STALE, courses, organizations, retry_stale, workers as worker_service};
use crate::state::AppState;
use crate::store::courses::{self as course_store, CourseRecord};
use crate::store::enrollments::{self as store, EnrollmentRecord};
use crate::store::events::{self, HistoryEntry};
use crate::store::workers::ProfileRecord;
use crate::store::{accounts, organizations as org_store, workers as worker_store};

/// What a school sees of its trainee.
pub struct Trainee {
    pub worker_id: Uuid,
    /// `None` when the worker has not written a profile.
    pub profile: Option<ProfileRecord>,
    pub phone_masked: String,
}

/// An enrolment as one party sees it.
pub struct EnrollmentView {
    pub record: EnrollmentRecord,
    pub course: CourseRecord,
    pub school_name: String,
    /// Whose view this is: the moves offered are this party's.
    pub viewer: Actor,
    /// The school's view only.
    pub trainee: Option<Trainee>,
    /// Single enrolments only.
    pub history: Option<Vec<HistoryEntry>>,
}

/// The caller as a party to enrolments.
enum Party {
    Worker,
    /// A school account, with its organisation if it has one.
    School(Option<Uuid>),
}

impl Party {
    fn actor(&self) -> Actor {
        match self {
            Party::Worker => Actor::Worker,
            Party::School(_) => Actor::School,
        }
    }
}

/// Workers and schools take part in enrolments; any other role is refused (403).
async fn party(state: &AppState, user: AuthUser) -> ApiResult<Party> {
    match user.role {
        Role::Worker => Ok(Party::Worker),
        Role::School => Ok(Party::School(
            org_store::find_by_account(&state.db, user.id)
                .await?
                .filter(|o| o.kind == OrgKind::School)
                .map(|o| o.id),
        )),
        Role::Employer | Role::Admin => Err(ApiError::Forbidden),
    }
}

/// Loads an enrolment that is the caller's (the worker's own, or on the school's course);
/// 404 for anyone else's.
/// Writers load it in their write transaction `db`, locked (`for_update`).
async fn visible(
    state: &AppState,
    db: &impl ConnectionTrait,
    user: AuthUser,
    id: Uuid,
    for_update: bool,
) -> ApiResult<(Party, EnrollmentRecord, CourseRecord)> {
    let party = party(state, user).await?;
    let enrollment =
        if for_update { store::find_for_update(db, id).await? } else { store::find(db, id).await? };
    let enrollment = enrollment.ok_or(ApiError::NotFound)?;
    let course = course_store::find(db, enrollment.course_id).await?.ok_or(ApiError::NotFound)?;
    let theirs = match &party {
        Party::Worker => enrollment.worker_id == user.id,
        Party::School(org) => *org == Some(course.school_id),
    };
    if !theirs {
        return Err(ApiError::NotFound);
    }
    Ok((party, enrollment, course))
}

/// Enrols the calling worker on an open course, taking a seat atomically.
pub async fn enroll(state: &AppState, user: AuthUser, course_id: Uuid) -> ApiResult<EnrollmentView> {
    let (course, _school) = courses::published(state, course_id).await?;
    if !course.status.takes_enrollments() {
        return Err(ApiError::Conflict("course_not_open"));
    }
    if store::find_active(&state.db, course.id, user.id).await?.is_some() {
        return Err(ApiError::Conflict("enrollment_exists"));
    }
    let now = Utc::now();
    let record = EnrollmentRecord {
        id: Uuid::now_v7(),
        course_id: course.id,
        worker_id: user.id,
        status: EnrollmentStatus::Enrolled,
        certificate_no: None,
        created_at: now,
        updated_at: now,
        version: 0,
    };
    let tx = state.begin_write().await?;
    // The write comes first; see the module documentation.
    if !course_store::take_seat(tx.conn(), course.id, now).await? {
        let open =
            course_store::find(tx.conn(), course.id).await?.is_some_and(|c| c.status.takes_enrollments());
        return Err(ApiError::Conflict(if open { "course_full" } else { "course_not_open" }));
    }
    store::insert(tx.conn(), &record).await.map_err(|e| match ApiError::from(e) {
        // The same worker enrolling twice at once: one wins; the other's transaction,
        // seat and all, rolls back.
        ApiError::Conflict(_) => ApiError::Conflict("enrollment_exists"),
        other => other,
    })?;
    let enrolled = Event::EnrollmentMoved {
        enrollment: record.id,
        course: course.id,
        worker: user.id,
        change: Move::created(EnrollmentStatus::Enrolled),
    };
    events::record(tx.conn(), &enrolled, Some(user), None, now).await?;
    events::record(tx.conn(), &Event::CourseSeatsChanged { course: course.id }, Some(user), None, now)
        .await?;
    let course = course_store::find(tx.conn(), course.id).await?.ok_or(ApiError::NotFound)?;
    let history = events::history(tx.conn(), record.id).await?;
    tx.commit().await?;
    state.poke_indexer();
    single(state, Party::Worker, record, course, history).await
}

/// One enrolment of the caller's, with its history.
pub async fn get(state: &AppState, user: AuthUser, id: Uuid) -> ApiResult<EnrollmentView> {
    let (party, record, course) = visible(state, &state.db, user, id, false).await?;
    let history = events::history(&state.db, record.id).await?;
    single(state, party, record, course, history).await
}

/// Moves an enrolment on behalf of the caller, by the rules of
/// [`EnrollmentStatus::transition`]. Leaving a seat-holding status gives the seat back;
/// certifying records the certificate and adds the skill at the course's level to the
/// worker's profile. All of it, with the history entry, in one transaction.
pub async fn transition(
    state: &AppState,
    user: AuthUser,
    id: Uuid,
    to: EnrollmentStatus,
    certificate_no: Option<CertificateNo>,
) -> ApiResult<EnrollmentView> {
    retry_stale(|| move_once(state, user, id, to, certificate_no.clone())).await
}

/// One attempt at a move, written only if the enrolment (and, on certification, the
/// worker's profile) is still as read.
async fn move_once(
    state: &AppState,
    user: AuthUser,
    id: Uuid,
    to: EnrollmentStatus,
    certificate_no: Option<CertificateNo>,
) -> ApiResult<EnrollmentView> {
    let tx = state.begin_write().await?;
    let (party, mut enrollment, course) = visible(state, tx.conn(), user, id, true).await?;
    let from = enrollment.status;
    let next = from.transition(to, party.actor(), certificate_no.as_ref()).map_err(|e| match e {
        EnrollmentTransitionError::CertificateNoRequired => ApiError::field("/certificate_no", &e),
        other => ApiError::Conflict(other.code()),
    })?;
    let certificate_no = certificate_no.filter(|_| next == EnrollmentStatus::Certified);
    let now = Utc::now();
    // The write comes first; see the module documentation.
    let cert = certificate_no.as_ref().map(CertificateNo::as_str);
    if !store::move_status(tx.conn(), &enrollment, next, cert, now).await? {
        // Someone else changed it since we read it: decide again on what is stored.
        return Err(STALE);
    }
    if from.holds_seat() && !next.holds_seat() {
        course_store::release_seat(tx.conn(), course.id, now).await?;
        events::record(tx.conn(), &Event::CourseSeatsChanged { course: course.id }, Some(user), None, now)
            .await?;
    }
    if let Some(no) = cert {
        worker_service::add_certified_skill(
            tx.conn(),
            enrollment.worker_id,
            &course.occupation_code,
            course.target_level,
            no,
        )
        .await?;
        let certified = Event::SkillCertified {
            worker: enrollment.worker_id,
            occupation: course.occupation_code.clone(),
            level: course.target_level,
            enrollment: enrollment.id,
        };
        events::record(tx.conn(), &certified, Some(user), None, now).await?;
    }
    let enrollment_moved = Event::EnrollmentMoved {
        enrollment: enrollment.id,
        course: course.id,
        worker: enrollment.worker_id,
        change: Move::between(from, next),
    };
    events::record(tx.conn(), &enrollment_moved, Some(user), None, now).await?;
    let history = events::history(tx.conn(), id).await?;
    let course = course_store::find(tx.conn(), course.id).await?.ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    state.poke_indexer();
    enrollment.status = next;
    enrollment.updated_at = now;
    enrollment.version += 1;
    if let Some(no) = cert {
        enrollment.certificate_no = Some(no.to_owned());
    }
    single(state, party, enrollment, course, history).await
}

/// The calling worker's enrolments, newest first.
pub async fn list_mine(
    state: &AppState,
    user: AuthUser,
    page: PageRequest<Uuid>,
) -> ApiResult<Page<EnrollmentView>> {
    let rows = store::list_for_worker(&state.db, user.id, page.after, page.limit).await?;
    let page = Page::from_rows(rows, page.limit, |r| r.id, |r| r);
    let mut courses: Vec<(CourseRecord, String)> = Vec::new();
    let mut items = Vec::with_capacity(page.items.len());
    for record in page.items {
        let (course, school_name) = match courses.iter().find(|(c, _)| c.id == record.course_id) {
            Some(found) => found.clone(),
            None => {
                let course =
                    course_store::find(&state.db, record.course_id).await?.ok_or(ApiError::NotFound)?;
                let name = school_name(state, course.school_id).await?;
                courses.push((course.clone(), name.clone()));
                (course, name)
            }
        };
        items.push(EnrollmentView {
            record,
            course,
            school_name,
            viewer: Actor::Worker,
            trainee: None,
            history: None,
        });
    }
    Ok(Page { items, next_cursor: page.next_cursor })
}

/// The roll of one of the calling school's courses, in the order people enrolled.
pub async fn roster(
    state: &AppState,
    user: AuthUser,
    course_id: Uuid,
    page: PageRequest<Uuid>,
) -> ApiResult<Page<EnrollmentView>> {
    let org = organizations::owned(state, user, OrgKind::School).await.map_err(|_| ApiError::NotFound)?;
    let course = course_store::find(&state.db, course_id)
        .await?
        .filter(|c| c.school_id == org.id)
        .ok_or(ApiError::NotFound)?;
    let rows = store::list_for_course(&state.db, course.id, page.after, page.limit).await?;
    let page = Page::from_rows(rows, page.limit, |r| r.id, |r| r);
    let mut items = Vec::with_capacity(page.items.len());
    for record in page.items {
        let trainee = trainee(state, record.worker_id).await?;
        items.push(EnrollmentView {
            record,
            course: course.clone(),
            school_name: org.name.clone(),
            viewer: Actor::School,
            trainee: Some(trainee),
            history: None,
        });
    }
    Ok(Page { items, next_cursor: page.next_cursor })
}

/// A single enrolment as `party` sees it: with its history, and the trainee for the school.
async fn single(
    state: &AppState,
    party: Party,
    record: EnrollmentRecord,
    course: CourseRecord,
    history: Vec<HistoryEntry>,
) -> ApiResult<EnrollmentView> {
    let trainee = match party {
        Party::School(_) => Some(trainee(state, record.worker_id).await?),
        Party::Worker => None,
    };
    Ok(EnrollmentView {
        school_name: school_name(state, course.school_id).await?,
        viewer: party.actor(),
        record,
        course,
        trainee,
        history: Some(history),
    })
}

async fn school_name(state: &AppState, id: Uuid) -> ApiResult<String> {
    Ok(org_store::find(&state.db, id).await?.map(|o| o.name).unwrap_or_default())
}

/// The trainee's profile, if any, and the account's phone number, masked.
async fn trainee(state: &AppState, worker: Uuid) -> ApiResult<Trainee> {
    let profile = worker_store::find(&state.db, worker).await?;
    let account = accounts::find_by_id(&state.db, worker)
        .await?
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("enrolment of missing account {worker}")))?;
    let phone = state.pii.decrypt(&account.phone_enc).map_err(ApiError::internal)?;
    let phone = Phone::parse(&phone).map_err(|_| {
        ApiError::internal(anyhow::anyhow!("stored phone of account {worker} does not parse"))
    })?;
    Ok(Trainee { worker_id: worker, profile, phone_masked: phone.masked() })
}
