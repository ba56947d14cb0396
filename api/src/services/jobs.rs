//! Job postings: drafts, screening, publishing, the public list, the bureau's review.
//!
//! Every rule is the [`Posting`]'s; each use case here loads it (locked, in the write
//! transaction, when it will change it), calls one of its methods, and saves it with the
//! events of the change.

use chrono::{DateTime, Utc};
use laowu_domain::Role;
use laowu_domain::events::{Event, Move};
use laowu_domain::job::JobStatus;
use laowu_domain::organization::{OrgKind, OrgStatus};
use laowu_domain::posting::{Posting, PostingError, PostingInput, PostingPatch, StatusChange, Viewer};
use laowu_domain::reference::catalogue;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::dto::page::{Page, PageRequest};
use crate::error::{ApiError, ApiResult};
use crate::services::{STALE, organizations, retry_stale};
use crate::state::AppState;
use crate::store::events;
use crate::store::jobs::{self as store, JobFilter};
use crate::store::organizations::{self as org_store, OrganizationRecord};
use crate::store::write::WriteTx;

/// A posting as one viewer sees it.
pub struct JobView {
    pub posting: Posting,
    pub employer_name: String,
    /// The status as of the read (an open posting past its expiry shows as expired).
    pub status: JobStatus,
    /// Owner or bureau: review details are shown.
    pub private: bool,
}

impl From<PostingError> for ApiError {
    fn from(e: PostingError) -> ApiError {
        match e {
            PostingError::Invalid(v) => v.into(),
            PostingError::Transition(t) => ApiError::Conflict(laowu_domain::Coded::code(&t)),
            PostingError::Full => ApiError::Conflict("job_full"),
            PostingError::WorkEnded => ApiError::Conflict("job_work_ended"),
        }
    }
}

/// Only a verified employer creates, edits and opens postings; any owner may close one.
pub async fn create(state: &AppState, user: AuthUser, input: PostingInput) -> ApiResult<JobView> {
    let org = organizations::require_verified(state, user, OrgKind::Employer).await?;
    let now = state.clock.now();
    let content = input.validate(now)?;
    let posting = Posting::draft(Uuid::now_v7(), org.id, content, now);
    let tx = state.begin_write().await?;
    store::insert(tx.conn(), &posting).await?;
    let created = Event::JobCreated { job: posting.id(), employer: org.id };
    events::record(tx.conn(), &created, Some(user), None, now).await?;
    tx.commit().await?;
    state.poke_indexer();
    Ok(view(posting, org.name, true, now))
}

/// Loads a posting the caller owns (as its employer), or 404.
pub(crate) async fn owned(state: &AppState, user: AuthUser, id: Uuid) -> ApiResult<(Posting, String)> {
    let org = organizations::owned(state, user, OrgKind::Employer).await.map_err(|_| ApiError::NotFound)?;
    let job =
        store::find(&state.db, id).await?.filter(|j| j.employer_id() == org.id).ok_or(ApiError::NotFound)?;
    Ok((job, org.name))
}

/// As [`owned`], for a writer: read and locked in its transaction, so what it decides
/// on is what it overwrites.
async fn owned_for_update(
    state: &AppState,
    tx: &WriteTx,
    user: AuthUser,
    id: Uuid,
) -> ApiResult<(Posting, OrganizationRecord)> {
    let org = organizations::owned(state, user, OrgKind::Employer).await.map_err(|_| ApiError::NotFound)?;
    let job = store::find_for_update(tx.conn(), id)
        .await?
        .filter(|j| j.employer_id() == org.id)
        .ok_or(ApiError::NotFound)?;
    Ok((job, org))
}

