//! Applications: a worker applies to an open posting; the employer moves the application
//! through the pipeline; the worker may withdraw. Hiring takes one of the posting's
//! openings, and the last one fills it.

use chrono::Utc;
use laowu_domain::application::InterviewDetails;
use laowu_domain::events::{Event, Move};
use laowu_domain::organization::OrgKind;
use laowu_domain::posting::Posting;
use laowu_domain::{Actor, ApplicationStatus, Coded, Phone, Role, text};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::dto::applications::ApplicationTransitionRequest;
use crate::dto::page::{Page, PageRequest};
use crate::dto::workers::ApplicantResponse;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::services::{STALE, jobs, organizations, retry_stale};
use crate::state::AppState;
use crate::store::applications::{self as store, ApplicationRecord};
use crate::store::events::{self, HistoryEntry};
use crate::store::jobs as jobs_store;
use crate::store::{accounts, organizations as org_store, workers};

pub struct ApplicationView {
    pub record: ApplicationRecord,
    pub job_title: String,
    pub employer_id: Uuid,
    pub employer_name: String,
    pub next: Vec<ApplicationStatus>,
    pub applicant: Option<ApplicantResponse>,
    pub history: Option<Vec<HistoryEntry>>,
}

pub async fn apply(
    state: &AppState,
    worker: AuthUser,
    job_id: Uuid,
    note: Option<String>,
) -> ApiResult<ApplicationView> {
    let note = match note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => Some(text::paragraph(n, 1, 500).map_err(|e| ApiError::field("/note", &e))?),
        None => None,
    };
    let now = state.clock.now();
    let (job, employer) = jobs::published(state, job_id, now).await?;
    job.accepts_applications(employer, now).map_err(|_| ApiError::Conflict("job_not_open"))?;
    if workers::find(&state.db, worker.id).await?.is_none() {
        return Err(ApiError::Conflict("profile_required"));
    }
    let record = ApplicationRecord {
        id: Uuid::now_v7(),
        job_id,
        worker_id: worker.id,
        status: ApplicationStatus::Applied,
        cover_note: note,
        interview_at: None,
        interview_place: None,
        created_at: now,
        updated_at: now,
        version: 0,
    };
    let tx = state.begin_write().await?;
    store::insert(tx.conn(), &record).await.map_err(|e| match ApiError::from(e) {
        ApiError::Conflict(_) => ApiError::Conflict("application_exists"),
        other => other,
    })?;
    let applied = Event::ApplicationMoved {
        application: record.id,
        job: job_id,
        worker: worker.id,
        change: Move::created(ApplicationStatus::Applied),
    };
    events::record(tx.conn(), &applied, Some(worker), None, now).await?;
    tx.commit().await?;
    view(state, record, &job, Actor::Worker, false).await
}

/// The application with the job it is for, if the caller may see it: its worker, or
/// the employer that owns the posting. Anyone else gets 404.
/// Writers load it in their write transaction `db`, locked (`for_update`), so what they
/// decide on is what they overwrite.
async fn load(
    db: &impl ConnectionTrait,
    user: AuthUser,
    id: Uuid,
    for_update: bool,
) -> ApiResult<(ApplicationRecord, Posting, Actor)> {
    let app = if for_update { store::find_for_update(db, id).await? } else { store::find(db, id).await? };
    let app = app.ok_or(ApiError::NotFound)?;
    let job = jobs_store::find(db, app.job_id).await?.ok_or(ApiError::NotFound)?;
    let actor = match user.role {
        Role::Worker if app.worker_id == user.id => Actor::Worker,
        Role::Employer => {
            let org = org_store::find(db, job.employer_id()).await?.ok_or(ApiError::NotFound)?;
            if org.account_id != user.id {
                return Err(ApiError::NotFound);
            }
            Actor::Employer
        }
        _ => return Err(ApiError::NotFound),
    };
    Ok((app, job, actor))
}

/// One application with its history. The employer opening a new application marks it
/// `viewed`, so the worker knows it was seen.
pub async fn get(state: &AppState, user: AuthUser, id: Uuid) -> ApiResult<ApplicationView> {
    retry_stale(|| async {
        let (mut app, job, actor) = load(&state.db, user, id, false).await?;
        let history = if actor == Actor::Employer && app.status == ApplicationStatus::Applied {
            let now = Utc::now();
            let tx = state.begin_write().await?;
            let Some(current) = store::find_for_update(tx.conn(), id).await? else {
                return Err(ApiError::NotFound);
            };
            app = current;
            if app.status != ApplicationStatus::Applied {
                return Err(STALE);
            }
            app.status = ApplicationStatus::Viewed;
            app.updated_at = now;
            if !store::save(tx.conn(), &mut app).await? {
                return Err(STALE);
            }
            let viewed = moved(&app, ApplicationStatus::Applied);
            events::record(tx.conn(), &viewed, Some(user), None, now).await?;
            let history = events::history(tx.conn(), id).await?;
            tx.commit().await?;
            history
        } else {
            events::history(&state.db, id).await?
        };
        let mut v = view(state, app, &job, actor, actor == Actor::Employer).await?;
        v.history = Some(history);
        Ok(v)
    })
    .await
}

