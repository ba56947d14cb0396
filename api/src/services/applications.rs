//! Applications: a worker applies to an open posting; the employer moves the application
//! through the pipeline; the worker may withdraw. Hiring takes one of the posting's
//! openings ([`Posting::hire`]), and the last one fills it. The rules are the
//! [`Application`]'s and the [`Posting`]'s.

use laowu_domain::application::aggregate::{Application, ApplicationError, MoveRequest};
use laowu_domain::events::{Event, Move};
use laowu_domain::organization::OrgKind;
use laowu_domain::posting::Posting;
use laowu_domain::{Actor, ApplicationStatus, Coded, Phone, Role};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::dto::page::{Page, PageRequest};
use crate::dto::workers::ApplicantResponse;
use crate::error::{ApiError, ApiResult};
use crate::services::{STALE, jobs, organizations, retry_stale};
use crate::state::AppState;
use crate::store::events::{self, HistoryEntry};
use crate::store::{
    self as store_fns, accounts, applications as store, jobs as jobs_store, organizations as org_store,
    workers,
};

pub struct ApplicationView {
    pub application: Application,
    pub job_title: String,
    pub employer_id: Uuid,
    pub employer_name: String,
    pub next: Vec<ApplicationStatus>,
    pub applicant: Option<ApplicantResponse>,
    pub history: Option<Vec<HistoryEntry>>,
}

impl From<ApplicationError> for ApiError {
    fn from(e: ApplicationError) -> ApiError {
        match e {
            ApplicationError::Invalid(v) => v.into(),
            ApplicationError::Transition(t) => ApiError::Conflict(t.code()),
        }
    }
}

pub async fn apply(
    state: &AppState,
    worker: AuthUser,
    job_id: Uuid,
    note: Option<String>,
) -> ApiResult<ApplicationView> {
    let now = state.clock.now();
    let application = Application::apply(Uuid::now_v7(), job_id, worker.id, note.as_deref(), now)?;
    let (job, employer) = jobs::published(state, job_id, now).await?;
    job.accepts_applications(employer, now).map_err(|_| ApiError::Conflict("job_not_open"))?;
    if workers::find(&state.db, worker.id).await?.is_none() {
        return Err(ApiError::Conflict("profile_required"));
    }
    let tx = state.begin_write().await?;
    store::insert(tx.conn(), &application).await.map_err(|e| match ApiError::from(e) {
        ApiError::Conflict(_) => ApiError::Conflict("application_exists"),
        other => other,
    })?;
    let applied = moved(&application, Move::created(ApplicationStatus::Applied));
    events::record(tx.conn(), &applied, Some(worker), None, now).await?;
    tx.commit().await?;
    view(state, application, &job, Actor::Worker, false).await
}

/// The application with the posting it is for, if the caller may see it: its worker, or
/// the employer that owns the posting; anyone else gets 404. Writers load it in their
/// write transaction `db`, locked (`for_update`), so what they decide on is what they
/// overwrite.
async fn load(
    db: &impl ConnectionTrait,
    user: AuthUser,
    id: Uuid,
    for_update: bool,
) -> ApiResult<(Application, Posting, Actor)> {
    let application: Option<Application> =
        if for_update { store_fns::find_for_update(db, id).await? } else { store_fns::find(db, id).await? };
    let application = application.ok_or(ApiError::NotFound)?;
    let job = jobs_store::find(db, application.job_id()).await?.ok_or(ApiError::NotFound)?;
    let employer = org_store::find(db, job.employer_id()).await?.ok_or(ApiError::NotFound)?;
    let actor = application
        .party(user.id, user.role == Role::Employer, employer.account_id)
        .filter(|_| matches!(user.role, Role::Worker | Role::Employer))
        .ok_or(ApiError::NotFound)?;
    Ok((application, job, actor))
}