/// Public postings for everyone; drafts and held postings for their employer and the
/// bureau only (404 for anyone else).
pub async fn get(state: &AppState, viewer: Option<AuthUser>, id: Uuid) -> ApiResult<JobView> {
    let now = state.clock.now();
    let job = store::find(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    let org = org_store::find(&state.db, job.employer_id()).await?.ok_or(ApiError::NotFound)?;
    let who = viewer_of(viewer, &org);
    if !job.visible_to(who, org.status, now) {
        return Err(ApiError::NotFound);
    }
    Ok(view(job, org.name, who != Viewer::Public, now))
}

fn viewer_of(user: Option<AuthUser>, employer: &OrganizationRecord) -> Viewer {
    match user {
        Some(u) if u.role == Role::Admin => Viewer::Bureau,
        Some(u) if u.id == employer.account_id => Viewer::Owner,
        _ => Viewer::Public,
    }
}

/// A posting the public may see (and apply to), with its employer's verification: 404
/// unless [`Posting::visible_to`] the public.
pub(crate) async fn published(
    state: &AppState,
    id: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<(Posting, OrgStatus)> {
    let job = store::find(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    let org = org_store::find(&state.db, job.employer_id()).await?.ok_or(ApiError::NotFound)?;
    if !job.visible_to(Viewer::Public, org.status, now) {
        return Err(ApiError::NotFound);
    }
    Ok((job, org.status))
}

pub async fn update(state: &AppState, user: AuthUser, id: Uuid, patch: PostingPatch) -> ApiResult<JobView> {
    retry_stale(|| async {
        let now = state.clock.now();
        let tx = state.begin_write().await?;
        let (mut job, org) = owned_for_update(state, &tx, user, id).await?;
        require_verified(&org)?;
        let change = job.edit(patch.clone(), now)?;
        let mut events = vec![Event::JobEdited { job: id }];
        events.extend(change.map(|c| moved(id, c)));
        save(state, tx, &mut job, &events, user, None, now).await?;
        Ok(view(job, org.name, true, now))
    })
    .await
}

/// Publishes a posting: the employer must be verified; a flagged posting is held for the
/// bureau instead (the response says why).
pub async fn open(state: &AppState, user: AuthUser, id: Uuid) -> ApiResult<JobView> {
    retry_stale(|| async {
        let now = state.clock.now();
        let tx = state.begin_write().await?;
        let (mut job, org) = owned_for_update(state, &tx, user, id).await?;
        require_verified(&org)?;
        let change = job.open(now)?;
        save(state, tx, &mut job, &[moved(id, change)], user, None, now).await?;
        Ok(view(job, org.name, true, now))
    })
    .await
}

pub async fn close(state: &AppState, user: AuthUser, id: Uuid) -> ApiResult<JobView> {
    retry_stale(|| async {
        let now = state.clock.now();
        let tx = state.begin_write().await?;
        let (mut job, org) = owned_for_update(state, &tx, user, id).await?;
        let change = job.close(now)?;
        save(state, tx, &mut job, &[moved(id, change)], user, None, now).await?;
        Ok(view(job, org.name, true, now))
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
    retry_stale(|| async {
        let now = state.clock.now();
        let tx = state.begin_write().await?;
        let mut job = store::find_for_update(tx.conn(), id).await?.ok_or(ApiError::NotFound)?;
        let change = job.review(approve, reason.clone(), now)?;
        let note = job.review_note().map(str::to_owned).filter(|_| !approve);
        save(state, tx, &mut job, &[moved(id, change)], admin, note, now).await?;
        let org = org_store::find(&state.db, job.employer_id()).await?.ok_or(ApiError::NotFound)?;
        Ok(view(job, org.name, true, now))
    })
    .await
}

/// Takes one opening of `job` for a hire, in the hiring transaction: [`Posting::hire`]
/// (the last opening fills it), saved with its events.
pub(crate) async fn hire(tx: &WriteTx, job: Uuid, actor: AuthUser, now: DateTime<Utc>) -> ApiResult<Posting> {
    let mut posting = store::find_for_update(tx.conn(), job).await?.ok_or(ApiError::NotFound)?;
    let change = posting.hire(now)?;
    if !store::save(tx.conn(), &mut posting).await? {
        return Err(STALE);
    }
    let taken = Event::JobOpeningTaken { job, openings_left: posting.openings_left() };
    events::record(tx.conn(), &taken, Some(actor), None, now).await?;
    if let Some(c) = change {
        events::record(tx.conn(), &moved(job, c), Some(actor), None, now).await?;
    }
    Ok(posting)
}

/// Marks postings past their expiry as expired (reads already treat them so), each with
/// its event so the index drops it; returns how many.
pub async fn expire_due(state: &AppState) -> ApiResult<usize> {
    let now = state.clock.now();
    let tx = state.begin_write().await?;
    let mut expired = 0;
    for id in store::due_to_expire(tx.conn(), now).await? {
        let Some(mut job) = store::find_for_update(tx.conn(), id).await? else { continue };
        if let Some(change) = job.expire(now)
            && store::save(tx.conn(), &mut job).await?
        {
            events::record(tx.conn(), &moved(id, change), None, None, now).await?;
            expired += 1;
        }
    }
    tx.commit().await?;
    state.poke_indexer();
    Ok(expired)
}

fn moved(job: Uuid, c: StatusChange) -> Event {
    Event::JobMoved { job, change: Move::between(c.from, c.to) }
}

fn require_verified(org: &OrganizationRecord) -> ApiResult<()> {
    if org.status == OrgStatus::Verified {
        Ok(())
    } else {
        Err(ApiError::Conflict("organization_not_verified"))
    }
}

/// Saves a changed posting (compare-and-set on the version it was read at: [`STALE`] if
/// anyone wrote it since) with its events, and commits.
async fn save(
    state: &AppState,
    tx: WriteTx,
    job: &mut Posting,
    happened: &[Event],
    actor: AuthUser,
    note: Option<String>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    if !store::save(tx.conn(), job).await? {
        return Err(STALE);
    }
    for e in happened {
        let note = if matches!(e, Event::JobMoved { .. }) { note.clone() } else { None };
        events::record(tx.conn(), e, Some(actor), note, now).await?;
    }
    tx.commit().await?;
    state.poke_indexer();
    Ok(())
}

/// Open postings for everyone, newest first.
pub async fn list_public(
    state: &AppState,
    filter: JobFilter,
    page: PageRequest<Uuid>,
) -> ApiResult<Page<JobView>> {
    let now = state.clock.now();
    let rows = store::list_open(&state.db, &filter, now, page.after, page.limit).await?;
    views(state, rows, page.limit, false, now).await
}

/// The caller's own postings, every status.
pub async fn list_mine(
    state: &AppState,
    user: AuthUser,
    page: PageRequest<Uuid>,
) -> ApiResult<Page<JobView>> {
    let org = organizations::owned(state, user, OrgKind::Employer).await?;
    let rows = store::list_for_employer(&state.db, org.id, page.after, page.limit).await?;
    views(state, rows, page.limit, true, state.clock.now()).await
}

/// Postings held for the bureau, oldest first.
pub async fn list_held(state: &AppState, page: PageRequest<Uuid>) -> ApiResult<Page<JobView>> {
    let rows = store::list_by_status(&state.db, JobStatus::UnderReview, page.after, page.limit).await?;
    views(state, rows, page.limit, true, state.clock.now()).await
}

async fn views(
    state: &AppState,
    rows: Vec<Posting>,
    limit: u64,
    private: bool,
    now: DateTime<Utc>,
) -> ApiResult<Page<JobView>> {
    let page = Page::from_rows(rows, limit, |r| r.id(), |r| r);
    // One query for every employer on the page, not one per posting.
    let mut employers: Vec<Uuid> = page.items.iter().map(|r| r.employer_id()).collect();
    employers.sort_unstable();
    employers.dedup();
    let names = store::employer_names(&state.db, &employers).await?;
    let items = page
        .items
        .into_iter()
        .map(|p| {
            let name = names.get(&p.employer_id()).cloned().unwrap_or_default();
            view(p, name, private, now)
        })
        .collect();
    Ok(Page { items, next_cursor: page.next_cursor })
}

fn view(posting: Posting, employer_name: String, private: bool, now: DateTime<Utc>) -> JobView {
    let status = posting.status_at(now);
    JobView { posting, employer_name, status, private }
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
