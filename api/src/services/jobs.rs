//! Job postings: drafts, screening, publishing, the public list, the bureau's review.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use laowu_domain::geo::GeoPoint;
use laowu_domain::job::JobStatus;
use laowu_domain::job_screen::screen_posting;
use laowu_domain::occupation::SkillLevel;
use laowu_domain::organization::OrgKind;
use laowu_domain::pay::{Money, Pay, PayCycle, PayUnit};
use laowu_domain::reference::catalogue;
use laowu_domain::work::{Benefits, Language, WorkType};
use laowu_domain::{Coded, Role};
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::dto::jobs::{DEFAULT_OPEN_DAYS, JobRequest, UpdateJobRequest};
use crate::dto::page::{Page, PageRequest};
use crate::error::{ApiError, ApiResult};
use crate::services::{STALE, organizations, retry_stale};
use crate::state::AppState;
use crate::store::jobs::{self as store, JobFilter, JobRecord};
use crate::store::organizations::OrganizationRecord;
use crate::store::outbox::{self, Topic};
use crate::store::write::WriteTx;
use crate::store::{organizations as org_store, status_events};

/// A validated posting.
pub struct JobFields {
    pub title: String,
    pub description: String,
    pub occupation_code: String,
    pub required_skills: Vec<(String, SkillLevel)>,
    pub headcount: i32,
    pub pay: Pay,
    pub work_type: WorkType,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub location: GeoPoint,
    pub region_code: String,
    pub address: String,
    pub benefits: Benefits,
    pub languages: Vec<Language>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// A posting as one viewer sees it.
pub struct JobView {
    pub record: JobRecord,
    pub employer_name: String,
    pub pay: Pay,
    pub status: JobStatus,
    pub review_note: Option<String>,
    /// Owner or bureau: review details are shown.
    pub private: bool,
}

fn write_fields(r: &mut JobRecord, f: JobFields) {
    r.title = f.title;
    r.description = f.description;
    r.occupation_code = f.occupation_code;
    r.required_skills = f.required_skills.into_iter().map(|(c, l)| (c, l.level())).collect();
    r.openings_left += f.headcount - r.headcount;
    r.headcount = f.headcount;
    r.pay_min = f.pay.min().fen();
    r.pay_max = f.pay.max().fen();
    r.pay_unit = f.pay.unit().as_str().to_owned();
    r.pay_cycle = f.pay.cycle().as_str().to_owned();
    r.piece_daily_estimate = f.pay.piece_daily_estimate().map(Money::fen);
    r.daily_pay_min = f.pay.daily_equivalent_min();
    r.daily_pay_max = f.pay.daily_equivalent_max();
    r.work_type = f.work_type.as_str().to_owned();
    r.start_date = f.start_date;
    r.end_date = f.end_date;
    r.lat = f.location.lat();
    r.lng = f.location.lng();
    r.region_code = f.region_code;
    r.address = f.address;
    r.housing = f.benefits.housing;
    r.meals = f.benefits.meals;
    r.social_insurance = f.benefits.social_insurance;
    r.transport = f.benefits.transport;
    r.languages = f.languages.iter().map(|l| l.as_str().to_owned()).collect();
    r.expires_at = f.expires_at;
}

/// Runs the posting screen over the title and description.
fn screen(r: &mut JobRecord) -> bool {
    r.review_flags = screen_posting(&[&r.title, &r.description])
        .into_iter()
        .map(|f| (f.code().to_owned(), f.term.to_owned()))
        .collect();
    !r.review_flags.is_empty()
}

/// A new draft of `employer` holding `fields`, screened.
pub fn new_record(employer_id: Uuid, fields: JobFields, now: DateTime<Utc>) -> JobRecord {
    let mut record = JobRecord {
        id: Uuid::now_v7(),
        employer_id,
        title: String::new(),
        description: String::new(),
        occupation_code: String::new(),
        required_skills: Vec::new(),
        headcount: 0,
        openings_left: 0,
        pay_min: 0,
        pay_max: 0,
        pay_unit: String::new(),
        pay_cycle: String::new(),
        piece_daily_estimate: None,
        daily_pay_min: 0,
        daily_pay_max: 0,
        work_type: String::new(),
        start_date: None,
        end_date: None,
        lat: 0.0,
        lng: 0.0,
        region_code: String::new(),
        address: String::new(),
        housing: false,
        meals: false,
        social_insurance: false,
        transport: false,
        languages: Vec::new(),
        status: JobStatus::Draft,
        review_flags: Vec::new(),
        review_note: None,
        expires_at: None,
        opened_at: None,
        created_at: now,
        updated_at: now,
        version: 0,
    };
    write_fields(&mut record, fields);
    screen(&mut record);
    record
}

/// Only a verified employer creates, edits and opens postings; any owner may close one.
pub async fn create(state: &AppState, user: AuthUser, req: JobRequest) -> ApiResult<JobView> {
    let org = organizations::require_verified(state, user, OrgKind::Employer).await?;
    let now = Utc::now();
    let mut record = new_record(org.id, req.into_fields(now)?, now);
    persist(state, state.begin_write().await?, &mut record, Write::Insert, None).await?;
    view(state, record, true, org.name).await
}

/// Loads a posting the caller owns (as its employer), or 404.
pub(crate) async fn owned(state: &AppState, user: AuthUser, id: Uuid) -> ApiResult<(JobRecord, String)> {
    let org = organizations::owned(state, user, OrgKind::Employer).await.map_err(|_| ApiError::NotFound)?;
    let job =
        store::find(&state.db, id).await?.filter(|j| j.employer_id == org.id).ok_or(ApiError::NotFound)?;
    Ok((job, org.name))
}

/// As [`owned`], for a writer: read and locked in its transaction, so what it decides
/// on is what it overwrites.
async fn owned_for_update(
    state: &AppState,
    tx: &WriteTx,
    user: AuthUser,
    id: Uuid,
) -> ApiResult<(JobRecord, String)> {
    let org = organizations::owned(state, user, OrgKind::Employer).await.map_err(|_| ApiError::NotFound)?;
    let job = store::find_for_update(tx.conn(), id)
        .await?
        .filter(|j| j.employer_id == org.id)
        .ok_or(ApiError::NotFound)?;
    Ok((job, org.name))
}

/// Public postings for everyone; drafts and held postings for their employer and the
/// bureau only (404 for anyone else).
pub async fn get(state: &AppState, viewer: Option<AuthUser>, id: Uuid) -> ApiResult<JobView> {
    let job = store::find(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    let org = org_store::find(&state.db, job.employer_id).await?.ok_or(ApiError::NotFound)?;
    let private = viewer.is_some_and(|v| v.role == Role::Admin || v.id == org.account_id);
    if !private && !is_published(&job, &org, Utc::now()) {
        return Err(ApiError::NotFound);
    }
    view(state, job, private, org.name).await
}

/// A posting as the public may see it (and apply to): 404 unless [`is_published`].
pub(crate) async fn published(
    state: &AppState,
    id: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<(JobRecord, OrganizationRecord)> {
    let job = store::find(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    let org = org_store::find(&state.db, job.employer_id).await?.ok_or(ApiError::NotFound)?;
    if !is_published(&job, &org, now) {
        return Err(ApiError::NotFound);
    }
    Ok((job, org))
}

fn is_published(job: &JobRecord, org: &OrganizationRecord, now: DateTime<Utc>) -> bool {
    job.status.effective(job.expires_at.map(|t| t.timestamp()), now.timestamp()).is_published(org.status)
}

pub async fn update(
    state: &AppState,
    user: AuthUser,
    id: Uuid,
    patch: UpdateJobRequest,
) -> ApiResult<JobView> {
    retry_stale(|| update_once(state, user, id, patch.clone())).await
}

async fn update_once(
    state: &AppState,
    user: AuthUser,
    id: Uuid,
    patch: UpdateJobRequest,
) -> ApiResult<JobView> {
    let tx = state.begin_write().await?;
    let (mut job, org_name) = owned_for_update(state, &tx, user, id).await?;
    organizations::require_verified(state, user, OrgKind::Employer).await?;
    let now = Utc::now();
    let hired = job.headcount - job.openings_left;
    let fields = JobRequest::from_record(&job).apply(patch).into_fields(now)?;
    if fields.headcount < hired.max(1) {
        return Err(ApiError::Validation(vec![crate::error::FieldError::body(
            "/headcount",
            "headcount_below_hired",
        )]));
    }
    let flagged = {
        write_fields(&mut job, fields);
        screen(&mut job)
    };
    let before = job.status;
    job.status = job.status.after_edit(flagged).map_err(transition_error)?;
    job.updated_at = now;
    let change = (job.status != before).then_some(StatusChange { from: before, actor: user, note: None });
    persist(state, tx, &mut job, Write::Update, change).await?;
    view(state, job, true, org_name).await
}

enum Write {
    Insert,
    Update,
}

/// A status change to keep in the posting's history.
struct StatusChange {
    from: JobStatus,
    actor: AuthUser,
    note: Option<String>,
}

/// Writes a posting, its status change and its outbox event in one transaction, so the
/// search index hears of every change that was made and of none that was not. An update
/// is a compare-and-set on the version the posting was read at: if anyone (a hire, the
/// bureau, another edit) wrote it since, nothing is written and the caller gets
/// [`STALE`] to read again.
async fn persist(
    state: &AppState,
    tx: WriteTx,
    job: &mut JobRecord,
    write: Write,
    change: Option<StatusChange>,
) -> ApiResult<()> {
    match write {
        Write::Insert => store::insert(tx.conn(), job).await?,
        Write::Update => {
            if !store::save(tx.conn(), job).await? {
                return Err(STALE);
            }
        }
    }
    if let Some(c) = change {
        let (from, to) = (c.from.as_str(), job.status.as_str());
        status_events::record(tx.conn(), "job", job.id, Some(from), to, c.actor, c.note, job.updated_at)
            .await?;
    }
    outbox::record(tx.conn(), Topic::Job, job.id, job.updated_at).await?;
    tx.commit().await?;
    state.poke_indexer();
    Ok(())
}

fn transition_error(e: laowu_domain::job::JobTransitionError) -> ApiError {
    ApiError::Conflict(e.code())
}

/// Publishes a posting: the employer must be verified; a flagged posting is held for the
/// bureau instead (the response says why).
pub async fn open(state: &AppState, user: AuthUser, id: Uuid) -> ApiResult<JobView> {
    retry_stale(|| async {
        let tx = state.begin_write().await?;
        let (mut job, org_name) = owned_for_update(state, &tx, user, id).await?;
        organizations::require_verified(state, user, OrgKind::Employer).await?;
        let now = Utc::now();
        let current = job.status.effective(job.expires_at.map(|t| t.timestamp()), now.timestamp());
        let flagged = screen(&mut job);
        let next = current.open(flagged).map_err(transition_error)?;
        let expires_at = match job.expires_at.filter(|t| *t > now) {
            Some(t) => t,
            None => now + Duration::days(DEFAULT_OPEN_DAYS),
        };
        job.expires_at = Some(expires_at);
        if next == JobStatus::Open {
            job.opened_at = Some(now);
            job.review_note = None;
        }
        job.status = next;
        job.updated_at = now;
        let change = StatusChange { from: current, actor: user, note: None };
        persist(state, tx, &mut job, Write::Update, Some(change)).await?;
        view(state, job, true, org_name).await
    })
    .await
}

pub async fn close(state: &AppState, user: AuthUser, id: Uuid) -> ApiResult<JobView> {
    retry_stale(|| async {
        let tx = state.begin_write().await?;
        let (mut job, org_name) = owned_for_update(state, &tx, user, id).await?;
        let now = Utc::now();
        let current = job.status.effective(job.expires_at.map(|t| t.timestamp()), now.timestamp());
        job.status = current.close().map_err(transition_error)?;
        job.updated_at = now;
        let change = StatusChange { from: current, actor: user, note: None };
        persist(state, tx, &mut job, Write::Update, Some(change)).await?;
        view(state, job, true, org_name).await
    })
    .await
}

/// The bureau's decision on a held posting.
pub async fn review(
    state: &AppState,
    admin: AuthUser,
    id: Uuid,
    approve: bool,
    reason: Option<String>,
) -> ApiResult<JobView> {
    let reason = reason.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
    if !approve && reason.is_none() {
        return Err(ApiError::Validation(vec![crate::error::FieldError::body("/reason", "reason_required")]));
    }
    retry_stale(|| async {
        let tx = state.begin_write().await?;
        let mut job = store::find_for_update(tx.conn(), id).await?.ok_or(ApiError::NotFound)?;
        let now = Utc::now();
        let before = job.status;
        job.status = job.status.review(approve).map_err(transition_error)?;
        if approve {
            job.opened_at = Some(now);
            job.review_note = None;
        } else {
            job.review_note = reason.clone();
        }
        job.updated_at = now;
        let change = StatusChange { from: before, actor: admin, note: reason.clone() };
        persist(state, tx, &mut job, Write::Update, Some(change)).await?;
        let org = org_store::find(&state.db, job.employer_id).await?.ok_or(ApiError::NotFound)?;
        view(state, job, true, org.name).await
    })
    .await
}

/// Marks postings past their expiry as expired (reads already treat them so), with an
/// outbox event each so the index drops them; returns how many.
pub async fn expire_due(state: &AppState) -> ApiResult<usize> {
    let now = Utc::now();
    let tx = state.begin_write().await?;
    let ids = store::expire_due(tx.conn(), now).await?;
    for id in &ids {
        outbox::record(tx.conn(), Topic::Job, *id, now).await?;
    }
    tx.commit().await?;
    state.poke_indexer();
    Ok(ids.len())
}

/// Open postings for everyone, newest first.
pub async fn list_public(
    state: &AppState,
    filter: JobFilter,
    page: PageRequest<Uuid>,
) -> ApiResult<Page<JobView>> {
    let rows = store::list_open(&state.db, &filter, Utc::now(), page.after, page.limit).await?;
    views(state, rows, page.limit, false).await
}

/// The caller's own postings, every status.
pub async fn list_mine(
    state: &AppState,
    user: AuthUser,
    page: PageRequest<Uuid>,
) -> ApiResult<Page<JobView>> {
    let org = organizations::owned(state, user, OrgKind::Employer).await?;
    let rows = store::list_for_employer(&state.db, org.id, page.after, page.limit).await?;
    views(state, rows, page.limit, true).await
}

/// Postings held for the bureau, oldest first.
pub async fn list_held(state: &AppState, page: PageRequest<Uuid>) -> ApiResult<Page<JobView>> {
    let rows = store::list_by_status(&state.db, JobStatus::UnderReview, page.after, page.limit).await?;
    views(state, rows, page.limit, true).await
}

async fn views(
    state: &AppState,
    rows: Vec<JobRecord>,
    limit: u64,
    private: bool,
) -> ApiResult<Page<JobView>> {
    let page = Page::from_rows(rows, limit, |r| r.id, |r| r);
    // One query for every employer on the page, not one per posting.
    let mut employers: Vec<Uuid> = page.items.iter().map(|r| r.employer_id).collect();
    employers.sort_unstable();
    employers.dedup();
    let names = store::employer_names(&state.db, &employers).await?;
    let mut items = Vec::with_capacity(page.items.len());
    for record in page.items {
        let name = names.get(&record.employer_id).cloned().unwrap_or_default();
        items.push(view(state, record, private, name).await?);
    }
    Ok(Page { items, next_cursor: page.next_cursor })
}

async fn view(
    _state: &AppState,
    record: JobRecord,
    private: bool,
    employer_name: String,
) -> ApiResult<JobView> {
    let pay = stored_pay(&record)?;
    let status = record.status.effective(record.expires_at.map(|t| t.timestamp()), Utc::now().timestamp());
    let review_note = record.review_note.clone();
    Ok(JobView { record, employer_name, pay, status, review_note, private })
}

/// Rebuilds the domain pay from its stored columns.
pub fn stored_pay(r: &JobRecord) -> ApiResult<Pay> {
    let bad = || ApiError::internal(anyhow::anyhow!("stored pay of job {} does not parse", r.id));
    let money = |fen: i64| Money::from_fen(fen).map_err(|_| bad());
    let unit: PayUnit = r.pay_unit.parse().map_err(|_| bad())?;
    let cycle: PayCycle = r.pay_cycle.parse().map_err(|_| bad())?;
    let estimate = r.piece_daily_estimate.map(money).transpose()?;
    Pay::new(money(r.pay_min)?, money(r.pay_max)?, unit, cycle, estimate).map_err(|_| bad())
}

/// The region codes a filter on `code` covers: itself and every region below it.
pub fn region_and_below(code: &str) -> Vec<String> {
    let cat = catalogue();
    let mut out = vec![code.to_owned()];
    let mut i = 0;
    while i < out.len() {
        let parent = out[i].clone();
        out.extend(
            cat.regions.iter().filter(|r| r.parent_code.as_deref() == Some(&parent)).map(|r| r.code.clone()),
        );
        i += 1;
    }
    out
}
