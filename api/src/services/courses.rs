//! Training courses: drafts, opening and closing, the public list, the school's own list.

use chrono::{NaiveDate, Utc};
use laowu_domain::course::{self as rules, CourseMode, CourseStatus, CourseTransitionError, Subsidy};
use laowu_domain::events::{Event, Move};
use laowu_domain::geo::GeoPoint;
use laowu_domain::occupation::SkillLevel;
use laowu_domain::organization::{OrgKind, OrgStatus};
use laowu_domain::pay::Money;
use laowu_domain::{Coded, Role};
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::dto::courses::{CourseRequest, UpdateCourseRequest};
use crate::dto::page::{Page, PageRequest};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::services::{STALE, organizations, retry_stale};
use crate::state::AppState;
use crate::store::courses::{self as store, CourseFilter, CourseRecord, NotSaved};
use crate::store::organizations::OrganizationRecord;
use crate::store::write::WriteTx;
use crate::store::{events, organizations as org_store};

/// A validated course.
pub struct CourseFields {
    pub title: String,
    pub description: String,
    pub occupation_code: String,
    pub target_level: SkillLevel,
    pub hours: u32,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub schedule: String,
    pub location: GeoPoint,
    pub region_code: String,
    pub address: String,
    pub fee: Money,
    pub subsidy: Subsidy,
    pub capacity: u32,
    pub certificate: String,
    pub mode: CourseMode,
    pub ordering_employer_id: Option<Uuid>,
}

/// A course as one viewer sees it.
pub struct CourseView {
    pub record: CourseRecord,
    pub school_name: String,
    /// The ordering employer's id and name.
    pub ordering_employer: Option<(Uuid, String)>,
}

fn write_fields(r: &mut CourseRecord, f: CourseFields) {
    r.title = f.title;
    r.description = f.description;
    r.occupation_code = f.occupation_code;
    r.target_level = f.target_level.level();
    r.hours = f.hours as i32;
    r.start_date = f.start_date;
    r.end_date = f.end_date;
    r.schedule = f.schedule;
    r.lat = f.location.lat();
    r.lng = f.location.lng();
    r.region_code = f.region_code;
    r.address = f.address;
    r.fee = f.fee.fen();
    r.subsidy_eligible = f.subsidy.eligible();
    r.subsidy_amount = f.subsidy.amount().fen();
    r.capacity = f.capacity as i32;
    r.certificate = f.certificate;
    r.mode = f.mode;
    r.ordering_employer_id = f.ordering_employer_id;
}

/// The ordering employer must be an employer organisation the bureau has verified.
async fn check_ordering_employer(state: &AppState, id: Option<Uuid>) -> ApiResult<()> {
    let Some(id) = id else { return Ok(()) };
    let verified = org_store::find(&state.db, id)
        .await?
        .is_some_and(|o| o.kind == OrgKind::Employer && o.status == OrgStatus::Verified);
    if verified {
        Ok(())
    } else {
        Err(ApiError::Validation(vec![FieldError::body(
            "/ordering_employer_id",
            "ordering_employer_invalid",
        )]))
    }
}

fn transition_error(e: CourseTransitionError) -> ApiError {
    ApiError::Conflict(e.code())
}

/// Creates a draft for the caller's school. Only verified schools create, edit and open
/// courses (as only verified employers post jobs); any owner may close one.
pub async fn create(state: &AppState, user: AuthUser, req: CourseRequest) -> ApiResult<CourseView> {
    let org = organizations::require_verified(state, user, OrgKind::School).await?;
    let fields = req.into_fields()?;
    check_ordering_employer(state, fields.ordering_employer_id).await?;
    let now = Utc::now();
    let mut record = CourseRecord {
        id: Uuid::now_v7(),
        school_id: org.id,
        title: String::new(),
        description: String::new(),
        occupation_code: String::new(),
        target_level: 1,
        hours: 0,
        start_date: None,
        end_date: None,
        schedule: String::new(),
        lat: 0.0,
        lng: 0.0,
        region_code: String::new(),
        address: String::new(),
        fee: 0,
        subsidy_eligible: false,
        subsidy_amount: 0,
        capacity: 0,
        seats_taken: 0,
        certificate: String::new(),
        mode: CourseMode::General,
        ordering_employer_id: None,
        status: CourseStatus::Draft,
        created_at: now,
        updated_at: now,
        version: 0,
    };
    write_fields(&mut record, fields);
    let tx = state.begin_write().await?;
    store::insert(tx.conn(), &record).await?;
    let created = Event::CourseCreated { course: record.id, school: org.id };
    events::record(tx.conn(), &created, Some(user), None, now).await?;
    tx.commit().await?;
    state.poke_indexer();
    view(state, record, Some(org.name)).await
}