/// One application with its history. The employer opening a new application marks it
/// `viewed`, so the worker knows it was seen.
pub async fn get(state: &AppState, user: AuthUser, id: Uuid) -> ApiResult<ApplicationView> {
    retry_stale(|| async {
        let (application, job, actor) = load(&state.db, user, id, false).await?;
        let (application, history) =
            if actor == Actor::Employer && application.status() == ApplicationStatus::Applied {
                let now = state.clock.now();
                let tx = state.begin_write().await?;
                let (mut application, _, _) = load(tx.conn(), user, id, true).await?;
                let Some(change) = application.mark_viewed(now) else { return Err(STALE) };
                if !store::save(tx.conn(), &mut application).await? {
                    return Err(STALE);
                }
                events::record(tx.conn(), &moved(&application, change), Some(user), None, now).await?;
                let history = events::history(tx.conn(), id).await?;
                tx.commit().await?;
                (application, history)
            } else {
                (application, events::history(&state.db, id).await?)
            };
        let mut v = view(state, application, &job, actor, actor == Actor::Employer).await?;
        v.history = Some(history);
        Ok(v)
    })
    .await
}

/// Moves an application on behalf of the caller, by the [`Application`]'s rules; a hire
/// takes an opening of the posting in the same transaction. Decided on the application as
/// read and locked, written as a compare-and-set, so a move made meanwhile by the other
/// party (a withdrawal, say) is never overwritten.
pub async fn transition(
    state: &AppState,
    user: AuthUser,
    id: Uuid,
    request: MoveRequest,
) -> ApiResult<ApplicationView> {
    retry_stale(|| async {
        let now = state.clock.now();
        let tx = state.begin_write().await?;
        let (mut application, job, actor) = load(tx.conn(), user, id, true).await?;
        let (change, note) = application.make_move(request.clone(), actor, now)?;
        if !store::save(tx.conn(), &mut application).await? {
            return Err(STALE);
        }
        let job = if change.to == ApplicationStatus::Hired {
            jobs::hire(&tx, job.id(), user, now).await?
        } else {
            job
        };
        events::record(tx.conn(), &moved(&application, change), Some(user), note, now).await?;
        let history = events::history(tx.conn(), id).await?;
        tx.commit().await?;
        state.poke_indexer();
        let mut v = view(state, application, &job, actor, actor == Actor::Employer).await?;
        v.history = Some(history);
        Ok(v)
    })
    .await
}

pub async fn list_mine(
    state: &AppState,
    worker: AuthUser,
    page: PageRequest<Uuid>,
) -> ApiResult<Page<ApplicationView>> {
    let rows = store::list_for_worker(&state.db, worker.id, page.after, page.limit).await?;
    let page = Page::from_rows(rows, page.limit, |a| a.id(), |a| a);
    let mut items = Vec::with_capacity(page.items.len());
    for application in page.items {
        let job = jobs_store::find(&state.db, application.job_id()).await?.ok_or(ApiError::NotFound)?;
        items.push(view(state, application, &job, Actor::Worker, false).await?);
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
    let page = Page::from_rows(rows, page.limit, |a| a.id(), |a| a);
    let mut items = Vec::with_capacity(page.items.len());
    for application in page.items {
        items.push(view(state, application, &job, Actor::Employer, true).await?);
    }
    Ok(Page { items, next_cursor: page.next_cursor })
}

/// The event of a move of `application`.
fn moved(application: &Application, change: Move<ApplicationStatus>) -> Event {
    Event::ApplicationMoved {
        application: application.id(),
        job: application.job_id(),
        worker: application.worker_id(),
        change,
    }
}

async fn view(
    state: &AppState,
    application: Application,
    job: &Posting,
    actor: Actor,
    with_applicant: bool,
) -> ApiResult<ApplicationView> {
    let employer_name =
        org_store::find(&state.db, job.employer_id()).await?.map(|o| o.name).unwrap_or_default();
    let applicant = if with_applicant { applicant(state, application.worker_id()).await? } else { None };
    Ok(ApplicationView {
        next: application.next(actor),
        job_title: job.content().title.clone(),
        employer_id: job.employer_id(),
        employer_name,
        applicant,
        history: None,
        application,
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