pub async fn transition(
    state: &AppState,
    user: AuthUser,
    id: Uuid,
    req: ApplicationTransitionRequest,
) -> ApiResult<ApplicationView> {
    let interview = match (req.interview_at, req.interview_place.as_deref()) {
        (Some(at), Some(place)) => Some(
            InterviewDetails::new(at.timestamp(), place)
                .map_err(|e| ApiError::field("/interview_place", &e))?,
        ),
        _ => None,
    };
    if req.to == ApplicationStatus::Interview && req.interview_at.is_some_and(|at| at <= Utc::now()) {
        return Err(ApiError::Validation(vec![FieldError::body("/interview_at", "interview_in_past")]));
    }
    let note = match req.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => Some(text::paragraph(n, 1, 500).map_err(|e| ApiError::field("/note", &e))?),
        None => None,
    };
    retry_stale(|| move_once(state, user, id, req.to, interview.as_ref(), note.clone())).await
}

/// One attempt at a move: decided on the application as read, written only if it is
/// still as read (compare-and-set on its version), so a move made meanwhile by the other
/// party (a withdrawal, say) is never overwritten.
async fn move_once(
    state: &AppState,
    user: AuthUser,
    id: Uuid,
    to: ApplicationStatus,
    interview: Option<&InterviewDetails>,
    note: Option<String>,
) -> ApiResult<ApplicationView> {
    let tx = state.begin_write().await?;
    let (mut app, job, actor) = load(tx.conn(), user, id, true).await?;
    let from = app.status;
    let to = from.transition(to, actor, interview).map_err(|e| match e {
        laowu_domain::application::TransitionError::InterviewDetailsRequired => ApiError::Validation(vec![
            FieldError::body("/interview_at", e.code()),
            FieldError::body("/interview_place", e.code()),
        ]),
        other => ApiError::Conflict(other.code()),
    })?;
    let now = Utc::now();
    app.status = to;
    if let Some(i) = interview
        && to == ApplicationStatus::Interview
    {
        app.interview_at = chrono::DateTime::from_timestamp(i.starts_at(), 0);
        app.interview_place = Some(i.place().to_owned());
    }
    app.updated_at = now;
    if !store::save(tx.conn(), &mut app).await? {
        return Err(STALE);
    }
    let job = if to == ApplicationStatus::Hired { jobs::hire(&tx, job.id(), user, now).await? } else { job };
    events::record(tx.conn(), &moved(&app, from), Some(user), note, now).await?;
    let history = events::history(tx.conn(), id).await?;
    tx.commit().await?;
    state.poke_indexer();
    let mut v = view(state, app, &job, actor, actor == Actor::Employer).await?;
    v.history = Some(history);
    Ok(v)
}

pub async fn list_mine(
    state: &AppState,
    worker: AuthUser,
    page: PageRequest<Uuid>,
) -> ApiResult<Page<ApplicationView>> {
    let rows = store::list_for_worker(&state.db, worker.id, page.after, page.limit).await?;
    let page = Page::from_rows(rows, page.limit, |r| r.id, |r| r);
    let mut items = Vec::with_capacity(page.items.len());
    for record in page.items {
        let job = jobs_store::find(&state.db, record.job_id).await?.ok_or(ApiError::NotFound)?;
        items.push(view(state, record, &job, Actor::Worker, false).await?);
    }
    Ok(Page { items, next_cursor: page.next_cursor })
}

/// Applications to a posting the caller owns, with the applicants (masked).
pub async fn list_for_job(
    state: &AppState,
    employer: AuthUser,
    job_id: Uuid,
    page: PageRequest<Uuid>,
) -> ApiResult<Page<ApplicationView>> {
    let org =
        organizations::owned(state, employer, OrgKind::Employer).await.map_err(|_| ApiError::NotFound)?;
    let job = jobs_store::find(&state.db, job_id)
        .await?
        .filter(|j| j.employer_id() == org.id)
        .ok_or(ApiError::NotFound)?;
    let rows = store::list_for_job(&state.db, job_id, page.after, page.limit).await?;
    let page = Page::from_rows(rows, page.limit, |r| r.id, |r| r);
    let mut items = Vec::with_capacity(page.items.len());
    for record in page.items {
        items.push(view(state, record, &job, Actor::Employer, true).await?);
    }
    Ok(Page { items, next_cursor: page.next_cursor })
}

/// The event of `app`'s move from `from` to where it now is.
fn moved(app: &ApplicationRecord, from: ApplicationStatus) -> Event {
    Event::ApplicationMoved {
        application: app.id,
        job: app.job_id,
        worker: app.worker_id,
        change: Move::between(from, app.status),
    }
}

async fn view(
    state: &AppState,
    record: ApplicationRecord,
    job: &Posting,
    actor: Actor,
    with_applicant: bool,
) -> ApiResult<ApplicationView> {
    let employer_name =
        org_store::find(&state.db, job.employer_id()).await?.map(|o| o.name).unwrap_or_default();
    let applicant = if with_applicant { applicant(state, record.worker_id).await? } else { None };
    Ok(ApplicationView {
        next: record.status.next_statuses(actor),
        job_title: job.content().title.clone(),
        employer_id: job.employer_id(),
        employer_name,
        applicant,
        history: None,
        record,
    })
}

/// The worker as an employer may see them: profile with masked phone and ID number.
pub async fn applicant(state: &AppState, worker: Uuid) -> ApiResult<Option<ApplicantResponse>> {
    let Some(profile) = workers::find(&state.db, worker).await? else {
        return Ok(None);
    };
    let account = accounts::find_by_id(&state.db, worker).await?.ok_or(ApiError::NotFound)?;
    let phone = state.pii.decrypt(&account.phone_enc).map_err(ApiError::internal)?;
    let masked = Phone::parse(&phone).map(|p| p.masked()).unwrap_or_default();
    Ok(Some(ApplicantResponse::new(profile, masked)))
}