/// Loads a course the caller owns (as its school), or 404.
async fn owned(state: &AppState, user: AuthUser, id: Uuid) -> ApiResult<(CourseRecord, OrganizationRecord)> {
    let org = organizations::owned(state, user, OrgKind::School).await.map_err(|_| ApiError::NotFound)?;
    let course =
        store::find(&state.db, id).await?.filter(|c| c.school_id == org.id).ok_or(ApiError::NotFound)?;
    Ok((course, org))
}

/// As [`owned`], for a writer: read and locked in its transaction.
async fn owned_for_update(
    state: &AppState,
    tx: &WriteTx,
    user: AuthUser,
    id: Uuid,
) -> ApiResult<(CourseRecord, OrganizationRecord)> {
    let org = organizations::owned(state, user, OrgKind::School).await.map_err(|_| ApiError::NotFound)?;
    let course = store::find_for_update(tx.conn(), id)
        .await?
        .filter(|c| c.school_id == org.id)
        .ok_or(ApiError::NotFound)?;
    Ok((course, org))
}

/// Open and closed courses for everyone; drafts for their school and the bureau only
/// (404 for anyone else).
pub async fn get(state: &AppState, viewer: Option<AuthUser>, id: Uuid) -> ApiResult<CourseView> {
    let course = store::find(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    let school = org_store::find(&state.db, course.school_id).await?.ok_or(ApiError::NotFound)?;
    let private = viewer.is_some_and(|v| v.role == Role::Admin || v.id == school.account_id);
    if !private && !course.status.is_published(school.status) {
        return Err(ApiError::NotFound);
    }
    view(state, course, Some(school.name)).await
}

/// A course as the public may see it (and enrol on): 404 unless its status is public
/// and its school verified.
pub(crate) async fn published(state: &AppState, id: Uuid) -> ApiResult<(CourseRecord, OrganizationRecord)> {
    let course = store::find(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    let school = org_store::find(&state.db, course.school_id).await?.ok_or(ApiError::NotFound)?;
    if !course.status.is_published(school.status) {
        return Err(ApiError::NotFound);
    }
    Ok((course, school))
}

/// Changes a course in any status. Capacity never drops below the seats taken: checked
/// here for a precise error, and again by the update itself against enrolments racing it.
pub async fn update(
    state: &AppState,
    user: AuthUser,
    id: Uuid,
    patch: UpdateCourseRequest,
) -> ApiResult<CourseView> {
    retry_stale(|| update_once(state, user, id, patch.clone())).await
}

async fn update_once(
    state: &AppState,
    user: AuthUser,
    id: Uuid,
    patch: UpdateCourseRequest,
) -> ApiResult<CourseView> {
    let tx = state.begin_write().await?;
    let (mut course, org) = owned_for_update(state, &tx, user, id).await?;
    organizations::require_verified(state, user, OrgKind::School).await?;
    let fields = CourseRequest::from_record(&course).apply(patch).into_fields()?;
    rules::resize(fields.capacity, u32::try_from(course.seats_taken).unwrap_or(0))
        .map_err(|e| ApiError::field("/capacity", &e))?;
    check_ordering_employer(state, fields.ordering_employer_id).await?;
    write_fields(&mut course, fields);
    course.updated_at = Utc::now();
    match store::save_fields(tx.conn(), &mut course).await? {
        Ok(()) => {}
        Err(NotSaved::Stale) => return Err(STALE),
        Err(NotSaved::CapacityBelowTaken) => {
            return Err(ApiError::field("/capacity", &rules::CourseSizeError::CapacityBelowTaken));
        }
    }
    events::record(
        tx.conn(),
        &Event::CourseEdited { course: course.id },
        Some(user),
        None,
        course.updated_at,
    )
    .await?;
    tx.commit().await?;
    state.poke_indexer();
    view(state, course, Some(org.name)).await
}

/// Moves one of the caller's courses to `to`, recording who did it.
async fn change_status(
    state: &AppState,
    user: AuthUser,
    mut course: CourseRecord,
    to: CourseStatus,
    school_name: String,
) -> ApiResult<CourseView> {
    let now = Utc::now();
    let from = course.status;
    // The status write is a compare-and-set on the status read; its history entry goes
    // with it.
    let tx = state.begin_write().await?;
    if !store::set_status(tx.conn(), course.id, from, to, now).await? {
        return Err(transition_error(CourseTransitionError::NotAllowed));
    }
    let moved = Event::CourseMoved { course: course.id, change: Move::between(from, to) };
    events::record(tx.conn(), &moved, Some(user), None, now).await?;
    tx.commit().await?;
    state.poke_indexer();
    course.status = to;
    course.updated_at = now;
    course.version += 1;
    view(state, course, Some(school_name)).await
}

/// Opens a course for enrolment: the school must be verified by the bureau.
pub async fn open(state: &AppState, user: AuthUser, id: Uuid) -> ApiResult<CourseView> {
    let (course, _) = owned(state, user, id).await?;
    let org = organizations::require_verified(state, user, OrgKind::School).await?;
    let next = course.status.open().map_err(transition_error)?;
    change_status(state, user, course, next, org.name).await
}

/// Stops taking enrolments; trainees already enrolled carry on.
pub async fn close(state: &AppState, user: AuthUser, id: Uuid) -> ApiResult<CourseView> {
    let (course, org) = owned(state, user, id).await?;
    let next = course.status.close().map_err(transition_error)?;
    change_status(state, user, course, next, org.name).await
}

/// Open courses for everyone, newest first.
pub async fn list_public(
    state: &AppState,
    filter: CourseFilter,
    page: PageRequest<Uuid>,
) -> ApiResult<Page<CourseView>> {
    let rows = store::list_open(&state.db, &filter, page.after, page.limit).await?;
    views(state, rows, page.limit).await
}

/// The caller's own courses, every status, newest first.
pub async fn list_mine(
    state: &AppState,
    user: AuthUser,
    page: PageRequest<Uuid>,
) -> ApiResult<Page<CourseView>> {
    let org = organizations::owned(state, user, OrgKind::School).await?;
    let rows = store::list_for_school(&state.db, org.id, page.after, page.limit).await?;
    views(state, rows, page.limit).await
}

async fn views(state: &AppState, rows: Vec<CourseRecord>, limit: u64) -> ApiResult<Page<CourseView>> {
    let page = Page::from_rows(rows, limit, |r| r.id, |r| r);
    let mut items = Vec::with_capacity(page.items.len());
    for record in page.items {
        items.push(view(state, record, None).await?);
    }
    Ok(Page { items, next_cursor: page.next_cursor })
}

/// The organisation's name, or empty when it is gone.
async fn org_name(state: &AppState, id: Uuid) -> ApiResult<String> {
    Ok(org_store::find(&state.db, id).await?.map(|o| o.name).unwrap_or_default())
}

/// Adds the names a response shows; `school_name` when the caller already has it.
pub async fn view(
    state: &AppState,
    record: CourseRecord,
    school_name: Option<String>,
) -> ApiResult<CourseView> {
    let school_name = match school_name {
        Some(n) => n,
        None => org_name(state, record.school_id).await?,
    };
    let ordering_employer = match record.ordering_employer_id {
        Some(id) => Some((id, org_name(state, id).await?)),
        None => None,
    };
    Ok(CourseView { record, school_name, ordering_employer })
}
